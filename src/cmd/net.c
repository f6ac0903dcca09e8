/*
 * net: show allowed and blocked network hosts.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static const struct cmd_opt net_opts[] = {
	{ "--all", NULL, "every sandbox, not just this one" },
	{ NULL, NULL, NULL }
};

static int
cmd_net_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'net' is not implemented yet");
}

const struct cmd_entry cmd_net_entry = {
	.name = "net",
	.usage = "",
	.summary = "show allowed and blocked network hosts",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = net_opts,
	.exec = cmd_net_exec,
};
