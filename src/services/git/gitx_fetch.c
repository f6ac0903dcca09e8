/*
 * gitx: fetching a sandbox remote the way git guarantees a fetch, in this
 * order:
 *
 *   1. connect (bounded, gitx_net.c) and list every advertised ref;
 *   2. unless the caller asked sbx, judge the daemon by what it serves
 *      (gitx_guard.c) before anything is downloaded, and again after;
 *   3. download into a quarantine (gitx_quar.c): nothing joins the
 *      repository yet;
 *   4. check that what arrived connects to what the repository has
 *      (gitx_connect.c): a daemon that leaves out a tree moves no ref;
 *   5. move the pack in, held by a .keep against gc and repack;
 *   6. move the refs, keeping every tip a move would orphan first
 *      (gitx_refplan.c, gitx_refapply.c); count what is new
 *      (gitx_count.c); drop the .keep.
 *
 * The negotiation is libgit2's, and libgit2 cannot walk from a commit it
 * cannot parse (a date git tolerates): the quarantine offers as "haves"
 * only tips it can read, and when a walk still meets such a commit, it
 * offers the host's own branches, then nothing, so that one odd commit
 * never blocks later fetches.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/interrupt.h"
#include "base/strvec.h"
#include "gitx_fetchctx.h"
#include "gitx_priv.h"
#include "gitx_quar.h"
#include "gitx_refs.h"

void	(*gitx_fetch_hook)(const char *) = NULL;

/* The refs the fetch writes, as libgit2 reports them (it writes none). */
static const char *const want_all[] = { "+refs/*:refs/*", "+HEAD:refs/H" };

int
gitx_fetch_failed(const char *name, const char *url, char **cause)
{
	const git_error *e = git_error_last();

	/* Not libgit2's "callback returned -1" or a bare EINTR. */
	if (intr_pending()) {
		*cause = xasprintf("interrupted while fetching remote '%s'; "
		    "run the command again to fetch the rest", name);
		return -1;
	}
	if (e != NULL && e->message != NULL &&
	    (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_OS) &&
	    (strstr(e->message, "refused") != NULL ||
	    strstr(e->message, "failed to connect") != NULL)) {
		*cause = gitx_err("cannot connect to remote '%s' at '%s'",
		    name, url);
		return GITX_ECONNECT;
	}
	*cause = gitx_err("cannot fetch remote '%s' from '%s'", name, url);
	return -1;
}

/* A walk met a commit libgit2 cannot parse: offer fewer haves. */
static int
parse_failure(void)
{
	const git_error *e = git_error_last();

	return e != NULL && (e->klass == GIT_ERROR_INVALID ||
	    e->klass == GIT_ERROR_OBJECT) && !intr_pending();
}

/*
 * One try at steps 1-3 with the haves of level (0 every readable tip,
 * 1 the host's branches, 2 none): 0, GITX_RETRY, or a failure.
 */
static int
attempt(struct gitx_fetch *f, int level, char **cause)
{
	git_strarray specs = { (char **)want_all, 2 };
	git_oid *haves = NULL;
	size_t n = 0;
	int rc;

	gitx_fetch_haves(f, level, &haves, &n);
	rc = gitx_quar_open(f->repo, haves, n, &f->q, cause);
	free(haves);
	if (rc < 0)
		return -1;
	if ((rc = gitx_fetch_connect(f, cause)) != 0)
		return rc;
	if ((rc = gitx_fetch_guard(f, 0, cause)) == 0 &&
	    git_remote_download(f->anon, &specs, &f->opts) < 0) {
		if (level < 2 && parse_failure()) {
			git_error_clear();
			return GITX_RETRY;
		}
		rc = gitx_fetch_failed(f->name, f->url, cause);
	}
	if (rc == 0)
		rc = gitx_fetch_guard(f, 1, cause);
	git_remote_disconnect(f->anon);
	return rc;
}

/* Steps 1-3, offering fewer haves each time a walk fails to parse. */
static int
download(struct gitx_fetch *f, char **cause)
{
	int level, rc = -1;

	for (level = 0; level < 3; level++) {
		rc = attempt(f, level, cause);
		if (rc != GITX_RETRY)
			return rc;
		gitx_fetch_reset(f);
	}
	return rc;
}

/* Steps 4-6. */
static int
land(struct gitx_fetch *f, char **cause)
{
	struct refplan p;
	struct gitx_newgraph g;
	git_oid *tips = NULL;
	size_t n = 0;
	int rc;

	gitx_fetch_tips(f->res, &tips, &n);
	rc = gitx_connect_check(f->repo, &f->q, tips, n, &g, cause);
	free(tips);
	if (rc < 0) {
		gitx_fetch_incomplete(f, cause);
		return -1;
	}
	if (gitx_quar_migrate(&f->q, cause) < 0) {
		gitx_newgraph_clear(&g);
		return -1;
	}
	if (gitx_fetch_hook != NULL)
		gitx_fetch_hook("migrated");
	memset(&p, 0, sizeof(p));
	p.repo = f->repo;
	p.box = f->box;
	p.res = f->res;
	if ((rc = gitx_refplan(&p, f->remote, cause)) == 0)
		rc = gitx_refapply(&p, cause);
	gitx_refplan_clear(&p);
	if (gitx_fetch_hook != NULL)
		gitx_fetch_hook("moved");
	gitx_count_new(f->repo, &g, f->res);
	gitx_fetch_unreadable(f, &g);
	gitx_newgraph_clear(&g);
	/* A tip kept nowhere stays in a pack only the .keep protects. */
	if (f->res->lost.n == 0)
		gitx_quar_release(&f->q);
	else
		strvec_clear(&f->q.keeps);
	return rc;
}

static int
fetch_remote(git_repository *repo, const char *name, int guarded,
    gitx_progress_fn fn, void *arg, struct gitx_fetch_result *res,
    char **cause)
{
	struct gitx_fetch f;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = gitx_fetch_init(&f, repo, name, guarded, res, cause)) != 0)
		return rc;
	f.fn = fn;
	f.arg = arg;
	gitx_net_start();
	if ((rc = download(&f, cause)) == 0)
		rc = land(&f, cause);
	/* Only proof makes an answer final: before it, ask sbx. */
	if (rc != 0 && guarded && f.verdict != GITX_GUARD_YES &&
	    rc != GITX_ECONNECT && !intr_pending())
		rc = gitx_fetch_unverified(&f, cause);
	gitx_fetch_done(&f);
	return rc;
}

int
gitx_fetch(git_repository *repo, const char *name, gitx_progress_fn fn,
    void *arg, struct gitx_fetch_result *res, char **cause)
{
	return fetch_remote(repo, name, 0, fn, arg, res, cause);
}

int
gitx_fetch_guarded(git_repository *repo, const char *name,
    gitx_progress_fn fn, void *arg, struct gitx_fetch_result *res,
    char **cause)
{
	return fetch_remote(repo, name, 1, fn, arg, res, cause);
}

void
gitx_fetch_result_clear(struct gitx_fetch_result *res)
{
	size_t i;

	for (i = 0; i < res->nup; i++)
		free(res->up[i].ref);
	for (i = 0; i < res->nheads; i++)
		free(res->heads[i].ref);
	for (i = 0; i < res->nothers; i++)
		free(res->others[i].ref);
	free(res->up);
	free(res->heads);
	free(res->others);
	gitx_tips_clear(&res->kept);
	gitx_tips_clear(&res->removed);
	gitx_tips_clear(&res->diverted);
	gitx_tips_clear(&res->lost);
	memset(res, 0, sizeof(*res));
}
