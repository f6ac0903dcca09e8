/*
 * up: create or resume the sandbox in clone mode and start the agent.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_up_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'up' is not implemented yet");
}

const struct cmd_entry cmd_up_entry = {
	.name = "up",
	.usage = "[-- AGENT_ARGS...]",
	.summary = "create or resume the sandbox in clone mode and start the agent",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_PASSTHROUGH,
	.opts = NULL,
	.exec = cmd_up_exec,
};
