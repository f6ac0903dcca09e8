/*
 * doctor's repository and configuration checks: the repo probes of
 * helpers/preflight.h on the repo doctor was pointed at, and whether the
 * configuration loaded.
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "doctor.h"

/* The repo to check: REPO_DIR when the configuration loaded, else --repo
 * or the current directory.  *top is NULL when it is not a repository. */
static char *
repo_to_check(struct cmd_ctx *ctx, char **top)
{
	const char *dir = ctx->cli.repo_dir ? ctx->cli.repo_dir : ".";
	char *cause = NULL;

	*top = NULL;
	if (ctx->cfg.repo_dir != NULL) {
		if (ctx->cfg.repo_found)
			*top = xstrdup(ctx->cfg.repo_dir);
		return xstrdup(ctx->cfg.repo_dir);
	}
	if (gitx_discover_toplevel(dir, top, &cause) != 0)
		*top = NULL;
	free(cause);
	return xstrdup(dir);
}

static void
check_config(struct cmd_ctx *ctx, struct doctor *d, char *cfg_cause)
{
	const struct config *c = &ctx->cfg;
	struct probe p = { .name = "config" };
	char *files = NULL, *tmp;
	size_t i;

	if (cfg_cause != NULL) {
		p.level = PROBE_FAIL;
		p.detail = cfg_cause;
		p.hint = xstrdup("fix the setting named above; every key is "
		    "described in sandbox.conf.example");
		doctor_add(d, &p);
		return;
	}
	for (i = 0; i < c->files.n; i++) {
		tmp = files;
		files = xasprintf("%s%s%s", tmp ? tmp : "", tmp ? ", " : "",
		    c->files.v[i]);
		free(tmp);
	}
	if (c->warnings.n > 0) {
		p.level = PROBE_WARN;
		p.detail = xstrdup(c->warnings.v[0]);
	} else
		p.detail = files ? xasprintf("valid (%s)", files) :
		    xstrdup("valid (built-in defaults)");
	doctor_add(d, &p);
	free(files);
}

void
doctor_repo(struct cmd_ctx *ctx, struct doctor *d, char *cfg_cause)
{
	struct probe p = PROBE_INIT;
	char *top, *dir = repo_to_check(ctx, &top);

	probe_repo(&p, top != NULL ? top : dir, top != NULL);
	doctor_add(d, &p);
	if (top != NULL) {
		probe_repo_commit(&p, top);
		doctor_add(d, &p);
		probe_repo_shallow(&p, top);
		doctor_add(d, &p);
		probe_repo_worktree(&p, top);
		doctor_add(d, &p);
	}
	check_config(ctx, d, cfg_cause);
	free(top);
	free(dir);
}
