/*
 * gitx: walks over the agent's commits, parsed as git parses them
 * (gitx_raw.h).  libgit2 1.5's revwalk and graph functions refuse a
 * commit whose signature it cannot parse (and leak while refusing), and
 * git takes such commits as any other; every walk that may meet the
 * agent's commits (counting, log, "is this tip still held?") is this one.
 *
 * It is git's merge-base painting: the commits of one side are painted
 * P1, those of the others P2, newest first; a commit with both colours is
 * common and everything below it is STALE; the walk ends when only stale
 * commits are left.  A path from the others to the one side is a chain of
 * commits that are not the one side's ancestors, so none of them is ever
 * stale and the walk cannot stop before it is followed: "reached" is
 * exact whatever the dates say.  Dates only order the work (a commit
 * whose date git cannot hold counts as 1970, as git shows it); what is
 * listed as P1 alone is exact as long as no commit is dated before its
 * parents, git's own assumption.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/interrupt.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"

#define P1	1u
#define P2	2u
#define STALE	4u
#define PARSED	8u

/* Past this many commits, "reached?" gives up and answers no. */
#define REACH_MAX	1000000

struct node {
	git_oid		 id;
	long long	 time;
	unsigned	 flags;
	size_t		*par;
	size_t		 npar;
	size_t		 nkids;		/* for ordering a range */
};

struct paint {
	git_odb			*odb;
	struct gitx_oidset	 index;
	struct node		*v;
	size_t			 n, alloc;
	size_t			*heap;
	size_t			 nheap, aheap;
};

static size_t
node(struct paint *p, const git_oid *id)
{
	uint32_t *v;
	int added;

	v = gitx_oidset_put(&p->index, id, (uint32_t)p->n, &added);
	if (added) {
		if (p->n == p->alloc)
			p->v = xrealloc(p->v, (p->alloc = p->alloc ? p->alloc *
			    2 : 64) * sizeof(*p->v));
		memset(&p->v[p->n], 0, sizeof(*p->v));
		git_oid_cpy(&p->v[p->n].id, id);
		p->n++;
	}
	return *v;
}

/* Newest first; equal dates by position, so the order is stable. */
static int
newer(const struct paint *p, size_t a, size_t b)
{
	return p->v[a].time > p->v[b].time || (p->v[a].time == p->v[b].time &&
	    a < b);
}

static void
push(struct paint *p, size_t x)
{
	size_t i, up, t;

	if (p->nheap == p->aheap)
		p->heap = xrealloc(p->heap, (p->aheap = p->aheap ? p->aheap *
		    2 : 64) * sizeof(*p->heap));
	i = p->nheap++;
	p->heap[i] = x;
	for (; i > 0 && newer(p, p->heap[i], p->heap[up = (i - 1) / 2]);
	    i = up) {
		t = p->heap[up];
		p->heap[up] = p->heap[i];
		p->heap[i] = t;
	}
}

static size_t
pop(struct paint *p)
{
	size_t top = p->heap[0], i = 0, c, t;

	p->heap[0] = p->heap[--p->nheap];
	while ((c = 2 * i + 1) < p->nheap) {
		if (c + 1 < p->nheap && newer(p, p->heap[c + 1], p->heap[c]))
			c++;
		if (!newer(p, p->heap[c], p->heap[i]))
			break;
		t = p->heap[c];
		p->heap[c] = p->heap[i];
		p->heap[i] = t;
		i = c;
	}
	return top;
}

/* Read x's date and parents once; a missing commit ends its line. */
static void
parse(struct paint *p, size_t x)
{
	struct gitx_rawcommit c;
	size_t i, j;

	if (p->v[x].flags & PARSED)
		return;
	p->v[x].flags |= PARSED;
	if (gitx_raw_commit(p->odb, &p->v[x].id, 0, &c) != 0)
		return;
	p->v[x].time = c.ctime;
	p->v[x].par = xcalloc(c.nparents + 1, sizeof(size_t));
	for (i = 0; i < c.nparents; i++) {
		j = node(p, &c.parents[i]);
		p->v[x].par[p->v[x].npar++] = j;
	}
	gitx_rawcommit_clear(&c);
}

static int
any_live(const struct paint *p)
{
	size_t i;

	for (i = 0; i < p->nheap; i++)
		if (!(p->v[p->heap[i]].flags & STALE))
			return 1;
	return 0;
}

/* Add colours f to x; queue it when they are new to it. */
static void
paint_one(struct paint *p, size_t x, unsigned f)
{
	if ((p->v[x].flags & f) == f)
		return;
	p->v[x].flags |= f;
	parse(p, x);
	push(p, x);
}

/*
 * Paint one (P1) against others (P2).  With reach, 1 as soon as one is
 * painted P2, 0 when the walk ends without that (or after REACH_MAX
 * commits).  Otherwise 0 when done.  -1 when interrupted.
 */
static int
run(struct paint *p, const git_oid *one, const git_oid *others, size_t n,
    int reach)
{
	size_t i, x, steps = 0, target;
	unsigned f;

	target = node(p, one);
	paint_one(p, target, P1);
	for (i = 0; i < n; i++)
		paint_one(p, node(p, &others[i]), P2);
	while (p->nheap > 0 && any_live(p)) {
		if (reach && (p->v[target].flags & P2))
			return 1;
		if ((++steps & 1023) == 0 && intr_pending())
			return -1;
		if (reach && steps > REACH_MAX)
			return 0;
		x = pop(p);
		f = p->v[x].flags & (P1 | P2 | STALE);
		if ((f & (P1 | P2)) == (P1 | P2))
			f |= STALE;
		for (i = 0; i < p->v[x].npar; i++)
			paint_one(p, p->v[x].par[i], f);
	}
	return reach ? (p->v[target].flags & P2) != 0 : 0;
}

static void
paint_clear(struct paint *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].par);
	free(p->v);
	free(p->heap);
	gitx_oidset_clear(&p->index);
	git_odb_free(p->odb);
	memset(p, 0, sizeof(*p));
}

int
gitx_reach(git_repository *repo, const git_oid *one, const git_oid *others,
    size_t n)
{
	struct paint p;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (git_oid_equal(one, &others[i]))
			return 1;
	memset(&p, 0, sizeof(p));
	if (n == 0 || git_repository_odb(&p.odb, repo) < 0) {
		git_error_clear();
		return 0;
	}
	rc = run(&p, one, others, n, 1);
	paint_clear(&p);
	return rc == 1;
}

int
gitx_is_ancestor(git_repository *repo, const git_oid *anc,
    const git_oid *desc)
{
	return gitx_reach(repo, anc, desc, 1);
}

/* Children before parents, newest first among those ready. */
static void
order(struct paint *p, const size_t *in, size_t n, git_oid *out)
{
	size_t k = 0, x, i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < p->v[in[i]].npar; j++)
			p->v[p->v[in[i]].par[j]].nkids++;
	p->nheap = 0;
	for (i = 0; i < n; i++)
		if (p->v[in[i]].nkids == 0)
			push(p, in[i]);
	while (p->nheap > 0) {
		x = pop(p);
		git_oid_cpy(&out[k++], &p->v[x].id);
		for (j = 0; j < p->v[x].npar; j++)
			if (--p->v[p->v[x].par[j]].nkids == 0 &&
			    (p->v[p->v[x].par[j]].flags & (P1 | P2)) == P1)
				push(p, p->v[x].par[j]);
	}
}

int
gitx_walk_range(git_repository *repo, const git_oid *base,
    const git_oid *tip, git_oid **out, size_t *n)
{
	struct paint p;
	size_t i, *in = NULL, nin = 0;

	memset(&p, 0, sizeof(p));
	*out = NULL;
	*n = 0;
	if (git_repository_odb(&p.odb, repo) < 0 ||
	    run(&p, tip, base, 1, 0) < 0) {
		paint_clear(&p);
		return -1;
	}
	in = xcalloc(p.n + 1, sizeof(*in));
	for (i = 0; i < p.n; i++)
		if ((p.v[i].flags & (P1 | P2)) == P1)
			in[nin++] = i;
	*out = xcalloc(nin + 1, sizeof(**out));
	order(&p, in, nin, *out);
	*n = nin;
	free(in);
	paint_clear(&p);
	return 0;
}

int
gitx_count_range(git_repository *repo, const git_oid *base,
    const git_oid *tip, size_t *n)
{
	git_oid *ids = NULL;
	int rc;

	rc = gitx_walk_range(repo, base, tip, &ids, n);
	free(ids);
	return rc;
}
