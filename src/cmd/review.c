/*
 * review: fetch, print a risk summary and open a directory diff.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt review_opts[] = {
	{ "--branch", "B", "use sandbox branch B" },
	{ "--summary", NULL, "print the risk summary only" },
	{ "--no-start", NULL, "fail instead of starting a stopped sandbox" },
	{ NULL, NULL, NULL }
};

static int
cmd_review_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'review' is not implemented yet");
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "[BASE]",
	.summary = "fetch, print a risk summary and open a directory diff",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = review_opts,
	.exec = cmd_review_exec,
};
