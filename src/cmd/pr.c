/*
 * pr: push the sandbox branch to origin and open a pull request.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt pr_opts[] = {
	{ "--branch", "B", "use sandbox branch B" },
	{ "--no-start", NULL, "fail instead of starting a stopped sandbox" },
	{ NULL, NULL, NULL }
};

static int
cmd_pr_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'pr' is not implemented yet");
}

const struct cmd_entry cmd_pr_entry = {
	.name = "pr",
	.usage = "[BASE] [BRANCH]",
	.summary = "push the sandbox branch to origin and open a pull request",
	.args_min = 0,
	.args_max = 2,
	.flags = CMD_NEEDS_CONFIG,
	.opts = pr_opts,
	.exec = cmd_pr_exec,
};
