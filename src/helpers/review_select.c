/*
 * Choosing what the review commands look at: fetch, then BASE (argument or
 * current branch) and the sandbox branch SBREF by SPEC §4's rules.  Also
 * the one way those commands run the user's git.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/review.h"

/*
 * Fetching never prunes (the refs/sandboxes/ copies must stay), so a
 * branch the agent deleted lingers under refs/remotes/.  It is no
 * candidate any more, though --branch can still name it.
 */
static void
drop_stale(struct review *r)
{
	size_t i, j;
	int served;

	for (i = 0; i < r->brs.n; i++) {
		served = 0;
		for (j = 0; j < r->fetched.nheads && !served; j++)
			served = strcmp(gitx_branch_of(
			    r->fetched.heads[j].ref), r->brs.v[i].name) == 0;
		if (!served)
			r->brs.v[i].ahead = 0;
	}
}

int
review_open(struct cmd_ctx *ctx, const char *base_arg, struct review *r)
{
	const char *want = cmd_opt_value(ctx, OPT_BRANCH);
	char *cause = NULL;
	int rc;

	if ((rc = review_fetch(ctx, r)) != 0)
		return rc;
	if (gitx_resolve_base(r->repo, base_arg, &r->base, &cause) < 0)
		return ae_cause(ctx, cause);
	/* Counted only as the choice needs (gitx_select_sbref()). */
	if (r->probed)
		rc = gitx_branches_from_heads(r->repo, r->remote, r->base,
		    r->fetched.heads, r->fetched.nheads, &r->brs, &cause);
	else
		rc = gitx_sandbox_refs(r->repo, r->remote, &r->brs, &cause);
	if (rc < 0)
		return ae_cause(ctx, cause);
	if (r->live)
		drop_stale(r);
	rc = gitx_select_sbref(r->repo, &r->brs, r->base, want, &r->sb,
	    r->probed ? NULL : r->log, &cause);
	if (rc < 0 && rc != GITX_ENOTFOUND)
		return ae_cause(ctx, cause);
	r->listed = r->log != NULL && !r->probed;
	if (r->sb == NULL)
		ui_info(&ctx->ui, "nothing new: no sandbox branch has commits "
		    "not in '%s'", r->base);
	return 0;
}

int
review_have_commits(struct cmd_ctx *ctx, const struct review *r)
{
	char *safe;

	if (r->sb == NULL || gitx_has_object(r->repo, r->sb->oid))
		return 1;
	safe = ui_safe(r->sb->name, strlen(r->sb->name));
	ui_info(&ctx->ui, "dry-run: the commits of sandbox branch '%s' are "
	    "not fetched yet; run without --dry-run to see them", safe);
	free(safe);
	return 0;
}

void
review_clear(struct review *r)
{
	gitx_fetch_result_clear(&r->fetched);
	gitx_branches_clear(&r->brs);
	gitx_close(r->repo);
	free(r->remote);
	free(r->base);
	memset(r, 0, sizeof(*r));
}

int
review_git(struct cmd_ctx *ctx, struct strvec *args, int *status)
{
	struct proc p = PROC_INIT;
	char *cause = NULL;

	fflush(ctx->ui.out);
	fflush(ctx->ui.err);
	strvec_pushv(&p.args, args->v);
	if (proc_run(&ctx->sp, &p, &cause) < 0) {
		proc_clear(&p);
		return ae_cause(ctx, cause);
	}
	*status = p.status;
	proc_clear(&p);
	return 0;
}
