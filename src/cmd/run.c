/*
 * run: `up` with one task for the agent's non-interactive mode.  Each
 * agent takes a task its own way, always after "--" so sbx never reads
 * the agent's flags as its own; the rest after "--" follows the task.
 * With --agents, the same task for several agents side by side, one
 * sandbox each (helpers/launch_agents.c).
 */
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/launch.h"

static int
cmd_run_exec(struct cmd_ctx *ctx)
{
	struct strvec v = STRVEC_INIT;
	const char *task = ctx->args.v[0];
	int rc;

	/* Blanks alone would start the agent on nothing at all. */
	if (task[strspn(task, " \t\n\r\v\f")] == '\0')
		return ae_usage(ctx, "the task is empty; describe what the "
		    "agent should do");
	if (cmd_opt_isset(ctx, OPT_AGENTS)) {
		if (ctx->cli.agent != NULL)
			return ae_usage(ctx, "--agent and --agents cannot go "
			    "together; list every agent in --agents");
		return cmd_launch_agents(ctx, cmd_opt_value(ctx, OPT_AGENTS),
		    task);
	}
	if (ctx->cfg.use_tmux) {
		/* task was a positional word, so it cannot look like a flag. */
		strvec_pushl(&v, "run", task, NULL);
		if (ctx->pass.n > 0) {
			strvec_push(&v, "--");
			strvec_pushv(&v, ctx->pass.v);
		}
		rc = cmd_launch_tmux(ctx, v.v);
		strvec_clear(&v);
		return rc;
	}
	/* sbx appends words after "--" that start with a flag to the
	 * agent's default command; any other first word replaces it. */
	if (!cmd_task_args(ctx->cfg.agent, task, ctx->pass.v, &v))
		ui_warn(&ctx->ui, "no non-interactive mode is known for agent "
		    "'%s', so the task goes first after '--', where it replaces "
		    "the agent's default command and the skip-permissions flag "
		    "that command carries; to keep them, run 'code-airlock up "
		    "-- FLAG TASK' with the agent's own task flag first (words "
		    "after '--' that start with a flag are added to its default "
		    "command)", ctx->cfg.agent);
	rc = cmd_launch(ctx, v.v, v.n);
	strvec_clear(&v);
	if (rc == 0)
		ui_info(&ctx->ui, "when the agent has committed its work, "
		    "review it from this repo:\n"
		    "  code-airlock diff     # what changed\n"
		    "  code-airlock review   # risk summary and a visual diff\n"
		    "  code-airlock merge    # bring it into your branch");
	return rc;
}

static const struct cmd_opt run_opts[] = {
	{ OPT_AGENTS, "--agents", 0, "A,B,...",
	    "one sandbox per agent, SANDBOX_NAME-AGENT, all on the task" },
	OPT_END
};

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "TASK [-- MORE_ARGS...]",
	.summary = "start the agent non-interactively on one task",
	.args_min = 1,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_PASSTHROUGH | CMD_TMUX,
	.opts = run_opts,
	.exec = cmd_run_exec,
};
