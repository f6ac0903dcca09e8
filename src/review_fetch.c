/*
 * Fetching the sandbox remote for the review commands and rm: make sure
 * the sandbox runs (starting a stopped one unless --no-start), fetch with
 * libgit2 (the URL is read afresh, its port changes on every start), show
 * progress on a terminal and say which sandbox branches moved and which
 * replaced tips were kept under refs/code-airlock/replaced/NAME/.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "airlock/review.h"
#include "airlock/sbx.h"

struct progress {
	struct ui	*ui;
	const char	*remote;
	struct timespec	 t0, last;
	int		 shown;
};

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
on_progress(const struct gitx_progress *p, void *arg)
{
	struct progress *pr = arg;
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

/* Start a stopped sandbox (SPEC §4): 0, 1 when started, -1 with *cause. */
static int
ensure_running(struct cmd_ctx *ctx, struct review *r, char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	enum sbx_status st;
	char *why = NULL;

	if (sbx_status_of(&ctx->sp, name, &st, &why) < 0) {
		ui_warn(&ctx->ui, "cannot tell whether sandbox '%s' runs (%s); "
		    "fetching anyway", name, why);
		free(why);
		return 0;
	}
	if (st == SBX_ABSENT) {
		*cause = xasprintf("sandbox '%s' does not exist ('sbx ls' does "
		    "not list it); branches fetched before remain under "
		    "refs/sandboxes/%s/", name, name);
		return -1;
	}
	if (st != SBX_STOPPED)
		return 0;
	if (cmd_opt_isset(ctx, "--no-start")) {
		*cause = xasprintf("sandbox '%s' is stopped; run 'code-airlock "
		    "%s' without --no-start to start it (or 'sbx exec %s "
		    "true')", name, ctx->entry->name, name);
		return -1;
	}
	ui_info(&ctx->ui, "sandbox '%s' is stopped; starting it with "
	    "'sbx exec %s true'", name, name);
	if (sbx_start(&ctx->sp, name, cause) < 0)
		return -1;
	/* The port changed: read the remote's URL from a fresh handle. */
	gitx_close(r->repo);
	r->repo = NULL;
	return gitx_open(ctx->cfg.repo_dir, &r->repo, cause) < 0 ? -1 : 1;
}

/* "  BRANCH  old..new  (N new commits)" per moved sandbox branch. */
static size_t
report_updates(struct cmd_ctx *ctx, struct review *r)
{
	char *prefix = xasprintf("refs/remotes/%s/", r->remote), *safe;
	size_t i, len = strlen(prefix), n = 0;
	const struct gitx_update *u;

	for (i = 0; i < r->fetched.nup; i++) {
		u = &r->fetched.up[i];
		if (strncmp(u->ref, prefix, len) != 0)
			continue;
		n++;
		if (r->report == ctx->ui.err && ctx->ui.quiet)
			continue;
		safe = ui_safe(u->ref + len, strlen(u->ref + len));
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
static void
report_kept(struct cmd_ctx *ctx, const struct gitx_tips *kept)
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

static int
do_fetch(struct cmd_ctx *ctx, struct review *r, char **cause)
{
	struct progress pr;
	char *url = NULL;
	int rc;

	memset(&pr, 0, sizeof(pr));
	pr.ui = &ctx->ui;
	pr.remote = r->remote;
	clock_gettime(CLOCK_MONOTONIC, &pr.t0);
	rc = gitx_fetch(r->repo, r->remote, ctx->ui.err_tty &&
	    !ctx->ui.quiet ? on_progress : NULL, &pr, &r->fetched, cause);
	if (pr.shown)
		fputc('\n', ctx->ui.err);
	report_kept(ctx, &r->fetched.kept);
	if (rc == GITX_ECONNECT) {
		free(*cause);
		gitx_remote_url(r->repo, r->remote, &url, cause);
		*cause = xasprintf("sandbox '%s' does not answer at '%s' "
		    "(connection refused) although sbx lists it; restart it "
		    "with 'sbx stop %s' and 'code-airlock fetch'",
		    ctx->cfg.sandbox_name, url ? url : "?",
		    ctx->cfg.sandbox_name);
		free(url);
	}
	return rc == 0 ? 0 : -1;
}

/*
 * Dry-run: list what the sandbox serves (read-only, like git ls-remote) so
 * the plan names the branch the fetch would bring; without an answer the
 * last fetch's branches stand in.
 */
static void
dry_probe(struct cmd_ctx *ctx, struct review *r)
{
	char *cause = NULL;

	if (gitx_remote_heads(r->repo, r->remote, &r->fetched, &cause) == 0)
		r->probed = 1;
	else {
		ui_info(&ctx->ui, "dry-run: cannot list the sandbox's "
		    "branches; using those of the last fetch");
		free(cause);
	}
}

/* The fetch without reporting errors: 0, GITX_ENOTFOUND or -1. */
static int
fetch_core(struct cmd_ctx *ctx, struct review *r, char **cause)
{
	const char *argv[] = { "git", "-C", ctx->cfg.repo_dir, "fetch",
	    NULL, NULL };
	char *url = NULL;
	int rc, started;

	r->remote = xasprintf("sandbox-%s", ctx->cfg.sandbox_name);
	if (r->report == NULL)
		r->report = ctx->ui.err;
	if (gitx_open(ctx->cfg.repo_dir, &r->repo, cause) < 0)
		return -1;
	rc = gitx_remote_url(r->repo, r->remote, &url, cause);
	free(url);
	if (rc == GITX_ENOTFOUND) {
		*cause = xasprintf("no remote '%s' in '%s': the sandbox was "
		    "never created in clone mode for this repo; run "
		    "'code-airlock up' first", r->remote, ctx->cfg.repo_dir);
		return GITX_ENOTFOUND;
	}
	if (rc < 0 || (started = ensure_running(ctx, r, cause)) < 0)
		return -1;
	argv[4] = r->remote;
	if (proc_echo_only(&ctx->sp, argv) == 0) {
		if (do_fetch(ctx, r, cause) < 0)
			return -1;
		r->live = 1;
		report_updates(ctx, r);
	} else if (!started)
		dry_probe(ctx, r);
	if (ctx->cfg.fetch_submodules)
		review_fetch_submodules(ctx, r);
	return 0;
}

int
review_fetch(struct cmd_ctx *ctx, struct review *r)
{
	char *cause = NULL;

	if (fetch_core(ctx, r, &cause) != 0)
		return review_fail(ctx, cause);
	return 0;
}

int
review_fetch_for_rm(struct cmd_ctx *ctx, char **cause)
{
	struct review r;
	char *safe;
	int rc;

	memset(&r, 0, sizeof(r));
	*cause = NULL;
	if ((rc = fetch_core(ctx, &r, cause)) == 0 && !ctx->sp.dry_run)
		rc = gitx_heads_kept(r.repo, r.remote, &r.fetched, cause);
	if (rc == GITX_ENOTFOUND)
		rc = 1;
	if (rc != 0 && *cause != NULL) {
		/* It may name a branch the agent made up. */
		safe = ui_safe(*cause, strlen(*cause));
		free(*cause);
		*cause = safe;
	}
	review_close(&r);
	return rc;
}

int
review_fail(struct cmd_ctx *ctx, char *cause)
{
	char *safe;

	if (cause == NULL)
		return ae_error(ctx, "operation failed");
	safe = ui_safe(cause, strlen(cause));
	ae_error(ctx, "%s", safe);
	free(safe);
	free(cause);
	return 1;
}

void
review_note_earlier(struct cmd_ctx *ctx)
{
	const char *name = ctx->cfg.sandbox_name;
	char *prefix = xasprintf("refs/sandboxes/%s/", name);

	if (gitx_dir_has_refs(ctx->cfg.repo_dir, prefix))
		ui_info(&ctx->ui, "branches of an earlier sandbox '%s' stay "
		    "under refs/sandboxes/%s/*; tips that fetching the new one "
		    "replaces are kept under refs/code-airlock/replaced/%s/",
		    name, name, name);
	free(prefix);
}
