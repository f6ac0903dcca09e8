/*
 * setup: install missing prerequisites, asking before each step.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_setup_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'setup' is not implemented yet");
}

const struct cmd_entry cmd_setup_entry = {
	.name = "setup",
	.usage = "",
	.summary = "install missing prerequisites, asking before each step",
	.args_min = 0,
	.args_max = 0,
	.flags = 0,
	.opts = NULL,
	.exec = cmd_setup_exec,
};
