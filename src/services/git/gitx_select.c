/*
 * gitx: choosing the sandbox branch SBREF (SPEC §4): --branch when given;
 * else, among the branches with commits not in BASE, the one named like
 * BASE, or else the only one.  gitx_select_sbref() counts those commits
 * only where the choice depends on them, and for log lists them in the
 * same walk, so that no branch is walked twice.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

/* "'a' (2), 'b' (1)" for the branches with new commits. */
static char *
candidates(const struct gitx_branches *brs, int all)
{
	char *list = xstrdup(""), *tmp;
	size_t i;

	for (i = 0; i < brs->n; i++) {
		if (!all && brs->v[i].ahead == 0)
			continue;
		tmp = list;
		list = xasprintf("%s%s'%s' (%zu new)", tmp, *tmp ? ", " : "",
		    brs->v[i].name, brs->v[i].ahead);
		free(tmp);
	}
	return list;
}

int
gitx_choose_sbref(const struct gitx_branches *brs, const char *base,
    const char *want, const struct gitx_branch **out, char **cause)
{
	const struct gitx_branch *only = NULL;
	size_t i, n = 0;
	char *list;

	*out = NULL;
	base = gitx_branch_of(base);
	for (i = 0; i < brs->n; i++) {
		const struct gitx_branch *b = &brs->v[i];

		if (want != NULL && (strcmp(b->name, want) == 0 ||
		    strcmp(b->ref, want) == 0)) {
			*out = b;
			return 0;
		}
		if (want == NULL && b->ahead > 0) {
			if (strcmp(b->name, base) == 0) {
				*out = b;
				return 0;
			}
			only = b;
			n++;
		}
	}
	if (want != NULL) {
		list = candidates(brs, 1);
		*cause = xasprintf("no sandbox branch '%s'; fetched sandbox "
		    "branches: %s", want, *list ? list : "none");
		free(list);
		return -1;
	}
	if (n == 0)
		return GITX_ENOTFOUND;
	if (n == 1) {
		*out = only;
		return 0;
	}
	list = candidates(brs, 0);
	*cause = xasprintf("several sandbox branches have commits not in '%s': "
	    "%s; choose one with --branch B", base, list);
	free(list);
	return -1;
}

/*
 * Commits of b not in base: counted into b->ahead, or listed into cs (and
 * counted) when cs is not NULL.
 */
static int
measure(git_repository *repo, const char *base, const git_oid *base_oid,
    struct gitx_branch *b, struct gitx_commits *cs, char **cause)
{
	git_oid oid;
	size_t n = 0;

	if (cs != NULL) {
		if (gitx_log(repo, base, b->ref, cs, cause) < 0)
			return -1;
		b->ahead = cs->n;
		return 0;
	}
	if (git_oid_fromstr(&oid, b->oid) < 0 ||
	    gitx_count_range(repo, base_oid, &oid, &n) < 0) {
		*cause = gitx_err("cannot count the commits of '%s' not in "
		    "'%s'", b->ref, base);
		return -1;
	}
	b->ahead = n;
	return 0;
}

/* --branch's branch, or the one named like base unless known empty. */
static struct gitx_branch *
preferred(struct gitx_branches *brs, const char *base, const char *want)
{
	size_t i;

	base = gitx_branch_of(base);
	for (i = 0; i < brs->n; i++) {
		struct gitx_branch *b = &brs->v[i];

		if (want != NULL ? strcmp(b->name, want) == 0 ||
		    strcmp(b->ref, want) == 0 :
		    strcmp(b->name, base) == 0 && b->ahead != 0)
			return b;
	}
	return NULL;
}

/* The chosen branch's commits into *log: the walk that counted, or one. */
static int
take_log(git_repository *repo, const char *base,
    const struct gitx_branches *brs, const struct gitx_branch *out,
    struct gitx_commits *lists, const char *listed, struct gitx_commits *log,
    char **cause)
{
	size_t i;

	if (log == NULL || out == NULL)
		return 0;
	i = (size_t)(out - brs->v);
	if (!listed[i])
		return gitx_log(repo, base, out->ref, log, cause) < 0 ? -1 : 0;
	*log = lists[i];
	memset(&lists[i], 0, sizeof(lists[i]));
	return 0;
}

int
gitx_select_sbref(git_repository *repo, struct gitx_branches *brs,
    const char *base, const char *want, const struct gitx_branch **out,
    struct gitx_commits *log, char **cause)
{
	struct gitx_commits *lists;
	struct gitx_branch *b;
	git_oid base_oid;
	char *listed;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (log != NULL)
		memset(log, 0, sizeof(*log));
	if (gitx_peel(repo, base, &base_oid) < 0) {
		*cause = gitx_err("cannot resolve base '%s'", base);
		return -1;
	}
	lists = xcalloc(brs->n + 1, sizeof(*lists));
	listed = xcalloc(brs->n + 1, 1);
	/* These win whatever the other branches hold: look at them first. */
	if ((b = preferred(brs, base, want)) != NULL) {
		i = (size_t)(b - brs->v);
		if (b->ahead == GITX_AHEAD_UNKNOWN) {
			if (measure(repo, base, &base_oid, b, log != NULL ?
			    &lists[i] : NULL, cause) < 0)
				goto done;
			listed[i] = log != NULL;
		}
		if (want != NULL || b->ahead > 0) {
			*out = b;
			rc = 0;
			goto chosen;
		}
	}
	/* Every other one is a candidate when it has commits not in base. */
	for (i = 0; i < brs->n; i++) {
		if (brs->v[i].ahead != GITX_AHEAD_UNKNOWN)
			continue;
		if (measure(repo, base, &base_oid, &brs->v[i], log != NULL &&
		    want == NULL ? &lists[i] : NULL, cause) < 0)
			goto done;
		listed[i] = log != NULL && want == NULL;
	}
	if ((rc = gitx_choose_sbref(brs, base, want, out, cause)) != 0)
		goto done;
chosen:
	if (take_log(repo, base, brs, *out, lists, listed, log, cause) < 0)
		rc = -1;
done:
	for (i = 0; i < brs->n; i++)
		gitx_commits_clear(&lists[i]);
	free(lists);
	free(listed);
	return rc;
}
