/*
 * ls: list every sandbox sbx knows.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_ls_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'ls' is not implemented yet");
}

const struct cmd_entry cmd_ls_entry = {
	.name = "ls",
	.usage = "",
	.summary = "list every sandbox sbx knows",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = NULL,
	.exec = cmd_ls_exec,
};
