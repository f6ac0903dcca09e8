/*
 * review [BASE]: fetch, check SBREF exists, print the risk summary of
 * BASE...SBREF (what runs or pulls code in without being asked: CI config,
 * hooks, build scripts, dependency files, symlinks, new executables, binary
 * and large files), then open `git difftool --dir-diff --no-prompt
 * --tool=REVIEW_TOOL BASE SBREF`.  --summary (or --json) stops after the
 * summary.
 */
#include <string.h>

#include "helpers/cmd.h"
#include "base/interrupt.h"
#include "helpers/review.h"

static const struct cmd_opt review_opts[] = {
	OPT_DECL_BRANCH,
	{ OPT_SUMMARY, "--summary", 0, NULL, "print the risk summary only" },
	OPT_DECL_NO_START,
	OPT_END
};

static int
difftool(struct cmd_ctx *ctx, const struct review *r)
{
	struct strvec argv = STRVEC_INIT;
	int rc, status = 0;

	strvec_pushl(&argv, "git", "-C", ctx->cfg.repo_dir, "difftool",
	    "--dir-diff", "--no-prompt", NULL);
	strvec_pushf(&argv, "--tool=%s", ctx->cfg.review_tool);
	strvec_pushl(&argv, r->base, r->sb->ref, NULL);
	rc = review_git(ctx, &argv, &status);
	if (rc == 0 && status != 0 && intr_pending())
		rc = ae_error(ctx, "interrupted; 'git difftool' stopped");
	else if (rc == 0 && status != 0) {
		rc = ae_error(ctx, "'git difftool' failed with exit status %d",
		    status);
		ui_hint(&ctx->ui, "check that difftool '%s' is set up (git "
		    "difftool --tool-help) or set REVIEW_TOOL",
		    ctx->cfg.review_tool);
	}
	strvec_clear(&argv);
	return rc;
}

static int
cmd_review_exec(struct cmd_ctx *ctx)
{
	struct gitx_changes cs;
	struct review r;
	char *cause = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&cs, 0, sizeof(cs));
	rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL, &r);
	if (rc != 0)
		goto done;
	if (r.sb == NULL) {
		if (ctx->json)
			review_print_json(ctx, &r, &cs);
		goto done;
	}
	if (!review_have_commits(ctx, &r)) {
		/* Only the difftool can be planned. */
		if (!ctx->json && !cmd_opt_isset(ctx, OPT_SUMMARY))
			rc = difftool(ctx, &r);
		goto done;
	}
	if (gitx_changes(r.repo, r.base, r.sb->ref, &cs, &cause) < 0) {
		rc = review_fail(ctx, cause);
		goto done;
	}
	if (ctx->json) {
		review_print_json(ctx, &r, &cs);
		goto done;
	}
	review_print_summary(ctx, &r, &cs);
	if (!cmd_opt_isset(ctx, OPT_SUMMARY))
		rc = difftool(ctx, &r);
done:
	gitx_changes_free(&cs);
	review_close(&r);
	return rc;
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "[BASE]",
	.summary = "fetch, print a risk summary and open a directory diff",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = review_opts,
	.exec = cmd_review_exec,
};
