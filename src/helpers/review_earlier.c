/*
 * Before up asks sbx for a sandbox under a name an earlier sandbox had:
 * sbx's own first fetch of the new one overwrites refs/sandboxes/NAME/
 * before this program sees anything, so each tip of the earlier sandbox
 * that no other ref holds is kept under refs/code-airlock/replaced/NAME/
 * first, and the user is told where.  Tip and branch names are the
 * agent's: printed terminal-safe.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/review.h"

/* Say what was (or, under --dry-run, would be) kept, and what was not. */
static void
say_earlier(struct cmd_ctx *ctx, const struct gitx_tips *kept,
    const struct gitx_tips *lost)
{
	const char *argv[] = { "git", "-C", ctx->cfg.repo_dir, "update-ref",
	    NULL, NULL, NULL };
	char *branch, *why;
	size_t i;

	for (i = 0; i < kept->n; i++) {
		argv[4] = kept->v[i].ref;
		argv[5] = kept->v[i].oid;
		proc_echo_only(&ctx->sp, argv);
		if (ctx->sp.dry_run)
			continue;
		branch = ui_safe(kept->v[i].branch, strlen(kept->v[i].branch));
		why = ui_safe(kept->v[i].ref, strlen(kept->v[i].ref));
		ui_info(&ctx->ui, "kept the tip %.12s of '%s' as %s (restore: "
		    "git branch NEW %s)", kept->v[i].oid, branch, why, why);
		free(branch);
		free(why);
	}
	for (i = 0; i < lost->n; i++) {
		branch = ui_safe(lost->v[i].branch, strlen(lost->v[i].branch));
		why = ui_safe(lost->v[i].why, strlen(lost->v[i].why));
		ui_warn(&ctx->ui, "tip %.12s of '%s' is not kept: %s",
		    lost->v[i].oid, branch, why);
		free(branch);
		free(why);
	}
}

int
review_keep_earlier(struct cmd_ctx *ctx)
{
	const char *name = ctx->cfg.sandbox_name;
	char *prefix = gitx_ns_kept(name), *cause = NULL;
	struct gitx_tips kept, lost;
	struct git_repository *repo = NULL;
	int rc;

	rc = gitx_dir_has_refs(ctx->cfg.repo_dir, prefix);
	free(prefix);
	if (!rc)
		return 0;
	ui_info(&ctx->ui, "branches of an earlier sandbox '%s' stay under "
	    "refs/sandboxes/%s/* until sbx's first fetch of the new one "
	    "overwrites them; each tip no other ref holds is kept under "
	    "refs/code-airlock/replaced/%s/ first", name, name, name);
	if (gitx_open(ctx->cfg.repo_dir, &repo, &cause) < 0)
		return ae_cause(ctx, cause);
	rc = gitx_keep_earlier(repo, name, ctx->sp.dry_run, &kept, &lost,
	    &cause);
	say_earlier(ctx, &kept, &lost);
	gitx_tips_clear(&kept);
	gitx_tips_clear(&lost);
	gitx_close(repo);
	if (rc == 0)
		return 0;
	rc = ae_cause(ctx, cause);
	ui_hint(&ctx->ui, "sandbox '%s' was not created; save those tips "
	    "(or free space) and run 'code-airlock up' again", name);
	return rc;
}
