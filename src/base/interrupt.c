/*
 * Interruption.  A signal handler may do almost nothing safely, so ours
 * records the signal and, while a child runs, passes SIGTERM or SIGHUP on
 * to it; the work in progress notices through intr_pending() and unwinds
 * through its usual cleanup.  SA_RESTART is left off on purpose: a read
 * blocked on a silent network peer then fails with EINTR instead of
 * waiting for data that may never come.
 */
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "base/interrupt.h"

static const int intr_sigs[] = { SIGINT, SIGTERM, SIGHUP };
#define NSIGS	(sizeof(intr_sigs) / sizeof(intr_sigs[0]))

static struct sigaction	saved[NSIGS];
static int		installed[NSIGS];
static int		armed;
static volatile sig_atomic_t caught;
static volatile sig_atomic_t child;

static int
is_ours(int sig)
{
	size_t i;

	for (i = 0; i < NSIGS; i++)
		if (intr_sigs[i] == sig)
			return 1;
	return 0;
}

static void
on_signal(int sig)
{
	int e = errno;

	if (caught == 0)
		caught = sig;
	if (child != 0)
		kill((pid_t)child, sig);
	errno = e;
}

void
intr_arm(void)
{
	struct sigaction sa, old;
	size_t i;

	if (armed)
		return;
	caught = 0;
	child = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* One at a time: no handler interrupts another. */
	for (i = 0; i < NSIGS; i++)
		sigaddset(&sa.sa_mask, intr_sigs[i]);
	for (i = 0; i < NSIGS; i++) {
		installed[i] = 0;
		if (sigaction(intr_sigs[i], NULL, &old) < 0 ||
		    old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(intr_sigs[i], &sa, &saved[i]) == 0)
			installed[i] = 1;
	}
	armed = 1;
}

void
intr_disarm(void)
{
	size_t i;

	if (!armed)
		return;
	for (i = 0; i < NSIGS; i++)
		if (installed[i])
			sigaction(intr_sigs[i], &saved[i], NULL);
	child = 0;
	armed = 0;
}

int
intr_pending(void)
{
	return caught;
}

void
intr_child_died(int sig)
{
	if (armed && caught == 0 && is_ours(sig))
		caught = sig;
}

void
intr_child(pid_t pid)
{
	int sig;

	child = pid;
	/* Recorded between our last check and the fork: pass it on now. */
	if (pid != 0 && (sig = caught) != 0)
		kill(pid, sig);
}

void
intr_reraise(void)
{
	sigset_t set;
	int sig = caught;

	if (sig == 0)
		return;
	intr_disarm();
	caught = 0;
	fflush(NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}
