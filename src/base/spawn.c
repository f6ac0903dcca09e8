/*
 * spawn: the only fork/exec in the program.  Commands are argv vectors;
 * under dry-run anything that could change state is echoed instead of run,
 * as a line that pastes back into sh and gives the same argv.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "base/spawn.h"

void
proc_init(struct proc *p)
{
	memset(p, 0, sizeof(*p));
}

void
proc_clear(struct proc *p)
{
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
child(const struct proc *p, int outfd[2], int errfd[2], int report)
{
	size_t i;
	int e, fd;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	if (p->flags & PROC_NULL_IN) {
		if ((fd = open("/dev/null", O_RDONLY)) >= 0)
			dup2(fd, STDIN_FILENO);
	}
	if (p->flags & PROC_CAPTURE)
		dup2(outfd[1], STDOUT_FILENO);
	if (p->flags & PROC_CAPTURE_ERR)
		dup2(errfd[1], STDERR_FILENO);
	else if ((p->flags & PROC_QUIET_ERR) &&
	    (fd = open("/dev/null", O_WRONLY)) >= 0)
		dup2(fd, STDERR_FILENO);
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

/* Append what is readable on fd to buf; returns 0 at EOF. */
static int
drain(int fd, char **buf, size_t *len)
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

/* The exit code of wait status st: 128+signal for a signal death. */
static int
exit_code(int st)
{
	if (!WIFSIGNALED(st))
		return WEXITSTATUS(st);
	intr_child_died(WTERMSIG(st));
	return 128 + WTERMSIG(st);
}

/*
 * Read the child's output until EOF.  Once we are interrupted, stop as
 * soon as the child itself is gone: something it started may live on and
 * hold the pipes open.  Returns 1 with *code when it reaped the child.
 */
static int
collect(struct proc *p, int outfd, int errfd, pid_t pid, int *code)
{
	struct pollfd pfd[2];
	int n, st;

	pfd[0].fd = outfd;
	pfd[1].fd = errfd;
	pfd[0].events = pfd[1].events = POLLIN;
	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		n = poll(pfd, 2, intr_pending() ? 100 : -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n > 0 && pfd[0].fd >= 0 && pfd[0].revents &&
		    !drain(pfd[0].fd, &p->out, &p->out_len))
			pfd[0].fd = -1;
		if (n > 0 && pfd[1].fd >= 0 && pfd[1].revents &&
		    !drain(pfd[1].fd, &p->err, &p->err_len))
			pfd[1].fd = -1;
		if (intr_pending() && waitpid(pid, &st, WNOHANG) == pid) {
			*code = exit_code(st);
			return 1;
		}
	}
	return 0;
}

static int
wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 127;
	return exit_code(st);
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

static int
spawn_wait(struct proc *p, char **cause)
{
	int outfd[2] = { -1, -1 }, errfd[2] = { -1, -1 }, rep[2] = { -1, -1 };
	struct sigaction ign, oint, oquit;
	int e = 0, rc = -1;
	pid_t pid;

	if (cloexec_pipe(rep) < 0 || cloexec_pipe(outfd) < 0 ||
	    cloexec_pipe(errfd) < 0) {
		*cause = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto done;
	}
	/* Like system(3): the child gets ^C, we wait for it. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		goto restore;
	}
	if (pid == 0)
		child(p, outfd, errfd, rep[1]);
	close(rep[1]);
	close(outfd[1]);
	close(errfd[1]);
	rep[1] = outfd[1] = errfd[1] = -1;
	/* SIGTERM or SIGHUP for us alone goes on to the child (not to
	 * the cleanup that runs because of one). */
	if (!(p->flags & PROC_CLEANUP))
		intr_child(pid);
	if (!collect(p, outfd[0], errfd[0], pid, &p->status))
		p->status = wait_child(pid);
	intr_child(0);
	if (read(rep[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		*cause = xasprintf("cannot run '%s': %s", p->args.v[0],
		    strerror(e));
		goto restore;
	}
	rc = 0;
restore:
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
done:
	closep(rep);
	closep(outfd);
	closep(errfd);
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
