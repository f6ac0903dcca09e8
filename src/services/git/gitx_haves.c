/*
 * gitx: the "haves" a fetch offers the negotiation.  libgit2 1.5 walks
 * from each of them (newest first, at most 256 commits) to tell the
 * daemon what the host has, and that walk fails (and leaks) on a commit
 * whose author or committer line it cannot parse, although git reads it:
 * one such commit of the agent's would make every later fetch fail.  So
 * the walk is played here first, over commits read as git reads them,
 * and a have whose walk would meet such a commit is not offered.  Fewer
 * haves only make the pack larger.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_fetchctx.h"
#include "gitx_priv.h"
#include "gitx_raw.h"
#include "gitx_refs.h"

/* libgit2 sends at most this many haves; its walk goes no further. */
#define WALK_MAX	256
/* Haves dropped one by one before giving up on offering any. */
#define DROP_MAX	16

struct sim {
	git_odb			*odb;
	struct gitx_oidset	 seen;		/* id -> index in ids */
	git_oid			*ids;
	long long		*time;
	size_t			*from;		/* the have that reached it */
	size_t			 n;
	size_t			*heap;
	size_t			 nheap;
};

static size_t
sim_add(struct sim *s, const git_oid *id, long long t, size_t from, int *added)
{
	uint32_t *v = gitx_oidset_put(&s->seen, id, (uint32_t)s->n, added);
	size_t i, up, x;

	if (!*added)
		return *v;
	s->ids = xrealloc(s->ids, (s->n + 1) * sizeof(*s->ids));
	s->time = xrealloc(s->time, (s->n + 1) * sizeof(*s->time));
	s->from = xrealloc(s->from, (s->n + 1) * sizeof(*s->from));
	s->heap = xrealloc(s->heap, (s->n + 1) * sizeof(*s->heap));
	git_oid_cpy(&s->ids[s->n], id);
	s->time[s->n] = t;
	s->from[s->n] = from;
	i = s->nheap++;
	s->heap[i] = s->n;
	for (; i > 0 && s->time[s->heap[up = (i - 1) / 2]] <
	    s->time[s->heap[i]]; i = up) {
		x = s->heap[up];
		s->heap[up] = s->heap[i];
		s->heap[i] = x;
	}
	return s->n++;
}

static size_t
sim_pop(struct sim *s)
{
	size_t top = s->heap[0], i = 0, c, x;

	s->heap[0] = s->heap[--s->nheap];
	while ((c = 2 * i + 1) < s->nheap) {
		if (c + 1 < s->nheap && s->time[s->heap[c + 1]] >
		    s->time[s->heap[c]])
			c++;
		if (s->time[s->heap[c]] <= s->time[s->heap[i]])
			break;
		x = s->heap[c];
		s->heap[c] = s->heap[i];
		s->heap[i] = x;
		i = c;
	}
	return top;
}

/*
 * Play libgit2's walk from the n haves: the index of a have whose walk
 * meets a commit libgit2 cannot read, or n when none does.
 */
static size_t
play(git_odb *odb, const git_oid *haves, size_t n)
{
	struct sim s;
	struct gitx_rawcommit c;
	git_odb_object *o = NULL;
	size_t i, x, steps, bad = n;
	int added;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < n; i++)
		if (gitx_raw_commit(odb, &haves[i], 0, &c) == 0) {
			sim_add(&s, &haves[i], c.ctime, i, &added);
			gitx_rawcommit_clear(&c);
		}
	for (steps = 0; bad == n && s.nheap > 0 && steps < WALK_MAX; steps++) {
		x = sim_pop(&s);
		if (gitx_raw_commit(odb, &s.ids[x], 0, &c) != 0)
			continue;
		for (i = 0; bad == n && i < c.nparents; i++) {
			if (gitx_oidset_get(&s.seen, &c.parents[i]) != NULL ||
			    git_odb_read(&o, odb, &c.parents[i]) < 0)
				continue;
			if (!gitx_raw_libgit2_reads(git_odb_object_data(o),
			    git_odb_object_size(o)))
				bad = s.from[x];
			else
				sim_add(&s, &c.parents[i], gitx_raw_ctime(
				    git_odb_object_data(o),
				    git_odb_object_size(o)), s.from[x], &added);
			git_odb_object_free(o);
			o = NULL;
		}
		gitx_rawcommit_clear(&c);
	}
	git_error_clear();
	gitx_oidset_clear(&s.seen);
	free(s.ids);
	free(s.time);
	free(s.from);
	free(s.heap);
	return bad;
}

/* Drop the haves whose walk libgit2 could not finish. */
static void
walkable(git_repository *repo, git_oid *haves, size_t *n)
{
	git_odb *odb = NULL;
	size_t bad, drops;

	if (git_repository_odb(&odb, repo) < 0) {
		*n = 0;
		return;
	}
	for (drops = 0; *n > 0 && (bad = play(odb, haves, *n)) < *n;
	    drops++) {
		if (drops == DROP_MAX) {
			*n = 0;
			break;
		}
		haves[bad] = haves[--(*n)];
	}
	git_odb_free(odb);
}

/* The commit a ref holds, when libgit2 can read it (the walk needs it). */
static void
have_add(git_repository *repo, struct gitx_oidset *seen, git_oid **v,
    size_t *n, const git_oid *id)
{
	git_commit *c = NULL;
	int added;

	gitx_oidset_put(seen, id, 0, &added);
	if (!added || git_commit_lookup(&c, repo, id) < 0) {
		git_error_clear();
		return;
	}
	git_commit_free(c);
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	git_oid_cpy(&(*v)[(*n)++], id);
}

void
gitx_fetch_haves(struct gitx_fetch *f, int level, git_oid **haves,
    size_t *n)
{
	char *ns[] = { xstrdup(GITX_HEADS), gitx_ns_kept(f->box),
	    gitx_ns_remote(f->name), gitx_ns_served(f->box), NULL };
	struct gitx_oidset seen;
	struct gitx_tips in;
	git_oid *rest = NULL, id;
	size_t i, nrest = 0;

	*haves = NULL;
	*n = 0;
	memset(&seen, 0, sizeof(seen));
	if (level == 1) {
		free(ns[1]);
		ns[1] = NULL;
	}
	if (level < 2 && gitx_refs_split(f->repo, (const char *const *)ns,
	    &in, &rest, &nrest) == 0) {
		for (i = 0; i < in.n; i++)
			if (git_oid_fromstr(&id, in.v[i].oid) == 0)
				have_add(f->repo, &seen, haves, n, &id);
		gitx_tips_clear(&in);
	}
	free(rest);
	gitx_oidset_clear(&seen);
	for (i = 0; i < 4; i++)
		free(ns[i]);
	walkable(f->repo, *haves, n);
}

