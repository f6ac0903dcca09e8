/*
 * pr [BASE] [BRANCH]: fetch; point BRANCH (default PR_BRANCH) with libgit2
 * at the commit merge would take (the SBREF tip last looked at, or
 * --commit); `git -C REPO push -u origin BRANCH` with the user's git and
 * credentials; then `gh pr create --head BRANCH --base BASE --fill` when gh
 * is installed, else the github.com compare URL.
 *
 * An existing BRANCH may hold the user's own work: it is never moved when
 * a worktree has it checked out, and only forward (a fast-forward) unless
 * it is PR_BRANCH and --force was given, which then also pushes with
 * --force-with-lease.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/review.h"
#include "helpers/verify.h"

static const struct cmd_opt pr_opts[] = {
	OPT_DECL_BRANCH,
	OPT_DECL_COMMIT("propose"),
	{ OPT_FORCE, "--force", 0, NULL,
	    "move PR_BRANCH even when that drops commits" },
	OPT_DECL_NO_START,
	OPT_DECL_NO_VERIFY,
	OPT_END
};

/*
 * May BRANCH, now at tip, move to hex?  0 (forward), 1 (only with a forced
 * push), or -1 after reporting why not.
 */
static int
may_move(struct cmd_ctx *ctx, struct review *r, const char *branch,
    const char *tip, const char *hex)
{
	int own = strcmp(branch, ctx->cfg.pr_branch) == 0, ff;
	char *cause = NULL;

	if ((ff = gitx_in_history(r->repo, tip, hex, &cause)) < 0) {
		ae_cause(ctx, cause);
		return -1;
	}
	if (ff)
		return 0;
	if (own && cmd_opt_isset(ctx, OPT_FORCE))
		return 1;
	ae_error(ctx, "branch '%s' holds commits that %.12s lacks; pr moves "
	    "a branch only forward", branch, hex);
	ui_hint(&ctx->ui, own ? "pass --force to replace PR_BRANCH '%s' "
	    "(its other commits stay reachable only from origin or the "
	    "reflog)" : "name another BRANCH; --force replaces only "
	    "PR_BRANCH, not '%s'", branch);
	return -1;
}

/* Create or move BRANCH to hex; *forced when the move drops commits. */
static int
set_branch(struct cmd_ctx *ctx, struct review *r, const char *branch,
    const char *hex, int *forced)
{
	const char *move[] = { "git", "-C", ctx->cfg.repo_dir, "branch", "-f",
	    branch, hex, NULL };
	const char *make[] = { "git", "-C", ctx->cfg.repo_dir, "branch",
	    branch, hex, NULL };
	char tip[GITX_HEXSZ + 1], *cause = NULL;
	int rc, out = 0;

	*forced = 0;
	rc = gitx_branch_facts(r->repo, branch, tip, &out, &cause);
	if (rc < 0 && rc != GITX_ENOTFOUND)
		return ae_cause(ctx, cause);
	if (rc == 0 && strcmp(tip, hex) == 0)
		return 0;
	if (rc == 0 && out)
		return ae_error(ctx, "branch '%s' is checked out in a worktree "
		    "of '%s'; pr never moves it: switch away from it or name "
		    "another BRANCH", branch, ctx->cfg.repo_dir);
	if (rc == 0 && (*forced = may_move(ctx, r, branch, tip, hex)) < 0)
		return 1;
	if (proc_echo_only(&ctx->sp, rc == 0 ? move : make))
		return 0;
	if (gitx_branch_update(r->repo, branch, hex, rc == 0 ? tip : NULL,
	    &cause) < 0)
		return ae_cause(ctx, cause);
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
	if (proc_run(&ctx->sp, &p, &cause) < 0)
		rc = ae_causef(ctx, cause, "cannot run gh");
	else if (p.status != 0)
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
	char hex[GITX_HEXSZ + 1];
	struct review r;
	char *url = NULL, *cause = NULL;
	int rc, status = 0, forced = 0;

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
			rc = ae_cause(ctx, cause);
		goto done;
	}
	if ((rc = review_pick_commit(ctx, &r, hex)) != 0 ||
	    (rc = verify_gate(ctx, r.repo, hex, "push")) != 0 ||
	    (rc = set_branch(ctx, &r, branch, hex, &forced)) != 0)
		goto done;
	strvec_pushl(&argv, "git", "-C", ctx->cfg.repo_dir, "push", NULL);
	if (forced)
		strvec_push(&argv, "--force-with-lease");
	strvec_pushl(&argv, "-u", "origin", branch, NULL);
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
	review_clear(&r);
	return rc;
}

const struct cmd_entry cmd_pr_entry = {
	.name = "pr",
	.usage = "[BASE] [BRANCH]",
	.summary = "push the sandbox branch to origin and open a pull request",
	.args_min = 0,
	.args_max = 2,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = pr_opts,
	.exec = cmd_pr_exec,
};
