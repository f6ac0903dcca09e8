/*
 * rm: fetch, then remove the sandbox and its tmux session.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt rm_opts[] = {
	{ "--yes", NULL, "do not ask for confirmation" },
	{ "--force", NULL, "remove even when the fetch fails" },
	{ NULL, NULL, NULL }
};

static int
cmd_rm_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'rm' is not implemented yet");
}

const struct cmd_entry cmd_rm_entry = {
	.name = "rm",
	.usage = "",
	.summary = "fetch, then remove the sandbox and its tmux session",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = rm_opts,
	.exec = cmd_rm_exec,
};
