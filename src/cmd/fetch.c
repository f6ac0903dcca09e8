/*
 * fetch: bring the sandbox's commits into the repo.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt fetch_opts[] = {
	{ "--no-start", NULL, "fail instead of starting a stopped sandbox" },
	{ NULL, NULL, NULL }
};

static int
cmd_fetch_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'fetch' is not implemented yet");
}

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "",
	.summary = "bring the sandbox's commits into the repo",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = fetch_opts,
	.exec = cmd_fetch_exec,
};
