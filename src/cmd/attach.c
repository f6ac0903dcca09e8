/*
 * attach: attach to this repo's tmux session.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_attach_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'attach' is not implemented yet");
}

const struct cmd_entry cmd_attach_entry = {
	.name = "attach",
	.usage = "",
	.summary = "attach to this repo's tmux session",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_attach_exec,
};
