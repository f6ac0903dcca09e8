/*
 * rm: remove the sandbox without ever losing a commit silently.  `sbx rm`
 * deletes the VM and its private clone, so every ref the sandbox serves
 * (branches, HEAD, tags) is fetched and must then be held by a host ref
 * that outlives the remote (refs/sandboxes/NAME/, refs/code-airlock/).
 * When that cannot be verified, rm refuses unless --force; the fetch of
 * --force is bounded as a whole, so that it always reaches sbx rm.
 *
 * The question comes first and the fetch after it: the agent may commit
 * while the question waits, and the fetch that proves everything kept is
 * the last word before the tmux session goes and `sbx rm --force NAME`
 * runs (--force because the question was already asked here).  A missing
 * terminal without --yes is refused before anything happens (exit 2).
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "base/interrupt.h"
#include "helpers/netlock.h"
#include "helpers/review.h"
#include "services/sbx/sbx.h"
#include "services/tmux/tmux.h"

static const struct cmd_opt rm_opts[] = {
	{ OPT_YES, "--yes", 0, NULL, "do not ask for confirmation" },
	{ OPT_FORCE, "--force", 0, NULL, "remove even when the fetch fails" },
	OPT_END
};

/*
 * Fetch and verify; 0 to go on, else the exit code after reporting.  st is
 * what sbx_require() just found, so the fetch asks sbx nothing more.
 */
static int
fetch_first(struct cmd_ctx *ctx, const char *name, enum sbx_status st)
{
	char *cause = NULL;
	int rc;

	rc = review_fetch_for_rm(ctx, st, cmd_opt_isset(ctx, OPT_FORCE),
	    &cause);
	if (intr_pending()) {
		/* Not even --force removes what an interrupted fetch missed. */
		free(cause);
		return ae_error(ctx, "interrupted; sandbox '%s' was not "
		    "removed", name);
	}
	if (rc == 0)
		return 0;
	if (cmd_opt_isset(ctx, OPT_FORCE)) {
		ae_warn_causef(ctx, cause, "cannot verify that the sandbox's "
		    "commits were fetched");
		ui_warn(&ctx->ui, "removing '%s' anyway (--force): commits "
		    "not fetched are lost", name);
		return 0;
	}
	ae_causef(ctx, cause, "cannot verify that the sandbox's commits were "
	    "fetched");
	ui_hint(&ctx->ui, "nothing was removed; fix that and try again, or "
	    "pass --force to remove sandbox '%s' anyway, losing any commit "
	    "not fetched", name);
	return 1;
}

static int
ask(struct cmd_ctx *ctx, const char *name)
{
	int yes;

	if (cmd_opt_isset(ctx, OPT_YES) || ctx->sp.dry_run)
		return 0;
	if ((yes = ui_confirm(&ctx->ui, "remove sandbox '%s' (its commits "
	    "are fetched first; its active sessions end)?", name)) > 0)
		return 0;
	if (yes < 0)
		return ae_usage(ctx, "cannot ask for confirmation without a "
		    "terminal; pass --yes to remove sandbox '%s'", name);
	ui_info(&ctx->ui, "nothing removed; sandbox '%s' is kept", name);
	return 1;
}

static void
kill_tmux(struct cmd_ctx *ctx)
{
	const char *session = ctx->cfg.tmux_session;
	char *cause = NULL;

	if (tmux_session_exists(&ctx->sp, session, &cause) == 1 &&
	    tmux_kill_session(&ctx->sp, session, &cause) == 0) {
		if (!ctx->sp.dry_run)
			ui_info(&ctx->ui, "killed tmux session '%s'", session);
	} else if (cause != NULL)
		ae_warn_causef(ctx, cause, "tmux session '%s'", session);
}

static int
cmd_rm_exec(struct cmd_ctx *ctx)
{
	const char *name = ctx->cfg.sandbox_name;
	enum sbx_status st;
	char *cause = NULL;
	int rc;

	if (!ctx->ui.in_tty && !cmd_opt_isset(ctx, OPT_YES))
		return ae_usage(ctx, "cannot ask for confirmation without a "
		    "terminal; pass --yes to remove sandbox '%s'", name);
	rc = cmd_sandbox_ours(ctx, &st, &cause);
	if (rc == CMD_ENOTOURS)
		return 1;
	if (rc == SBX_ENOTFOUND) {
		free(cause);
		return ae_error(ctx, "sandbox '%s' does not exist, so there is "
		    "nothing to remove (see 'code-airlock ls')", name);
	}
	if (rc < 0)
		return ae_sbx(ctx, cause, "nothing was removed; run "
		    "'code-airlock doctor'");
	/* Asked first: what the agent commits meanwhile is still fetched. */
	if ((rc = ask(ctx, name)) != 0 ||
	    (rc = fetch_first(ctx, name, st)) != 0)
		return rc;
	if (!ctx->sp.dry_run)
		ui_info(&ctx->ui, "removing sandbox '%s' ends its active "
		    "sessions: a running agent or shell in it stops", name);
	kill_tmux(ctx);
	if (intr_pending())
		return ae_error(ctx, "interrupted; sandbox '%s' was not "
		    "removed", name);
	if (sbx_call(&ctx->sp, PROC_NULL_IN, &cause, "rm", "--force", name,
	    (char *)NULL) < 0)
		return ae_sbx(ctx, cause, "the sandbox may still exist; see "
		    "'code-airlock ls'");
	if (ctx->sp.dry_run)
		return 0;
	netlock_forget(ctx->cfg.repo_dir, name);
	ui_info(&ctx->ui, "removed sandbox '%s'; its fetched branches remain "
	    "as refs/sandboxes/%s/* and its other refs (a detached HEAD, "
	    "tags) under refs/code-airlock/served/%s/ (list them with 'git "
	    "for-each-ref refs/sandboxes/%s/ refs/code-airlock/')", name,
	    name, name, name);
	ui_info(&ctx->ui, "restore one with 'git branch NEWNAME "
	    "refs/sandboxes/%s/BRANCH'", name);
	ui_info(&ctx->ui, "before a later sandbox named '%s' is created, 'up' "
	    "keeps those tips under refs/code-airlock/replaced/%s/", name,
	    name);
	return 0;
}

const struct cmd_entry cmd_rm_entry = {
	.name = "rm",
	.usage = "",
	.summary = "ask, fetch, then remove the sandbox and its tmux session",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = rm_opts,
	.exec = cmd_rm_exec,
};
