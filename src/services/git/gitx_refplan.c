/*
 * gitx: planning the refs a fetch writes.  Every ref the daemon
 * advertises gets a host ref that survives `sbx rm` (a branch through the
 * remote's refspecs, anything else under refs/code-airlock/served/NAME/);
 * names that conflict (a branch renamed `x` -> `x/y` meets the never
 * pruned `x`, or a daemon advertising both) are found here, once, over
 * sorted lists, and so is every old tip a move or removal would orphan.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"
#include "gitx_refs.h"

static int
rp_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rp_ref *)a)->name,
	    ((const struct rp_ref *)b)->name);
}

/* The first of the n sorted refs whose name is not below key. */
static size_t
rp_lower(const struct rp_ref *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct rp_ref *
rp_find(struct rp_ref *v, size_t n, const char *name)
{
	size_t i = rp_lower(v, n, name);

	return i < n && strcmp(v[i].name, name) == 0 ? &v[i] : NULL;
}

static void
rp_add(struct rp_ref **v, size_t *n, const char *name, const char *label,
    const git_oid *oid, enum rp_state st)
{
	struct rp_ref *r;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	r->label = xstrdup(label);
	git_oid_cpy(&r->oid, oid);
	r->state = st;
}

/* The namespaces this remote writes: refspec prefixes and served/NAME/. */
static void
namespaces(struct refplan *p, git_remote *remote)
{
	const git_refspec *spec;
	const char *dst, *star;
	size_t i, n = git_remote_refspec_count(remote);

	for (i = 0; i < n; i++) {
		spec = git_remote_get_refspec(remote, i);
		if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH ||
		    (star = strchr(dst = git_refspec_dst(spec), '*')) == NULL)
			continue;
		strvec_pushf(&p->ns, "%.*s", (int)(star - dst), dst);
	}
	strvec_pushf(&p->ns, GITX_SERVED "%s/", p->box);
}

static int
in_ns(const struct refplan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ns.n; i++)
		if (*p->ns.v[i] != '\0' &&
		    strncmp(name, p->ns.v[i], strlen(p->ns.v[i])) == 0)
			return 1;
	return 0;
}

/* Every want of one advertised ref. */
static void
wants_of(struct refplan *p, git_remote *remote, const char *name,
    const git_oid *oid)
{
	git_buf buf = { NULL, 0, 0 };
	const git_refspec *spec;
	size_t i, n = git_remote_refspec_count(remote);
	const char *rest;
	int lasting = 0;
	char *served;

	for (i = 0; i < n; i++) {
		spec = git_remote_get_refspec(remote, i);
		if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH ||
		    !git_refspec_src_matches(spec, name) ||
		    git_refspec_transform(&buf, spec, name) < 0)
			continue;
		rp_add(&p->w, &p->nw, buf.ptr, gitx_branch_of(name), oid,
		    RP_WRITE);
		lasting |= !skip_prefix(buf.ptr, p->rprefix, &rest);
		git_buf_dispose(&buf);
	}
	git_error_clear();
	if (!lasting) {
		served = xasprintf(GITX_SERVED "%s/%s", p->box, name);
		rp_add(&p->w, &p->nw, served, name, oid, RP_WRITE);
		free(served);
	}
}

/* The refs of the namespaces as they are; every other ref's commit too. */
static int
haves(struct refplan *p, git_remote *remote, git_oid **out, size_t *nout)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	const char *name;
	char *label;
	int error;

	if ((error = git_reference_iterator_new(&it, p->repo)) < 0)
		return error;
	while ((error = git_reference_next(&ref, it)) == 0) {
		name = git_reference_name(ref);
		if (git_reference_resolve(&res, ref) == 0) {
			if (in_ns(p, name)) {
				label = gitx_ref_label(remote, p->box, name);
				rp_add(&p->e, &p->ne, name, label,
				    git_reference_target(res), RP_STAY);
				free(label);
			} else {
				*out = xrealloc(*out, (*nout + 1) *
				    sizeof(**out));
				git_oid_cpy(&(*out)[(*nout)++],
				    git_reference_target(res));
			}
			git_reference_free(res);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_error_clear();
	return error == GIT_ITEROVER ? 0 : error;
}

/* Wants whose name another want holds as a directory, or doubled. */
static void
want_conflicts(struct refplan *p)
{
	struct rp_ref *w, *o;
	size_t i;
	char *s, *q;

	for (i = 0; i < p->nw; i++) {
		w = &p->w[i];
		if (i > 0 && strcmp(p->w[i - 1].name, w->name) == 0) {
			w->state = git_oid_equal(&p->w[i - 1].oid, &w->oid) ?
			    RP_DUP : RP_DIVERT;
			continue;
		}
		s = xstrdup(w->name);
		for (q = s + 5; (q = strchr(q, '/')) != NULL; q++) {
			*q = '\0';
			o = rp_find(p->w, p->nw, s);
			*q = '/';
			if (o != NULL && o != w)
				w->state = RP_DIVERT;
		}
		free(s);
	}
}

/* A have in the way of want w: removed unless it is a want itself. */
static void
block(struct refplan *p, struct rp_ref *h, const struct rp_ref *w)
{
	struct rp_ref *o = rp_find(p->w, p->nw, h->name);

	if (o != NULL && (o->state == RP_WRITE || o->state == RP_SAME))
		return;
	h->state = RP_BLOCKER;
	free(h->blocks);
	h->blocks = xstrdup(w->label);
}

/* Each want against what is there: its old value, what blocks it. */
static void
match_haves(struct refplan *p)
{
	struct rp_ref *w, *h;
	size_t i, j, end;
	char *s, *q;

	for (i = 0; i < p->nw; i++) {
		w = &p->w[i];
		if ((h = rp_find(p->e, p->ne, w->name)) != NULL) {
			w->had = 1;
			git_oid_cpy(&w->old, &h->oid);
			if (w->state == RP_WRITE &&
			    git_oid_equal(&w->old, &w->oid))
				w->state = RP_SAME;
		}
		if (w->state != RP_WRITE)
			continue;
		s = xasprintf("%s/", w->name);
		j = rp_lower(p->e, p->ne, s);
		s[strlen(s) - 1] = '0';		/* '/' + 1: past the subtree */
		end = rp_lower(p->e, p->ne, s);
		for (; j < end; j++)
			block(p, &p->e[j], w);
		s[strlen(s) - 1] = '\0';
		for (q = s + 5; (q = strchr(q, '/')) != NULL; q++) {
			*q = '\0';
			if ((h = rp_find(p->e, p->ne, s)) != NULL)
				block(p, h, w);
			*q = '/';
		}
		free(s);
	}
}

int
gitx_refplan(struct refplan *p, git_remote *remote, char **cause)
{
	const struct gitx_fetch_result *res = p->res;
	struct gitx_oidset held;
	git_oid *rest = NULL, oid;
	size_t i, nrest = 0;
	int valid;

	strvec_init(&p->ns);
	memset(&held, 0, sizeof(held));
	p->rprefix = gitx_ns_remote(git_remote_name(remote));
	namespaces(p, remote);
	if (haves(p, remote, &rest, &nrest) < 0) {
		*cause = gitx_err("cannot read the refs of the repository");
		free(rest);
		return -1;
	}
	gitx_refplan_held(p, rest, nrest, &held);
	for (i = 0; i < res->nheads + res->nothers; i++) {
		const struct gitx_head *h = i < res->nheads ? &res->heads[i] :
		    &res->others[i - res->nheads];

		if (git_reference_name_is_valid(&valid, h->ref) < 0 ||
		    !valid || git_oid_fromstr(&oid, h->oid) < 0 ||
		    (i >= res->nheads && gitx_oidset_get(&held, &oid)))
			continue;
		wants_of(p, remote, h->ref, &oid);
	}
	gitx_oidset_clear(&held);
	git_error_clear();
	if (p->nw > 1)
		qsort(p->w, p->nw, sizeof(*p->w), rp_cmp);
	if (p->ne > 1)
		qsort(p->e, p->ne, sizeof(*p->e), rp_cmp);
	want_conflicts(p);
	match_haves(p);
	gitx_refplan_keeps(p, rest, nrest);
	free(rest);
	return 0;
}

void
gitx_refplan_clear(struct refplan *p)
{
	size_t i;

	for (i = 0; i < p->nw; i++) {
		free(p->w[i].name);
		free(p->w[i].label);
		free(p->w[i].blocks);
	}
	for (i = 0; i < p->ne; i++) {
		free(p->e[i].name);
		free(p->e[i].label);
		free(p->e[i].blocks);
	}
	free(p->w);
	free(p->e);
	strvec_clear(&p->ns);
	free(p->rprefix);
	p->rprefix = NULL;
	p->w = p->e = NULL;
	p->nw = p->ne = 0;
}
