/*
 * gitx: fetching a sandbox remote, keeping the tips its forced refspecs
 * replace (gitx_keep.c) and saying what moved; the guarded fetch moves no
 * ref unless the daemon proves to be the sandbox's (gitx_guard.c).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/interrupt.h"
#include "base/strvec.h"
#include "gitx_priv.h"

struct fetch_state {
	struct gitx_fetch_result	*res;
	gitx_progress_fn		 fn;
	void				*arg;
	int				 verdict;	/* GITX_GUARD_ */
};

static int
on_progress(const git_indexer_progress *st, void *data)
{
	struct fetch_state *fs = data;
	struct gitx_progress p;

	/* Interrupted: fail, and libgit2 unwinds, dropping its lock files. */
	if (intr_pending())
		return -1;
	if (fs->fn != NULL) {
		p.total = st->total_objects;
		p.received = st->received_objects;
		p.indexed = st->indexed_objects;
		p.bytes = st->received_bytes;
		fs->fn(&p, fs->arg);
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

static int
on_tip(const char *refname, const git_oid *a, const git_oid *b, void *data)
{
	struct fetch_state *fs = data;
	struct gitx_fetch_result *res = fs->res;
	struct gitx_update *u;

	res->up = xrealloc(res->up, (res->nup + 1) * sizeof(*res->up));
	u = &res->up[res->nup++];
	memset(u, 0, sizeof(*u));
	u->ref = xstrdup(refname);
	if (!git_oid_is_zero(a))
		git_oid_tostr(u->old, sizeof(u->old), a);
	git_oid_tostr(u->new, sizeof(u->new), b);
	return 0;
}

static int
save_heads(git_remote *remote, struct gitx_fetch_result *res)
{
	const git_remote_head **heads;
	size_t i, n;

	if (git_remote_ls(&heads, &n, remote) < 0)
		return -1;
	res->heads = xcalloc(n + 1, sizeof(*res->heads));
	for (i = 0; i < n; i++) {
		if (gitx_branch_of(heads[i]->name) == heads[i]->name)
			continue;
		res->heads[res->nheads].ref = xstrdup(heads[i]->name);
		git_oid_tostr(res->heads[res->nheads].oid, GITX_HEXSZ + 1,
		    &heads[i]->oid);
		res->nheads++;
	}
	return 0;
}

static int
fetch_failed(const char *name, const char *url, char **cause)
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

/*
 * Before the download, and after it for heads not here before: may the
 * refs move?  0, or GITX_EUNVERIFIED.
 */
static int
guard_step(git_repository *repo, git_remote *remote,
    const struct gitx_tips *guard, struct fetch_state *fs, int final,
    char **cause)
{
	int verdict;

	if (guard == NULL || (fs->verdict == GITX_GUARD_YES ||
	    (final && fs->verdict != GITX_GUARD_LATER)))
		return 0;
	verdict = gitx_guard(repo, git_remote_name(remote), guard, fs->res,
	    final);
	fs->verdict = verdict;
	if (verdict != GITX_GUARD_NO)
		return 0;
	*cause = xasprintf("cannot tell that the git daemon at '%s' serves "
	    "sandbox remote '%s'", git_remote_url(remote),
	    git_remote_name(remote));
	return GITX_EUNVERIFIED;
}

/*
 * The fetch, step by step on one connection as git_remote_fetch() does
 * it, so that the advertised heads can be judged before any ref moves:
 * 0, -1, GITX_ECONNECT or GITX_EUNVERIFIED.
 */
static int
fetch_into(git_repository *repo, git_remote *remote, struct fetch_state *fs,
    const struct gitx_tips *guard, char **cause)
{
	const char *name = git_remote_name(remote);
	git_fetch_options opts;
	char *msg;
	int rc;

	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.callbacks.transfer_progress = on_progress;
	opts.callbacks.sideband_progress = on_sideband;
	opts.callbacks.update_tips = on_tip;
	opts.callbacks.payload = fs;
	opts.prune = GIT_FETCH_NO_PRUNE;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &opts.callbacks,
	    &opts.proxy_opts, &opts.custom_headers) < 0)
		return fetch_failed(name, git_remote_url(remote), cause);
	if (save_heads(remote, fs->res) < 0) {
		*cause = gitx_err("cannot list the branches of '%s'", name);
		rc = -1;
	} else if ((rc = guard_step(repo, remote, guard, fs, 0, cause)) == 0 &&
	    git_remote_download(remote, NULL, &opts) < 0)
		rc = fetch_failed(name, git_remote_url(remote), cause);
	if (rc == 0)
		rc = guard_step(repo, remote, guard, fs, 1, cause);
	git_remote_disconnect(remote);
	if (rc != 0)
		return rc;
	msg = xasprintf("fetch %s", name);
	rc = git_remote_update_tips(remote, &opts.callbacks, 1,
	    GIT_REMOTE_DOWNLOAD_TAGS_NONE, msg);
	free(msg);
	if (rc < 0) {
		*cause = gitx_err("cannot update the refs of '%s'", name);
		return -1;
	}
	return gitx_count_new(repo, fs->res, cause);
}

static int
fetch_remote(git_repository *repo, const char *name, int guarded,
    gitx_progress_fn fn, void *arg, struct gitx_fetch_result *res,
    char **cause)
{
	struct fetch_state fs = { res, fn, arg, GITX_GUARD_LATER };
	struct gitx_tips before;
	git_remote *remote = NULL;
	const char *box = name;
	char *why = NULL;
	int error, rc;

	memset(res, 0, sizeof(*res));
	error = git_remote_lookup(&remote, repo, name);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC)
		return GITX_ENOTFOUND;
	if (error < 0) {
		*cause = gitx_err("cannot read remote '%s'", name);
		return -1;
	}
	if (gitx_tips_snapshot(repo, name, &before, cause) != 0) {
		git_remote_free(remote);
		return -1;
	}
	rc = fetch_into(repo, remote, &fs, guarded ? &before : NULL, cause);
	/* Even after a failure: some refs may have moved before it. */
	if (gitx_box_of(name) != NULL)
		box = gitx_box_of(name);
	if (gitx_keep_replaced(repo, box, &before, &res->kept, &why) < 0) {
		if (rc != 0)
			free(*cause);
		*cause = why;
		rc = -1;
	}
	gitx_tips_clear(&before);
	git_remote_free(remote);
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

int
gitx_remote_heads(git_repository *repo, const char *name,
    struct gitx_fetch_result *res, char **cause)
{
	git_remote_callbacks cb;
	git_remote *remote = NULL;
	int error, rc = -1;

	memset(res, 0, sizeof(*res));
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	error = git_remote_lookup(&remote, repo, name);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC)
		return GITX_ENOTFOUND;
	if (error < 0) {
		*cause = gitx_err("cannot read remote '%s'", name);
		return -1;
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL,
	    NULL) < 0) {
		rc = fetch_failed(name, git_remote_url(remote), cause);
		goto done;
	}
	if (save_heads(remote, res) < 0) {
		*cause = gitx_err("cannot list the branches of '%s'", name);
		goto done;
	}
	rc = 0;
done:
	git_remote_disconnect(remote);
	git_remote_free(remote);
	return rc;
}

void
gitx_fetch_result_clear(struct gitx_fetch_result *res)
{
	size_t i;

	for (i = 0; i < res->nup; i++)
		free(res->up[i].ref);
	for (i = 0; i < res->nheads; i++)
		free(res->heads[i].ref);
	free(res->up);
	free(res->heads);
	gitx_tips_clear(&res->kept);
	memset(res, 0, sizeof(*res));
}
