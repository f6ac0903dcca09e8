/*
 * What a script needs to gate on the risk summary: the user's
 * REVIEW_RULES file, found and read before anything is fetched (a bad
 * line is a configuration error, exit 2), and the --fail-on list.
 *
 * The rules decide what the summary leaves out, so they must not be
 * something the agent's work can write: a rules file inside the
 * repository counts only when git ignores it and no commit of the
 * agent's work carries it (a tracked file, an untracked one that `git
 * apply` of the agent's diff could have left, or one the agent committed
 * next to a .gitignore line for it, is refused), or when it sits in the
 * git directory.  The file is read once, and that snapshot is both
 * checked and parsed.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/review.h"
#include "helpers/review_risk.h"

/* Commits of the agent's work looked through for the rules file. */
#define RULES_TRUST_MAXWALK	20000

/*
 * Why a rules file inside the repository's work tree cannot be trusted,
 * or NULL: git must ignore it, and no commit of the agent's work may
 * carry the same bytes at that path.
 */
static char *
distrust(struct cmd_ctx *ctx, const char *real, const char *text,
    size_t len)
{
	const char *repo = ctx->cfg.repo_dir, *rel;
	size_t n = strlen(repo);
	char *why = NULL, *r = NULL;
	int st;

	if (!ctx->cfg.repo_found || strncmp(real, repo, n) != 0 ||
	    (real[n] != '/' && n > 1))
		return NULL;
	rel = real + n + (n > 1);
	if (strncmp(rel, ".git/", 5) == 0)
		return NULL;
	if ((st = gitx_path_state(repo, rel, &why)) < 0)
		r = xasprintf("cannot tell whether git tracks it (%s)", why);
	else if (st != GITX_PATH_IGNORED)
		r = xstrdup("it is in the repository and not ignored by git, "
		    "so the agent's work could have written it; git-ignore it "
		    "or move it outside the repository");
	else if ((st = gitx_agent_carries(repo, rel, text, len,
	    RULES_TRUST_MAXWALK, &why)) < 0)
		r = xasprintf("cannot tell whether the agent's commits carry "
		    "it (%s)", why);
	else if (st == 1)
		r = xstrdup("a sandbox branch carries this very file, so it "
		    "came from the agent; keep your rules outside the "
		    "repository");
	free(why);
	return r;
}

/* A bad rules file is a configuration error: exit 2, like a bad key. */
int
review_rules_open(struct cmd_ctx *ctx, struct risk_rules **out)
{
	const char *v = ctx->cfg.review_rules;
	const char *from = ctx->cfg.origin[CFG_REVIEW_RULES];
	char *path, *real, *text = NULL, *cause = NULL, *why;
	size_t len = 0;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	path = *v == '/' ? xstrdup(v) : xasprintf("%s/%s", ctx->cfg.repo_dir,
	    v);
	real = realpath(path, NULL);
	if (real == NULL)
		cause = xasprintf("REVIEW_RULES '%s'%s%s does not exist; fix "
		    "the path or unset REVIEW_RULES", path, from != NULL ?
		    " from " : "", from != NULL ? from : "");
	else if (risk_rules_read(real, &text, &len, &cause) == 0) {
		if ((why = distrust(ctx, real, text, len)) != NULL) {
			cause = xasprintf("refusing REVIEW_RULES '%s': %s",
			    real, why);
			free(why);
		} else
			(void)risk_rules_parse(real, text, len, out, &cause);
	}
	free(text);
	free(path);
	free(real);
	if (*out != NULL)
		return 0;
	(void)ae_cause(ctx, cause);
	return 2;
}

int
review_fail_on(struct cmd_ctx *ctx, unsigned *mask)
{
	const char *v = cmd_opt_value(ctx, OPT_FAIL_ON);
	char *cause = NULL;
	int rc;

	*mask = 0;
	if (v == NULL)
		return 0;
	if (risk_parse_list(v, mask, &cause) == 0)
		return 0;
	rc = ae_usage(ctx, "%s", cause);
	free(cause);
	return rc;
}
