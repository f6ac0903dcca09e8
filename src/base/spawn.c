/*
 * spawn: the only fork/exec in the program.  Commands are argv vectors;
 * under dry-run anything that could change state is echoed instead of run,
 * as a line that pastes back into sh and gives the same argv.
 *
 * A command with a time bound (p->timeout) runs in a process group of its
 * own, reading /dev/null: past the bound the whole group is killed, so
 * nothing it started stays behind (a program that hangs, or one that
 * waits for a sign-in nobody will give).  A ^C does not reach that group
 * from the terminal; the interrupt handler passes it on instead.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "base/spawn.h"
#include "spawn_int.h"

#define KILL_GRACE_MS	2000	/* SIGTERM to SIGKILL */

void
proc_init(struct proc *p)
{
	memset(p, 0, sizeof(*p));
}

void
proc_clear(struct proc *p)
{
	proc_stop(p);
	strvec_clear(&p->args);
	strvec_clear(&p->env);
	free(p->out);
	free(p->err);
	proc_init(p);
}

/* Close-on-exec pipe; returns -1 on failure. */
static int
cloexec_pipe(int fd[2])
{
	return pipe2(fd, O_CLOEXEC);
}

static void
null_fd(int target, int flags)
{
	int fd;

	if ((fd = open("/dev/null", flags)) >= 0 && fd != target) {
		dup2(fd, target);
		close(fd);
	}
}

void
proc_child(const struct proc *p, int outfd[2], int errfd[2], int report,
    int how)
{
	size_t i;
	int e;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	if (how & CHILD_OWN_GROUP)
		setpgid(0, 0);
	if ((p->flags & PROC_NULL_IN) || (how & CHILD_OWN_GROUP))
		null_fd(STDIN_FILENO, O_RDONLY);
	if (p->flags & PROC_CAPTURE)
		dup2(outfd[1], STDOUT_FILENO);
	if (p->flags & PROC_CAPTURE_ERR)
		dup2(errfd[1], STDERR_FILENO);
	else if (p->flags & PROC_QUIET_ERR)
		null_fd(STDERR_FILENO, O_WRONLY);
	for (i = 0; i < p->env.n; i++)
		putenv(p->env.v[i]);
	if (p->dir != NULL && chdir(p->dir) < 0)
		goto fail;
	execvp(p->args.v[0], p->args.v);
fail:
	e = errno;
	(void)!write(report, &e, sizeof(e));
	_exit(127);
}

int
proc_drain(int fd, char **buf, size_t *len)
{
	char tmp[65536];
	ssize_t n;

	do
		n = read(fd, tmp, sizeof(tmp));
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return 0;
	*buf = xrealloc(*buf, *len + (size_t)n + 1);
	memcpy(*buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
	return 1;
}

int
proc_exit_code(int st)
{
	if (!WIFSIGNALED(st))
		return WEXITSTATUS(st);
	intr_child_died(WTERMSIG(st));
	return 128 + WTERMSIG(st);
}

long
proc_ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

int
proc_kill_group(pid_t pid, int grace_ms)
{
	int st, waited;

	kill(-pid, SIGTERM);
	for (waited = 0; waited < grace_ms; waited += 10) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			goto reaped;
		nap_ms(10);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 128 + SIGKILL;
reaped:
	/* Whatever the leader left in its group goes too. */
	kill(-pid, SIGKILL);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* How long poll() may wait: until the deadline, briefly once interrupted. */
static int
poll_ms(const struct timespec *deadline)
{
	long left;

	if (deadline == NULL)
		return intr_pending() ? 100 : -1;
	left = proc_ms_left(deadline);
	if (left < 0)
		left = 0;
	if (intr_pending() && left > 100)
		left = 100;
	return (int)left;
}

/*
 * Read the child's output until EOF.  Once we are interrupted, stop as
 * soon as the child itself is gone: something it started may live on and
 * hold the pipes open.  Returns 1 with *code when it reaped the child, 2
 * when the deadline passed first, else 0.
 */
static int
collect(struct proc *p, int outfd, int errfd, pid_t pid, int *code,
    const struct timespec *deadline)
{
	struct pollfd pfd[2];
	int n, st;

	pfd[0].fd = outfd;
	pfd[1].fd = errfd;
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (deadline != NULL && proc_ms_left(deadline) <= 0)
			return 2;
		n = poll(pfd, 2, poll_ms(deadline));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n > 0 && pfd[0].fd >= 0 && pfd[0].revents &&
		    !proc_drain(pfd[0].fd, &p->out, &p->out_len))
			pfd[0].fd = -1;
		if (n > 0 && pfd[1].fd >= 0 && pfd[1].revents &&
		    !proc_drain(pfd[1].fd, &p->err, &p->err_len))
			pfd[1].fd = -1;
		if (intr_pending() && waitpid(pid, &st, WNOHANG) == pid) {
			*code = proc_exit_code(st);
			return 1;
		}
	}
	return 0;
}

/* Wait for the child, until the deadline if there is one: 0, or 2. */
static int
wait_child(pid_t pid, int *code, const struct timespec *deadline)
{
	int st;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &st, deadline != NULL ? WNOHANG : 0);
		if (r == pid) {
			*code = proc_exit_code(st);
			return 0;
		}
		if (r < 0 && errno != EINTR) {
			*code = 127;
			return 0;
		}
		if (deadline != NULL && proc_ms_left(deadline) <= 0)
			return 2;
		if (deadline != NULL)
			nap_ms(10);
	}
}

static void
closep(int fd[2])
{
	if (fd[0] >= 0)
		close(fd[0]);
	if (fd[1] >= 0)
		close(fd[1]);
	fd[0] = fd[1] = -1;
}

/* After the fork: collect, wait (within the bound), report a failed exec. */
static int
parent(struct proc *p, pid_t pid, int fds[3][2], char **cause)
{
	struct timespec deadline, *dl = NULL;
	int e = 0, r;

	if (p->timeout > 0) {
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += p->timeout;
		dl = &deadline;
		setpgid(pid, pid);	/* no race with the child's own call */
	}
	/* SIGTERM or SIGHUP for us alone goes on to the child (not to
	 * the cleanup that runs because of one); to a group of its own,
	 * ^C too. */
	if (!(p->flags & PROC_CLEANUP))
		intr_child(dl != NULL ? -pid : pid);
	r = collect(p, fds[1][0], fds[2][0], pid, &p->status, dl);
	if (r == 0)
		r = wait_child(pid, &p->status, dl);
	intr_child(0);
	if (r == 2) {
		p->status = proc_kill_group(pid, KILL_GRACE_MS);
		p->timed_out = 1;
		*cause = xasprintf("'%s' did not finish within %d s and was "
		    "stopped", p->args.v[0], p->timeout);
		return -1;
	}
	if (read(fds[0][0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		*cause = xasprintf("cannot run '%s': %s", p->args.v[0],
		    strerror(e));
		return -1;
	}
	return 0;
}

static int
spawn_wait(struct proc *p, char **cause)
{
	int fds[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	struct sigaction ign, oint, oquit;
	int rc = -1, own = p->timeout > 0;
	pid_t pid;

	if (cloexec_pipe(fds[0]) < 0 || cloexec_pipe(fds[1]) < 0 ||
	    cloexec_pipe(fds[2]) < 0) {
		*cause = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto done;
	}
	/* Like system(3): the child gets ^C, we wait for it.  A child in a
	 * group of its own does not: our handler passes ^C on. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, own ? NULL : &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		goto restore;
	}
	if (pid == 0)
		proc_child(p, fds[1], fds[2], fds[0][1],
		    own ? CHILD_OWN_GROUP : 0);
	close(fds[0][1]);
	close(fds[1][1]);
	close(fds[2][1]);
	fds[0][1] = fds[1][1] = fds[2][1] = -1;
	rc = parent(p, pid, fds, cause);
restore:
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
done:
	closep(fds[0]);
	closep(fds[1]);
	closep(fds[2]);
	return rc;
}

int
proc_run(const struct spawner *sp, struct proc *p, char **cause)
{
	if (p->args.n == 0) {
		*cause = xstrdup("internal error: empty command");
		return -1;
	}
	/* After an interruption nothing new starts but cleanup. */
	if (intr_pending() && !(p->flags & PROC_CLEANUP)) {
		*cause = xasprintf("interrupted; '%s' was not run",
		    p->args.v[0]);
		return -1;
	}
	if (sp->dry_run && !(p->flags & PROC_PROBE)) {
		proc_fprint_argv(sp->plan, (const char *const *)p->args.v);
		p->dry = 1;
		p->status = 0;
		return 0;
	}
	if (sp->verbose && sp->trace != NULL)
		proc_fprint_argv(sp->trace, (const char *const *)p->args.v);
	return spawn_wait(p, cause);
}

int
proc_echo_only(const struct spawner *sp, const char *const *argv)
{
	if (sp->dry_run) {
		proc_fprint_argv(sp->plan, argv);
		return 1;
	}
	if (sp->verbose && sp->trace != NULL)
		proc_fprint_argv(sp->trace, argv);
	return 0;
}
