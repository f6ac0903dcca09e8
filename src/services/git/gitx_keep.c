/*
 * gitx: refs that keep commits.  A fetch keeps an old tip before it moves
 * or removes the ref holding it (gitx_refapply.c); `up`, before sbx
 * creates a sandbox under an old name, keeps every tip of the old one,
 * because sbx's own first fetch then overwrites the branches under
 * refs/sandboxes/NAME/ before this program sees anything.  The snapshot of the refs a remote
 * writes serves the guard (gitx_guard.c).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"
#include "gitx_refs.h"

/* Create name at oid unless it exists: 0 made, 1 there already, -1. */
static int
make_ref(git_repository *repo, const char *name, const git_oid *oid)
{
	git_reference *ref = NULL;
	int error;

	error = git_reference_create(&ref, repo, name, oid, 0,
	    "code-airlock: keep a sandbox tip");
	git_reference_free(ref);
	if (error == 0)
		return 0;
	if (error != GIT_EEXISTS)
		return -1;
	ref = NULL;
	error = git_reference_lookup(&ref, repo, name) == 0 &&
	    git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
	    git_oid_equal(git_reference_target(ref), oid) ? 1 : -1;
	git_reference_free(ref);
	if (error < 0)
		git_error_set_str(GIT_ERROR_REFERENCE, "another commit holds "
		    "that name");
	return error;
}

int
gitx_keep_ref(git_repository *repo, const char *box, const char *label,
    const git_oid *oid, int byid, char **ref, char **why)
{
	char hex[GIT_OID_HEXSZ + 1], *name;
	const git_error *e;
	int rc = -1;

	git_oid_tostr(hex, sizeof(hex), oid);
	if (!byid) {
		name = xasprintf(GITX_REPLACED "%s/%s/%.12s", box, label, hex);
		if ((rc = make_ref(repo, name, oid)) < 0) {
			/* Twelve digits shared with another kept tip. */
			free(name);
			name = xasprintf(GITX_REPLACED "%s/%s/%s", box, label,
			    hex);
			rc = make_ref(repo, name, oid);
		}
		if (rc >= 0) {
			*ref = name;
			git_error_clear();
			return rc;
		}
		free(name);
	}
	/* Ids alone below kept/NAME/: no name there can conflict. */
	name = xasprintf(GITX_KEPT "%s/%s", box, hex);
	if ((rc = make_ref(repo, name, oid)) >= 0) {
		*ref = name;
		git_error_clear();
		return rc;
	}
	e = git_error_last();
	*why = xstrdup(e != NULL && e->message != NULL ? e->message :
	    "unknown error");
	git_error_clear();
	free(name);
	return -1;
}

char *
gitx_ref_label(git_remote *remote, const char *box, const char *ref)
{
	git_buf buf = { NULL, 0, 0 };
	const git_refspec *spec;
	size_t i, n = remote != NULL ? git_remote_refspec_count(remote) : 0;
	char *ns = gitx_ns_served(box), *b;
	const char *rest = ref;

	if (skip_prefix(ref, ns, &rest)) {
		b = xstrdup(rest);
		free(ns);
		return b;
	}
	free(ns);
	for (i = 0; i < n; i++) {
		spec = git_remote_get_refspec(remote, i);
		if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH ||
		    !git_refspec_dst_matches(spec, ref) ||
		    git_refspec_rtransform(&buf, spec, ref) < 0)
			continue;
		b = xstrdup(gitx_branch_of(buf.ptr));
		git_buf_dispose(&buf);
		return b;
	}
	git_error_clear();
	/* refs/sandboxes/NAME/B without a remote (sbx rm removed it). */
	ns = gitx_ns_kept(box);
	if (!skip_prefix(ref, ns, &rest))
		skip_prefix(ref, "refs/", &rest);
	b = xstrdup(rest);
	free(ns);
	return b;
}

/* name less the first of the prefixes ns it starts with, or NULL. */
static const char *
under(const char *name, const char *const *ns)
{
	const char *rest;

	for (; *ns != NULL; ns++)
		if (skip_prefix(name, *ns, &rest))
			return rest;
	return NULL;
}

int
gitx_keep_earlier(git_repository *repo, const char *box, int dry,
    struct gitx_tips *kept, struct gitx_tips *lost, char **cause)
{
	char *remote = gitx_remote_of(box);
	char *ns[] = { gitx_ns_kept(box), gitx_ns_remote(remote),
	    gitx_ns_served(box), NULL };
	struct gitx_tips old;
	git_oid *rest = NULL, oid;
	size_t i, nrest = 0;
	char *ref, *why;
	int rc;

	memset(kept, 0, sizeof(*kept));
	memset(lost, 0, sizeof(*lost));
	rc = gitx_refs_split(repo, (const char *const *)ns, &old, &rest,
	    &nrest);
	for (i = 0; rc == 0 && i < old.n; i++) {
		if (git_oid_fromstr(&oid, old.v[i].oid) < 0 ||
		    gitx_reach(repo, &oid, rest, nrest))
			continue;
		ref = why = NULL;
		if (dry)
			ref = xasprintf(GITX_REPLACED "%s/%s/%.12s", box,
			    old.v[i].branch, old.v[i].oid);
		if (dry || gitx_keep_ref(repo, box, old.v[i].branch, &oid, 0,
		    &ref, &why) == 0)
			gitx_tips_add(kept, ref, old.v[i].branch, &oid, NULL);
		else if (why != NULL)
			gitx_tips_add(lost, old.v[i].ref, old.v[i].branch, &oid,
			    why);
		free(ref);
		free(why);
	}
	git_error_clear();
	if (rc < 0)
		*cause = gitx_err("cannot read the refs of the repository");
	else if (lost->n > 0) {
		*cause = xasprintf("cannot keep %zu tip%s of the earlier "
		    "sandbox '%s', the first %.12s of '%s' (%s)", lost->n,
		    lost->n == 1 ? "" : "s", box, lost->v[0].oid,
		    lost->v[0].branch, lost->v[0].why);
		rc = -1;
	}
	gitx_tips_clear(&old);
	free(rest);
	for (i = 0; ns[i] != NULL; i++)
		free(ns[i]);
	free(remote);
	return rc;
}

/*
 * The refs under ns (name, label, commit) and the commits of every other
 * ref.  Reads ref targets only: no commit is parsed.
 */
int
gitx_refs_split(git_repository *repo, const char *const *ns,
    struct gitx_tips *in, git_oid **rest, size_t *nrest)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	const char *name, *label;
	int error;

	memset(in, 0, sizeof(*in));
	if ((error = git_reference_iterator_new(&it, repo)) < 0)
		return -1;
	while ((error = git_reference_next(&ref, it)) == 0) {
		name = git_reference_name(ref);
		if (git_reference_resolve(&res, ref) == 0) {
			if ((label = under(name, ns)) != NULL)
				gitx_tips_add(in, name, label,
				    git_reference_target(res), NULL);
			else {
				*rest = xrealloc(*rest, (*nrest + 1) *
				    sizeof(**rest));
				git_oid_cpy(&(*rest)[(*nrest)++],
				    git_reference_target(res));
			}
			git_reference_free(res);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_error_clear();
	return error == GIT_ITEROVER ? 0 : -1;
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

int
gitx_tips_snapshot(git_repository *repo, const char *name,
    struct gitx_tips *out, char **cause)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	git_remote *remote = NULL;
	const char *rn;
	char *label;
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
		if (spec_for(remote, rn) != NULL &&
		    git_reference_resolve(&res, ref) == 0) {
			label = gitx_ref_label(remote, "", rn);
			gitx_tips_add(out, rn, label,
			    git_reference_target(res), NULL);
			free(label);
			git_reference_free(res);
		}
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

void
gitx_tips_clear(struct gitx_tips *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].ref);
		free(t->v[i].branch);
		free(t->v[i].why);
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
