/*
 * Internals shared by spawn.c (run and wait) and spawn_bg.c (commands
 * left running in the background).
 */
#ifndef AIRLOCK_SPAWN_INT_H
#define AIRLOCK_SPAWN_INT_H

#include <sys/types.h>

#include "base/spawn.h"

/* How the child is set up. */
#define CHILD_OWN_GROUP	0x01	/* a process group of its own, stdin null */

/*
 * In the child: set up the descriptors (outfd[1], errfd[1] per p->flags),
 * chdir, exec.  On failure the errno goes to the report pipe.  Never
 * returns.
 */
void	proc_child(const struct proc *, int outfd[2], int errfd[2],
	    int report, int how) __attribute__((noreturn));

/* Append what is readable on fd to *buf; 0 at EOF or on an error. */
int	proc_drain(int fd, char **buf, size_t *len);

/* The exit code of wait status st: 128+signal for a signal death. */
int	proc_exit_code(int st);

/*
 * Kill process group pid (its leader is pid): SIGTERM, up to grace_ms
 * for the leader to go, then SIGKILL to what is left.  Reaps the leader
 * and returns its exit code.
 */
int	proc_kill_group(pid_t pid, int grace_ms);

/* Milliseconds from now to the deadline (negative once past). */
long	proc_ms_left(const struct timespec *deadline);

#endif
