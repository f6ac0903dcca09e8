/*
 * Fetching the sandbox remote for the review commands and rm: fetch with
 * libgit2, asking sbx nothing when the sandbox's daemon answers and proves
 * to be it; else make sure the sandbox runs (starting a stopped one unless
 * --no-start) and fetch from the URL sbx wrote (the port changes on every
 * start).  Shows progress on a terminal and says which sandbox branches
 * moved and which replaced tips were kept under
 * refs/code-airlock/replaced/NAME/.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers/cmd_sbx.h"
#include "helpers/review.h"
#include "services/sbx/sbx.h"

/*
 * Start a stopped sandbox (SPEC §4), its state known or asked of sbx
 * (`sbx ls --json`): 0 when it runs, 1 when it was just started, -1 with
 * *cause.  When sbx cannot tell, a dry run goes on (it only reads) and a
 * fetch stops: it asks only when the remote did not answer as the sandbox.
 */
static int
ensure_running(struct cmd_ctx *ctx, const enum sbx_status *known,
    char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	enum sbx_status st;
	char *why = NULL;

	if (known != NULL)
		st = *known;
	else if (cmd_sbx_status(ctx, name, &st, &why) < 0) {
		if (!ctx->sp.dry_run) {
			*cause = xasprintf("cannot tell whether sandbox '%s' "
			    "runs (%s); nothing fetched", name, why);
			free(why);
			return -1;
		}
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
	if (cmd_opt_isset(ctx, OPT_NO_START)) {
		*cause = xasprintf("sandbox '%s' is stopped; run 'code-airlock "
		    "%s' without --no-start to start it (or 'sbx exec %s "
		    "true')", name, ctx->entry->name, name);
		return -1;
	}
	ui_info(&ctx->ui, "sandbox '%s' is stopped; starting it with "
	    "'sbx exec %s true'", name, name);
	return sbx_start(&ctx->sp, name, cause) < 0 ? -1 : 1;
}

/* A fresh handle: the remote's URL changes with the sandbox's port. */
static int
reopen(struct cmd_ctx *ctx, struct review *r, char **cause)
{
	gitx_close(r->repo);
	r->repo = NULL;
	return gitx_open(ctx->cfg.repo_dir, &r->repo, cause);
}

/*
 * One fetch, guarded or not (gitx_fetch_guarded()): 0, -1, GITX_ECONNECT
 * or GITX_EUNVERIFIED, with *cause set unless 0.
 */
static int
do_fetch(struct cmd_ctx *ctx, struct review *r, int guarded, char **cause)
{
	const char *argv[] = { "git", "-C", ctx->cfg.repo_dir, "fetch",
	    r->remote, NULL };
	gitx_progress_fn fn = ctx->ui.err_tty && !ctx->ui.quiet ?
	    review_progress : NULL;
	struct review_progress pr;
	int rc;

	proc_echo_only(&ctx->sp, argv);		/* the -v line */
	memset(&pr, 0, sizeof(pr));
	pr.ui = &ctx->ui;
	pr.remote = r->remote;
	clock_gettime(CLOCK_MONOTONIC, &pr.t0);
	gitx_fetch_result_clear(&r->fetched);
	rc = guarded ? gitx_fetch_guarded(r->repo, r->remote, fn, &pr,
	    &r->fetched, cause) : gitx_fetch(r->repo, r->remote, fn, &pr,
	    &r->fetched, cause);
	if (pr.shown)
		fputc('\n', ctx->ui.err);
	review_report_kept(ctx, &r->fetched);
	return rc;
}

/* The URL the remote has now (sbx rewrites it on every start). */
static char *
url_now(struct cmd_ctx *ctx, struct review *r)
{
	char *url = NULL, *why = NULL;

	if (reopen(ctx, r, &why) < 0 ||
	    gitx_remote_url(r->repo, r->remote, &url, &why) != 0) {
		free(why);
		return NULL;
	}
	return url;
}

/*
 * Hold a session open in the sandbox for the fetch (an idle sandbox
 * stops by itself, its git daemon with it); with wait, until it runs.
 * 0, or -1 with *cause.
 */
static int
hold(struct cmd_ctx *ctx, struct sbx_hold *h, int wait, char **cause)
{
	const char *name = ctx->cfg.sandbox_name;

	if (sbx_hold_start(&ctx->sp, name, h, cause) < 0)
		return -1;
	return wait ? sbx_hold_wait(&ctx->sp, h, name, cause) : 0;
}

/* The sandbox stopped during the fetch: start it, fetch once more. */
static int
fetch_again(struct cmd_ctx *ctx, struct review *r, struct sbx_hold *h,
    char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	enum sbx_status st;
	char *why = NULL;

	if (sbx_status_of(&ctx->sp, name, &st, &why) < 0 ||
	    st != SBX_STOPPED) {
		free(why);
		return -1;
	}
	free(*cause);
	*cause = NULL;
	if (cmd_opt_isset(ctx, OPT_NO_START)) {
		*cause = xasprintf("sandbox '%s' stopped during the fetch; run "
		    "'code-airlock %s' without --no-start to start it", name,
		    ctx->entry->name);
		return -1;
	}
	ui_info(&ctx->ui, "sandbox '%s' stopped during the fetch; starting "
	    "it again and fetching once more", name);
	sbx_hold_end(h);
	if (hold(ctx, h, 1, cause) < 0 || reopen(ctx, r, cause) < 0)
		return -1;
	return do_fetch(ctx, r, 0, cause);
}

/* Connection refused from a sandbox sbx says runs. */
static void
refused(struct cmd_ctx *ctx, struct review *r, char **cause)
{
	char *url = NULL, *why = NULL;

	free(*cause);
	if (gitx_remote_url(r->repo, r->remote, &url, &why) != 0)
		free(why);
	*cause = xasprintf("sandbox '%s' does not answer at '%s' (connection "
	    "refused) although sbx lists it; restart it with 'sbx stop %s' "
	    "and 'code-airlock fetch'", ctx->cfg.sandbox_name, url ? url : "?",
	    ctx->cfg.sandbox_name);
	free(url);
}

/*
 * The first try, asking sbx nothing: a session is held open (it starts a
 * stopped sandbox) while the remote is fetched, guarded.  1 when nothing
 * that proves to be the sandbox answered at the old URL and the session
 * did not come up either, so sbx must be asked; else the fetch's result.
 */
static int
quick_fetch(struct cmd_ctx *ctx, struct review *r, struct sbx_hold *h,
    char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	char *before, *after, *why = NULL;
	int rc;

	before = url_now(ctx, r);
	if (hold(ctx, h, 0, &why) < 0)
		free(why);
	rc = do_fetch(ctx, r, 1, cause);
	if (rc == GITX_ECONNECT || rc == GITX_EUNVERIFIED) {
		free(*cause);
		*cause = NULL;
		rc = 1;
		if (sbx_hold_wait(&ctx->sp, h, name, &why) == 0 && h->held)
			rc = reopen(ctx, r, cause) < 0 ? -1 :
			    do_fetch(ctx, r, 0, cause);
		free(why);
	}
	after = rc <= 0 ? url_now(ctx, r) : NULL;
	if (before && after && strcmp(before, after) != 0)
		ui_info(&ctx->ui, "sandbox '%s' was stopped; it was started "
		    "for the fetch", name);
	free(before);
	free(after);
	return rc;
}

/*
 * The fetch of a live run, with a session held open so that the sandbox
 * does not stop by itself midway.  Unless the caller knows the sandbox's
 * state (or --no-start forbids starting it), try the remote first,
 * guarded: a sandbox that runs is fetched without asking sbx anything.
 * Else ask sbx, start a stopped sandbox and fetch from the URL sbx wrote.
 * When the sandbox stopped all the same (its daemon vanished midway),
 * start it and fetch once more.  0 or -1.
 */
static int
live_fetch(struct cmd_ctx *ctx, struct review *r,
    const enum sbx_status *known, char **cause)
{
	struct sbx_hold h;
	char *why = NULL;
	int rc = 1;

	memset(&h, 0, sizeof(h));
	if (known == NULL && !cmd_opt_isset(ctx, OPT_NO_START))
		rc = quick_fetch(ctx, r, &h, cause);
	if (rc == 1) {
		if (ensure_running(ctx, known, cause) < 0)
			goto done;
		if (!h.held && hold(ctx, &h, 1, &why) < 0) {
			ui_warn(&ctx->ui, "%s; the sandbox may stop during the "
			    "fetch", why);
			free(why);
		}
		rc = reopen(ctx, r, cause) < 0 ? -1 :
		    do_fetch(ctx, r, 0, cause);
	}
	if (rc != 0 && rc != GITX_ECONNECT)
		rc = fetch_again(ctx, r, &h, cause) == 0 ? 0 : rc;
	if (rc == GITX_ECONNECT)
		refused(ctx, r, cause);
done:
	sbx_hold_end(&h);
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

/* For `ls --repo` and compare: when this sandbox was last fetched. */
static void
record_time(struct cmd_ctx *ctx, struct review *r)
{
	char *cause = NULL;

	if (gitx_fetched_set(r->repo, ctx->cfg.sandbox_name,
	    (long long)time(NULL), &cause) < 0)
		ae_warn_cause(ctx, cause);
}

/*
 * The fetch without reporting errors: 0, GITX_ENOTFOUND or -1.  known is
 * the sandbox's state when the caller asked sbx already, else NULL.
 */
static int
fetch_core(struct cmd_ctx *ctx, struct review *r,
    const enum sbx_status *known, char **cause)
{
	const char *argv[] = { "git", "-C", ctx->cfg.repo_dir, "fetch",
	    NULL, NULL };
	char *url = NULL;
	int rc, started;

	r->remote = gitx_remote_of(ctx->cfg.sandbox_name);
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
	if (rc < 0)
		return -1;
	argv[4] = r->remote;
	gitx_net_bounds(ctx->cfg.fetch_timeout * 1000, r->total_ms);
	if (ctx->sp.dry_run) {
		/* The plan shows the start before the fetch. */
		if ((started = ensure_running(ctx, known, cause)) < 0)
			return -1;
		proc_echo_only(&ctx->sp, argv);
		if (!started)
			dry_probe(ctx, r);
	} else {
		if (live_fetch(ctx, r, known, cause) < 0)
			return -1;
		r->live = 1;
		record_time(ctx, r);
		r->moved = review_report_updates(ctx, r);
	}
	if (ctx->cfg.fetch_submodules)
		review_fetch_submodules(ctx, r);
	return 0;
}

int
review_fetch(struct cmd_ctx *ctx, struct review *r)
{
	char *cause = NULL;

	if (fetch_core(ctx, r, NULL, &cause) != 0)
		return ae_cause(ctx, cause);
	return 0;
}

int
review_fetch_known(struct cmd_ctx *ctx, struct review *r, enum sbx_status st,
    char **cause)
{
	int rc;

	*cause = NULL;
	if ((rc = fetch_core(ctx, r, &st, cause)) != 0 && *cause != NULL) {
		/* It may name a branch the agent made up. */
		char *safe = ui_safe(*cause, strlen(*cause));

		free(*cause);
		*cause = safe;
	}
	return rc;
}

int
review_fetch_for_rm(struct cmd_ctx *ctx, enum sbx_status st, int force,
    char **cause)
{
	struct review r;
	char *safe;
	int rc;

	memset(&r, 0, sizeof(r));
	*cause = NULL;
	/* --force must reach sbx rm whatever the daemon does. */
	if (force)
		r.total_ms = 4 * ctx->cfg.fetch_timeout * 1000;
	if ((rc = fetch_core(ctx, &r, &st, cause)) == 0 && !ctx->sp.dry_run)
		rc = gitx_heads_kept(r.repo, r.remote, &r.fetched, cause);
	if (rc != 0 && *cause != NULL) {
		/* It may name a branch the agent made up. */
		safe = ui_safe(*cause, strlen(*cause));
		free(*cause);
		*cause = safe;
	}
	review_clear(&r);
	return rc;
}
