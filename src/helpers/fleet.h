/*
 * A repository's sandboxes: the one rule every command uses to decide
 * which of the sandboxes sbx knows work on REPO_DIR.  A sandbox is this
 * repository's when sbx lists REPO_DIR among its workspaces, or when
 * REPO_DIR has the sandbox-NAME remote sbx adds at creation and sbx does
 * not say the sandbox works on some other directory (a sandbox whose
 * workspace is elsewhere is another repository's, whatever stale remote
 * this one still holds).  A remote whose sandbox sbx does not list at all
 * still counts, as not listed: an empty `sbx ls` proves nothing, and its
 * fetched work is here.  A name this tool refuses as a sandbox name
 * (cfg_check_sandbox_name) is never a member: no command could act on it.
 */
#ifndef AIRLOCK_FLEET_H
#define AIRLOCK_FLEET_H

#include <stddef.h>

#include "base/strvec.h"
#include "services/sbx/sbx.h"

/* Why a sandbox is this repository's (both may hold). */
#define FLEET_BY_WORKSPACE	0x01	/* sbx lists REPO_DIR as its workspace */
#define FLEET_BY_REMOTE		0x02	/* REPO_DIR has its sandbox-NAME remote */

struct fleet_box {
	char		*name;
	char		*agent;		/* "" when sbx does not list it */
	char		*status_text;	/* as sbx printed it, or "" */
	enum sbx_status	 status;	/* SBX_ABSENT when not listed */
	int		 listed;	/* sbx lists it */
	int		 how;		/* FLEET_BY_* */
};

/* Sorted by name, each name once. */
struct fleet {
	struct fleet_box	*v;
	size_t			 n;
};

#define FLEET_INIT { .v = NULL, .n = 0 }

/*
 * Why sbx's sandbox b is the repository's at repo_dir, whose
 * sandbox-NAME remotes name remotes: FLEET_BY_* bits, 0 when it is not.
 */
int	fleet_member(const char *repo_dir, const struct sbx_box *b,
	    const struct strvec *remotes);

/*
 * The whole rule, on facts already read: l from `sbx ls`, remotes the
 * NAMEs of the repository's sandbox-NAME remotes (gitx_sandbox_remotes).
 * Workspaces are compared as directories (the same path or inode).  f
 * must be initialised (FLEET_INIT); it is cleared first.
 */
void	fleet_decide(const char *repo_dir, const struct sbx_list *l,
	    const struct strvec *remotes, struct fleet *f);

/*
 * The sandboxes of the repository at repo_dir among l, reading its
 * remotes: 0 with *f (initialised, its old members cleared), or -1 with
 * *cause (f empty) when the repository cannot be read.  Makes no sbx call: the caller's one `sbx ls` is l.
 */
int	fleet_read(const char *repo_dir, const struct sbx_list *l,
	    struct fleet *f, char **cause);

/* The member named name, or NULL. */
const struct fleet_box *fleet_find(const struct fleet *, const char *name);
/* How many of them sbx lists. */
size_t	fleet_listed(const struct fleet *);

void	fleet_clear(struct fleet *);

#endif
