/*
 * A check command run inside a sandbox on one exact commit (sbx_check.c):
 * a throwaway git worktree of the sandbox's clone at that commit, the
 * command run there by `sh -c` in a process group of its own under a
 * time bound, and everything removed afterwards (that group killed, the
 * worktree and its bookkeeping gone), so that the agent's own working
 * tree, index and branches are never touched and nothing keeps running.
 */
#ifndef AIRLOCK_SBX_CHECK_H
#define AIRLOCK_SBX_CHECK_H

#include "base/spawn.h"

/* The first line the command's wrapper prints: what follows is its own. */
#define SBX_CHECK_READY		"code-airlock-verify: ready"
/* Seconds the VM's own bound adds to the caller's, a backstop. */
#define SBX_CHECK_BACKSTOP	10

struct sbx_check {
	const char	*name;		/* sandbox */
	const char	*workspace;	/* the clone's path inside the VM */
	const char	*commit;	/* 40 hex digits */
	char		*dir;		/* the worktree, under /tmp */
	char		*pidfile;	/* the command's process group */
	int		 added;		/* the worktree may exist */
	struct proc	 p;		/* the running command */
};

/*
 * Name the worktree (token: a word unique to this run, e.g. the pid)
 * and add it at the commit, with the clone's hooks switched off:
 * 0, or -1 with *cause.  Under dry-run only echoed.
 */
int	sbx_check_add(const struct spawner *, struct sbx_check *,
	    const char *token, char **cause);

/*
 * Start `sh -c COMMAND` in the worktree, its stderr into its stdout,
 * killed by the VM itself secs + SBX_CHECK_BACKSTOP seconds on; the
 * caller reads c->p with proc_read_line() (the wrapper's first line is
 * SBX_CHECK_READY) and ends it with proc_stop().  0, or -1 with *cause.
 */
int	sbx_check_start(const struct spawner *, struct sbx_check *,
	    const char *command, int secs, char **cause);

/*
 * Kill what is left of the command's process group inside the VM and
 * remove the worktree; runs after an interruption too.  0, or -1 with
 * *cause.  Frees what c holds.
 */
int	sbx_check_remove(const struct spawner *, struct sbx_check *,
	    char **cause);

#endif
