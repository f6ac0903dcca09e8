/*
 * stop: stop the sandbox, keeping its VM and commits.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_stop_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'stop' is not implemented yet");
}

const struct cmd_entry cmd_stop_entry = {
	.name = "stop",
	.usage = "",
	.summary = "stop the sandbox, keeping its VM and commits",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_stop_exec,
};
