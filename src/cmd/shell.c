/*
 * shell: an interactive bash inside the sandbox, or one command run there
 * (`shell -- git status`).  The sandbox must exist; a stopped one is
 * started by `sbx exec` itself.  The exit status is sbx's.
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "helpers/preflight.h"
#include "services/sbx/sbx.h"

/* The sandbox must exist; 0, or the exit code after reporting. */
static int
need_sandbox(struct cmd_ctx *ctx)
{
	enum sbx_status st;
	char *cause = NULL;
	int rc;

	if ((rc = cmd_need_tool(ctx, "sbx", NULL)) != 0)
		return rc > 0 ? rc : 0;
	rc = cmd_sandbox_ours(ctx, &st, &cause);
	if (rc == CMD_ENOTOURS)
		return 1;
	if (rc == SBX_ENOTFOUND) {
		free(cause);
		return ae_error(ctx, "sandbox '%s' does not exist; run "
		    "'code-airlock up' first", ctx->cfg.sandbox_name);
	}
	if (rc < 0)
		return ae_sbx(ctx, cause, NULL);
	return 0;
}

static int
cmd_shell_exec(struct cmd_ctx *ctx)
{
	struct proc p = PROC_INIT;
	int rc;

	if ((rc = need_sandbox(ctx)) != 0)
		return rc;
	strvec_pushl(&p.args, "sbx", "exec", NULL);
	if (ctx->pass.n > 0) {
		strvec_push(&p.args, ctx->cfg.sandbox_name);
		strvec_pushv(&p.args, ctx->pass.v);
	} else
		/* -t needs a terminal on stdin; -i alone still feeds it. */
		strvec_pushl(&p.args, ctx->ui.in_tty ? "-it" : "-i",
		    ctx->cfg.sandbox_name, "bash", NULL);
	return ae_run(ctx, &p);
}

const struct cmd_entry cmd_shell_entry = {
	.name = "shell",
	.usage = "[-- CMD [ARGS...]]",
	.summary = "open a shell (or run a command) inside the sandbox",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_PASSTHROUGH | CMD_NEEDS_BOX,
	.opts = NULL,
	.exec = cmd_shell_exec,
};
