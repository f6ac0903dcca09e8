/*
 * log: list the sandbox branch's commits not in BASE.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt log_opts[] = {
	{ "--branch", "B", "use sandbox branch B" },
	{ "--no-start", NULL, "fail instead of starting a stopped sandbox" },
	{ NULL, NULL, NULL }
};

static int
cmd_log_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'log' is not implemented yet");
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.usage = "[BASE]",
	.summary = "list the sandbox branch's commits not in BASE",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = log_opts,
	.exec = cmd_log_exec,
};
