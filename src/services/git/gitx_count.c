/*
 * gitx: how many commits a fetch brought on each ref it moved, and whether
 * the move was forced.  A ref that existed counts old..new; a new one
 * counts the commits no ref of the repository held before the fetch.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

/* Was ref changed by this fetch?  Its old value then, else NULL. */
static const struct gitx_update *
updated(const struct gitx_fetch_result *res, const char *ref)
{
	size_t i;

	for (i = 0; i < res->nup; i++)
		if (strcmp(res->up[i].ref, ref) == 0)
			return &res->up[i];
	return NULL;
}

/* Hide from walk every commit some ref held before the fetch. */
static int
hide_before(git_repository *repo, const struct gitx_fetch_result *res,
    git_revwalk *walk)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	const struct gitx_update *u;
	git_oid oid;
	int error;

	if ((error = git_reference_iterator_new(&it, repo)) < 0)
		return error;
	while ((error = git_reference_next(&ref, it)) == 0) {
		if ((u = updated(res, git_reference_name(ref))) != NULL) {
			if (u->old[0] != '\0' &&
			    git_oid_fromstr(&oid, u->old) == 0)
				git_revwalk_hide(walk, &oid);
		} else if (gitx_peel(repo, git_reference_name(ref), &oid) == 0)
			git_revwalk_hide(walk, &oid);
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_error_clear();
	return error == GIT_ITEROVER ? 0 : error;
}

/*
 * Commits new on an updated ref: old..new for a ref that existed, else
 * those no ref of the repository held before the fetch.
 */
static int
count_new(git_repository *repo, const struct gitx_fetch_result *res,
    struct gitx_update *u)
{
	git_revwalk *walk = NULL;
	git_oid oid, old;
	int error;

	if ((error = git_revwalk_new(&walk, repo)) < 0)
		return error;
	git_oid_fromstr(&oid, u->new);
	if ((error = git_revwalk_push(walk, &oid)) < 0)
		goto done;
	if (u->old[0] != '\0') {
		git_oid_fromstr(&old, u->old);
		u->forced = git_graph_descendant_of(repo, &oid, &old) != 1;
		error = git_revwalk_hide(walk, &old);
	} else
		error = hide_before(repo, res, walk);
	if (error < 0)
		goto done;
	while ((error = git_revwalk_next(&oid, walk)) == 0)
		u->ncommits++;
	if (error == GIT_ITEROVER)
		error = 0;
done:
	git_revwalk_free(walk);
	return error;
}

/*
 * An earlier update of the same old..new: the sandbox remote's two
 * refspecs move refs/remotes/sandbox-NAME/B and refs/sandboxes/NAME/B
 * together, and what a move brings depends on old and new alone (a new
 * ref's count hides what every ref held before the fetch, whichever ref
 * it is), so its count holds for both.
 */
static const struct gitx_update *
same_move(const struct gitx_fetch_result *res, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(res->up[j].old, res->up[i].old) == 0 &&
		    strcmp(res->up[j].new, res->up[i].new) == 0)
			return &res->up[j];
	return NULL;
}

/* What the fetch changed: how many commits each moved ref brought. */
int
gitx_count_new(git_repository *repo, struct gitx_fetch_result *res,
    char **cause)
{
	const struct gitx_update *done;
	size_t i;

	for (i = 0; i < res->nup; i++) {
		if ((done = same_move(res, i)) != NULL) {
			res->up[i].ncommits = done->ncommits;
			res->up[i].forced = done->forced;
			continue;
		}
		if (count_new(repo, res, &res->up[i]) < 0) {
			*cause = gitx_err("cannot count commits on '%s'",
			    res->up[i].ref);
			return -1;
		}
	}
	return 0;
}
