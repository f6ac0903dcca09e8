/*
 * gitx: proof that removing a sandbox loses no commit.  sbx rm deletes the
 * remote and its refs/remotes/ copies; every ref the sandbox advertised
 * (branches, HEAD, tags) must then still be held by some other ref of the
 * host repository: pointed at exactly, or reached.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"

/* Does name start with one of the NULL-terminated prefixes? */
static int
skipped(const char *name, const char *const *skip)
{
	for (; skip != NULL && *skip != NULL; skip++)
		if (strncmp(name, *skip, strlen(*skip)) == 0)
			return 1;
	return 0;
}

int
gitx_ref_tips(git_repository *repo, const char *skip, git_oid **out,
    size_t *n)
{
	const char *skips[] = { skip, NULL };

	return gitx_ref_tips_except(repo, skips, out, n);
}

/*
 * The commit a ref's target names: the target itself when it is one, a
 * tag's commit otherwise.  Reads headers, never parses a commit, so an
 * odd commit is still a tip.
 */
static int
ref_commit(git_odb *odb, const git_oid *target, git_oid *out)
{
	git_object_t t;
	size_t len;

	if (git_odb_read_header(&len, &t, odb, target) < 0)
		return -1;
	if (t == GIT_OBJECT_COMMIT) {
		git_oid_cpy(out, target);
		return 0;
	}
	return t == GIT_OBJECT_TAG ? gitx_raw_peel(odb, target, out) : -1;
}

int
gitx_ref_tips_except(git_repository *repo, const char *const *skip,
    git_oid **out, size_t *n)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	git_odb *odb = NULL;
	size_t alloc = 0;
	git_oid oid;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = git_repository_odb(&odb, repo)) < 0 ||
	    (error = git_reference_iterator_new(&it, repo)) < 0)
		goto done;
	while ((error = git_reference_next(&ref, it)) == 0) {
		if (!skipped(git_reference_name(ref), skip) &&
		    git_reference_resolve(&res, ref) == 0 &&
		    ref_commit(odb, git_reference_target(res), &oid) == 0) {
			if (*n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				*out = xrealloc(*out, alloc * sizeof(**out));
			}
			git_oid_cpy(&(*out)[(*n)++], &oid);
		}
		git_reference_free(res);
		git_reference_free(ref);
		res = NULL;
	}
	git_error_clear();
	error = error == GIT_ITEROVER ? 0 : error;
done:
	git_reference_iterator_free(it);
	git_odb_free(odb);
	if (error < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return error;
}

/* One advertised ref: held exactly, or its commit reached? */
static int
held(git_repository *repo, git_odb *odb, const struct gitx_oidset *exact,
    const git_oid *tips, size_t n, const char *hex)
{
	git_oid id, c;

	if (git_oid_fromstr(&id, hex) < 0)
		return 0;
	if (gitx_oidset_get(exact, &id) != NULL)
		return 1;
	if (ref_commit(odb, &id, &c) < 0)
		return 0;
	if (gitx_oidset_get(exact, &c) != NULL)
		return 1;
	return gitx_reach(repo, &c, tips, n);
}

int
gitx_heads_kept(git_repository *repo, const char *remote,
    const struct gitx_fetch_result *res, char **cause)
{
	struct gitx_oidset exact;
	git_oid *tips = NULL;
	git_odb *odb = NULL;
	char *skip = gitx_ns_remote(remote);
	const struct gitx_head *h;
	size_t i, n = 0;
	int added, rc = -1;

	memset(&exact, 0, sizeof(exact));
	if (gitx_ref_tips(repo, skip, &tips, &n) < 0 ||
	    git_repository_odb(&odb, repo) < 0) {
		*cause = gitx_err("cannot list the refs of the repository");
		goto done;
	}
	for (i = 0; i < n; i++)
		gitx_oidset_put(&exact, &tips[i], 0, &added);
	for (i = 0; i < res->nheads + res->nothers; i++) {
		h = i < res->nheads ? &res->heads[i] :
		    &res->others[i - res->nheads];
		if (held(repo, odb, &exact, tips, n, h->oid))
			continue;
		*cause = xasprintf("'%s' of the sandbox (%.12s) is not kept "
		    "by any host ref; fetch again or save it with 'git branch "
		    "NAME %.12s'", gitx_branch_of(h->ref), h->oid, h->oid);
		goto done;
	}
	rc = 0;
done:
	gitx_oidset_clear(&exact);
	git_odb_free(odb);
	free(tips);
	free(skip);
	return rc;
}
