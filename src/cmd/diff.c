/*
 * diff: fetch, then show git diff BASE...SBREF.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt diff_opts[] = {
	{ "--branch", "B", "use sandbox branch B" },
	{ "--stat", NULL, "show a diffstat only" },
	{ "--no-start", NULL, "fail instead of starting a stopped sandbox" },
	{ NULL, NULL, NULL }
};

static int
cmd_diff_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'diff' is not implemented yet");
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[BASE]",
	.summary = "fetch, then show git diff BASE...SBREF",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG,
	.opts = diff_opts,
	.exec = cmd_diff_exec,
};
