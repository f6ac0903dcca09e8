/*
 * lockdown: deny network by default and allow only ALLOW for this sandbox.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_lockdown_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'lockdown' is not implemented yet");
}

const struct cmd_entry cmd_lockdown_entry = {
	.name = "lockdown",
	.usage = "",
	.summary = "deny network by default and allow only ALLOW for this sandbox",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_lockdown_exec,
};
