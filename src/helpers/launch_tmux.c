/*
 * --tmux / --tmux-detached: run this same program as `up` (or `run`) in a
 * new host tmux session, so the agent outlives the SSH connection.  The
 * inner run gets the resolved configuration as argv words and tmux -e
 * KEY=VALUE words (never a shell string: tmux execs a command of several
 * words directly), and the settings that name the configuration files
 * travel with it, so the inner run resolves exactly what this one did.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/cmd.h"
#include "helpers/launch.h"
#include "helpers/preflight.h"
#include "services/tmux/tmux.h"

/* The running binary, so the pane runs this very version. */
static char *
self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n;

	if ((n = readlink("/proc/self/exe", buf, sizeof(buf) - 1)) <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* Every key, resolved; the ones on the inner command line come first. */
static void
config_env(const struct cmd_ctx *ctx, struct strvec *env)
{
	static const char *const pass[] = { "PATH", "HOME", NULL };
	static const char *const files[] = { "XDG_CONFIG_HOME",
	    "CODE_AIRLOCK_CONFIG", NULL };
	const struct config *c = &ctx->cfg;
	const char *v;
	size_t i;

	strvec_pushf(env, "GLOBAL_NETWORK_POLICY=%s", c->policy);
	strvec_pushf(env, "REVIEW_TOOL=%s", c->review_tool);
	strvec_pushf(env, "TMUX_SESSION=%s", c->tmux_session);
	strvec_pushf(env, "TMUX_ATTACH=%d", c->tmux_attach);
	strvec_pushf(env, "SEED_CONFIG=%d", c->seed_config);
	strvec_pushf(env, "SEED_USER_CONFIG=%d", c->seed_config);
	strvec_pushf(env, "SEED_PATHS=%s", c->seed_paths);
	strvec_pushf(env, "FETCH_SUBMODULES=%d", c->fetch_submodules);
	strvec_pushf(env, "FETCH_TIMEOUT=%d", c->fetch_timeout);
	strvec_pushf(env, "PR_BRANCH=%s", c->pr_branch);
	strvec_pushf(env, "ALLOW=%s", c->allow);
	strvec_push(env, "DRY_RUN=0");
	strvec_push(env, "USE_TMUX=0");
	for (i = 0; pass[i] != NULL; i++)
		if ((v = ctx_getenv(ctx, pass[i])) != NULL)
			strvec_pushf(env, "%s=%s", pass[i], v);
	/* Empty counts as unset: a value in tmux's own environment is void. */
	for (i = 0; files[i] != NULL; i++) {
		v = ctx_getenv(ctx, files[i]);
		strvec_pushf(env, "%s=%s", files[i], v != NULL ? v : "");
	}
}

static void
inner_argv(const struct cmd_ctx *ctx, const char *self, char *const *inner,
    struct strvec *cmd)
{
	strvec_pushl(cmd, self, "--repo", ctx->cfg.repo_dir, "--name",
	    ctx->cfg.sandbox_name, "--agent", ctx->cfg.agent, NULL);
	if (ctx->ui.quiet)
		strvec_push(cmd, "--quiet");
	if (ctx->ui.verbose)
		strvec_push(cmd, "--verbose");
	if (ctx->no_color)
		strvec_push(cmd, "--no-color");
	strvec_pushv(cmd, inner);
}

int
cmd_tmux_attach(struct cmd_ctx *ctx, const char *session)
{
	struct proc p = PROC_INIT;
	const char *inside = ctx_getenv(ctx, "TMUX");

	tmux_attach_argv(&p.args, session, inside != NULL && *inside != '\0');
	return ae_run(ctx, &p);
}

int
cmd_tmux_check(struct cmd_ctx *ctx, const char *session)
{
	char *cause = NULL;
	int rc;

	if ((rc = cmd_need_tool(ctx, "tmux", "; or run without --tmux")) != 0)
		return rc > 0 ? rc : 0;
	if ((rc = tmux_session_exists(&ctx->sp, session, &cause)) < 0)
		return ae_cause(ctx, cause);
	if (rc == 1)
		return ae_error(ctx, "tmux session '%s' already exists; attach "
		    "to it with 'code-airlock attach', or set TMUX_SESSION to "
		    "start another", session);
	return 0;
}

int
cmd_tmux_window(struct cmd_ctx *ctx, const char *session, const char *window,
    int first, char *const *inner)
{
	struct strvec env = STRVEC_INIT, cmd = STRVEC_INIT;
	struct proc p = PROC_INIT;
	char *self, *cause = NULL;
	int rc = 0;

	if ((self = self_path()) == NULL)
		return ae_error(ctx, "cannot find the path of this program "
		    "to run it in tmux");
	config_env(ctx, &env);
	inner_argv(ctx, self, inner, &cmd);
	if (first)
		tmux_new_session_argv(&p.args, session, window,
		    ctx->cfg.repo_dir, env.v, cmd.v);
	else
		tmux_new_window_argv(&p.args, session, window,
		    ctx->cfg.repo_dir, env.v, cmd.v);
	p.flags = PROC_NULL_IN | PROC_CAPTURE | PROC_CAPTURE_ERR;
	if (proc_capture(&ctx->sp, &p, &cause, "cannot start %s%s%stmux "
	    "session '%s'", window != NULL ? "window '" : "", window != NULL ?
	    window : "", window != NULL ? "' in " : "", session) < 0)
		rc = ae_cause(ctx, cause);
	proc_clear(&p);
	strvec_clear(&cmd);
	strvec_clear(&env);
	free(self);
	return rc;
}

int
cmd_launch_tmux(struct cmd_ctx *ctx, char *const *inner)
{
	const char *session = ctx->cfg.tmux_session;
	int have_sbx, rc;

	if ((rc = cmd_tmux_check(ctx, session)) != 0 ||
	    (rc = cmd_launch_preflight(ctx, &have_sbx)) != 0 ||
	    (rc = cmd_tmux_window(ctx, session, NULL, 1, inner)) != 0)
		return rc;
	if (!ctx->cfg.tmux_attach) {
		ui_info(&ctx->ui, "the agent runs in tmux session '%s'; "
		    "attach with 'code-airlock attach' (detach again with "
		    "Ctrl-b d)", session);
		return 0;
	}
	if (!ctx->ui.in_tty && !ctx->sp.dry_run) {
		ui_info(&ctx->ui, "not attaching: stdin is not a terminal; "
		    "attach later with 'code-airlock attach'");
		return 0;
	}
	return cmd_tmux_attach(ctx, session);
}
