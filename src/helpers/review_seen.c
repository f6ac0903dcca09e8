/*
 * Only reviewed work reaches the user's branches.  Every command that
 * shows a sandbox branch (fetch, log, diff, review, verify) records the
 * tip it showed, per sandbox and branch (gitx_seen_set()); merge and pr
 * then take exactly that commit, or one named with --commit, and stop
 * when the agent has moved the branch since.  Without any earlier look
 * they take the tip and list every commit they take.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/review.h"

void
review_saw(struct cmd_ctx *ctx, const struct review *r, const char *branch,
    const char *hex)
{
	char *cause = NULL, *safe;

	/* A plan changes nothing; a probe showed no fetched commit. */
	if (ctx->sp.dry_run || !r->live)
		return;
	if (gitx_seen_set(r->repo, ctx->cfg.sandbox_name, branch, hex,
	    &cause) == 0)
		return;
	safe = ui_safe(cause, strlen(cause));
	ui_warn(&ctx->ui, "%s; merge and pr will not take this tip without "
	    "--commit", safe);
	free(safe);
	free(cause);
}

void
review_saw_sbref(struct cmd_ctx *ctx, const struct review *r)
{
	if (r->sb != NULL)
		review_saw(ctx, r, r->sb->name, r->sb->oid);
}

void
review_saw_fetched(struct cmd_ctx *ctx, const struct review *r)
{
	size_t i, pl;
	char *prefix = xasprintf("refs/remotes/%s/", r->remote);
	const struct gitx_update *u;

	pl = strlen(prefix);
	for (i = 0; i < r->fetched.nup; i++) {
		u = &r->fetched.up[i];
		if (strncmp(u->ref, prefix, pl) == 0)
			review_saw(ctx, r, u->ref + pl, u->new);
	}
	free(prefix);
}

/* --commit ID: any commit of SBREF's history. */
static int
pick_given(struct cmd_ctx *ctx, const struct review *r, const char *id,
    char hex[GITX_HEXSZ + 1])
{
	char *cause = NULL, *safe;
	int rc;

	rc = gitx_rev_hex(r->repo, id, hex, &cause);
	if (rc == 0)
		rc = gitx_in_history(r->repo, hex, r->sb->oid, &cause);
	else if (rc == GITX_ENOTFOUND)
		rc = 0;
	if (rc < 0)
		return ae_cause(ctx, cause);
	if (rc == 1)
		return 0;
	safe = ui_safe(r->sb->name, strlen(r->sb->name));
	rc = ae_usage(ctx, "--commit '%s' is not a commit of sandbox branch "
	    "'%s'; pick one that 'code-airlock log' lists", id, safe);
	free(safe);
	return rc;
}

/* The branch moved since the last look: say so, take nothing. */
static int
moved(struct cmd_ctx *ctx, const struct review *r, const char *seen)
{
	char *safe = ui_safe(r->sb->name, strlen(r->sb->name)), *cause = NULL;
	int ahead = gitx_in_history(r->repo, seen, r->sb->oid, &cause);

	free(cause);
	ae_error(ctx, "sandbox branch '%s' %s since you last looked at it "
	    "(%.12s, now %.12s); nothing was %s", safe, ahead == 1 ?
	    "moved on" : "was rewritten", seen, r->sb->oid,
	    strcmp(ctx->entry->name, "pr") == 0 ? "pushed" : "merged");
	if (ahead == 1)
		ui_hint(&ctx->ui, "run 'code-airlock review' to see the new "
		    "commits, or take what you saw with --commit %.12s", seen);
	else
		ui_hint(&ctx->ui, "run 'code-airlock review' to see what the "
		    "branch holds now");
	free(safe);
	return 1;
}

/* No earlier look: name every commit that is taken unseen. */
static void
list_unseen(struct cmd_ctx *ctx, const struct review *r, const char *hex)
{
	struct gitx_commits cs;
	char *cause = NULL, *safe;
	size_t i;

	memset(&cs, 0, sizeof(cs));
	if (!gitx_has_object(r->repo, hex) ||
	    gitx_log(r->repo, r->base, hex, &cs, &cause) < 0) {
		free(cause);
		return;
	}
	safe = ui_safe(r->sb->name, strlen(r->sb->name));
	ui_info(&ctx->ui, "no fetch, log, diff or review showed sandbox "
	    "branch '%s' before; taking its tip %.12s with %zu commit%s:",
	    safe, hex, cs.n, cs.n == 1 ? "" : "s");
	for (i = 0; i < cs.n && !ctx->ui.quiet; i++) {
		fprintf(ctx->ui.err, "  %s  ", cs.v[i].short_id);
		ui_safe_fputs(ctx->ui.err, cs.v[i].subject);
		fputc('\n', ctx->ui.err);
	}
	free(safe);
	gitx_commits_clear(&cs);
}

int
review_pick_commit(struct cmd_ctx *ctx, const struct review *r,
    char hex[GITX_HEXSZ + 1])
{
	const char *want = cmd_opt_value(ctx, OPT_COMMIT);
	char seen[GITX_HEXSZ + 1], *cause = NULL;
	int rc;

	if (want != NULL)
		return pick_given(ctx, r, want, hex);
	rc = gitx_seen_get(r->repo, ctx->cfg.sandbox_name, r->sb->name, seen,
	    &cause);
	if (rc == GITX_ENOTFOUND) {
		memcpy(hex, r->sb->oid, GITX_HEXSZ + 1);
		list_unseen(ctx, r, hex);
		return 0;
	}
	if (rc < 0)
		return ae_cause(ctx, cause);
	if (strcmp(seen, r->sb->oid) != 0)
		return moved(ctx, r, seen);
	memcpy(hex, seen, GITX_HEXSZ + 1);
	return 0;
}
