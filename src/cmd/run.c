/*
 * run: start the agent non-interactively on one task.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_run_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'run' is not implemented yet");
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "TASK [-- MORE_ARGS...]",
	.summary = "start the agent non-interactively on one task",
	.args_min = 1,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_PASSTHROUGH,
	.opts = NULL,
	.exec = cmd_run_exec,
};
