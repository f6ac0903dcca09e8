/*
 * unlock: reset every sbx network policy rule (sbx policy reset).  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_unlock_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'unlock' is not implemented yet");
}

const struct cmd_entry cmd_unlock_entry = {
	.name = "unlock",
	.usage = "",
	.summary = "reset every sbx network policy rule (sbx policy reset)",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_unlock_exec,
};
