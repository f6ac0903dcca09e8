/*
 * diff [BASE]: fetch, then `git -C REPO diff BASE...SBREF` with the user's
 * own git, so their pager, colours and diff configuration apply.  --stat
 * passes through.  Nothing new prints nothing and succeeds.
 */
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/review.h"

static const struct cmd_opt diff_opts[] = {
	OPT_DECL_BRANCH,
	{ OPT_STAT, "--stat", 0, NULL, "show a diffstat only" },
	OPT_DECL_NO_START,
	OPT_END
};

static int
cmd_diff_exec(struct cmd_ctx *ctx)
{
	struct strvec argv = STRVEC_INIT;
	struct review r;
	int rc, status = 0;

	memset(&r, 0, sizeof(r));
	rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL, &r);
	if (rc != 0 || r.sb == NULL)
		goto done;
	strvec_pushl(&argv, "git", "-C", ctx->cfg.repo_dir, "diff", NULL);
	if (cmd_opt_isset(ctx, OPT_STAT))
		strvec_push(&argv, "--stat");
	strvec_pushf(&argv, "%s...%s", r.base, r.sb->ref);
	if ((rc = review_git(ctx, &argv, &status)) == 0 && status != 0)
		rc = ae_error(ctx, "'git diff' failed with exit status %d",
		    status);
	else if (rc == 0)
		review_saw_sbref(ctx, &r);	/* what merge will take */
done:
	strvec_clear(&argv);
	review_clear(&r);
	return rc;
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[BASE]",
	.summary = "fetch, then show git diff BASE...SBREF",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = diff_opts,
	.exec = cmd_diff_exec,
};
