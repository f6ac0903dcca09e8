/*
 * net: show the network hosts the sandbox reached or was refused, from
 * `sbx policy log NAME`; --all drops the name and shows every sandbox.
 * sbx's output is passed through untouched on stdout.
 */
#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "services/sbx/sbx.h"

static const struct cmd_opt net_opts[] = {
	{ OPT_ALL, "--all", 0, NULL, "every sandbox, not just this one" },
	OPT_END
};

static int
cmd_net_exec(struct cmd_ctx *ctx)
{
	char *cause = NULL;
	int all = cmd_opt_isset(ctx, OPT_ALL), rc;
	const char *name;

	/* --all names no sandbox: nothing to choose. */
	if (!all && (rc = cmd_select_box(ctx)) != 0)
		return rc;
	name = ctx->cfg.sandbox_name;

	/* Reading the log changes nothing, but it is sbx's output to show. */
	if (sbx_call(&ctx->sp, PROC_NULL_IN, &cause, "policy", "log",
	    all ? (char *)NULL : name, (char *)NULL) < 0)
		return ae_sbx(ctx, cause, all ? NULL : "if the sandbox is "
		    "gone, 'code-airlock net --all' shows every sandbox");
	return 0;
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
