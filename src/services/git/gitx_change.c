/*
 * gitx: the change BASE...REF (merge base to REF, what `git diff
 * BASE...REF` shows) reduced to counts and the flagged files of the review
 * risk summary.  Only the file list is diffed; a blob is read only to learn
 * its size, whether it is binary, a symlink's target or package.json's
 * scripts, and is freed at once.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <jansson.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

/* The "scripts" object of a package.json blob; NULL when absent. */
static json_t *
pkg_scripts(git_repository *repo, const git_oid *id, int *bad)
{
	git_blob *blob = NULL;
	json_t *doc, *scripts = NULL;

	if (git_blob_lookup(&blob, repo, id) < 0) {
		*bad = 1;
		return NULL;
	}
	doc = json_loadb(git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), 0, NULL);
	if (doc == NULL || !json_is_object(doc))
		*bad = 1;
	else if ((scripts = json_object_get(doc, "scripts")) != NULL)
		json_incref(scripts);
	json_decref(doc);
	git_blob_free(blob);
	return scripts;
}

/* Install scripts run on `npm install`: flag package.json when they change. */
static int
pkg_scripts_changed(git_repository *repo, const git_diff_delta *d)
{
	json_t *a = NULL, *b;
	int bad = 0, changed;

	if (d->status != GIT_DELTA_ADDED)
		a = pkg_scripts(repo, &d->old_file.id, &bad);
	b = pkg_scripts(repo, &d->new_file.id, &bad);
	changed = bad || !((a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && json_equal(a, b)));
	json_decref(a);
	json_decref(b);
	git_error_clear();
	return changed;
}

static int
is_package_json(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base != NULL ? base + 1 : path, "package.json") == 0;
}

/* What the new side of a delta is: size, binary, symlink target, modes. */
static int
new_side(git_repository *repo, const git_diff_delta *d,
    struct gitx_change *c)
{
	const git_diff_file *f = &d->new_file;
	git_blob *blob = NULL;

	if (f->mode == GIT_FILEMODE_COMMIT) {
		c->risk |= GITX_RISK_SUBMODULE;
		return 0;
	}
	if (git_blob_lookup(&blob, repo, &f->id) < 0)
		return -1;
	c->size = (unsigned long long)git_blob_rawsize(blob);
	if (f->mode == GIT_FILEMODE_LINK) {
		c->risk |= GITX_RISK_SYMLINK;
		c->target = xstrndup(git_blob_rawcontent(blob),
		    (size_t)c->size);
	} else {
		if (c->size > GITX_LARGE_BYTES)
			c->risk |= GITX_RISK_LARGE;
		if (git_blob_is_binary(blob))
			c->risk |= GITX_RISK_BINARY;
	}
	if (f->mode == GIT_FILEMODE_BLOB_EXECUTABLE &&
	    (d->status == GIT_DELTA_ADDED ||
	    d->old_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE))
		c->risk |= GITX_RISK_EXEC;
	git_blob_free(blob);
	if (is_package_json(f->path) && pkg_scripts_changed(repo, d))
		c->risk |= GITX_RISK_BUILD;
	return 0;
}

static int
add_delta(git_repository *repo, const git_diff_delta *d,
    struct gitx_changes *out)
{
	struct gitx_change c;

	memset(&c, 0, sizeof(c));
	switch (d->status) {
	case GIT_DELTA_ADDED:
		c.status = 'A';
		out->added++;
		break;
	case GIT_DELTA_DELETED:
		c.status = 'D';
		out->deleted++;
		break;
	case GIT_DELTA_TYPECHANGE:
		c.status = 'T';
		out->modified++;
		break;
	default:
		c.status = 'M';
		out->modified++;
		break;
	}
	out->files++;
	c.risk = gitx_path_risk(d->new_file.path);
	if (c.status != 'D' && new_side(repo, d, &c) < 0)
		return -1;
	if (c.risk == 0)
		return 0;
	c.path = xstrdup(d->new_file.path);
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	out->v[out->n++] = c;
	return 0;
}

/* The trees to compare: merge base (or BASE without one) and REF. */
static int
trees(git_repository *repo, const char *base, const char *ref,
    git_tree **a, git_tree **b, struct gitx_changes *out, char **cause)
{
	git_commit *ca = NULL, *cb = NULL;
	git_oid boid, roid, mb;
	int rc = -1;

	if (gitx_peel(repo, base, &boid) < 0) {
		*cause = gitx_err("cannot resolve base '%s'", base);
		return -1;
	}
	if (gitx_peel(repo, ref, &roid) < 0) {
		*cause = gitx_err("cannot resolve '%s'", ref);
		return -1;
	}
	if (git_merge_base(&mb, repo, &boid, &roid) == 0)
		git_oid_tostr(out->merge_base, sizeof(out->merge_base), &mb);
	else
		git_oid_cpy(&mb, &boid);
	if (git_commit_lookup(&ca, repo, &mb) < 0 ||
	    git_commit_lookup(&cb, repo, &roid) < 0 ||
	    git_commit_tree(a, ca) < 0 || git_commit_tree(b, cb) < 0) {
		*cause = gitx_err("cannot read the trees of '%s' and '%s'",
		    base, ref);
		goto done;
	}
	rc = 0;
done:
	git_commit_free(ca);
	git_commit_free(cb);
	return rc;
}

int
gitx_changes(git_repository *repo, const char *base, const char *ref,
    struct gitx_changes *out, char **cause)
{
	git_diff_options opts;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	size_t i, n;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (trees(repo, base, ref, &a, &b, out, cause) < 0)
		goto done;
	opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
	if (git_diff_tree_to_tree(&diff, repo, a, b, &opts) < 0) {
		*cause = gitx_err("cannot compare '%s' with '%s'", base, ref);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		if (add_delta(repo, git_diff_get_delta(diff, i), out) < 0) {
			*cause = gitx_err("cannot read '%s'",
			    git_diff_get_delta(diff, i)->new_file.path);
			gitx_changes_clear(out);
			goto done;
		}
	}
	rc = 0;
done:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

void
gitx_changes_clear(struct gitx_changes *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].path);
		free(cs->v[i].target);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}
