/*
 * The sandbox a command acts on must be this repository's: sbx knows
 * sandboxes by name only, and the default name comes from the folder's
 * name, which two repositories can share.
 */
#ifndef AIRLOCK_CMD_SBX_H
#define AIRLOCK_CMD_SBX_H

#include "helpers/cmd.h"
#include "services/sbx/sbx.h"

/* 1 when a and b name the same directory (the same path, or inode). */
int	cmd_same_dir(const char *a, const char *b);

/* cmd_sandbox_ours(): the sandbox works on another directory. */
#define CMD_ENOTOURS	(-3)

/*
 * 0 when b works on REPO_DIR: a workspace sbx lists for it is REPO_DIR,
 * or, when sbx lists none, the repository has its sandbox-NAME remote.
 * Else report which directory it works on and how to pick another name
 * (SANDBOX_NAME, --name), and return 1.
 */
int	cmd_box_ours(struct cmd_ctx *, const struct sbx_box *b);

/*
 * The state of this repository's sandbox from one `sbx ls`: 0 with *st;
 * SBX_ENOTFOUND when sbx does not list it and -1 when sbx failed (both
 * with *cause, nothing reported); CMD_ENOTOURS after cmd_box_ours()
 * reported.
 */
int	cmd_sandbox_ours(struct cmd_ctx *, enum sbx_status *st, char **cause);

/*
 * The sandbox to act on when no name is given: no --name, and no source
 * sets SANDBOX_NAME (the environment, CODE_AIRLOCK_CONFIG, the
 * repository's or the user's sandbox.conf).  Among this repository's
 * sandboxes (fleet.h) that sbx lists: the one named SANDBOX_NAME's
 * default when it is one of them, else the only one; with none, the
 * default stands (the command says it does not exist).  Asks sbx nothing
 * when the repository has the default's sandbox-NAME remote; otherwise
 * one `sbx ls`, kept in ctx->boxes.  0 with ctx->cfg naming the
 * sandbox, or 2 after a usage error listing several, with the --name
 * hint.
 */
int	cmd_select_box(struct cmd_ctx *);

/*
 * `sbx ls` for a command: the list cmd_select_box() read, handed over
 * once, else a new call.  0 with *l (the caller clears it), or -1 with
 * *cause.
 */
int	cmd_sbx_ls(struct cmd_ctx *, struct sbx_list *l, char **cause);
/* The state of sandbox name from cmd_sbx_ls(): 0 with *st, or -1. */
int	cmd_sbx_status(struct cmd_ctx *, const char *name,
	    enum sbx_status *st, char **cause);

#endif
