/*
 * watch: follow this repository's sandboxes until ^C or --timeout.  Every
 * commit that lands on a sandbox branch is printed as it lands (sandbox,
 * branch, short id, subject, escaped), and so is a sandbox that stops
 * (its agent's run ended), runs again, or is removed.  On a stop or a
 * removal it rings the terminal bell and runs NOTIFY.  --json prints one
 * object per event and line.  The polling is helpers/watch.c's.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "base/jw.h"
#include "helpers/cmd.h"
#include "helpers/watch.h"

#define INTERVAL_DEFAULT	5.0
#define SECONDS_MAX		(7 * 86400.0)

static const char *const kind_names[] = {
	[WATCH_COMMIT] = "commit",
	[WATCH_STOPPED] = "stopped",
	[WATCH_REMOVED] = "removed",
	[WATCH_RUNNING] = "running",
};

/* A number of seconds, fractions allowed: 0 < s <= a week. */
static int
seconds(struct cmd_ctx *ctx, enum opt_id id, const char *name, double *out)
{
	const char *v = cmd_opt_value(ctx, id);
	char *end;

	if (v == NULL)
		return 0;
	errno = 0;
	*out = strtod(v, &end);
	if (errno != 0 || end == v || *end != '\0' || !isfinite(*out) ||
	    *out <= 0 || *out > SECONDS_MAX)
		return ae_usage(ctx, "invalid %s '%s': give a number of "
		    "seconds above 0 and at most 604800", name, v);
	return 0;
}

static void
print_json(struct cmd_ctx *ctx, const struct watch_event *e)
{
	struct jw jw;

	jw_init(&jw, ctx->ui.out);
	jw_object_begin(&jw);
	jw_object_uint(&jw, "schema", CMD_JSON_SCHEMA);
	jw_object_string(&jw, "event", kind_names[e->kind]);
	jw_object_string(&jw, "sandbox", e->sandbox);
	jw_object_string(&jw, "branch", *e->branch ? e->branch : NULL);
	jw_object_string(&jw, "commit", *e->commit ? e->commit : NULL);
	if (e->kind == WATCH_COMMIT)
		jw_object_string(&jw, "subject", e->subject);
	jw_object_uint(&jw, "time", (uintmax_t)time(NULL));
	jw_end(&jw);
}

static void
print_text(struct cmd_ctx *ctx, const struct watch_event *e)
{
	FILE *out = ctx->ui.out;
	char *b, *s;

	if (e->kind != WATCH_COMMIT) {
		fprintf(out, "%s %s%s\n", e->sandbox, kind_names[e->kind],
		    e->kind == WATCH_STOPPED ? " (its agent's run ended)" : "");
		return;
	}
	b = ui_safe(e->branch, strlen(e->branch));
	s = ui_safe(e->subject, strlen(e->subject));
	if (e->skipped > 0)
		ui_info(&ctx->ui, "%s %s: %zu earlier new commit%s not listed",
		    e->sandbox, b, e->skipped, e->skipped == 1 ? "" : "s");
	fprintf(out, "%s %s %s %s\n", e->sandbox, b, e->short_id, s);
	free(b);
	free(s);
}

/*
 * NOTIFY, a trusted command, through sh -c; the event in its environment,
 * agent text included (data there, never part of the command string).
 * What it prints goes to stderr, so that --json stays a clean stream.
 */
static void
notify(struct cmd_ctx *ctx, const struct watch_event *e)
{
	struct proc p = PROC_INIT;
	char *cause = NULL, *safe;

	if (*ctx->cfg.notify == '\0')
		return;
	strvec_pushl(&p.args, "sh", "-c", ctx->cfg.notify, NULL);
	strvec_pushf(&p.env, "CODE_AIRLOCK_EVENT=%s", kind_names[e->kind]);
	strvec_pushf(&p.env, "CODE_AIRLOCK_SANDBOX=%s", e->sandbox);
	strvec_pushf(&p.env, "CODE_AIRLOCK_BRANCH=%s", e->branch);
	strvec_pushf(&p.env, "CODE_AIRLOCK_COMMIT=%s", e->commit);
	p.flags = PROC_NULL_IN | PROC_CAPTURE;
	if (proc_run(&ctx->sp, &p, &cause) < 0)
		ae_warn_causef(ctx, cause, "NOTIFY did not run");
	else if (p.status != 0)
		ui_warn(&ctx->ui, "NOTIFY exited with status %d", p.status);
	if (p.out != NULL && (safe = ui_safe_text(p.out)) != NULL) {
		fputs(safe, ctx->ui.err);
		free(safe);
	}
	proc_clear(&p);
}

/* The bell goes to whichever of our streams is a terminal. */
static void
bell(struct cmd_ctx *ctx)
{
	if (isatty(fileno(ctx->ui.out)))
		fputc('\a', ctx->ui.out);
	else if (isatty(fileno(ctx->ui.err)))
		fputc('\a', ctx->ui.err);
}

static void
report(struct cmd_ctx *ctx, const struct watch_events *ev)
{
	const struct watch_event *e;
	size_t i;

	for (i = 0; i < ev->n; i++) {
		e = &ev->v[i];
		if (ctx->json)
			print_json(ctx, e);
		else
			print_text(ctx, e);
		fflush(ctx->ui.out);
		if (e->kind == WATCH_STOPPED || e->kind == WATCH_REMOVED) {
			bell(ctx);
			notify(ctx, e);
		}
	}
	fflush(ctx->ui.out);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep s seconds at once (a signal ends it early): one wake-up a poll. */
static void
nap(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

static int
cmd_watch_exec(struct cmd_ctx *ctx)
{
	struct watch_events ev = { NULL, 0 };
	double interval = INTERVAL_DEFAULT, timeout = 0, end, t;
	struct watch w;
	int rc;

	if ((rc = seconds(ctx, OPT_INTERVAL, "--interval", &interval)) != 0 ||
	    (rc = seconds(ctx, OPT_TIMEOUT, "--timeout", &timeout)) != 0)
		return rc;
	if ((rc = watch_open(ctx, &w)) != 0) {
		watch_clear(&w);
		return rc;
	}
	ui_info(&ctx->ui, "watching %zu sandbox%s of '%s' every %g s; ^C "
	    "stops", w.n, w.n == 1 ? "" : "es", ctx->cfg.repo_dir, interval);
	end = timeout > 0 ? now_s() + timeout : 0;
	while (!intr_pending()) {
		watch_poll(&w, &ev);
		report(ctx, &ev);
		watch_events_clear(&ev);
		t = now_s();
		if (end > 0 && t >= end)
			break;
		nap(end > 0 && end - t < interval ? end - t : interval);
		if (end > 0 && now_s() >= end)
			break;
	}
	watch_clear(&w);
	return 0;
}

static const struct cmd_opt watch_opts[] = {
	{ OPT_INTERVAL, "--interval", 0, "SECONDS",
	    "seconds between polls (default 5)" },
	{ OPT_TIMEOUT, "--timeout", 0, "SECONDS",
	    "stop after this many seconds" },
	OPT_END
};

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.usage = "[--interval SECONDS] [--timeout SECONDS]",
	.summary = "follow this repository's sandboxes: commits as they "
	    "land, agents that end",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = watch_opts,
	.exec = cmd_watch_exec,
};
