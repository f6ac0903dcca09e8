/*
 * gitx: the commits of a sandbox branch that BASE does not hold, newest
 * first, as `git log BASE..REF` lists them.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "airlock/gitx.h"
#include "airlock/strvec.h"
#include "gitx_priv.h"

static void
commit_add(struct gitx_commits *out, git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *subject = git_commit_summary(c);
	struct gitx_commit *e;
	git_buf buf = { 0 };

	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	e = &out->v[out->n++];
	git_oid_tostr(e->id, sizeof(e->id), git_commit_id(c));
	if (git_object_short_id(&buf, (const git_object *)c) == 0)
		e->short_id = xstrdup(buf.ptr);
	else
		e->short_id = xstrndup(e->id, 7);
	git_buf_dispose(&buf);
	e->author = xstrdup(a->name != NULL ? a->name : "");
	e->email = xstrdup(a->email != NULL ? a->email : "");
	e->time = (long long)a->when.time;
	e->offset = a->when.offset;
	e->subject = xstrdup(subject != NULL ? subject : "");
}

int
gitx_log(git_repository *repo, const char *base, const char *ref,
    struct gitx_commits *out, char **cause)
{
	git_revwalk *walk = NULL;
	git_commit *c = NULL;
	git_oid oid, base_oid;
	int error, rc = -1;

	memset(out, 0, sizeof(*out));
	if (gitx_peel(repo, base, &base_oid) < 0) {
		*cause = gitx_err("cannot resolve base '%s'", base);
		return -1;
	}
	if (gitx_peel(repo, ref, &oid) < 0) {
		*cause = gitx_err("cannot resolve '%s'", ref);
		return -1;
	}
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, &oid) < 0 ||
	    git_revwalk_hide(walk, &base_oid) < 0)
		goto fail;
	while ((error = git_revwalk_next(&oid, walk)) == 0) {
		if (git_commit_lookup(&c, repo, &oid) < 0)
			goto fail;
		commit_add(out, c);
		git_commit_free(c);
	}
	if (error != GIT_ITEROVER)
		goto fail;
	git_error_clear();
	rc = 0;
	goto done;
fail:
	*cause = gitx_err("cannot list the commits of '%s' not in '%s'", ref,
	    base);
	gitx_commits_free(out);
done:
	git_revwalk_free(walk);
	return rc;
}

void
gitx_commits_free(struct gitx_commits *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].short_id);
		free(cs->v[i].author);
		free(cs->v[i].email);
		free(cs->v[i].subject);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}
