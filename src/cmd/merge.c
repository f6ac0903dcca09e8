/*
 * merge [BASE]: fetch, then `git -C REPO merge --no-edit COMMIT` with the
 * user's own git, so hooks, signing and merge settings apply; --ff-only and
 * --squash pass through.  COMMIT is what the user looked at: the tip of
 * SBREF that the last fetch, log, diff or review showed, or --commit ID;
 * when the agent moved the branch since, nothing is merged.  A dirty tree
 * or a conflict is git's to report: the command fails and says how to back
 * out.  It never stashes, resets or overwrites anything itself.  A
 * commit whose verification did not pass (with REQUIRE_VERIFY, one never
 * verified) is refused unless --no-verify (helpers/verify_gate.c).
 */
#include <stdlib.h>
#include <string.h>


#include "helpers/cmd.h"
#include "helpers/review.h"
#include "helpers/verify.h"

static const struct cmd_opt merge_opts[] = {
	OPT_DECL_BRANCH,
	OPT_DECL_COMMIT("merge"),
	{ OPT_FF_ONLY, "--ff-only", 0, NULL,
	    "refuse anything but a fast-forward" },
	{ OPT_SQUASH, "--squash", 0, NULL,
	    "squash the changes into the index" },
	OPT_DECL_NO_START,
	OPT_DECL_NO_VERIFY,
	OPT_END
};

/* git merges into HEAD: a BASE other than the current branch is a mistake. */
static int
check_current(struct cmd_ctx *ctx, const struct review *r)
{
	const char *base = r->base;
	char *cur = NULL, *cause = NULL;
	int rc = 0;

	base = gitx_branch_of(base);
	if (gitx_resolve_base(r->repo, NULL, &cur, &cause) < 0)
		return ae_cause(ctx, cause);
	if (strcmp(cur, base) != 0)
		rc = ae_usage(ctx, "'%s' is not the current branch ('%s'); "
		    "switch to it first ('git switch %s') or leave BASE out",
		    base, cur, base);
	free(cur);
	return rc;
}

static int
merge_failed(struct cmd_ctx *ctx, const struct review *r, int status)
{
	ae_error(ctx, "'git merge' of the sandbox branch into '%s' failed "
	    "with exit status %d", r->base, status);
	if (gitx_merge_in_progress(r->repo))
		ui_hint(&ctx->ui, "resolve the conflicts and commit, or go "
		    "back to where you were with 'git merge --abort' (in "
		    "'%s')", ctx->cfg.repo_dir);
	else
		ui_hint(&ctx->ui, "git said why above; nothing was merged. "
		    "Commit or set aside your own changes, then merge again "
		    "(if a merge is left in progress, 'git merge --abort' "
		    "undoes it)");
	return 1;
}

static int
cmd_merge_exec(struct cmd_ctx *ctx)
{
	struct strvec argv = STRVEC_INIT;
	char hex[GITX_HEXSZ + 1];
	struct review r;
	int rc, status = 0;

	memset(&r, 0, sizeof(r));
	rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL, &r);
	if (rc != 0 || (ctx->args.n > 0 && (rc = check_current(ctx, &r))))
		goto done;
	if (r.sb == NULL) {
		ui_info(&ctx->ui, "'%s' is already up to date with the "
		    "sandbox", r.base);
		goto done;
	}
	if ((rc = review_pick_commit(ctx, &r, hex)) != 0 ||
	    (rc = verify_gate(ctx, r.repo, hex, "merge")) != 0)
		goto done;
	strvec_pushl(&argv, "git", "-C", ctx->cfg.repo_dir, "merge",
	    "--no-edit", NULL);
	if (cmd_opt_isset(ctx, OPT_FF_ONLY))
		strvec_push(&argv, "--ff-only");
	if (cmd_opt_isset(ctx, OPT_SQUASH))
		strvec_push(&argv, "--squash");
	/* The exact commit, named in the message as git would name the ref. */
	strvec_push(&argv, "-m");
	strvec_pushf(&argv, "Merge sandbox branch '%s/%s' (%.12s)", r.remote,
	    r.sb->name, hex);
	strvec_push(&argv, hex);
	if ((rc = review_git(ctx, &argv, &status)) != 0)
		goto done;
	if (status != 0)
		rc = merge_failed(ctx, &r, status);
	else if (cmd_opt_isset(ctx, OPT_SQUASH) && !ctx->sp.dry_run)
		ui_info(&ctx->ui, "the changes are staged, not committed; "
		    "review them and run 'git commit'");
done:
	strvec_clear(&argv);
	review_clear(&r);
	return rc;
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "[BASE]",
	.summary = "merge the reviewed sandbox tip into the current branch",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = merge_opts,
	.exec = cmd_merge_exec,
};
