/*
 * stop: `sbx stop NAME`.  Stopping keeps the VM, its private clone and every
 * commit in it; only the git daemon goes away until the sandbox is started
 * again, so the user is told how to resume and that nothing was lost.
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "services/sbx/sbx.h"

static int
cmd_stop_exec(struct cmd_ctx *ctx)
{
	const char *name = ctx->cfg.sandbox_name;
	enum sbx_status st;
	char *cause = NULL;
	int rc;

	rc = cmd_sandbox_ours(ctx, &st, &cause);
	if (rc == CMD_ENOTOURS)
		return 1;
	if (rc == SBX_ENOTFOUND) {
		free(cause);
		return ae_error(ctx, "sandbox '%s' does not exist, so there "
		    "is nothing to stop (see 'code-airlock ls')", name);
	}
	if (rc < 0)
		return ae_sbx(ctx, cause, "run 'code-airlock doctor' to see "
		    "what is wrong with sbx");
	if (st == SBX_STOPPED) {
		ui_info(&ctx->ui, "sandbox '%s' is already stopped; its VM "
		    "and commits are kept", name);
		return 0;
	}
	if (sbx_call(&ctx->sp, PROC_NULL_IN, &cause, "stop", name,
	    (char *)NULL) < 0)
		return ae_sbx(ctx, cause, "check 'code-airlock status'");
	if (ctx->sp.dry_run)
		return 0;
	ui_info(&ctx->ui, "stopped sandbox '%s'; its VM and commits are "
	    "kept", name);
	ui_info(&ctx->ui, "resume the agent with 'code-airlock up'; fetch, "
	    "log, diff and review start the sandbox again when needed");
	return 0;
}

const struct cmd_entry cmd_stop_entry = {
	.name = "stop",
	.usage = "",
	.summary = "stop the sandbox, keeping its VM and commits",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = NULL,
	.exec = cmd_stop_exec,
};
