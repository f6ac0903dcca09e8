/*
 * What a fetch shows: a progress line on a terminal, each sandbox branch
 * it moved (old..new and how many commits are new), and each replaced tip
 * it kept under refs/code-airlock/replaced/NAME/.  Branch names are the
 * agent's, so they are printed terminal-safe.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers/review.h"

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void
review_progress(const struct gitx_progress *p, void *arg)
{
	struct review_progress *pr = arg;
	struct timespec now;
	double secs, rate;

	clock_gettime(CLOCK_MONOTONIC, &now);
	/* At most ten redraws a second, but always the last one. */
	if (pr->shown && since(&pr->last, &now) < 0.1 &&
	    p->received < p->total)
		return;
	pr->last = now;
	secs = since(&pr->t0, &now);
	rate = secs > 0 ? (double)p->bytes / secs : 0;
	fprintf(pr->ui->err, "\rfetching %s: %u/%u objects, ", pr->remote,
	    p->received, p->total);
	if (p->bytes < 1024 * 1024)
		fprintf(pr->ui->err, "%.1f KiB", (double)p->bytes / 1024.0);
	else
		fprintf(pr->ui->err, "%.1f MiB", (double)p->bytes /
		    (1024.0 * 1024.0));
	fprintf(pr->ui->err, ", %.0f KiB/s\033[K", rate / 1024.0);
	fflush(pr->ui->err);
	pr->shown = 1;
}

/* "  NAME  old..new  (N new commits)" for one update. */
static void
report_one(FILE *f, const char *name, const struct gitx_update *u)
{
	char *safe = ui_safe(name, strlen(name));

	if (u->old[0] == '\0')
		fprintf(f, "  %s  (new) %.7s", safe, u->new);
	else
		fprintf(f, "  %s  %.7s..%.7s", safe, u->old, u->new);
	fprintf(f, "  (%s%zu new commit%s%s)\n", u->atleast ? "at least " :
	    "", u->ncommits, u->ncommits == 1 ? "" : "s",
	    u->forced ? ", forced update" : "");
	free(safe);
}

/*
 * Each moved sandbox branch, then each other ref the sandbox serves
 * (a detached HEAD, a tag) that got a ref of its own.
 */
size_t
review_report_updates(struct cmd_ctx *ctx, struct review *r)
{
	char *ns[2] = { gitx_ns_remote(r->remote),
	    gitx_ns_served(ctx->cfg.sandbox_name) };
	const struct gitx_update *u;
	const char *branch;
	size_t i, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < r->fetched.nup; i++) {
			u = &r->fetched.up[i];
			if (!skip_prefix(u->ref, ns[pass], &branch))
				continue;
			n++;
			if (r->report != ctx->ui.err || !ctx->ui.quiet)
				report_one(r->report, branch, u);
		}
	free(ns[0]);
	free(ns[1]);
	return n;
}

/* One line per tip of t, with how to restore it. */
static void
report_tips(struct cmd_ctx *ctx, const struct gitx_tips *t, int what)
{
	char *branch, *ref, *why;
	size_t i;

	for (i = 0; i < t->n; i++) {
		branch = ui_safe(t->v[i].branch, strlen(t->v[i].branch));
		ref = ui_safe(t->v[i].ref, strlen(t->v[i].ref));
		why = t->v[i].why == NULL ? xstrdup("") :
		    ui_safe(t->v[i].why, strlen(t->v[i].why));
		if (what == 0)
			ui_info(&ctx->ui, "kept the replaced tip of '%s' as %s "
			    "(restore: git branch NEW %s)", branch, ref, ref);
		else if (what == 1)
			ui_info(&ctx->ui, "removed the stale ref %s (%s); its "
			    "commits stay reachable", ref, why);
		else if (what == 2)
			ui_warn(&ctx->ui, "kept the tip %.12s of '%s' as %s: "
			    "%s (restore: git branch NEW %s)", t->v[i].oid,
			    branch, ref, why, ref);
		else
			ui_warn(&ctx->ui, "tip %.12s of '%s' is not kept: %s",
			    t->v[i].oid, branch, why);
		free(branch);
		free(ref);
		free(why);
	}
}

/*
 * What the fetch kept, removed or could not keep, and what it fetched
 * that libgit2 cannot read or could not store under its name.
 */
void
review_report_kept(struct cmd_ctx *ctx, const struct gitx_fetch_result *res)
{
	report_tips(ctx, &res->kept, 0);
	report_tips(ctx, &res->removed, 1);
	report_tips(ctx, &res->diverted, 2);
	report_tips(ctx, &res->lost, 3);
	if (res->ninvalid > 0)
		ui_warn(&ctx->ui, "the sandbox advertises %zu ref%s whose "
		    "name git refuses; ignored", res->ninvalid,
		    res->ninvalid == 1 ? "" : "s");
	if (res->nbad > 0)
		ui_warn(&ctx->ui, "%zu fetched commit%s (the first %.12s) "
		    "hold%s a date or signature libgit2 cannot read; git can, "
		    "and %s kept: look with 'git log %.12s'", res->nbad,
		    res->nbad == 1 ? "" : "s", res->bad, res->nbad == 1 ? "s" :
		    "", res->nbad == 1 ? "it is" : "they are", res->bad);
}
