/*
 * gitx: the steps of a fetch (gitx_fetch.c says in which order): the
 * remote and its connection, the refs it advertises, the haves offered,
 * the guard, and what is said when something goes wrong.  Also the
 * read-only listing a dry run makes.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/interrupt.h"
#include "base/strvec.h"
#include "gitx_fetchctx.h"
#include "gitx_priv.h"
#include "gitx_refs.h"

static int
on_progress(const git_indexer_progress *st, void *data)
{
	struct gitx_fetch *f = data;
	struct gitx_progress p;

	/* Interrupted: fail, and libgit2 unwinds, dropping its lock files. */
	if (intr_pending())
		return -1;
	if (f->fn != NULL) {
		p.total = st->total_objects;
		p.received = st->received_objects;
		p.indexed = st->indexed_objects;
		p.bytes = st->received_bytes;
		f->fn(&p, f->arg);
	}
	return 0;
}

/* The server's progress messages: while it counts, nothing else comes. */
static int
on_sideband(const char *str, int len, void *data)
{
	(void)str;
	(void)len;
	(void)data;
	return intr_pending() ? -1 : 0;
}

int
gitx_fetch_init(struct gitx_fetch *f, git_repository *repo, const char *name,
    int guarded, struct gitx_fetch_result *res, char **cause)
{
	int error;

	memset(f, 0, sizeof(*f));
	f->repo = repo;
	f->res = res;
	f->guarded = guarded;
	f->verdict = GITX_GUARD_LATER;
	gitx_net_register();
	error = git_remote_lookup(&f->remote, repo, name);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC) {
		git_error_clear();
		return GITX_ENOTFOUND;
	}
	if (error < 0 || git_remote_url(f->remote) == NULL) {
		*cause = gitx_err("cannot read remote '%s'", name);
		git_remote_free(f->remote);
		return -1;
	}
	f->name = git_remote_name(f->remote);
	f->url = git_remote_url(f->remote);
	f->box = xstrdup(gitx_box_of(name) != NULL ? gitx_box_of(name) : name);
	if (guarded && gitx_tips_snapshot(repo, name, &f->before, cause) < 0) {
		gitx_fetch_done(f);
		return -1;
	}
	git_fetch_options_init(&f->opts, GIT_FETCH_OPTIONS_VERSION);
	f->opts.callbacks.transfer_progress = on_progress;
	f->opts.callbacks.sideband_progress = on_sideband;
	f->opts.callbacks.payload = f;
	f->opts.prune = GIT_FETCH_NO_PRUNE;
	f->opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	f->opts.update_fetchhead = 0;
	return 0;
}

static void
heads_clear(struct gitx_fetch_result *res)
{
	size_t i;

	for (i = 0; i < res->nheads; i++)
		free(res->heads[i].ref);
	for (i = 0; i < res->nothers; i++)
		free(res->others[i].ref);
	free(res->heads);
	free(res->others);
	res->heads = res->others = NULL;
	res->nheads = res->nothers = res->ninvalid = 0;
}

void
gitx_fetch_reset(struct gitx_fetch *f)
{
	git_remote_free(f->anon);
	f->anon = NULL;
	gitx_quar_close(&f->q);
	heads_clear(f->res);
}

void
gitx_fetch_done(struct gitx_fetch *f)
{
	git_remote_free(f->anon);
	gitx_quar_close(&f->q);
	gitx_tips_clear(&f->before);
	git_remote_free(f->remote);
	free(f->box);
	memset(f, 0, sizeof(*f));
}

static void
head_add(struct gitx_head **v, size_t *n, const git_remote_head *h)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].ref = xstrdup(h->name);
	git_oid_tostr((*v)[*n].oid, GITX_HEXSZ + 1, &h->oid);
	(*n)++;
}

/* Every advertised ref: branches apart, peeled tag lines skipped. */
static int
save_refs(git_remote *remote, struct gitx_fetch_result *res, char **cause)
{
	const git_remote_head **heads;
	size_t i, n, len;
	int valid;

	heads_clear(res);
	if (git_remote_ls(&heads, &n, remote) < 0) {
		*cause = gitx_err("cannot list the refs of '%s'",
		    git_remote_url(remote));
		return -1;
	}
	if (n > GITX_REFS_MAX) {
		*cause = xasprintf("the git daemon at '%s' advertises %zu "
		    "refs, more than the %d this fetches", git_remote_url(
		    remote), n, GITX_REFS_MAX);
		return -1;
	}
	for (i = 0; i < n; i++) {
		len = strlen(heads[i]->name);
		if (len > 3 && strcmp(heads[i]->name + len - 3, "^{}") == 0)
			continue;
		/* No host ref can hold a name git would refuse. */
		if (git_reference_name_is_valid(&valid, heads[i]->name) < 0 ||
		    !valid) {
			git_error_clear();
			res->ninvalid++;
		} else if (gitx_branch_of(heads[i]->name) != heads[i]->name)
			head_add(&res->heads, &res->nheads, heads[i]);
		else
			head_add(&res->others, &res->nothers, heads[i]);
	}
	return 0;
}

int
gitx_fetch_connect(struct gitx_fetch *f, char **cause)
{
	if (git_remote_create_anonymous(&f->anon, f->q.repo, f->url) < 0) {
		*cause = gitx_err("cannot use the URL '%s' of remote '%s'",
		    f->url, f->name);
		return -1;
	}
	if (git_remote_connect(f->anon, GIT_DIRECTION_FETCH,
	    &f->opts.callbacks, &f->opts.proxy_opts,
	    &f->opts.custom_headers) < 0)
		return gitx_fetch_failed(f->name, f->url, cause);
	if (save_refs(f->anon, f->res, cause) < 0) {
		git_remote_disconnect(f->anon);
		return -1;
	}
	return 0;
}

int
gitx_fetch_guard(struct gitx_fetch *f, int final, char **cause)
{
	if (!f->guarded || f->verdict == GITX_GUARD_YES ||
	    (final && f->verdict != GITX_GUARD_LATER))
		return 0;
	f->verdict = gitx_guard(f->repo, f->q.repo, f->name, &f->before,
	    f->res, final);
	if (f->verdict != GITX_GUARD_NO)
		return 0;
	*cause = xasprintf("cannot tell that the git daemon at '%s' serves "
	    "sandbox remote '%s'", f->url, f->name);
	return GITX_EUNVERIFIED;
}

int
gitx_fetch_unverified(struct gitx_fetch *f, char **cause)
{
	char *why = *cause;

	if (f->verdict == GITX_GUARD_NO && why != NULL)
		return GITX_EUNVERIFIED;
	*cause = xasprintf("cannot tell that the git daemon at '%s' serves "
	    "sandbox remote '%s' (%s)", f->url, f->name, why != NULL ? why :
	    "no answer");
	free(why);
	return GITX_EUNVERIFIED;
}

void
gitx_fetch_tips(const struct gitx_fetch_result *res, git_oid **tips,
    size_t *n)
{
	size_t i;

	*tips = xcalloc(res->nheads + res->nothers + 1, sizeof(**tips));
	*n = 0;
	for (i = 0; i < res->nheads + res->nothers; i++)
		if (git_oid_fromstr(&(*tips)[*n], i < res->nheads ?
		    res->heads[i].oid : res->others[i - res->nheads].oid) == 0)
			(*n)++;
}

void
gitx_fetch_incomplete(struct gitx_fetch *f, char **cause)
{
	char *why = *cause;

	if (intr_pending()) {
		*cause = xasprintf("interrupted while fetching remote '%s'; "
		    "run the command again to fetch the rest", f->name);
		free(why);
		return;
	}
	*cause = xasprintf("the git daemon of remote '%s' sent an incomplete "
	    "history: %s; no ref was moved (check the sandbox's repository "
	    "with 'git fsck')", f->name, why);
	free(why);
}

void
gitx_fetch_unreadable(struct gitx_fetch *f, const struct gitx_newgraph *g)
{
	git_commit *c = NULL;
	size_t i;

	for (i = 0; i < g->n; i++) {
		if (git_commit_lookup(&c, f->repo, &g->ids[i]) == 0) {
			git_commit_free(c);
			continue;
		}
		if (f->res->nbad++ == 0)
			git_oid_tostr(f->res->bad, sizeof(f->res->bad),
			    &g->ids[i]);
	}
	git_error_clear();
}

int
gitx_remote_heads(git_repository *repo, const char *name,
    struct gitx_fetch_result *res, char **cause)
{
	git_remote_callbacks cb;
	git_remote *remote = NULL;
	int error, rc = -1;

	memset(res, 0, sizeof(*res));
	gitx_net_register();
	gitx_net_start();
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	error = git_remote_lookup(&remote, repo, name);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC)
		return GITX_ENOTFOUND;
	if (error < 0) {
		*cause = gitx_err("cannot read remote '%s'", name);
		return -1;
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL,
	    NULL) < 0)
		rc = gitx_fetch_failed(name, git_remote_url(remote), cause);
	else
		rc = save_refs(remote, res, cause);
	git_remote_disconnect(remote);
	git_remote_free(remote);
	return rc;
}

int
gitx_url_heads(const char *url, struct gitx_fetch_result *res, char **cause)
{
	git_remote_callbacks cb;
	git_remote *remote = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	gitx_net_register();
	gitx_net_start();
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	if (git_remote_create_detached(&remote, url) < 0) {
		*cause = gitx_err("cannot use the URL '%s'", url);
		return -1;
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL,
	    NULL) < 0)
		rc = gitx_fetch_failed(url, url, cause);
	else
		rc = save_refs(remote, res, cause);
	git_remote_disconnect(remote);
	git_remote_free(remote);
	return rc;
}
