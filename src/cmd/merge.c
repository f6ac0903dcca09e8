/*
 * merge: fetch, then merge the sandbox branch into the current branch.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt merge_opts[] = {
	{ "--branch", "B", "use sandbox branch B" },
	{ "--ff-only", NULL, "refuse anything but a fast-forward" },
	{ "--squash", NULL, "squash the changes into the index" },
	{ "--no-start", NULL, "fail instead of starting a stopped sandbox" },
	{ NULL, NULL, NULL }
};

static int
cmd_merge_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'merge' is not implemented yet");
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "[BASE]",
	.summary = "fetch, then merge the sandbox branch into the current branch",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG,
	.opts = merge_opts,
	.exec = cmd_merge_exec,
};
