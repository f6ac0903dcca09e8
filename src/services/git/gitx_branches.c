/*
 * gitx: the sandbox branches and BASE.  Choosing SBREF among them is in
 * gitx_select.c.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

static int
branch_cmp(const void *a, const void *b)
{
	const struct gitx_branch *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static void
branch_add(struct gitx_branches *out, const char *ref, size_t skip,
    const git_oid *oid, size_t ahead)
{
	struct gitx_branch *b;

	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	b = &out->v[out->n++];
	b->ref = xstrdup(ref);
	b->name = xstrdup(ref + skip);
	git_oid_tostr(b->oid, sizeof(b->oid), oid);
	b->ahead = ahead;
}

int
gitx_sandbox_refs(git_repository *repo, const char *remote,
    struct gitx_branches *out, char **cause)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	char *prefix = gitx_ns_remote(remote);
	size_t len = strlen(prefix);
	git_oid oid;
	int error, rc = -1;

	memset(out, 0, sizeof(*out));
	if (git_reference_iterator_new(&it, repo) < 0)
		goto fail;
	while ((error = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref);

		/*
		 * A symbolic refs/remotes/REMOTE/HEAD is git's pointer to
		 * the default branch; a direct one is a branch the agent
		 * named HEAD, and a candidate like any other.
		 */
		if (strncmp(name, prefix, len) == 0 &&
		    git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    gitx_peel(repo, name, &oid) == 0)
			branch_add(out, name, len, &oid, GITX_AHEAD_UNKNOWN);
		git_reference_free(ref);
	}
	if (error != GIT_ITEROVER)
		goto fail;
	git_error_clear();
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), branch_cmp);
	rc = 0;
	goto done;
fail:
	*cause = gitx_err("cannot list the branches of remote '%s'", remote);
	gitx_branches_clear(out);
done:
	git_reference_iterator_free(it);
	free(prefix);
	return rc;
}

int
gitx_sandbox_branches(git_repository *repo, const char *remote,
    const char *base, struct gitx_branches *out, char **cause)
{
	size_t i;
	git_oid base_oid, oid;

	if (gitx_sandbox_refs(repo, remote, out, cause) < 0)
		return -1;
	if (gitx_peel(repo, base, &base_oid) < 0) {
		*cause = gitx_err("cannot resolve base '%s'", base);
		gitx_branches_clear(out);
		return -1;
	}
	for (i = 0; i < out->n; i++) {
		git_oid_fromstr(&oid, out->v[i].oid);
		if (gitx_count_range(repo, &base_oid, &oid,
		    &out->v[i].ahead) < 0) {
			*cause = gitx_err("cannot list the branches of "
			    "remote '%s'", remote);
			gitx_branches_clear(out);
			return -1;
		}
	}
	return 0;
}

int
gitx_branches_from_heads(git_repository *repo, const char *remote,
    const char *base, const struct gitx_head *heads, size_t n,
    struct gitx_branches *out, char **cause)
{
	git_oid base_oid, oid;
	size_t i, ahead;
	const char *branch;
	char *ns, *ref;

	memset(out, 0, sizeof(*out));
	if (gitx_peel(repo, base, &base_oid) < 0) {
		*cause = gitx_err("cannot resolve base '%s'", base);
		return -1;
	}
	ns = gitx_ns_remote(remote);
	for (i = 0; i < n; i++) {
		if (!skip_prefix(heads[i].ref, GITX_HEADS, &branch) ||
		    git_oid_fromstr(&oid, heads[i].oid) < 0)
			continue;
		ref = xasprintf("%s%s", ns, branch);
		if (!gitx_has_object(repo, heads[i].oid) ||
		    gitx_count_range(repo, &base_oid, &oid, &ahead) < 0)
			ahead = 1;
		branch_add(out, ref, strlen(ns), &oid, ahead);
		free(ref);
	}
	free(ns);
	git_error_clear();
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), branch_cmp);
	return 0;
}

void
gitx_branches_clear(struct gitx_branches *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].ref);
	}
	free(b->v);
	memset(b, 0, sizeof(*b));
}

int
gitx_resolve_base(git_repository *repo, const char *arg, char **base,
    char **cause)
{
	git_reference *head = NULL;
	git_oid oid;
	int error;

	*base = NULL;
	if (arg != NULL) {
		if (gitx_peel(repo, arg, &oid) < 0) {
			*cause = gitx_err("cannot resolve base '%s' (name an "
			    "existing branch or commit)", arg);
			return -1;
		}
		*base = xstrdup(arg);
		return 0;
	}
	error = git_repository_head(&head, repo);
	if (error == GIT_EUNBORNBRANCH || error == GIT_ENOTFOUND) {
		*cause = xasprintf("the current branch has no commits yet; "
		    "commit first or name the base branch");
		return -1;
	}
	if (error < 0) {
		*cause = gitx_err("cannot read HEAD");
		return -1;
	}
	if (!git_reference_is_branch(head)) {
		*cause = xasprintf("HEAD is detached; name the base branch "
		    "explicitly, e.g. 'main'");
		git_reference_free(head);
		return -1;
	}
	*base = xstrdup(git_reference_shorthand(head));
	git_reference_free(head);
	return 0;
}
