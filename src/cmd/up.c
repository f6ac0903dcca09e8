/*
 * up: create the sandbox in clone mode (or resume it) and start the agent,
 * with the arguments after "--" going to the agent.  With --tmux or
 * --tmux-detached the same runs inside a new host tmux session.
 */
#include "helpers/cmd.h"
#include "helpers/launch.h"

static int
cmd_up_exec(struct cmd_ctx *ctx)
{
	struct strvec inner = STRVEC_INIT;
	int rc;

	if (!ctx->cfg.use_tmux)
		return cmd_launch(ctx, ctx->pass.v, ctx->pass.n);
	strvec_push(&inner, "up");
	if (ctx->pass.n > 0) {
		strvec_push(&inner, "--");
		strvec_pushv(&inner, ctx->pass.v);
	}
	rc = cmd_launch_tmux(ctx, inner.v);
	strvec_clear(&inner);
	return rc;
}

const struct cmd_entry cmd_up_entry = {
	.name = "up",
	.usage = "[-- AGENT_ARGS...]",
	.summary = "create or resume the sandbox in clone mode and start the "
	    "agent",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_PASSTHROUGH | CMD_TMUX,
	.opts = NULL,
	.exec = cmd_up_exec,
};
