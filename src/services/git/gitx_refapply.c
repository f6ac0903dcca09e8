/*
 * gitx: applying a fetch's ref plan (gitx_refplan.c) in the one order that
 * keeps every commit reachable at every instant, so that a crash, SIGKILL
 * or full disk between any two steps loses nothing:
 *
 *   1. keep each old tip that a move or removal would orphan, under
 *      refs/code-airlock/replaced/NAME/; when that fails, the ref it sits
 *      on is not touched (and the new tip is kept by id instead);
 *   2. remove the stale refs in the way of a new name (their tips are kept
 *      or held elsewhere by now);
 *   3. move each ref, only from the value the plan saw (a ref changed
 *      meanwhile is left alone);
 *   4. keep by id, under refs/code-airlock/kept/NAME/, each new tip whose
 *      ref could not be written and that no lasting ref holds.
 *
 * Whatever could not be kept anywhere is listed in res->lost, each tip
 * with its reason, and the fetch fails.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"
#include "gitx_refs.h"

void
gitx_tips_add(struct gitx_tips *t, const char *ref, const char *branch,
    const git_oid *oid, const char *why)
{
	struct gitx_tip *tip;

	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	tip = &t->v[t->n++];
	tip->ref = xstrdup(ref);
	tip->branch = xstrdup(branch);
	tip->why = why != NULL ? xstrdup(why) : NULL;
	git_oid_tostr(tip->oid, sizeof(tip->oid), oid);
}

/* A tip not kept anywhere, listed once whatever holds it. */
static void
lost(struct refplan *p, const char *ref, const char *label,
    const git_oid *oid, const char *why)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	git_oid_tostr(hex, sizeof(hex), oid);
	for (i = 0; i < p->res->lost.n; i++)
		if (strcmp(p->res->lost.v[i].oid, hex) == 0)
			return;
	gitx_tips_add(&p->res->lost, ref, label, oid, why);
}

static char *
last_error(void)
{
	const git_error *e = git_error_last();
	char *s = xstrdup(e != NULL && e->message != NULL ? e->message :
	    "unknown error");

	git_error_clear();
	return s;
}

/* Step 1 for one tip: 0 kept (or already), -1 with *why. */
static int
keep_old(struct refplan *p, struct gitx_oidset *done, const char *label,
    const git_oid *oid, char **why)
{
	char *ref = NULL;
	int added, rc;

	if (gitx_oidset_get(done, oid) != NULL)
		return 0;
	if ((rc = gitx_keep_ref(p->repo, p->box, label, oid, 0, &ref,
	    why)) < 0)
		return -1;
	gitx_oidset_put(done, oid, 0, &added);
	if (rc == 0)
		gitx_tips_add(&p->res->kept, ref, label, oid, NULL);
	free(ref);
	return 0;
}

/* Is r a ref of the served namespace (HEAD, tags)? */
static int
served(const struct rp_ref *r)
{
	return strncmp(r->name, GITX_SERVED, strlen(GITX_SERVED)) == 0;
}

static void
keep_all(struct refplan *p, struct gitx_oidset *done)
{
	struct gitx_oidset failed;
	struct rp_ref *r, *w;
	char *why = NULL, *msg;
	const git_oid *id;
	size_t i, k;
	int added;

	memset(&failed, 0, sizeof(failed));
	/* Branches first: a tip both hold is kept under the branch's name. */
	for (k = 0; k < 2 * (p->nw + p->ne); k++) {
		i = k % (p->nw + p->ne);
		r = i < p->nw ? &p->w[i] : &p->e[i - p->nw];
		id = i < p->nw ? &r->old : &r->oid;
		if (!r->keep || served(r) != (k >= p->nw + p->ne) ||
		    (gitx_oidset_get(&failed, id) == NULL &&
		    keep_old(p, done, r->label, id, &why) == 0))
			continue;
		gitx_oidset_put(&failed, id, 0, &added);
		if (why != NULL) {
			msg = xasprintf("cannot keep the replaced tip (%s); "
			    "'%s' was not moved", why, r->name);
			lost(p, r->name, r->label, id, msg);
			free(msg);
			free(why);
			why = NULL;
		}
		if (i < p->nw) {
			r->state = RP_CANCEL;
			continue;
		}
		/* A blocker stays; the want it blocks cannot be written. */
		r->state = RP_STAY;
		for (w = p->w; w < p->w + p->nw; w++)
			if (w->state == RP_WRITE && strcmp(w->label,
			    r->blocks) == 0)
				w->state = RP_CANCEL;
	}
	gitx_oidset_clear(&failed);
}

static void
remove_blockers(struct refplan *p)
{
	git_reference *ref = NULL;
	struct rp_ref *h;
	size_t i;
	char *why;

	for (i = 0; i < p->ne; i++) {
		h = &p->e[i];
		if (h->state != RP_BLOCKER)
			continue;
		/* Deleted only if it still holds what the plan saw. */
		if (git_reference_lookup(&ref, p->repo, h->name) == 0 &&
		    git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    git_oid_equal(git_reference_target(ref), &h->oid) &&
		    git_reference_delete(ref) == 0) {
			why = xasprintf("in the way of '%s'", h->blocks);
			gitx_tips_add(&p->res->removed, h->name, h->label,
			    &h->oid, why);
			free(why);
		}
		git_reference_free(ref);
		ref = NULL;
		git_error_clear();
	}
}

/* Does name survive `sbx rm` (which removes refs/remotes/REMOTE/)? */
static int
lasting(const struct refplan *p, const char *name)
{
	return strncmp(name, p->rprefix, strlen(p->rprefix)) != 0;
}

static void
update_add(struct gitx_fetch_result *res, const struct rp_ref *w)
{
	struct gitx_update *u;

	res->up = xrealloc(res->up, (res->nup + 1) * sizeof(*res->up));
	u = &res->up[res->nup++];
	memset(u, 0, sizeof(*u));
	u->ref = xstrdup(w->name);
	if (w->had)
		git_oid_tostr(u->old, sizeof(u->old), &w->old);
	git_oid_tostr(u->new, sizeof(u->new), &w->oid);
}

/* Step 3 for one want: 0 moved, -1 with *why. */
static int
write_one(struct refplan *p, struct rp_ref *w, char **why)
{
	git_reference *ref = NULL;
	char *msg = xasprintf("code-airlock: fetch sandbox '%s'", p->box);
	int error;

	if (w->had)
		error = git_reference_create_matching(&ref, p->repo, w->name,
		    &w->oid, 1, &w->old, msg);
	else
		error = git_reference_create(&ref, p->repo, w->name, &w->oid,
		    0, msg);
	free(msg);
	git_reference_free(ref);
	if (error < 0) {
		*why = last_error();
		return -1;
	}
	update_add(p->res, w);
	return 0;
}

/* Step 4 for one want: keep its tip by id unless a lasting ref holds it. */
static void
divert(struct refplan *p, struct gitx_oidset *stored, struct rp_ref *w,
    const char *reason)
{
	char *ref = NULL, *why = NULL, *msg;
	int added, rc;

	if (gitx_oidset_get(stored, &w->oid) != NULL)
		return;
	rc = gitx_keep_ref(p->repo, p->box, w->label, &w->oid, 1, &ref, &why);
	if (rc < 0) {
		msg = xasprintf("cannot store the tip of '%s' (%s; then %s)",
		    w->name, reason, why);
		lost(p, w->name, w->label, &w->oid, msg);
		free(msg);
		free(why);
		return;
	}
	gitx_oidset_put(stored, &w->oid, 0, &added);
	if (rc == 0) {
		msg = xasprintf("'%s' cannot be written: %s", w->name, reason);
		gitx_tips_add(&p->res->diverted, ref, w->label, &w->oid, msg);
		free(msg);
	}
	free(ref);
}

static void
write_all(struct refplan *p, struct gitx_oidset *stored)
{
	struct rp_ref *w;
	char **why = xcalloc(p->nw + 1, sizeof(*why));
	size_t i;
	int added;

	for (i = 0; i < p->nw; i++) {
		w = &p->w[i];
		if (w->state == RP_WRITE && write_one(p, w, &why[i]) == 0)
			w->state = RP_SAME;
		if (w->state == RP_SAME && lasting(p, w->name))
			gitx_oidset_put(stored, &w->oid, 0, &added);
	}
	for (i = 0; i < p->nw; i++) {
		w = &p->w[i];
		if (w->state != RP_SAME && w->state != RP_DUP)
			divert(p, stored, w, why[i] != NULL ? why[i] :
			    w->state == RP_DIVERT ? "its name conflicts with "
			    "another ref the sandbox serves" : "its old tip "
			    "could not be kept");
		free(why[i]);
	}
	free(why);
}

int
gitx_refapply(struct refplan *p, char **cause)
{
	struct gitx_oidset done, stored;
	const struct gitx_tip *t;

	memset(&done, 0, sizeof(done));
	memset(&stored, 0, sizeof(stored));
	keep_all(p, &done);
	if (gitx_fetch_hook != NULL)
		gitx_fetch_hook("kept");
	remove_blockers(p);
	if (gitx_fetch_hook != NULL)
		gitx_fetch_hook("removed");
	write_all(p, &stored);
	gitx_oidset_clear(&done);
	gitx_oidset_clear(&stored);
	if (p->res->lost.n == 0)
		return 0;
	t = &p->res->lost.v[0];
	*cause = xasprintf("cannot keep %zu tip%s, the first %.12s of '%s' "
	    "(%s); save it now with 'git branch NAME %s', free space or fix "
	    "the refs, and fetch again", p->res->lost.n, p->res->lost.n == 1 ?
	    "" : "s", t->oid, t->branch, t->why, t->oid);
	return -1;
}
