/*
 * gitx: may a fetch trust that the git daemon answering at a sandbox
 * remote's URL is that sandbox's, without asking sbx?
 *
 * A sandbox gets a new port on every start and sbx rewrites the remote's
 * URL then; a stopped sandbox's remote keeps its last one.  By the next
 * fetch, another sandbox's daemon may listen on that port, serving a
 * repository of the same directory name (the URL's path is only that).
 * Fetching from it would bring foreign commits into refs/sandboxes/NAME/
 * as if this agent had made them.  So only what the daemon advertises,
 * checked against what earlier fetches kept, may stand in for sbx:
 *
 * - refs/sandboxes/NAME/ must hold branches of an earlier fetch (a first
 *   fetch asks sbx);
 * - no advertised branch may contradict them: each one with a kept copy
 *   equals it or descends from it (a rewritten branch asks sbx);
 * - at least one advertised branch must equal or descend from a kept tip
 *   that no ref outside this sandbox's own reaches: a commit this agent
 *   made that nothing else holds.  The host's branches it started from
 *   do not count, since any sandbox of the same repository (or of a clone
 *   of the same upstream) serves those too.  Another daemon can serve
 *   such a commit only if this sandbox's work went into its repository,
 *   and then what it brings continues that work; no ref moves backwards.
 *
 * Heads whose commits are not here yet are judged after the download and
 * before any ref moves.  Anything else makes the caller ask sbx whether the
 * sandbox runs, as every fetch did before.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

struct guard {
	git_repository	*repo;
	git_repository	*objs;		/* sees the quarantine too */
	git_odb		*odb;		/* objs' */
	const char	*remote;
	const char	*box;		/* NAME of sandbox-NAME */
	git_oid		*tips;		/* refs outside the sandbox's */
	size_t		 ntips;
	int		 have_tips;
};

/* 1 when no ref but the sandbox's own reaches k; 0, or -1 on error. */
static int
own_commit(struct guard *g, const git_oid *k)
{
	char *skip[6];
	int i, rc;

	if (!g->have_tips) {
		skip[0] = gitx_ns_kept(g->box);
		skip[1] = gitx_ns_remote(g->remote);
		skip[2] = gitx_ns_replaced(g->box);
		skip[3] = gitx_ns_served(g->box);
		skip[4] = gitx_ns_byid(g->box);
		skip[5] = NULL;
		rc = gitx_ref_tips_except(g->repo, (const char *const *)skip,
		    &g->tips, &g->ntips);
		for (i = 0; i < 5; i++)
			free(skip[i]);
		if (rc < 0)
			return -1;
		g->have_tips = 1;
	}
	if (g->ntips == 0)
		return 1;
	return !gitx_reach(g->objs, k, g->tips, g->ntips);
}

/* The kept refs/sandboxes/NAME/ tip of branch, or NULL. */
static const struct gitx_tip *
kept_tip(const struct gitx_tips *before, const char *prefix,
    const char *branch)
{
	size_t i, len = strlen(prefix);

	for (i = 0; i < before->n; i++)
		if (strncmp(before->v[i].ref, prefix, len) == 0 &&
		    strcmp(before->v[i].ref + len, branch) == 0)
			return &before->v[i];
	return NULL;
}

/* One advertised head against its kept tip: 1 continues, 0 not, 2 later. */
static int
continues(struct guard *g, const char *head, const char *tip, int *own)
{
	git_oid h, k;
	int rc;

	git_oid_fromstr(&h, head);
	git_oid_fromstr(&k, tip);
	/* Whether k is the agent's own is known before any download. */
	if (!*own && (rc = own_commit(g, &k)) != 0)
		*own = rc;
	if (!git_oid_equal(&h, &k)) {
		if (!git_odb_exists(g->odb, &h))
			return 2;
		if (!gitx_is_ancestor(g->objs, &k, &h))
			return 0;
	}
	return 1;
}

int
gitx_guard(git_repository *repo, git_repository *objs, const char *remote,
    const struct gitx_tips *before, const struct gitx_fetch_result *res,
    int final)
{
	struct guard g = { repo, objs, NULL, remote, remote, NULL, 0, 0 };
	const struct gitx_tip *k;
	char *prefix;
	size_t i, nkept = 0;
	int own = 0, later = 0, rc = 1;

	if (gitx_box_of(remote) != NULL)
		g.box = gitx_box_of(remote);
	if (git_repository_odb(&g.odb, objs) < 0) {
		git_error_clear();
		return GITX_GUARD_NO;
	}
	prefix = gitx_ns_kept(g.box);
	for (i = 0; rc != 0 && i < res->nheads; i++) {
		if ((k = kept_tip(before, prefix,
		    gitx_branch_of(res->heads[i].ref))) == NULL)
			continue;
		nkept++;
		if ((rc = continues(&g, res->heads[i].oid, k->oid, &own)) == 2)
			later = 1;
	}
	free(prefix);
	free(g.tips);
	git_odb_free(g.odb);
	git_error_clear();
	if (rc == 0 || nkept == 0 || own < 0)
		return GITX_GUARD_NO;
	/*
	 * Without a kept tip of the agent's own, the heads still to come
	 * cannot prove anything: say so now rather than after downloading
	 * what sbx will be asked about anyway.
	 */
	if (later)
		return final || own != 1 ? GITX_GUARD_NO : GITX_GUARD_LATER;
	return own == 1 ? GITX_GUARD_YES : GITX_GUARD_NO;
}
