/*
 * Several children at once, their output read as whole lines: what
 * `run --agents` needs to run one agent per sandbox side by side.  Each
 * child runs in a process group of its own, reading /dev/null, its
 * stdout and stderr merged into one pipe; the parent polls every pipe and
 * hands back each line whole, so two children's output never mixes
 * within a line.  Part of the spawn layer: still the only fork/exec.
 */
#ifndef AIRLOCK_SPAWN_MULTI_H
#define AIRLOCK_SPAWN_MULTI_H

#include <sys/types.h>

#include <stddef.h>

#include "base/spawn.h"

/* Longest line handed back; a longer one comes in pieces this long. */
#define PROC_MULTI_LINE_MAX	4096

struct proc_multi_slot {
	struct proc	*p;		/* the caller's; status filled in */
	pid_t		 pid;		/* 0: not running */
	int		 fd;		/* merged output, -1 when closed */
	char		*buf;		/* a line not yet ended */
	size_t		 len;
	int		 stopping;	/* SIGTERM sent */
	int		 ran;		/* started and reaped */
};

struct proc_multi {
	struct proc_multi_slot	*v;
	size_t			 n;
};

#define PROC_MULTI_INIT { .v = NULL, .n = 0 }

/* One line of child i (without its newline, not NUL-terminated). */
typedef void (*proc_multi_line_fn)(void *arg, size_t i, const char *line,
    size_t len);

/*
 * Start p as child i of m (slots grow as needed; p stays the caller's and
 * must outlive m).  Under dry-run it is echoed, p->dry set, and nothing
 * runs.  0, or -1 with *cause when it could not be started (the others
 * are not affected).
 */
int	proc_multi_start(const struct spawner *, struct proc_multi *,
	    size_t i, struct proc *p, char **cause);

/*
 * Read every running child's output until all have ended, calling fn for
 * each whole line (a last line without a newline is handed over at the
 * end), then reap each one into its p->status (exit code, or 128+signal).
 * After an interruption (intr_pending()) each child's process group gets
 * SIGTERM, and SIGKILL when it lingers; their output is still read to the
 * end.  Returns the number of children that exited 0.
 */
size_t	proc_multi_wait(struct proc_multi *, proc_multi_line_fn fn,
	    void *arg);

/* Stop what still runs (as above), close the pipes, free the slots. */
void	proc_multi_clear(struct proc_multi *);

#endif
