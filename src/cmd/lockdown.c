/*
 * lockdown: deny network access by default and allow this sandbox only the
 * hosts in ALLOW.  sbx has no per-sandbox default, so `sbx policy
 * set-default deny-all` affects every sandbox; the user is told so, and how
 * to undo it.  ALLOW is checked before any sbx call so that a typo cannot
 * leave the default at deny-all with a broken allowlist.
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "services/sbx/sbx.h"

static int
cmd_lockdown_exec(struct cmd_ctx *ctx)
{
	const char *name = ctx->cfg.sandbox_name, *allow = ctx->cfg.allow;
	const char *origin = ctx->cfg.origin[CFG_ALLOW];
	enum sbx_status st;
	char *cause = NULL;
	int rc;

	if (cfg_check_allow(allow, &cause) < 0) {
		rc = ae_usage(ctx, "%s%s%s; fix ALLOW and try again", origin ?
		    origin : "", origin ? ": " : "", cause);
		free(cause);
		return rc;
	}
	if ((rc = sbx_require(&ctx->sp, name, &st, &cause)) ==
	    SBX_ENOTFOUND)
		return ae_sbx(ctx, cause, NULL);
	if (rc < 0)
		return ae_sbx(ctx, cause, "run 'code-airlock doctor'");
	if (sbx_call(&ctx->sp, PROC_NULL_IN, &cause, "policy", "set-default",
	    "deny-all", (char *)NULL) < 0)
		return ae_sbx(ctx, cause, "nothing was changed; see "
		    "'sbx policy ls'");
	if (sbx_call(&ctx->sp, PROC_NULL_IN, &cause, "policy", "allow",
	    "network", "--sandbox", name, allow, (char *)NULL) < 0) {
		ae_sbx(ctx, cause, NULL);
		ui_warn(&ctx->ui, "the default is now deny-all for every "
		    "sandbox but '%s' has no allowlist; fix the problem and "
		    "run 'code-airlock lockdown' again, or undo with "
		    "'code-airlock unlock'", name);
		return 1;
	}
	if (ctx->sp.dry_run) {
		ui_warn(&ctx->ui, "this would make deny-all the network default "
		    "for every sandbox, not just '%s'; 'code-airlock unlock' "
		    "undoes it", name);
		return 0;
	}
	ui_info(&ctx->ui, "sandbox '%s' may now reach only: %s", name, allow);
	ui_warn(&ctx->ui, "the network default is now deny-all for every "
	    "sandbox, not just '%s'", name);
	ui_info(&ctx->ui, "see what was blocked with 'code-airlock net'; undo "
	    "with 'code-airlock unlock' (it removes every policy rule)");
	return 0;
}

const struct cmd_entry cmd_lockdown_entry = {
	.name = "lockdown",
	.usage = "",
	.summary = "deny network by default, allow only ALLOW for this sandbox",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_lockdown_exec,
};
