/*
 * gitx: the change BASE...REF as a list of facts, one per changed path
 * (status, modes, object ids).  Only the trees are compared: no blob is
 * read here, so a change of any size costs what its file list costs.
 * gitx_diff_stat() alone reads the blobs, to count lines.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

static char
status_of(git_delta_t s)
{
	switch (s) {
	case GIT_DELTA_ADDED:
		return 'A';
	case GIT_DELTA_DELETED:
		return 'D';
	case GIT_DELTA_TYPECHANGE:
		return 'T';
	default:
		return 'M';
	}
}

static void
add_delta(const git_diff_delta *d, struct gitx_diff *out)
{
	struct gitx_delta *e = &out->v[out->n++];

	memset(e, 0, sizeof(*e));
	e->status = status_of(d->status);
	switch (e->status) {
	case 'A':
		out->added++;
		break;
	case 'D':
		out->deleted++;
		break;
	default:
		out->modified++;
		break;
	}
	e->path = xstrdup(e->status == 'D' ? d->old_file.path :
	    d->new_file.path);
	if (e->status != 'A') {
		e->old_mode = d->old_file.mode;
		git_oid_tostr(e->old_id, sizeof(e->old_id), &d->old_file.id);
	}
	if (e->status != 'D') {
		e->new_mode = d->new_file.mode;
		git_oid_tostr(e->new_id, sizeof(e->new_id), &d->new_file.id);
	}
}

/* The trees to compare: merge base (or BASE without one) and REF. */
static int
trees(git_repository *repo, const char *base, const char *ref,
    git_tree **a, git_tree **b, struct gitx_diff *out, char **cause)
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
	git_oid_tostr(out->tip, sizeof(out->tip), &roid);
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
gitx_diff_paths(git_repository *repo, const char *base, const char *ref,
    struct gitx_diff *out, char **cause)
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
	out->v = n > 0 ? xcalloc(n, sizeof(*out->v)) : NULL;
	for (i = 0; i < n; i++)
		add_delta(git_diff_get_delta(diff, i), out);
	rc = 0;
done:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

int
gitx_diff_stat(git_repository *repo, const char *base, const char *ref,
    struct gitx_diffstat *st, char **cause)
{
	struct gitx_diff ids;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	git_diff_stats *stats = NULL;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	memset(&ids, 0, sizeof(ids));
	if (trees(repo, base, ref, &a, &b, &ids, cause) < 0)
		goto done;
	/* NULL options: renames as diff.renames says, git's default on. */
	if (git_diff_tree_to_tree(&diff, repo, a, b, NULL) < 0 ||
	    git_diff_find_similar(diff, NULL) < 0 ||
	    git_diff_get_stats(&stats, diff) < 0) {
		*cause = gitx_err("cannot count the change from '%s' to '%s'",
		    base, ref);
		goto done;
	}
	st->files = git_diff_stats_files_changed(stats);
	st->added = git_diff_stats_insertions(stats);
	st->removed = git_diff_stats_deletions(stats);
	rc = 0;
done:
	git_diff_stats_free(stats);
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

void
gitx_diff_clear(struct gitx_diff *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}
