/*
 * gitx: proof that removing a sandbox loses no commit.  sbx rm deletes the
 * remote and its refs/remotes/ copies; what the sandbox served must then
 * still be reachable from some other ref of the host repository.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

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

int
gitx_ref_tips_except(git_repository *repo, const char *const *skip,
    git_oid **out, size_t *n)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	size_t alloc = 0;
	git_oid oid;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = git_reference_iterator_new(&it, repo)) < 0)
		goto done;
	while ((error = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref);

		if (!skipped(name, skip) && gitx_peel(repo, name, &oid) == 0) {
			if (*n == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				*out = xrealloc(*out, alloc * sizeof(**out));
			}
			git_oid_cpy(&(*out)[(*n)++], &oid);
		}
		git_reference_free(ref);
	}
	git_error_clear();
	error = error == GIT_ITEROVER ? 0 : error;
done:
	git_reference_iterator_free(it);
	if (error < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return error;
}

int
gitx_heads_kept(git_repository *repo, const char *remote,
    const struct gitx_fetch_result *res, char **cause)
{
	git_oid *tips = NULL, oid;
	char *skip = xasprintf("refs/remotes/%s/", remote);
	size_t i, n = 0;
	int rc = -1;

	if (gitx_ref_tips(repo, skip, &tips, &n) < 0) {
		*cause = gitx_err("cannot list the refs of the repository");
		free(skip);
		return -1;
	}
	free(skip);
	for (i = 0; i < res->nheads; i++) {
		git_oid_fromstr(&oid, res->heads[i].oid);
		if (n > 0 && git_graph_reachable_from_any(repo, &oid, tips,
		    n) == 1)
			continue;
		*cause = xasprintf("sandbox branch '%s' (%.12s) is not kept "
		    "by any host ref; fetch again or save it with 'git branch "
		    "NAME %.12s'", gitx_branch_of(res->heads[i].ref), res->heads[i].oid,
		    res->heads[i].oid);
		goto done;
	}
	rc = 0;
done:
	free(tips);
	return rc;
}
