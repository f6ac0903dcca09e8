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
#include "helpers/fleet.h"
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

/* The repository's sandbox-NAME remotes (none outside a repository). */
static void
read_remotes(struct cmd_ctx *ctx, struct strvec *remotes)
{
	struct git_repository *repo = NULL;
	char *cause = NULL;

	/* Unreadable: no remote, so only a workspace can make it ours. */
	if (ctx->cfg.repo_found &&
	    (gitx_open(ctx->cfg.repo_dir, &repo, &cause) < 0 ||
	    gitx_sandbox_remotes(repo, remotes, &cause) < 0))
		free(cause);
	gitx_close(repo);
}

int
cmd_box_ours(struct cmd_ctx *ctx, const struct sbx_box *b)
{
	const char *name = ctx->cfg.sandbox_name;
	struct strvec remotes = STRVEC_INIT;
	char *ws;
	int how;

	read_remotes(ctx, &remotes);
	how = fleet_member(ctx->cfg.repo_dir, b, &remotes);
	strvec_clear(&remotes);
	if (how != 0)
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
	if (cmd_sbx_ls(ctx, &l, cause) < 0)
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

int
cmd_sbx_ls(struct cmd_ctx *ctx, struct sbx_list *l, char **cause)
{
	if (ctx->boxes == NULL)
		return sbx_ls(&ctx->sp, l, cause);
	*l = *ctx->boxes;
	free(ctx->boxes);
	ctx->boxes = NULL;
	return 0;
}

int
cmd_sbx_status(struct cmd_ctx *ctx, const char *name, enum sbx_status *st,
    char **cause)
{
	const struct sbx_box *b;
	struct sbx_list l;

	if (cmd_sbx_ls(ctx, &l, cause) < 0)
		return -1;
	b = sbx_list_find(&l, name);
	*st = b != NULL ? b->status : SBX_ABSENT;
	sbx_list_clear(&l);
	return 0;
}
