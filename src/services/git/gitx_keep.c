/*
 * gitx: keeping what a forced fetch replaces.  The sandbox remote's
 * refspecs are forced ('+'), so when the agent rewrites a branch (amend,
 * rebase, reset) or a new sandbox takes an old name, a fetch moves
 * refs/sandboxes/NAME/ and refs/remotes/sandbox-NAME/ to commits that do
 * not descend from what they held.  A snapshot of those refs taken before
 * the fetch, compared after it, finds every old tip that no ref reaches any
 * more; its commits are still in the object database (nothing prunes in
 * between), so a new ref under refs/code-airlock/replaced/NAME/ keeps them.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

static void
tips_add(struct gitx_tips *t, const char *ref, char *branch,
    const git_oid *oid)
{
	struct gitx_tip *tip;

	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	tip = &t->v[t->n++];
	tip->ref = xstrdup(ref);
	tip->branch = branch;
	git_oid_tostr(tip->oid, sizeof(tip->oid), oid);
}

/* The fetch refspec of remote that writes ref, or NULL. */
static const git_refspec *
spec_for(git_remote *remote, const char *ref)
{
	const git_refspec *spec;
	size_t i, n = git_remote_refspec_count(remote);

	for (i = 0; i < n; i++) {
		spec = git_remote_get_refspec(remote, i);
		if (git_refspec_direction(spec) == GIT_DIRECTION_FETCH &&
		    git_refspec_dst_matches(spec, ref))
			return spec;
	}
	return NULL;
}

/* The remote branch ref copies: "main" for refs/sandboxes/NAME/main. */
static char *
branch_of(const git_refspec *spec, const char *ref)
{
	git_buf buf = { NULL, 0, 0 };
	char *b;

	if (git_refspec_rtransform(&buf, spec, ref) < 0) {
		git_error_clear();
		skip_prefix(ref, "refs/", &ref);
		return xstrdup(ref);
	}
	b = xstrdup(gitx_branch_of(buf.ptr));
	git_buf_dispose(&buf);
	return b;
}

int
gitx_tips_snapshot(git_repository *repo, const char *name,
    struct gitx_tips *out, char **cause)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_remote *remote = NULL;
	const git_refspec *spec;
	const char *rn;
	git_oid oid;
	int error;

	memset(out, 0, sizeof(*out));
	error = git_remote_lookup(&remote, repo, name);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC) {
		git_error_clear();
		return GITX_ENOTFOUND;
	}
	if (error < 0 || (error = git_reference_iterator_new(&it, repo)) < 0)
		goto done;
	while ((error = git_reference_next(&ref, it)) == 0) {
		rn = git_reference_name(ref);
		if ((spec = spec_for(remote, rn)) != NULL &&
		    gitx_peel(repo, rn, &oid) == 0)
			tips_add(out, rn, branch_of(spec, rn), &oid);
		git_reference_free(ref);
	}
	error = error == GIT_ITEROVER ? 0 : error;
done:
	if (error < 0) {
		*cause = gitx_err("cannot read the refs of remote '%s'", name);
		gitx_tips_clear(out);
	}
	git_error_clear();
	git_reference_iterator_free(it);
	git_remote_free(remote);
	return error < 0 ? -1 : 0;
}

/* Does tip's ref still hold old, or a commit that descends from it? */
static int
on_ref(git_repository *repo, const struct gitx_tip *tip, const git_oid *old)
{
	git_oid cur;
	int rc;

	rc = gitx_peel(repo, tip->ref, &cur) == 0 &&
	    (git_oid_equal(&cur, old) ||
	    git_graph_descendant_of(repo, &cur, old) == 1);
	git_error_clear();
	return rc;
}

/* Is old reachable from any of the n tips?  An error counts as no. */
static int
reached(git_repository *repo, const git_oid *old, const git_oid *tips,
    size_t n)
{
	int rc;

	rc = n > 0 && git_graph_reachable_from_any(repo, old, tips, n) == 1;
	git_error_clear();
	return rc;
}

static int
keep_one(git_repository *repo, const char *name, const struct gitx_tip *tip,
    const git_oid *old, struct gitx_tips *kept, char **cause)
{
	git_reference *ref = NULL;
	const git_error *e;
	char *ns = gitx_ns_replaced(name), *kname;
	int error;

	kname = xasprintf("%s%s/%.12s", ns, tip->branch, tip->oid);
	error = git_reference_create(&ref, repo, kname, old, 0,
	    "code-airlock: keep a replaced sandbox tip");
	if (error == GIT_EEXISTS) {
		/* Twelve digits shared with another kept tip: use all. */
		free(kname);
		kname = xasprintf("%s%s/%s", ns, tip->branch, tip->oid);
		error = git_reference_create(&ref, repo, kname, old, 0,
		    "code-airlock: keep a replaced sandbox tip");
	}
	free(ns);
	git_reference_free(ref);
	if (error < 0) {
		e = git_error_last();
		*cause = xasprintf("cannot keep the replaced tip %.12s of "
		    "sandbox branch '%s' (%s); save it now with 'git branch "
		    "NAME %s'", tip->oid, tip->branch, e != NULL &&
		    e->message != NULL ? e->message : "unknown error",
		    tip->oid);
		free(kname);
		return -1;
	}
	tips_add(kept, kname, xstrdup(tip->branch), old);
	free(kname);
	return 0;
}

int
gitx_keep_replaced(git_repository *repo, const char *name,
    const struct gitx_tips *before, struct gitx_tips *kept, char **cause)
{
	git_oid *tips = NULL, old;
	char *why = NULL;
	size_t i, n = 0;
	int listed = 0, rc = 0;

	memset(kept, 0, sizeof(*kept));
	for (i = 0; i < before->n; i++) {
		if (git_oid_fromstr(&old, before->v[i].oid) < 0 ||
		    on_ref(repo, &before->v[i], &old))
			continue;
		/*
		 * Every ref is listed once, and only for a rewrite.  Without
		 * the list every replaced tip is kept: too many is safe.
		 */
		if (!listed) {
			listed = 1;
			if (gitx_ref_tips(repo, NULL, &tips, &n) < 0)
				git_error_clear();
		}
		if (reached(repo, &old, tips, n))
			continue;
		if (keep_one(repo, name, &before->v[i], &old, kept, &why) < 0) {
			/* Report the first failure, keep the others. */
			if (rc == 0)
				*cause = why;
			else
				free(why);
			rc = -1;
			continue;
		}
		/* The kept ref now reaches old: its other copies are kept. */
		tips = xrealloc(tips, (n + 1) * sizeof(*tips));
		git_oid_cpy(&tips[n++], &old);
	}
	free(tips);
	return rc;
}

void
gitx_tips_clear(struct gitx_tips *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].ref);
		free(t->v[i].branch);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int
gitx_dir_has_refs(const char *dir, const char *prefix)
{
	git_repository *repo = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	char *glob = xasprintf("%s*", prefix);
	int found = 0;

	gitx_global_init();
	if (git_repository_open(&repo, dir) == 0 &&
	    git_reference_iterator_glob_new(&it, repo, glob) == 0 &&
	    git_reference_next(&ref, it) == 0)
		found = 1;
	git_error_clear();
	git_reference_free(ref);
	git_reference_iterator_free(it);
	git_repository_free(repo);
	free(glob);
	return found;
}
