/*
 * Where up and run may start a sandbox.  REPO_DIR is what sbx mounts into
 * the VM, so it must not be the home directory or above it: a dotfiles
 * repository at $HOME would hand ~/.ssh, ~/.aws and every browser
 * profile to the agent.  And when REPO_DIR was found from the current
 * directory, that directory must lie where the repository tracks files:
 * a new project folder inside such a repository is no part of it, and
 * the user meant that folder, not the repository around it.  On a
 * terminal the user may go on anyway; without one it is an error.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/cmd.h"
#include "helpers/launch.h"
#include "services/git/gitx.h"

/* 1 when dir is path or one of its parents. */
static int
at_or_above(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

/*
 * cwd (below top) and each of its parents up to top, one at a time: does
 * git track any file under one of them?  1, 0, or -1 (cannot tell).
 */
static int
cwd_tracked(const char *top, const char *cwd)
{
	char *rel = xstrdup(cwd + strlen(top) + 1), *slash, *cause = NULL;
	int rc = 0;

	while (rc == 0 && *rel != '\0') {
		rc = gitx_tracks_under(top, rel, &cause);
		if ((slash = strrchr(rel, '/')) == NULL)
			break;
		*slash = '\0';
	}
	free(cause);
	free(rel);
	return rc;
}

/* Why REPO_DIR is the wrong thing to mount, or NULL. */
static char *
misplaced(struct cmd_ctx *ctx)
{
	const char *home = ctx_getenv(ctx, "HOME"), *top = ctx->cfg.repo_dir;
	char *hreal = home != NULL ? realpath(home, NULL) : NULL, *why = NULL;
	char cwd[PATH_MAX];

	if (hreal != NULL && at_or_above(top, hreal))
		why = xasprintf("REPO_DIR '%s' is %s, so sbx would mount all "
		    "of it into the sandbox (~/.ssh, ~/.aws and the rest)", top,
		    strcmp(top, hreal) == 0 ? "your home directory" :
		    "above your home directory");
	else if (ctx->cfg.raw[CFG_REPO_DIR] == NULL && ctx->cfg.repo_found &&
	    getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, top) != 0 &&
	    at_or_above(top, cwd) && cwd_tracked(top, cwd) != 1)
		why = xasprintf("the current directory '%s' holds nothing the "
		    "repository around it tracks, yet sbx would mount all of "
		    "'%s' into the sandbox", cwd, top);
	free(hreal);
	return why;
}

int
cmd_launch_where(struct cmd_ctx *ctx)
{
	char *why = misplaced(ctx);
	int yes;

	if (why == NULL)
		return 0;
	if (ctx->ui.in_tty && ctx->sp.dry_run) {
		ui_warn(&ctx->ui, "%s; a real run asks before going on", why);
		free(why);
		return 0;
	}
	if (ctx->ui.in_tty && (yes = ui_confirm(&ctx->ui, "%s; start the "
	    "sandbox on '%s' anyway?", why, ctx->cfg.repo_dir)) == 1) {
		free(why);
		return 0;
	}
	ae_error(ctx, "%s; nothing was started", why);
	ui_hint(&ctx->ui, "for a project of its own run 'git init' in its "
	    "folder, or name the repository to work on with --repo DIR");
	free(why);
	return 1;
}
