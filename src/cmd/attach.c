/*
 * attach: put this terminal on the repo's tmux session (the one `--tmux
 * up` started), or switch to it when already inside tmux.
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "helpers/launch.h"
#include "helpers/preflight.h"
#include "services/tmux/tmux.h"

static int
cmd_attach_exec(struct cmd_ctx *ctx)
{
	const char *session = ctx->cfg.tmux_session;
	char *cause = NULL;
	int rc;

	if (preflight_tool("tmux", NULL, &cause) < 0)
		return ae_cause(ctx, cause);
	if ((rc = tmux_session_exists(&ctx->sp, session, &cause)) < 0)
		return ae_cause(ctx, cause);
	if (rc == 0)
		return ae_error(ctx, "no tmux session '%s'; start the agent in "
		    "one with 'code-airlock --tmux up'", session);
	if (!ctx->ui.in_tty && !ctx->sp.dry_run)
		return ae_error(ctx, "cannot attach to tmux session '%s': "
		    "stdin is not a terminal", session);
	return cmd_tmux_attach(ctx, session);
}

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "",
	.summary = "attach to this repo's tmux session",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = NULL,
	.exec = cmd_attach_exec,
};
