/*
 * gitx: how many commits a fetch brought on each ref it moved, and whether
 * the move was forced.
 *
 * A ref's new commits are those it reaches that the repository did not
 * have before the fetch: exactly the commits of the quarantined pack the
 * repository lacked (gitx_connect.c lists them with their parents), so no
 * walk ever enters the old history.  Counting every such commit's
 * ancestors among them, parents first, costs one step per commit along
 * any history without merges (a commit with one new parent has one more
 * than it); a merge walks what lies below it once, within a budget, and
 * past the budget its count is a lower bound, said as "at least".  So two
 * thousand branches cost what their commits cost, and a hostile history
 * cannot make the count quadratic.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_quar.h"

struct counter {
	const struct gitx_newgraph *g;
	size_t		*cnt;
	unsigned char	*lower;		/* cnt is a lower bound */
	uint32_t	*stamp;		/* walk visits, by epoch */
	uint32_t	 epoch;
	size_t		*queue;
	size_t		 budget;
};

/* Distinct new parents of i: how many, and the largest count among them. */
static size_t
new_parents(struct counter *k, size_t i, size_t *one, size_t *most,
    int *lower)
{
	const struct gitx_newgraph *g = k->g;
	size_t j, p, n = 0;

	*most = 0;
	*lower = 0;
	for (j = g->pfirst[i]; j < g->pfirst[i] + g->pcount[i]; j++) {
		if ((p = g->pl[j]) == (size_t)-1 || (n > 0 && p == *one))
			continue;
		if (n++ == 0)
			*one = p;
		if (k->cnt[p] > *most)
			*most = k->cnt[p];
		*lower |= k->lower[p];
	}
	return n;
}

/* A merge: walk everything new below i once, within the budget. */
static void
count_merge(struct counter *k, size_t i, size_t most)
{
	const struct gitx_newgraph *g = k->g;
	size_t head = 0, tail = 0, c, j, p, n = 0;

	k->epoch++;
	k->stamp[i] = k->epoch;
	k->queue[tail++] = i;
	while (head < tail) {
		if (k->budget == 0) {
			k->cnt[i] = most + 1;
			k->lower[i] = 1;
			return;
		}
		k->budget--;
		c = k->queue[head++];
		n++;
		for (j = g->pfirst[c]; j < g->pfirst[c] + g->pcount[c]; j++) {
			if ((p = g->pl[j]) == (size_t)-1 ||
			    k->stamp[p] == k->epoch)
				continue;
			k->stamp[p] = k->epoch;
			k->queue[tail++] = p;
		}
	}
	k->cnt[i] = n;
}

static void
count_one(struct counter *k, size_t i)
{
	size_t one = 0, most, n;
	int lower;

	n = new_parents(k, i, &one, &most, &lower);
	if (n <= 1) {
		k->cnt[i] = 1 + (n == 1 ? k->cnt[one] : 0);
		k->lower[i] = n == 1 && k->lower[one];
		return;
	}
	count_merge(k, i, most);
	if (lower)
		k->lower[i] = 1;
}

/* Every new commit, each after its new parents (depth first, no recursion). */
static void
count_all(struct counter *k)
{
	const struct gitx_newgraph *g = k->g;
	unsigned char *state = xcalloc(g->n + 1, 1);
	size_t *stack = xcalloc(g->n + 1, sizeof(*stack));
	size_t *next = xcalloc(g->n + 1, sizeof(*next));
	size_t r, top, c, p;

	for (r = 0; r < g->n; r++) {
		if (state[r])
			continue;
		top = 0;
		stack[top++] = r;
		state[r] = 1;
		while (top > 0) {
			c = stack[top - 1];
			if (next[c] < g->pcount[c]) {
				p = g->pl[g->pfirst[c] + next[c]++];
				if (p != (size_t)-1 && state[p] == 0) {
					state[p] = 1;
					stack[top++] = p;
				}
				continue;
			}
			count_one(k, c);
			state[c] = 2;
			top--;
		}
	}
	free(state);
	free(stack);
	free(next);
}

/* The count of what u->new reaches: its own, or the commit a tag names. */
static void
count_update(git_repository *repo, const struct counter *k,
    struct gitx_update *u)
{
	git_odb *odb = NULL;
	git_oid id, c;
	uint32_t *v;

	u->ncommits = 0;
	if (git_oid_fromstr(&id, u->new) < 0)
		return;
	if ((v = gitx_oidset_get(&k->g->index, &id)) == NULL &&
	    git_repository_odb(&odb, repo) == 0 &&
	    gitx_raw_peel(odb, &id, &c) == 0)
		v = gitx_oidset_get(&k->g->index, &c);
	git_odb_free(odb);
	if (v != NULL) {
		u->ncommits = k->cnt[*v];
		u->atleast = k->lower[*v];
	}
}

/* Was the move of u forced?  An error says yes: it only labels it. */
static void
forced(git_repository *repo, struct gitx_update *u)
{
	git_oid a, b;

	u->forced = 0;
	if (u->old[0] == '\0' || git_oid_fromstr(&a, u->new) < 0 ||
	    git_oid_fromstr(&b, u->old) < 0)
		return;
	u->forced = !gitx_is_ancestor(repo, &b, &a);
}

void
gitx_count_new(git_repository *repo, const struct gitx_newgraph *g,
    struct gitx_fetch_result *res)
{
	struct counter k;
	size_t i, j;

	memset(&k, 0, sizeof(k));
	k.g = g;
	k.cnt = xcalloc(g->n + 1, sizeof(*k.cnt));
	k.lower = xcalloc(g->n + 1, 1);
	k.stamp = xcalloc(g->n + 1, sizeof(*k.stamp));
	k.queue = xcalloc(g->n + 1, sizeof(*k.queue));
	k.budget = 8 * g->n + 1000000;
	count_all(&k);
	for (i = 0; i < res->nup; i++) {
		/*
		 * The copies of a branch move alike and are listed one after
		 * the other: count once.
		 */
		for (j = i > 3 ? i - 3 : 0; j < i; j++)
			if (strcmp(res->up[j].old, res->up[i].old) == 0 &&
			    strcmp(res->up[j].new, res->up[i].new) == 0)
				break;
		if (j < i) {
			res->up[i].ncommits = res->up[j].ncommits;
			res->up[i].atleast = res->up[j].atleast;
			res->up[i].forced = res->up[j].forced;
			continue;
		}
		count_update(repo, &k, &res->up[i]);
		forced(repo, &res->up[i]);
	}
	free(k.cnt);
	free(k.lower);
	free(k.stamp);
	free(k.queue);
}
