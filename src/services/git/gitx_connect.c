/*
 * gitx: the connectivity check of a fetch, before any ref moves.
 *
 * libgit2 1.5 indexes whatever pack the daemon sends and checks nothing
 * more, so a daemon the agent controls could advertise a commit and leave
 * out its tree: the refs would point at a commit `git gc` and every later
 * reader choke on.  git checks that what it fetched connects to what it
 * has (`rev-list --objects ... --not --all`); this does the same in time
 * linear in what arrived: every object of the quarantined pack is parsed,
 * and every object one of them names must be in the pack or in the
 * repository, with the type it is named as.  Objects the repository had
 * before are trusted, as git trusts what its refs reach.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "base/interrupt.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_quar.h"

#define T_MASK	0x0ff		/* git_object_t */
#define F_NEW	0x100		/* in the quarantine */
#define F_OLD	0x200		/* the repository had it before */

struct check {
	git_odb			*qodb;	/* the quarantined packs alone */
	git_odb			*all;	/* quarantine and repository */
	struct gitx_oidset	 seen;	/* id -> type and flags */
	git_oid			*objs;		/* in pack order */
	size_t			 nobjs;
	git_oid			*par;	/* parents of the new commits */
	size_t			 npar, apar;
	char			*fault;
};

static const char *
type_name(int t)
{
	return t == GIT_OBJECT_ANY ? "object" : git_object_type2string(t);
}

/* by names id as a type t object: it must be here, and be one. */
static int
need(struct check *c, const git_oid *by, const git_oid *id, int t)
{
	char a[13], b[13];
	git_object_t have;
	uint32_t *v;
	size_t len;
	int added;

	if ((v = gitx_oidset_get(&c->seen, id)) == NULL) {
		if (git_odb_read_header(&len, &have, c->all, id) < 0) {
			git_error_clear();
			git_oid_tostr(b, sizeof(b), id);
			if (by == NULL) {
				c->fault = xasprintf("a ref names %s %s, "
				    "which was not sent", type_name(t), b);
				return -1;
			}
			git_oid_tostr(a, sizeof(a), by);
			c->fault = xasprintf("object %s names %s %s, which "
			    "was not sent", a, type_name(t), b);
			return -1;
		}
		v = gitx_oidset_put(&c->seen, id, (uint32_t)have, &added);
	}
	if (t != GIT_OBJECT_ANY && (int)(*v & T_MASK) != t) {
		c->fault = xasprintf("%s %.12s is named as a %s", type_name(
		    (int)(*v & T_MASK)), git_oid_tostr_s(id), type_name(t));
		return -1;
	}
	return 0;
}

static int
check_tree(struct check *c, const git_oid *id, const char *buf, size_t len)
{
	size_t pos = 0;
	unsigned mode;
	git_oid e;
	int rc;

	while ((rc = gitx_raw_tree_next(buf, len, &pos, &mode, &e)) == 0) {
		if (mode == 0160000)
			continue;	/* a submodule's commit lives elsewhere */
		if (need(c, id, &e, mode == 040000 ? GIT_OBJECT_TREE :
		    GIT_OBJECT_BLOB) < 0)
			return -1;
	}
	if (rc < 0)
		c->fault = xasprintf("tree %.12s is malformed",
		    git_oid_tostr_s(id));
	return rc < 0 ? -1 : 0;
}

static int
check_commit(struct check *c, const git_oid *id, const char *buf,
    size_t len, struct gitx_newgraph *g, int isnew)
{
	struct gitx_rawcommit rc;
	const char *why;
	size_t i;
	int added;

	if (gitx_raw_parse_commit(buf, len, 0, &rc, &why) < 0) {
		c->fault = xasprintf("commit %.12s is malformed (%s)",
		    git_oid_tostr_s(id), why);
		return -1;
	}
	if (need(c, id, &rc.tree, GIT_OBJECT_TREE) < 0)
		goto fail;
	for (i = 0; i < rc.nparents; i++)
		if (need(c, id, &rc.parents[i], GIT_OBJECT_COMMIT) < 0)
			goto fail;
	if (isnew) {
		gitx_oidset_put(&g->index, id, (uint32_t)g->n, &added);
		g->ids = xrealloc(g->ids, (g->n + 1) * sizeof(*g->ids));
		g->pfirst = xrealloc(g->pfirst, (g->n + 1) * sizeof(size_t));
		g->pcount = xrealloc(g->pcount, (g->n + 1) * sizeof(size_t));
		git_oid_cpy(&g->ids[g->n], id);
		g->pfirst[g->n] = c->npar;
		g->pcount[g->n++] = rc.nparents;
		if (c->npar + rc.nparents > c->apar) {
			c->apar = (c->npar + rc.nparents) * 2;
			c->par = xrealloc(c->par, c->apar * sizeof(*c->par));
		}
		/* A root commit first: par is still NULL, and so is memcpy's. */
		if (rc.nparents > 0)
			memcpy(c->par + c->npar, rc.parents, rc.nparents *
			    sizeof(*rc.parents));
		c->npar += rc.nparents;
	}
	gitx_rawcommit_clear(&rc);
	return 0;
fail:
	gitx_rawcommit_clear(&rc);
	return -1;
}

static int
check_one(struct check *c, const git_oid *id, struct gitx_newgraph *g)
{
	git_odb_object *o = NULL;
	uint32_t v = *gitx_oidset_get(&c->seen, id);
	git_object_t tt;
	git_oid target;
	const char *buf;
	size_t len;
	int rc = 0;

	if ((v & T_MASK) == GIT_OBJECT_BLOB)
		return 0;
	if (git_odb_read(&o, c->qodb, id) < 0) {
		c->fault = gitx_err("cannot read object %.12s",
		    git_oid_tostr_s(id));
		return -1;
	}
	buf = git_odb_object_data(o);
	len = git_odb_object_size(o);
	switch (git_odb_object_type(o)) {
	case GIT_OBJECT_COMMIT:
		rc = check_commit(c, id, buf, len, g, !(v & F_OLD));
		break;
	case GIT_OBJECT_TREE:
		rc = check_tree(c, id, buf, len);
		break;
	case GIT_OBJECT_TAG:
		if (gitx_raw_tag_target(buf, len, &target, &tt) < 0) {
			c->fault = xasprintf("tag %.12s is malformed",
			    git_oid_tostr_s(id));
			rc = -1;
		} else
			rc = need(c, id, &target, tt);
		break;
	default:
		break;
	}
	git_odb_object_free(o);
	return rc;
}

/* Only a commit's being new counts (the graph of new commits). */
static uint32_t
flags_of(const git_oid *id, int type, void *real)
{
	return F_NEW | (type == GIT_OBJECT_COMMIT && git_odb_exists_ext(real,
	    id, GIT_ODB_LOOKUP_NO_REFRESH) ? F_OLD : 0);
}

/* Every quarantined object with its type; which ones were here before. */
static int
inventory(struct check *c, git_odb *real, struct gitx_quar *q)
{
	git_odb_backend *b = NULL;
	char *objs = xasprintf("%s/objects", q->dir);
	char *packs = xasprintf("%s/pack", objs);
	int rc = -1;

	if (git_odb_new(&c->qodb) == 0 && git_odb_backend_pack(&b, objs) == 0) {
		if (git_odb_add_backend(c->qodb, b, 1) < 0)
			b->free(b);
		else
			rc = 0;
	}
	if (rc == 0 && gitx_pack_scan(packs, c->all, &c->seen, &c->objs,
	    &c->nobjs, flags_of, real) < 0)
		rc = -1;
	if (rc < 0)
		c->fault = gitx_err("cannot read the fetched pack");
	free(packs);
	free(objs);
	return rc;
}

/* Parent ids to positions among the new commits. */
static void
link_parents(struct gitx_newgraph *g, const struct check *c)
{
	uint32_t *v;
	size_t i, j;

	g->pl = xcalloc(c->npar + 1, sizeof(*g->pl));
	g->npl = c->npar;
	for (i = 0; i < g->n; i++)
		for (j = g->pfirst[i]; j < g->pfirst[i] + g->pcount[i]; j++)
			g->pl[j] = (v = gitx_oidset_get(&g->index,
			    &c->par[j])) != NULL ? *v : (size_t)-1;
}

int
gitx_connect_check(git_repository *repo, struct gitx_quar *q,
    const git_oid *tips, size_t n, struct gitx_newgraph *g, char **cause)
{
	struct check c;
	git_odb *real = NULL;
	size_t i;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(g, 0, sizeof(*g));
	if (git_repository_odb(&real, repo) < 0 ||
	    git_repository_odb(&c.all, q->repo) < 0) {
		c.fault = gitx_err("cannot open the object database");
		goto done;
	}
	/* Each tree is read once: caching them only grows the heap. */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	if (inventory(&c, real, q) < 0)
		goto done;
	for (i = 0; i < c.nobjs; i++) {
		if ((i & 1023) == 0 && intr_pending()) {
			c.fault = xstrdup("interrupted");
			goto done;
		}
		if (check_one(&c, &c.objs[i], g) < 0)
			goto done;
	}
	for (i = 0; i < n; i++)
		if (need(&c, NULL, &tips[i], GIT_OBJECT_ANY) < 0)
			goto done;
	link_parents(g, &c);
	rc = 0;
done:
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
	if (rc < 0) {
		*cause = c.fault;
		gitx_newgraph_clear(g);
	}
	git_odb_free(real);
	git_odb_free(c.all);
	git_odb_free(c.qodb);
	gitx_oidset_clear(&c.seen);
	free(c.objs);
	free(c.par);
	git_error_clear();
	return rc;
}

void
gitx_newgraph_clear(struct gitx_newgraph *g)
{
	gitx_oidset_clear(&g->index);
	free(g->ids);
	free(g->pfirst);
	free(g->pcount);
	free(g->pl);
	memset(g, 0, sizeof(*g));
}
