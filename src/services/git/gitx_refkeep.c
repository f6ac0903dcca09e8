/*
 * gitx: which old tips a fetch's moves would orphan (gitx_refplan.c asks).
 * A tip is held when a ref that stays, or a new tip, points at it, when
 * the moved ref's new tip descends from it, or (for a few tips; past
 * RP_WALK_MAX it is cheaper to keep them all) when a remaining ref
 * reaches it.  An error counts as "not held": keeping too much is safe.
 * Also the commits the host holds already, which need no served ref.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"
#include "gitx_refs.h"

/* Beyond this many old tips, keep them all instead of walking for each. */
#define RP_WALK_MAX	64

/*
 * Which commits the host holds already, on refs that outlive sbx rm, or
 * on a branch the sandbox serves: a HEAD, tag or other ref at one of
 * those needs no ref of its own (the sandbox clone's refs/remotes/origin/
 * names the host's own branches; HEAD is on a branch unless detached).
 */
void
gitx_refplan_held(const struct refplan *p, const git_oid *rest, size_t nrest,
    struct gitx_oidset *held)
{
	const struct gitx_fetch_result *res = p->res;
	git_oid id;
	size_t i;
	int added;

	for (i = 0; i < nrest; i++)
		gitx_oidset_put(held, &rest[i], 0, &added);
	for (i = 0; i < p->ne; i++)
		if (strncmp(p->e[i].name, p->rprefix, strlen(p->rprefix)) != 0)
			gitx_oidset_put(held, &p->e[i].oid, 0, &added);
	for (i = 0; i < res->nheads; i++)
		if (git_oid_fromstr(&id, res->heads[i].oid) == 0)
			gitx_oidset_put(held, &id, 0, &added);
}

/* Add id to the tips that remain after the moves, once. */
static void
remain(struct gitx_oidset *left, git_oid **tips, size_t *n,
    const git_oid *id)
{
	int added;

	gitx_oidset_put(left, id, 0, &added);
	if (!added)
		return;
	*tips = xrealloc(*tips, (*n + 1) * sizeof(**tips));
	git_oid_cpy(&(*tips)[(*n)++], id);
}

/* Does any remaining ref hold old, or the ref's own new tip reach it? */
static int
held(struct refplan *p, const struct gitx_oidset *left, const git_oid *tips,
    size_t ntips, const struct rp_ref *w, const git_oid *old, int walk)
{
	int rc = 0;

	if (gitx_oidset_get(left, old) != NULL)
		return 1;
	if (w != NULL && gitx_is_ancestor(p->repo, old, &w->oid))
		rc = 1;
	/* Walking from every ref for each tip costs; past a few, keep. */
	else if (walk && gitx_reach(p->repo, old, tips, ntips))
		rc = 1;
	git_error_clear();
	return rc;
}

/* Which old tips would no ref hold after the moves? */
void
gitx_refplan_keeps(struct refplan *p, git_oid *rest, size_t nrest)
{
	struct gitx_oidset left;
	git_oid *tips = NULL;
	size_t i, ntips = 0, ncand = 0;
	struct rp_ref *w, *h;

	memset(&left, 0, sizeof(left));
	for (i = 0; i < nrest; i++)
		remain(&left, &tips, &ntips, &rest[i]);
	for (i = 0; i < p->nw; i++) {
		w = &p->w[i];
		if (w->state == RP_WRITE || w->state == RP_SAME)
			remain(&left, &tips, &ntips, &w->oid);
		ncand += w->state == RP_WRITE && w->had;
	}
	for (i = 0; i < p->ne; i++) {
		h = &p->e[i];
		w = rp_find(p->w, p->nw, h->name);
		if (h->state == RP_BLOCKER)
			ncand++;
		else if (w == NULL || w->state != RP_WRITE)
			remain(&left, &tips, &ntips, &h->oid);
	}
	for (i = 0; i < p->nw; i++) {
		w = &p->w[i];
		if (w->state == RP_WRITE && w->had)
			w->keep = !held(p, &left, tips, ntips, w, &w->old,
			    ncand <= RP_WALK_MAX);
	}
	for (i = 0; i < p->ne; i++) {
		h = &p->e[i];
		if (h->state == RP_BLOCKER)
			h->keep = !held(p, &left, tips, ntips, NULL, &h->oid,
			    ncand <= RP_WALK_MAX);
	}
	free(tips);
	gitx_oidset_clear(&left);
}
