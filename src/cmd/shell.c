/*
 * shell: open a shell (or run a command) inside the sandbox.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_shell_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'shell' is not implemented yet");
}

const struct cmd_entry cmd_shell_entry = {
	.name = "shell",
	.usage = "[-- CMD [ARGS...]]",
	.summary = "open a shell (or run a command) inside the sandbox",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_PASSTHROUGH,
	.opts = NULL,
	.exec = cmd_shell_exec,
};
