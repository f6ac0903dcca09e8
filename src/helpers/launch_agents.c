/*
 * run --agents A,B,...: the same task for several agents, one sandbox
 * each, named SANDBOX_NAME-AGENT.  Each sandbox is prepared as `up`
 * prepares one (policy, create or resume, seeding), one after the other;
 * each agent's `sbx run` starts as soon as its sandbox is ready and runs
 * beside the others.  Their output comes back line by line, each line
 * whole and prefixed with its sandbox, escaped.  One agent that cannot
 * start leaves the others running; ^C stops every agent and removes
 * nothing.  At the end a line per agent: how it ended and what it
 * committed (from a fetch of its sandbox).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/interrupt.h"
#include "base/spawn_multi.h"
#include "helpers/cmd.h"
#include "helpers/launch.h"
#include "helpers/review.h"

/* More would be a typo or a loop, not a comparison. */
#define AGENTS_MAX	16

struct fanout_one {
	const char	*agent;
	char		*name;		/* SANDBOX_NAME-AGENT */
	struct proc	 p;
	int		 ready;		/* sbx run prepared */
	int		 running;	/* and started */
};

struct fanout {
	struct cmd_ctx		*ctx;
	struct strvec		 agents;
	struct fanout_one	*v;
	size_t			 n;
	int			 width;	/* of the longest name */
};

static const struct {
	const char	*agent;
	const char	*words[3];	/* before the task */
} modes[] = {
	{ "claude", { "-p", NULL } },
	{ "gemini", { "-p", NULL } },
	{ "copilot", { "-p", NULL } },
	{ "codex", { "exec", "--dangerously-bypass-approvals-and-sandbox",
	    NULL } },
	{ "opencode", { "run", NULL } },
};

int
cmd_task_args(const char *agent, const char *task, char *const *more,
    struct strvec *v)
{
	size_t i;
	int known = 0;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && !known; i++)
		if (strcmp(modes[i].agent, agent) == 0) {
			strvec_pushv(v, (char *const *)modes[i].words);
			known = 1;
		}
	strvec_push(v, task);
	if (more != NULL)
		strvec_pushv(v, more);
	return known;
}

/* Split and check the list before anything runs: 0 or exit 2. */
static int
fanout_parse(struct fanout *f, const char *list)
{
	struct cmd_ctx *ctx = f->ctx;
	char *cause = NULL;
	size_t i, j;

	strvec_split(&f->agents, list, ',');
	if (f->agents.n == 0 || f->agents.n > AGENTS_MAX)
		return ae_usage(ctx, "--agents takes 1 to %d agent names "
		    "separated by commas, e.g. --agents claude,codex",
		    AGENTS_MAX);
	f->n = f->agents.n;
	f->v = xcalloc(f->n, sizeof(*f->v));
	for (i = 0; i < f->n; i++) {
		f->v[i].agent = f->agents.v[i];
		f->v[i].name = xasprintf("%s-%s", ctx->cfg.sandbox_name,
		    f->v[i].agent);
		proc_init(&f->v[i].p);
		for (j = 0; j < i; j++)
			if (strcmp(f->v[j].agent, f->v[i].agent) == 0)
				return ae_usage(ctx, "agent '%s' is listed "
				    "twice in --agents; name each once",
				    f->v[i].agent);
		/* sbx would take an agent that starts with '-' as a flag. */
		if (!isalnum((unsigned char)*f->v[i].agent))
			return ae_usage(ctx, "invalid agent '%s' in --agents: "
			    "start each name with a letter or digit",
			    f->v[i].agent);
		if (cfg_check_sandbox_name(f->v[i].name, &cause) < 0) {
			ae_usage(ctx, "agent '%s' in --agents: %s",
			    f->v[i].agent, cause);
			free(cause);
			return 2;
		}
		if ((int)strlen(f->v[i].name) > f->width)
			f->width = (int)strlen(f->v[i].name);
	}
	return 0;
}

static void
fanout_clear(struct fanout *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		proc_clear(&f->v[i].p);
	}
	free(f->v);
	strvec_clear(&f->agents);
}

/* Run fn with the configuration naming agent i's sandbox and agent. */
static int
as_agent(struct fanout *f, size_t i, int (*fn)(struct fanout *, size_t,
    void *), void *arg)
{
	struct config *c = &f->ctx->cfg;
	char *name = c->sandbox_name, *agent = c->agent;
	int rc;

	c->sandbox_name = f->v[i].name;
	c->agent = (char *)f->v[i].agent;
	rc = fn(f, i, arg);
	c->sandbox_name = name;
	c->agent = agent;
	return rc;
}

struct start_arg {
	const char		*task;
	int			 have_sbx;
	struct proc_multi	*m;
};

/* Prepare agent i's sandbox and start its `sbx run`: 0 or an exit code. */
static int
start_one(struct fanout *f, size_t i, void *arg)
{
	struct start_arg *a = arg;
	struct cmd_ctx *ctx = f->ctx;
	struct fanout_one *o = &f->v[i];
	struct strvec words = STRVEC_INIT;
	char *cause = NULL;
	int rc;

	ui_info(&ctx->ui, "starting agent '%s' in sandbox '%s'", o->agent,
	    o->name);
	if (!cmd_task_args(o->agent, a->task, ctx->pass.v, &words))
		ui_warn(&ctx->ui, "no non-interactive mode is known for agent "
		    "'%s'; the task goes first after '--'", o->agent);
	rc = cmd_launch_box(ctx, a->have_sbx, words.v, words.n, &o->p);
	strvec_clear(&words);
	if (rc != 0)
		return rc;
	o->ready = 1;
	if (proc_multi_start(&ctx->sp, a->m, i, &o->p, &cause) < 0)
		return ae_causef(ctx, cause, "agent '%s' did not start",
		    o->agent);
	o->running = !o->p.dry;
	return 0;
}

/* "NAME | LINE", the line escaped, flushed whole at once. */
static void
print_line(void *arg, size_t i, const char *line, size_t len)
{
	struct fanout *f = arg;
	FILE *out = f->ctx->ui.out;
	char *safe = ui_safe(line, len);

	fprintf(out, "%-*s | %s\n", f->width, f->v[i].name, safe);
	fflush(out);
	free(safe);
}

/*
 * What agent i committed, after a fetch of its sandbox: "N new on B" per
 * sandbox branch ahead of BASE, or "nothing new on BASE"; into *arg.
 */
static int
fetch_one(struct fanout *f, size_t i, void *arg)
{
	struct cmd_ctx *ctx = f->ctx;
	struct gitx_branches brs = { NULL, 0 };
	struct strvec cell = STRVEC_INIT;
	char *base = NULL, *cause = NULL, *safe, **out = arg;
	struct review r;
	size_t k;

	memset(&r, 0, sizeof(r));
	ui_info(&ctx->ui, "fetching sandbox '%s'", f->v[i].name);
	if (review_fetch(ctx, &r) != 0)
		goto done;
	if (gitx_resolve_base(r.repo, NULL, &base, &cause) < 0 ||
	    gitx_sandbox_branches(r.repo, r.remote, base, &brs, &cause) < 0) {
		ae_warn_cause(ctx, cause);
		goto done;
	}
	for (k = 0; k < brs.n; k++) {
		if (brs.v[k].ahead == 0)
			continue;
		safe = ui_safe(brs.v[k].name, strlen(brs.v[k].name));
		strvec_pushf(&cell, "%zu new on %s", brs.v[k].ahead, safe);
		free(safe);
	}
	safe = ui_safe(base, strlen(base));
	*out = cell.n == 0 ? xasprintf("nothing new on %s", safe) :
	    xstrdup(cell.v[0]);
	for (k = 1; k < cell.n; k++) {
		free(safe);
		safe = *out;
		*out = xasprintf("%s, %s", safe, cell.v[k]);
	}
	free(safe);
done:
	strvec_clear(&cell);
	gitx_branches_clear(&brs);
	free(base);
	review_clear(&r);
	return 0;
}

/* How agent i ended, for the summary. */
static char *
outcome(const struct fanout_one *o)
{
	if (!o->ready || (!o->running && !o->p.dry))
		return xstrdup("did not start");
	if (o->p.status > 128 && intr_pending())
		return xstrdup("stopped");
	return xasprintf("exit %d", o->p.status);
}

/*
 * One line per agent on the output: sandbox, how it ended, what it
 * committed.  Every sandbox is fetched first, so the lines come
 * together; nothing is fetched after an interruption or under dry-run.
 */
static void
summary(struct fanout *f)
{
	struct cmd_ctx *ctx = f->ctx;
	char **what, *how;
	size_t i;

	if (ctx->sp.dry_run)
		return;
	what = xcalloc(f->n, sizeof(*what));
	for (i = 0; i < f->n && !intr_pending(); i++)
		if (f->v[i].ready)
			as_agent(f, i, fetch_one, &what[i]);
	for (i = 0; i < f->n; i++) {
		how = outcome(&f->v[i]);
		fprintf(ctx->ui.out, "%-*s   %-13s  %s\n", f->width,
		    f->v[i].name, how, what[i] != NULL ? what[i] : "-");
		free(how);
		free(what[i]);
	}
	free(what);
}

/*
 * Then their work side by side: what `compare` prints for this
 * repository's sandboxes (BASE the current branch).  Its own failures
 * (a sandbox it could not fetch) are warned about; they do not change
 * how the agents ended.
 */
static void
side_by_side(struct cmd_ctx *ctx)
{
	/* The task is no BASE. */
	strvec_clear(&ctx->args);
	(void)cmd_compare_entry.exec(ctx);
}

/* Start every agent, print their lines, wait, sum up.  The exit code. */
static int
fanout_parallel(struct fanout *f, const char *task)
{
	struct cmd_ctx *ctx = f->ctx;
	struct proc_multi m = PROC_MULTI_INIT;
	struct start_arg a = { task, 1, &m };
	size_t i, started = 0, ok;
	int rc;

	if ((rc = cmd_launch_preflight(ctx, &a.have_sbx)) != 0)
		return rc;
	/* A failed start is reported and the others go on. */
	for (i = 0; i < f->n && !intr_pending(); i++)
		if (as_agent(f, i, start_one, &a) == 0)
			started++;
	if (started > 0 && !ctx->sp.dry_run)
		ui_info(&ctx->ui, "%zu agent%s running; ^C stops them all and "
		    "keeps their sandboxes", started, started == 1 ? "" : "s");
	ok = proc_multi_wait(&m, print_line, f);
	proc_multi_clear(&m);
	summary(f);
	if (ctx->sp.dry_run)
		return started == f->n ? 0 : 1;
	if (started > 0 && !intr_pending())
		side_by_side(ctx);
	return ok < f->n ? 1 : 0;
}

struct tmux_arg {
	const char	*task;
	size_t		 started;
};

/* Agent i's window: `run TASK [-- MORE]` as that agent, in its sandbox. */
static int
tmux_one(struct fanout *f, size_t i, void *arg)
{
	struct tmux_arg *a = arg;
	struct cmd_ctx *ctx = f->ctx;
	struct strvec inner = STRVEC_INIT;
	int rc;

	strvec_pushl(&inner, "run", a->task, NULL);
	if (ctx->pass.n > 0) {
		strvec_push(&inner, "--");
		strvec_pushv(&inner, ctx->pass.v);
	}
	/* The first window that starts makes the session. */
	rc = cmd_tmux_window(ctx, ctx->cfg.tmux_session, f->v[i].agent,
	    a->started == 0, inner.v);
	strvec_clear(&inner);
	return rc;
}

/* One tmux session, a window per agent; returns once they started. */
static int
fanout_tmux(struct fanout *f, const char *task)
{
	struct cmd_ctx *ctx = f->ctx;
	const char *session = ctx->cfg.tmux_session;
	struct tmux_arg a = { task, 0 };
	int have_sbx, rc;
	size_t i;

	if ((rc = cmd_tmux_check(ctx, session)) != 0 ||
	    (rc = cmd_launch_preflight(ctx, &have_sbx)) != 0)
		return rc;
	for (i = 0; i < f->n && !intr_pending(); i++)
		if (as_agent(f, i, tmux_one, &a) == 0) {
			f->v[i].ready = 1;
			a.started++;
		}
	if (a.started == 0)
		return 1;
	ui_info(&ctx->ui, "%zu of %zu agents run in tmux session '%s', a "
	    "window each; attach with 'code-airlock attach'", a.started, f->n,
	    session);
	if (ctx->cfg.tmux_attach && (ctx->ui.in_tty || ctx->sp.dry_run))
		(void)cmd_tmux_attach(ctx, session);
	return a.started == f->n ? 0 : 1;
}

int
cmd_launch_agents(struct cmd_ctx *ctx, const char *list, const char *task)
{
	struct fanout f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.ctx = ctx;
	if ((rc = fanout_parse(&f, list)) == 0)
		rc = ctx->cfg.use_tmux ? fanout_tmux(&f, task) :
		    fanout_parallel(&f, task);
	fanout_clear(&f);
	return rc;
}
