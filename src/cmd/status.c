/*
 * status: show this repo's sandbox, branches and tmux session.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_status_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'status' is not implemented yet");
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[BASE]",
	.summary = "show this repo's sandbox, branches and tmux session",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = NULL,
	.exec = cmd_status_exec,
};
