/*
 * spawn: commands left running in the background while the program does
 * something else (a session held open in a sandbox).  The child gets a
 * process group of its own and nothing of ours but the pipes made for it,
 * so that proc_stop() ends everything it started and nothing it started
 * keeps a caller's pipe open.
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

#define LINE_MAX_BYTES	4096
#define STOP_GRACE_MS	2000

static void
closefd(int *fd)
{
	if (*fd > 0)
		close(*fd);
	*fd = 0;
}

int
proc_start(const struct spawner *sp, struct proc *p, char **cause)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, rep[2] = { -1, -1 };
	int e = 0, rc = -1;
	pid_t pid;

	if (p->args.n == 0 || intr_pending()) {
		*cause = p->args.n == 0 ? xstrdup("internal error: empty "
		    "command") : xasprintf("interrupted; '%s' was not run",
		    p->args.v[0]);
		return -1;
	}
	if (sp->dry_run && !(p->flags & PROC_PROBE)) {
		proc_fprint_argv(sp->plan, (const char *const *)p->args.v);
		p->dry = 1;
		return 0;
	}
	if (sp->verbose && sp->trace != NULL)
		proc_fprint_argv(sp->trace, (const char *const *)p->args.v);
	p->flags |= PROC_CAPTURE | PROC_NULL_IN;
	if (!(p->flags & PROC_CAPTURE_ERR))
		p->flags |= PROC_QUIET_ERR;
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(rep, O_CLOEXEC) < 0) {
		*cause = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto done;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		goto done;
	}
	if (pid == 0)
		proc_child(p, out, err, rep[1], CHILD_OWN_GROUP);
	setpgid(pid, pid);
	close(rep[1]);
	rep[1] = -1;
	if (read(rep[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		waitpid(pid, NULL, 0);
		*cause = xasprintf("cannot run '%s': %s", p->args.v[0],
		    strerror(e));
		goto done;
	}
	p->pid = pid;
	p->bg_out = out[0];
	p->bg_err = err[0];
	out[0] = err[0] = -1;
	p->started = 1;
	rc = 0;
done:
	for (e = 0; e < 2; e++) {
		if (out[e] >= 0)
			close(out[e]);
		if (err[e] >= 0)
			close(err[e]);
		if (rep[e] >= 0)
			close(rep[e]);
	}
	return rc;
}

/*
 * The child closed its stdout, so it is ending: keep its stderr, reap it
 * (killing its group if it lingers) and say 0.
 */
static int
ended(struct proc *p)
{
	struct pollfd pfd = { p->bg_err, POLLIN, 0 };

	int st, i;

	while (p->bg_err > 0 && poll(&pfd, 1, 1000) > 0 &&
	    proc_drain(p->bg_err, &p->err, &p->err_len))
		;
	for (i = 0; i < 100; i++) {
		if (waitpid(p->pid, &st, WNOHANG) == p->pid)
			break;
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	if (i < 100) {
		p->status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) :
		    WEXITSTATUS(st);
		kill(-p->pid, SIGKILL);	/* what it left in its group */
	} else
		p->status = proc_kill_group(p->pid, STOP_GRACE_MS);
	p->started = 0;
	closefd(&p->bg_out);
	closefd(&p->bg_err);
	return 0;
}

/* A complete line at the start of p->out: move it to *line. */
static int
take_line(struct proc *p, char **line)
{
	char *nl = p->out ? memchr(p->out, '\n', p->out_len) : NULL;
	size_t n;

	if (nl == NULL && p->out_len < LINE_MAX_BYTES)
		return 0;
	n = nl ? (size_t)(nl - p->out) : p->out_len;
	if (n > LINE_MAX_BYTES)
		n = LINE_MAX_BYTES;
	*line = xstrndup(p->out, n);
	/* What came after the line is the next one's: keep it. */
	if (nl != NULL && n == (size_t)(nl - p->out))
		n++;
	p->out_len -= n;
	memmove(p->out, p->out + n, p->out_len);
	p->out[p->out_len] = '\0';
	return 1;
}

int
proc_read_line(struct proc *p, int ms, char **line)
{
	struct timespec deadline;
	struct pollfd pfd;
	long left;
	int n;

	*line = NULL;
	if (!p->started)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += ms / 1000;
	deadline.tv_nsec += (long)(ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	for (;;) {
		if (take_line(p, line))
			return 1;
		if (intr_pending())
			return -1;
		if ((left = proc_ms_left(&deadline)) < 0)
			left = 0;
		pfd.fd = p->bg_out;
		pfd.events = POLLIN;
		n = poll(&pfd, 1, left > 100 ? 100 : (int)left);
		if (n > 0 && !proc_drain(p->bg_out, &p->out, &p->out_len))
			return ended(p);
		if ((n < 0 && errno != EINTR) || (n == 0 && left == 0))
			return -1;
	}
}

void
proc_stop(struct proc *p)
{
	if (!p->started)
		return;
	/* Its stderr, for a caller that wants to know why it ended. */
	while (p->bg_err > 0 && poll(&(struct pollfd){ p->bg_err, POLLIN, 0 },
	    1, 0) > 0 && proc_drain(p->bg_err, &p->err, &p->err_len))
		;
	p->status = proc_kill_group(p->pid, STOP_GRACE_MS);
	p->started = 0;
	closefd(&p->bg_out);
	closefd(&p->bg_err);
}
