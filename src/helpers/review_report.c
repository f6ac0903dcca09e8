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

/* "  BRANCH  old..new  (N new commits)" per moved sandbox branch. */
size_t
review_report_updates(struct cmd_ctx *ctx, struct review *r)
{
	char *prefix = gitx_ns_remote(r->remote), *safe;
	const struct gitx_update *u;
	const char *branch;
	size_t i, n = 0;

	for (i = 0; i < r->fetched.nup; i++) {
		u = &r->fetched.up[i];
		if (!skip_prefix(u->ref, prefix, &branch))
			continue;
		n++;
		if (r->report == ctx->ui.err && ctx->ui.quiet)
			continue;
		safe = ui_safe(branch, strlen(branch));
		if (u->old[0] == '\0')
			fprintf(r->report, "  %s  (new) %.7s", safe, u->new);
		else
			fprintf(r->report, "  %s  %.7s..%.7s", safe, u->old,
			    u->new);
		fprintf(r->report, "  (%zu new commit%s%s)\n", u->ncommits,
		    u->ncommits == 1 ? "" : "s",
		    u->forced ? ", forced update" : "");
		free(safe);
	}
	free(prefix);
	return n;
}

/* The tips the forced refspecs replaced and gitx kept, one line each. */
void
review_report_kept(struct cmd_ctx *ctx, const struct gitx_tips *kept)
{
	char *branch, *ref;
	size_t i;

	for (i = 0; i < kept->n; i++) {
		branch = ui_safe(kept->v[i].branch, strlen(kept->v[i].branch));
		ref = ui_safe(kept->v[i].ref, strlen(kept->v[i].ref));
		ui_info(&ctx->ui, "kept the replaced tip of '%s' as %s "
		    "(restore: git branch NEW %s)", branch, ref, ref);
		free(branch);
		free(ref);
	}
}
