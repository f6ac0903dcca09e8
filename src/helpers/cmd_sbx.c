/*
 * Making sure the sandbox a name finds is this repository's (ae_sbx(),
 * which reports an sbx failure, lives with the other reporters in
 * report.c).
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "services/git/gitx.h"
#include "services/sbx/sbx.h"

int
cmd_same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, b) == 0)
		return 1;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* sbx listed no workspace: the remote sbx adds to the repository. */
static int
has_remote(struct cmd_ctx *ctx)
{
	struct git_repository *repo = NULL;
	char *remote, *url = NULL, *cause = NULL;
	int rc = 0;

	if (!ctx->cfg.repo_found)
		return 0;
	remote = gitx_remote_of(ctx->cfg.sandbox_name);
	if (gitx_open(ctx->cfg.repo_dir, &repo, &cause) == 0)
		rc = gitx_remote_url(repo, remote, &url, &cause) == 0;
	gitx_close(repo);
	free(remote);
	free(url);
	free(cause);
	return rc;
}

int
cmd_box_ours(struct cmd_ctx *ctx, const struct sbx_box *b)
{
	const char *name = ctx->cfg.sandbox_name;
	char *ws;
	size_t i;

	for (i = 0; i < b->workspaces.n; i++)
		if (cmd_same_dir(b->workspaces.v[i], ctx->cfg.repo_dir))
			return 0;
	if (b->workspaces.n == 0 && has_remote(ctx))
		return 0;
	/* sbx's text, which names another user's directory: escaped. */
	ws = b->workspaces.n > 0 ? ui_safe(b->workspaces.v[0],
	    strlen(b->workspaces.v[0])) : xstrdup("a directory sbx does not "
	    "name");
	ae_error(ctx, "sandbox '%s' works on '%s', not on '%s'; nothing was "
	    "done to it", name, ws, ctx->cfg.repo_dir);
	if (ctx->cfg.origin[CFG_SANDBOX_NAME] != NULL)
		ui_hint(&ctx->ui, "SANDBOX_NAME is set (%s); pick a name of "
		    "this repository's own, or run from '%s' (--repo)",
		    ctx->cfg.origin[CFG_SANDBOX_NAME], ws);
	else
		ui_hint(&ctx->ui, "another repository's folder has the same "
		    "name; give this one its own sandbox with --name NAME or "
		    "SANDBOX_NAME in its sandbox.conf");
	free(ws);
	return 1;
}

int
cmd_sandbox_ours(struct cmd_ctx *ctx, enum sbx_status *st, char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	const struct sbx_box *b;
	struct sbx_list l;
	int rc = 0;

	*st = SBX_ABSENT;
	if (sbx_ls(&ctx->sp, &l, cause) < 0)
		return -1;
	if ((b = sbx_list_find(&l, name)) == NULL) {
		*cause = xasprintf("sandbox '%s' does not exist; create it "
		    "with 'code-airlock up'", name);
		rc = SBX_ENOTFOUND;
	} else if (cmd_box_ours(ctx, b) != 0)
		rc = CMD_ENOTOURS;
	else
		*st = b->status;
	sbx_list_clear(&l);
	return rc;
}
