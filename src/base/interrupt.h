/*
 * Interruption: SIGINT, SIGTERM and SIGHUP while a command runs.  The
 * handler only records the signal; long work polls intr_pending() and
 * unwinds through its normal cleanup (libgit2 releases its own locks when a
 * callback fails), and cmd_main re-raises the signal at the end so the
 * parent sees a real signal death (exit status 128+signal in sh).
 *
 * Nothing is recorded unless intr_arm() is in effect, so lower layers
 * used on their own (the unit tests) behave as before.
 */
#ifndef AIRLOCK_INTERRUPT_H
#define AIRLOCK_INTERRUPT_H

#include <sys/types.h>

/*
 * Catch SIGINT, SIGTERM and SIGHUP (those not ignored when we started:
 * a background job or nohup keeps its ignored signals) and forget any
 * signal recorded before.  intr_disarm() puts the old handlers back.
 */
void	intr_arm(void);
void	intr_disarm(void);

/* The signal that interrupted us, or 0. */
int	intr_pending(void);

/*
 * A child died of sig: when it is SIGINT, SIGTERM or SIGHUP (the user's
 * ^C reached it, or ours was forwarded), take it as our interruption too,
 * so the command stops instead of going on to its next step.
 */
void	intr_child_died(int sig);

/*
 * While child pid runs (0: none; -PGID: a child in a process group of its
 * own, which then gets ^C this way too), a SIGTERM or SIGHUP sent to us
 * alone is passed on to it; we then wait for it and stop.  One recorded
 * before the child was known is passed on at once.
 */
void	intr_child(pid_t pid);

/*
 * If a signal was recorded: disarm, flush stdio and die of that signal.
 * Returns only when nothing was recorded (or the signal did not kill).
 */
void	intr_reraise(void);

#endif
