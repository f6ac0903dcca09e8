/*
 * review [BASE]: fetch, check SBREF exists, print the risk summary of
 * BASE...SBREF (what steers the next agent, runs by itself or pulls code
 * in: secrets in added lines, agent instructions, autorun files, CI
 * config, build scripts, dependencies by name, network endpoints, symlinks,
 * new executables, binary and large files), then open `git difftool
 * --dir-diff --no-prompt --tool=REVIEW_TOOL BASE SBREF`.  --summary (or
 * --json) stops after the summary.  --fail-on LIST exits 3 when a listed
 * category is flagged, after printing everything.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "base/interrupt.h"
#include "helpers/review.h"
#include "helpers/review_risk.h"

static const struct cmd_opt review_opts[] = {
	OPT_DECL_BRANCH,
	{ OPT_SUMMARY, "--summary", 0, NULL, "print the risk summary only" },
	{ OPT_FAIL_ON, "--fail-on", 0, "LIST", "exit 3 when a category of "
	    "LIST (comma-separated, or any) is flagged" },
	OPT_DECL_NO_START,
	OPT_END
};

/*
 * 1 when git ships a difftool of this name: a script under mergetools/
 * that difftool sources, or a variant of one ("bc3", "vimdiff1"), which
 * git finds by dropping a final digit.
 */
static int
git_ships(struct cmd_ctx *ctx, const char *tool)
{
	struct proc p = PROC_INIT;
	char *cause = NULL, *path;
	struct stat st;
	int found = 0;

	strvec_pushl(&p.args, "git", "--exec-path", NULL);
	p.flags = PROC_PROBE | PROC_CAPTURE | PROC_NULL_IN | PROC_QUIET_ERR;
	if (proc_run(&ctx->sp, &p, &cause) == 0 && p.status == 0 &&
	    p.out != NULL && *p.out == '/') {
		p.out[strcspn(p.out, "\n")] = '\0';
		path = xasprintf("%s/mergetools/%s", p.out, tool);
		found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
		if (!found && isdigit((unsigned char)path[strlen(path) - 1])) {
			path[strlen(path) - 1] = '\0';
			found = stat(path, &st) == 0 && S_ISREG(st.st_mode);
		}
		free(path);
	}
	free(cause);
	proc_clear(&p);
	return found;
}

/*
 * REVIEW_TOOL must name a difftool git ships or one the user's own git
 * configuration defines (difftool.NAME.cmd in the global or system file):
 * the repo's sandbox.conf or local config must not be able to choose a
 * program for the host to run.  The config layer has already refused
 * anything but a plain name.  0, or the exit code after reporting.
 */
static int
check_tool(struct cmd_ctx *ctx)
{
	const char *tool = ctx->cfg.review_tool;
	const char *from = ctx->cfg.origin[CFG_REVIEW_TOOL];
	char *key, *msg, *cause = NULL;
	int rc;

	if (git_ships(ctx, tool))
		return 0;
	key = xasprintf("difftool.%s.cmd", tool);
	rc = gitx_user_config_has(key, &cause);
	if (rc < 0)
		ui_warn(&ctx->ui, "%s", cause);
	if (rc != 1) {
		msg = xasprintf("REVIEW_TOOL '%s'%s%s is not a difftool git "
		    "knows or your git config defines; pick one from 'git "
		    "difftool --tool-help' or define '%s' in ~/.gitconfig",
		    tool, from != NULL ? " from " : "", from != NULL ? from :
		    "", key);
		/* A plan shows every step; the real run stops here. */
		if (ctx->sp.dry_run)
			ui_warn(&ctx->ui, "%s", msg);
		else
			ae_error(ctx, "%s", msg);
		free(msg);
		rc = ctx->sp.dry_run ? 0 : 2;
	} else
		rc = 0;
	free(cause);
	free(key);
	return rc;
}

static int
difftool(struct cmd_ctx *ctx, const struct review *r)
{
	struct strvec argv = STRVEC_INIT;
	int rc, status = 0;

	/* After the summary, which is worth reading whatever the tool. */
	if ((rc = check_tool(ctx)) != 0)
		return rc;
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

/* The summary and the difftool, once BASE and SBREF are known. */
static int
show(struct cmd_ctx *ctx, struct review *r, const struct risk_opts *o,
    unsigned fail_on)
{
	struct risk_report rep;
	char *cause = NULL;
	int rc = 0;

	memset(&rep, 0, sizeof(rep));
	if (r->sb != NULL && !review_have_commits(ctx, r)) {
		/* Only the difftool can be planned. */
		if (!ctx->json && !cmd_opt_isset(ctx, OPT_SUMMARY))
			rc = difftool(ctx, r);
		return rc;
	}
	if (r->sb != NULL && risk_report(r->repo, r->base, r->sb->ref, o,
	    &rep, &cause) < 0)
		return ae_cause(ctx, cause);
	/* What merge will take. */
	if (r->sb != NULL)
		review_saw_sbref(ctx, r);
	if (ctx->json)
		review_print_json(ctx, r, &rep);
	else if (r->sb != NULL) {
		review_print_summary(ctx, r, &rep);
		if (!cmd_opt_isset(ctx, OPT_SUMMARY))
			rc = difftool(ctx, r);
	}
	if (rc == 0 && (risk_flagged(&rep) & fail_on) != 0)
		rc = REVIEW_EXIT_FLAGGED;
	risk_report_clear(&rep);
	return rc;
}

static int
cmd_review_exec(struct cmd_ctx *ctx)
{
	struct risk_opts o = { ctx->cfg.allow, NULL };
	struct risk_rules *rules = NULL;
	struct review r;
	unsigned fail_on;
	int rc;

	memset(&r, 0, sizeof(r));
	/* Usage and rules first: nothing is fetched on a bad command. */
	if ((rc = review_fail_on(ctx, &fail_on)) != 0 ||
	    (rc = review_rules_open(ctx, &rules)) != 0)
		return rc;
	o.rules = rules;
	if ((rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL,
	    &r)) == 0)
		rc = show(ctx, &r, &o, fail_on);
	review_clear(&r);
	risk_rules_free(rules);
	return rc;
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "[BASE]",
	.summary = "fetch, print a risk summary and open a directory diff",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON | CMD_NEEDS_BOX,
	.opts = review_opts,
	.exec = cmd_review_exec,
};
