/*
 * pr [BASE] [BRANCH]: fetch; point BRANCH (default PR_BRANCH) at SBREF with
 * libgit2; `git -C REPO push -u origin BRANCH` with the user's git and
 * credentials; then `gh pr create --head BRANCH --base BASE --fill` when gh
 * is installed, else the github.com compare URL.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/review.h"

static const struct cmd_opt pr_opts[] = {
	OPT_DECL_BRANCH,
	OPT_DECL_NO_START,
	OPT_END
};

static int
set_branch(struct cmd_ctx *ctx, struct review *r, const char *branch)
{
	const char *argv[] = { "git", "-C", ctx->cfg.repo_dir, "branch", "-f",
	    branch, r->sb->ref, NULL };
	char *cause = NULL;

	if (proc_echo_only(&ctx->sp, argv))
		return 0;
	if (gitx_branch_force(r->repo, branch, r->sb->ref, &cause) < 0)
		return review_fail(ctx, cause);
	return 0;
}

static int
open_pr(struct cmd_ctx *ctx, const struct review *r, const char *url,
    const char *branch)
{
	struct proc p = PROC_INIT;
	char *gh = proc_which("gh"), *cause = NULL, *cmp;
	int rc = 0;

	if (gh == NULL) {
		cmp = review_compare_url(url, r->base, branch);
		if (cmp != NULL && ctx->sp.dry_run)
			/* stdout holds only the plan. */
			ui_info(&ctx->ui, "then open %s", cmp);
		else if (cmp != NULL) {
			ui_info(&ctx->ui, "gh is not installed; open the pull "
			    "request here:");
			/* Built from origin's URL and branch names. */
			ui_safe_fputs(ctx->ui.out, cmp);
			fputc('\n', ctx->ui.out);
		} else
			ui_info(&ctx->ui, "%s '%s'; open a pull request for it "
			    "on your forge", ctx->sp.dry_run ? "then push" :
			    "pushed", branch);
		free(cmp);
		return 0;
	}
	free(gh);
	fflush(ctx->ui.out);
	strvec_pushl(&p.args, "gh", "pr", "create", "--head", branch,
	    "--base", r->base, "--fill", NULL);
	p.dir = ctx->cfg.repo_dir;
	if (proc_run(&ctx->sp, &p, &cause) < 0) {
		rc = ae_error(ctx, "cannot run gh: %s", cause);
		free(cause);
	} else if (p.status != 0)
		rc = ae_error(ctx, "'gh pr create' failed with exit status %d; "
		    "'%s' is pushed, open the pull request by hand", p.status,
		    branch);
	proc_clear(&p);
	return rc;
}

static int
cmd_pr_exec(struct cmd_ctx *ctx)
{
	const char *branch = ctx->args.n > 1 ? ctx->args.v[1] :
	    ctx->cfg.pr_branch;
	struct strvec argv = STRVEC_INIT;
	struct review r;
	char *url = NULL, *cause = NULL;
	int rc, status = 0;

	memset(&r, 0, sizeof(r));
	if (!gitx_branch_name_valid(branch))
		return ae_usage(ctx, "'%s' is not a valid branch name", branch);
	rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL, &r);
	if (rc != 0)
		goto done;
	if (r.sb == NULL) {
		rc = ae_error(ctx, "nothing to propose: no sandbox branch has "
		    "commits not in '%s'", r.base);
		goto done;
	}
	if ((rc = gitx_remote_url(r.repo, "origin", &url, &cause)) != 0) {
		if (rc == GITX_ENOTFOUND)
			rc = ae_error(ctx, "no remote 'origin' in '%s'; add one "
			    "with 'git -C %s remote add origin URL'",
			    ctx->cfg.repo_dir, ctx->cfg.repo_dir);
		else
			rc = review_fail(ctx, cause);
		goto done;
	}
	if ((rc = set_branch(ctx, &r, branch)) != 0)
		goto done;
	strvec_pushl(&argv, "git", "-C", ctx->cfg.repo_dir, "push", "-u",
	    "origin", branch, NULL);
	if ((rc = review_git(ctx, &argv, &status)) != 0)
		goto done;
	if (status != 0)
		rc = ae_error(ctx, "'git push' of '%s' to origin failed with "
		    "exit status %d", branch, status);
	else
		rc = open_pr(ctx, &r, url, branch);
done:
	free(url);
	strvec_clear(&argv);
	review_close(&r);
	return rc;
}

const struct cmd_entry cmd_pr_entry = {
	.name = "pr",
	.usage = "[BASE] [BRANCH]",
	.summary = "push the sandbox branch to origin and open a pull request",
	.args_min = 0,
	.args_max = 2,
	.flags = CMD_NEEDS_CONFIG,
	.opts = pr_opts,
	.exec = cmd_pr_exec,
};
