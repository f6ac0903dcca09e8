/*
 * unlock: remove exactly the rules `lockdown` added to this sandbox, as
 * recorded in the repository's git directory (`sbx policy rm network
 * --sandbox NAME --resource R` each), and nothing else: the global
 * policy, the agent kit's rules and other sandboxes stay as they are.
 *
 * --reset-all is the only way to `sbx policy reset`, which deletes every
 * rule of every sandbox and restarts the sbx daemon, stopping every
 * running sandbox.  It says so first and asks on a terminal (without
 * one, --yes is required), runs sbx without a terminal so that sbx asks
 * nothing, then initializes GLOBAL_NETWORK_POLICY again: a reset policy
 * would otherwise refuse to start any sandbox.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "helpers/netlock.h"
#include "services/sbx/sbx.h"

static const struct cmd_opt unlock_opts[] = {
	{ OPT_RESET_ALL, "--reset-all", 0, NULL, "sbx policy reset: every rule "
	    "of every sandbox goes and every running sandbox stops; then "
	    "GLOBAL_NETWORK_POLICY is applied again" },
	{ OPT_YES, "--yes", 0, NULL, "do not ask before --reset-all" },
	OPT_END
};

/* Remove the recorded rules; those that stay are kept in the record. */
static int
remove_recorded(struct cmd_ctx *ctx, const char *record,
    struct netlock_set *rec)
{
	const char *name = ctx->cfg.sandbox_name;
	struct netlock_set left = { NULL, 0 };
	char *cause = NULL, *first = NULL;
	size_t i, gone = 0;
	int r;

	for (i = 0; i < rec->n; i++) {
		r = sbx_policy_rm(&ctx->sp, name, rec->v[i].resource, &cause);
		if (r >= 0) {
			gone += r == 0;
			continue;
		}
		netlock_set_add(&left, rec->v[i].resource, rec->v[i].deny);
		if (first == NULL)
			first = cause;
		else
			free(cause);
		cause = NULL;
	}
	if (!ctx->sp.dry_run && netlock_write(record, &left, &cause) < 0) {
		ui_warn(&ctx->ui, "%s", cause);
		free(cause);
	}
	r = (int)left.n;
	netlock_set_clear(&left);
	if (r > 0) {
		ae_sbx(ctx, xasprintf("%d of the rules lockdown added to "
		    "sandbox '%s' could not be removed: %s", r, name, first),
		    "they stay listed in the record; run 'code-airlock unlock' "
		    "again");
		free(first);
		return 1;
	}
	if (!ctx->sp.dry_run)
		ui_info(&ctx->ui, "removed the %zu rule%s lockdown added to "
		    "sandbox '%s'%s; the global policy, its agent kit's rules "
		    "and other sandboxes are unchanged", rec->n, rec->n == 1 ?
		    "" : "s", name, gone < rec->n ? " (some were gone already)" :
		    "");
	return 0;
}

static int
unlock_rules(struct cmd_ctx *ctx)
{
	struct netlock_set rec;
	char *record = NULL, *cause = NULL;
	int rc;

	if (netlock_record_path(ctx->cfg.repo_dir, ctx->cfg.sandbox_name,
	    &record, &cause) < 0 || netlock_read(record, &rec, &cause) < 0) {
		rc = ae_error(ctx, "%s", cause);
		free(cause);
		free(record);
		return rc;
	}
	if (rec.n == 0) {
		ui_info(&ctx->ui, "lockdown added no rule to sandbox '%s' from "
		    "this repository (nothing in '%s'); nothing to remove",
		    ctx->cfg.sandbox_name, record);
		rc = 0;
	} else
		rc = remove_recorded(ctx, record, &rec);
	netlock_set_clear(&rec);
	free(record);
	return rc;
}

static int
reset_all(struct cmd_ctx *ctx)
{
	const char *policy = ctx->cfg.policy;
	char *cause = NULL;
	int yes;

	ui_warn(&ctx->ui, "'sbx policy reset' deletes every network rule of "
	    "every sandbox and restarts the sbx daemon, which stops every "
	    "running sandbox (their agents and shells end)");
	if (!ctx->sp.dry_run && !cmd_opt_isset(ctx, OPT_YES)) {
		yes = ui_confirm(&ctx->ui, "reset the network policy and stop "
		    "every running sandbox?");
		if (yes < 0)
			return ae_usage(ctx, "cannot ask for confirmation "
			    "without a terminal; pass --yes to reset every "
			    "network rule and stop every running sandbox");
		if (yes == 0) {
			ui_info(&ctx->ui, "nothing was changed");
			return 1;
		}
	}
	if (sbx_call(&ctx->sp, PROC_NULL_IN, &cause, "policy", "reset",
	    (char *)NULL) < 0)
		return ae_sbx(ctx, cause, "the rules are unchanged; see "
		    "'sbx policy ls'");
	if (sbx_policy_init(&ctx->sp, policy, &cause) < 0) {
		ae_sbx(ctx, cause, NULL);
		ui_warn(&ctx->ui, "the policy is reset and not initialized: no "
		    "sandbox can start until 'sbx policy init %s' succeeds",
		    policy);
		return 1;
	}
	if (ctx->sp.dry_run)
		return 0;
	netlock_forget(ctx->cfg.repo_dir, ctx->cfg.sandbox_name);
	ui_info(&ctx->ui, "every network rule was removed and running "
	    "sandboxes stopped; the global policy is %s again "
	    "(GLOBAL_NETWORK_POLICY); 'code-airlock up' starts this sandbox "
	    "again", policy);
	return 0;
}

static int
cmd_unlock_exec(struct cmd_ctx *ctx)
{
	int rc;

	if (cmd_opt_isset(ctx, OPT_YES) && !cmd_opt_isset(ctx, OPT_RESET_ALL))
		return ae_usage(ctx, "--yes only goes with --reset-all");
	if (cmd_opt_isset(ctx, OPT_RESET_ALL))
		return reset_all(ctx);
	/* Only this form acts on one sandbox: choose it. */
	if ((rc = cmd_select_box(ctx)) != 0)
		return rc;
	return unlock_rules(ctx);
}

const struct cmd_entry cmd_unlock_entry = {
	.name = "unlock",
	.usage = "[--reset-all [--yes]]",
	.summary = "remove the rules lockdown added to this sandbox",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = unlock_opts,
	.exec = cmd_unlock_exec,
};
