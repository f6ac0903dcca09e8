/*
 * lockdown: restrict this sandbox, and only it, to the hosts in ALLOW
 * (plus what its agent kit allows it), then prove it with `sbx policy
 * check`.  The global policy and every other sandbox stay as they were:
 * only per-sandbox rules are added (netlock.h says which), and they are
 * recorded in the repository's git directory so that `unlock` removes
 * exactly those.  When sbx cannot express or prove "only ALLOW", nothing
 * stays changed: what was added is removed again and the reason given.
 *
 * ALLOW is checked before any sbx call; a second lockdown replaces the
 * rules of the first (adding the new ones before removing the old).
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "helpers/netlock.h"
#include "services/sbx/sbx.h"

struct lock {
	struct cmd_ctx		*ctx;
	const char		*name;
	char			*record;
	struct netlock_set	 ours;		/* from an earlier lockdown */
	struct netlock_plan	 plan;
	/*
	 * plan.want less ours: fresh resources, and flips (a resource of
	 * ours whose decision changes: `sbx policy rm` takes a resource,
	 * so the old rule goes before the new one comes); ours less
	 * plan.want: drop.
	 */
	struct netlock_set	 add, flip, drop;
	size_t			 ndropped;	/* of drop, removed so far */
};

/* The resources of s with decision deny, comma-separated, or NULL. */
static char *
csv(const struct netlock_set *s, int deny)
{
	char *out = NULL, *t;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].deny != deny)
			continue;
		t = out;
		out = xasprintf("%s%s%s", t ? t : "", t ? "," : "",
		    s->v[i].resource);
		free(t);
	}
	return out;
}

static int
add_rules(struct lock *l, const struct netlock_set *s, char **cause)
{
	static const char *const verb[] = { "allow", "deny" };
	char *list;
	int deny, rc = 0;

	/* The denies first: the sandbox is never wider than before. */
	for (deny = 1; rc == 0 && deny >= 0; deny--) {
		if ((list = csv(s, deny)) == NULL)
			continue;
		rc = sbx_call(&l->ctx->sp, PROC_NULL_IN, cause, "policy",
		    verb[deny], "network", "--sandbox", l->name, list,
		    (char *)NULL);
		free(list);
	}
	return rc;
}

/* Remove the rules of s; *done counts those gone (may be NULL). */
static int
rm_rules(struct lock *l, const struct netlock_set *s, size_t *done,
    char **cause)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (sbx_policy_rm(&l->ctx->sp, l->name, s->v[i].resource,
		    cause) < 0)
			return -1;
		if (done != NULL)
			*done = i + 1;
	}
	return 0;
}

/* Under --dry-run: the calls it would make, the checks included. */
static int
show_plan(struct lock *l)
{
	const char *argv[] = { "sbx", "policy", "check", "network",
	    "--sandbox", l->name, NULL, NULL };
	char *cause = NULL;
	size_t i;

	add_rules(l, &l->add, &cause);
	rm_rules(l, &l->drop, NULL, &cause);
	add_rules(l, &l->flip, &cause);
	for (i = 0; i < l->plan.allowed.n + l->plan.denied.n; i++) {
		argv[6] = i < l->plan.allowed.n ? l->plan.allowed.v[i] :
		    l->plan.denied.v[i - l->plan.allowed.n];
		proc_echo_only(&l->ctx->sp, argv);
	}
	free(cause);
	ui_info(&l->ctx->ui, "dry run: would record the rules it adds in "
	    "'%s'; nothing else changes, the global policy and other "
	    "sandboxes included", l->record);
	return 0;
}

/* Every target as it must be: 0, -1 with *cause when sbx failed, -2
 * with *cause when a verdict is not the one needed. */
static int
prove(struct lock *l, char **cause)
{
	const struct strvec *v;
	size_t i;
	int want, got;

	for (want = 1; want >= 0; want--) {
		v = want ? &l->plan.allowed : &l->plan.denied;
		for (i = 0; i < v->n; i++) {
			if ((got = sbx_policy_check(&l->ctx->sp, l->name,
			    v->v[i], cause)) < 0)
				return -1;
			if (got == want)
				continue;
			*cause = xasprintf("'sbx policy check network --sandbox "
			    "%s %s' says %s, where lockdown needs it %s",
			    l->name, v->v[i], got ? "allowed" : "denied",
			    want ? "allowed" : "denied");
			return -2;
		}
	}
	return 0;
}

/* Put back what was there: the record and the rules. */
static void
roll_back(struct lock *l)
{
	struct netlock_set gone = { NULL, 0 };
	char *cause = NULL;
	size_t i;
	int rc;

	for (i = 0; i < l->ndropped; i++)
		netlock_set_add(&gone, l->drop.v[i].resource,
		    l->drop.v[i].deny);
	/* A flip's new rule exists only once every old rule is gone. */
	rc = rm_rules(l, &l->add, NULL, &cause) < 0 ||
	    (l->ndropped == l->drop.n && rm_rules(l, &l->flip, NULL,
	    &cause) < 0) ||
	    add_rules(l, &gone, &cause) < 0 ||
	    netlock_write(l->record, &l->ours, &cause) < 0;
	netlock_set_clear(&gone);
	if (rc) {
		ui_warn(&l->ctx->ui, "could not undo every change (%s); see "
		    "'sbx policy ls %s'; '%s' lists what lockdown added", cause,
		    l->name, l->record);
		free(cause);
		return;
	}
	ui_info(&l->ctx->ui, "nothing was changed: the rules lockdown added "
	    "were removed again");
}

static void
report(struct lock *l)
{
	struct ui *ui = &l->ctx->ui;
	size_t i;

	char *kept = NULL, *t;

	for (i = 0; i < l->plan.kept.n; i++) {
		t = kept;
		kept = xasprintf("%s%s%s", t ? t : "", t ? "," : "",
		    l->plan.kept.v[i]);
		free(t);
	}
	ui_info(ui, "sandbox '%s' may now reach only: %s", l->name,
	    l->ctx->cfg.allow);
	if (kept != NULL)
		ui_info(ui, "and what its own rules (its agent kit) allow: %s",
		    kept);
	free(kept);
	ui_info(ui, "checked with 'sbx policy check': %zu target%s allowed, "
	    "%zu denied (among them '%s')", l->plan.allowed.n,
	    l->plan.allowed.n == 1 ? "" : "s", l->plan.denied.n,
	    l->plan.denied.n ? l->plan.denied.v[l->plan.denied.n - 1] : "");
	ui_info(ui, "the global policy and other sandboxes are unchanged; "
	    "'code-airlock unlock' removes the %zu rule%s lockdown added "
	    "(listed in '%s')", l->plan.want.n, l->plan.want.n == 1 ? "" :
	    "s", l->record);
}

/* Add, then drop the old, then prove; on any failure, undo. */
static int
apply(struct lock *l)
{
	struct netlock_set both = { NULL, 0 };
	char *cause = NULL;
	size_t i;
	int rc;

	for (i = 0; i < l->ours.n; i++)
		netlock_set_add(&both, l->ours.v[i].resource,
		    l->ours.v[i].deny);
	for (i = 0; i < l->add.n; i++)
		netlock_set_add(&both, l->add.v[i].resource, l->add.v[i].deny);
	for (i = 0; i < l->flip.n; i++)
		netlock_set_add(&both, l->flip.v[i].resource,
		    l->flip.v[i].deny);
	/* Recorded first: a rule that gets added is always one unlock
	 * knows about, whatever happens next. */
	rc = netlock_write(l->record, &both, &cause);
	netlock_set_clear(&both);
	if (rc < 0)
		return ae_error(l->ctx, "%s; nothing was changed", cause);
	if ((rc = add_rules(l, &l->add, &cause)) < 0 ||
	    (rc = rm_rules(l, &l->drop, &l->ndropped, &cause)) < 0 ||
	    (rc = add_rules(l, &l->flip, &cause)) < 0 ||
	    (rc = netlock_write(l->record, &l->plan.want, &cause)) < 0 ||
	    (rc = prove(l, &cause)) < 0) {
		/* sbx's own failures get the fix they call for. */
		if (rc == -2)
			ae_error(l->ctx, "cannot lock sandbox '%s' down: %s",
			    l->name, cause);
		else
			ae_sbx(l->ctx, xasprintf("cannot lock sandbox '%s' "
			    "down: %s", l->name, cause), NULL);
		free(cause);
		roll_back(l);
		return 1;
	}
	report(l);
	return 0;
}

/* ours and plan.want into add, flip and drop. */
static void
diff(struct lock *l)
{
	const struct netlock_rule *w;
	size_t i;

	for (i = 0; i < l->plan.want.n; i++) {
		w = &l->plan.want.v[i];
		if (netlock_set_has(&l->ours, w->resource, w->deny))
			continue;
		netlock_set_add(netlock_set_has(&l->ours, w->resource,
		    !w->deny) ? &l->flip : &l->add, w->resource, w->deny);
	}
	for (i = 0; i < l->ours.n; i++)
		if (!netlock_set_has(&l->plan.want, l->ours.v[i].resource,
		    l->ours.v[i].deny))
			netlock_set_add(&l->drop, l->ours.v[i].resource,
			    l->ours.v[i].deny);
}

/* What is in effect, and the plan; 0 or the exit code. */
static int
prepare(struct lock *l)
{
	struct sbx_rules rules;
	char *cause = NULL;
	int rc;

	if (netlock_record_path(l->ctx->cfg.repo_dir, l->name, &l->record,
	    &cause) < 0 || netlock_read(l->record, &l->ours, &cause) < 0) {
		rc = ae_error(l->ctx, "%s", cause);
		free(cause);
		return rc;
	}
	if (sbx_policy_rules(&l->ctx->sp, l->name, &rules, &cause) < 0) {
		rc = ae_sbx(l->ctx, xasprintf("%s; lockdown needs sbx %s or "
		    "later, and nothing was changed", cause, SBX_MIN_VERSION),
		    NULL);
		free(cause);
		return rc;
	}
	if (rules.records == 0)
		cause = xasprintf("'sbx policy ls %s --json' listed no rule "
		    "this tool can read, so it cannot tell what the sandbox "
		    "may reach", l->name);
	rc = cause == NULL ? netlock_plan(&rules, &l->ours,
	    l->ctx->cfg.allow, &l->plan, &cause) : -1;
	sbx_rules_clear(&rules);
	if (rc < 0) {
		rc = ae_error(l->ctx, "cannot lock sandbox '%s' down to ALLOW: "
		    "%s; nothing was changed", l->name, cause);
		free(cause);
		return rc;
	}
	diff(l);
	return 0;
}

static int
cmd_lockdown_exec(struct cmd_ctx *ctx)
{
	const char *origin = ctx->cfg.origin[CFG_ALLOW];
	struct lock l = { .ctx = ctx, .name = ctx->cfg.sandbox_name };
	enum sbx_status st;
	char *cause = NULL;
	int rc;

	if (cfg_check_allow(ctx->cfg.allow, &cause) < 0) {
		rc = ae_usage(ctx, "%s%s%s; fix ALLOW and try again", origin ?
		    origin : "", origin ? ": " : "", cause);
		free(cause);
		return rc;
	}
	/* Never another repository's sandbox of the same name. */
	if ((rc = cmd_sandbox_ours(ctx, &st, &cause)) == CMD_ENOTOURS)
		return 1;
	if (rc == SBX_ENOTFOUND)
		return ae_sbx(ctx, cause, NULL);
	if (rc < 0)
		return ae_sbx(ctx, cause, "run 'code-airlock doctor'");
	if ((rc = prepare(&l)) == 0)
		rc = ctx->sp.dry_run ? show_plan(&l) : apply(&l);
	free(l.record);
	netlock_set_clear(&l.ours);
	netlock_set_clear(&l.add);
	netlock_set_clear(&l.flip);
	netlock_set_clear(&l.drop);
	netlock_plan_clear(&l.plan);
	return rc;
}

const struct cmd_entry cmd_lockdown_entry = {
	.name = "lockdown",
	.usage = "",
	.summary = "restrict this sandbox alone to ALLOW, proved with sbx "
	    "policy check",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = NULL,
	.exec = cmd_lockdown_exec,
};
