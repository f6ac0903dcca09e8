/*
 * spawn: several children at once, read line by line.  Each child gets a
 * process group of its own (so that stopping it reaches what it started,
 * and a ^C at the terminal reaches only us: the interrupt handler records
 * it and we pass SIGTERM on), stdin from /dev/null, and one pipe for its
 * stdout and stderr.  A line is handed on only once it is whole, or once
 * it reaches PROC_MULTI_LINE_MAX: memory per child stays bounded whatever
 * it writes.
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
#include "base/spawn_multi.h"
#include "spawn_int.h"

#define POLL_MS		250	/* how soon an interruption is seen */
#define STOP_GRACE_MS	5000	/* SIGTERM to SIGKILL */

static struct proc_multi_slot *
slot(struct proc_multi *m, size_t i)
{
	size_t k;

	if (i >= m->n) {
		m->v = xrealloc(m->v, (i + 1) * sizeof(*m->v));
		for (k = m->n; k <= i; k++) {
			memset(&m->v[k], 0, sizeof(m->v[k]));
			m->v[k].fd = -1;
		}
		m->n = i + 1;
	}
	return &m->v[i];
}

/* Fork and exec; the report pipe says whether exec failed. */
static int
fork_child(struct proc_multi_slot *s, char **cause)
{
	int out[2] = { -1, -1 }, rep[2] = { -1, -1 }, e = 0, rc = -1;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(rep, O_CLOEXEC) < 0) {
		*cause = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto done;
	}
	/* stdout and stderr into the one pipe, stdin and group our own. */
	s->p->flags |= PROC_CAPTURE | PROC_CAPTURE_ERR;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		*cause = xasprintf("cannot fork: %s", strerror(errno));
		goto done;
	}
	if (pid == 0)
		proc_child(s->p, out, out, rep[1], CHILD_OWN_GROUP);
	setpgid(pid, pid);	/* no race with the child's own call */
	close(rep[1]);
	rep[1] = -1;
	if (read(rep[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		*cause = xasprintf("cannot run '%s': %s", s->p->args.v[0],
		    strerror(e));
		goto done;
	}
	s->pid = pid;
	s->fd = out[0];
	out[0] = -1;
	rc = 0;
done:
	for (e = 0; e < 2; e++) {
		if (out[e] >= 0)
			close(out[e]);
		if (rep[e] >= 0)
			close(rep[e]);
	}
	return rc;
}

int
proc_multi_start(const struct spawner *sp, struct proc_multi *m, size_t i,
    struct proc *p, char **cause)
{
	struct proc_multi_slot *s = slot(m, i);

	s->p = p;
	if (p->args.n == 0) {
		*cause = xstrdup("internal error: empty command");
		return -1;
	}
	if (intr_pending()) {
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
	return fork_child(s, cause);
}

/* Hand on each whole line of s->buf; with eof, the rest too. */
static void
emit(struct proc_multi_slot *s, size_t i, proc_multi_line_fn fn, void *arg,
    int eof)
{
	size_t off = 0, n;
	char *nl;

	while (off < s->len) {
		if ((nl = memchr(s->buf + off, '\n', s->len - off)) != NULL) {
			n = (size_t)(nl - (s->buf + off));
			fn(arg, i, s->buf + off, n);
			off += n + 1;
		} else if (eof || s->len - off >= PROC_MULTI_LINE_MAX) {
			fn(arg, i, s->buf + off, s->len - off);
			off = s->len;
		} else
			break;
	}
	memmove(s->buf, s->buf + off, s->len - off);
	s->len -= off;
}

/* Read what the pipe holds; 0 at EOF or on an error (then closed). */
static int
take(struct proc_multi_slot *s, size_t i, proc_multi_line_fn fn, void *arg)
{
	ssize_t r;

	if (s->buf == NULL)
		s->buf = xmalloc(PROC_MULTI_LINE_MAX);
	do
		r = read(s->fd, s->buf + s->len, PROC_MULTI_LINE_MAX - s->len);
	while (r < 0 && errno == EINTR);
	if (r > 0) {
		s->len += (size_t)r;
		emit(s, i, fn, arg, 0);
		return 1;
	}
	emit(s, i, fn, arg, 1);
	close(s->fd);
	s->fd = -1;
	return 0;
}

/*
 * Reap the children that ended.  What one left in its pipe is read now;
 * anything it started may hold the pipe open long after, so the pipe is
 * closed rather than waited on.
 */
static void
reap(struct proc_multi *m, proc_multi_line_fn fn, void *arg)
{
	struct proc_multi_slot *s;
	struct pollfd pfd;
	size_t i;
	int st;

	for (i = 0; i < m->n; i++) {
		s = &m->v[i];
		if (s->pid <= 0 || waitpid(s->pid, &st, WNOHANG) != s->pid)
			continue;
		s->p->status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) :
		    WEXITSTATUS(st);
		s->pid = 0;
		s->ran = 1;
		pfd.fd = s->fd;
		pfd.events = POLLIN;
		while (s->fd >= 0 && poll(&pfd, 1, 0) > 0 &&
		    take(s, i, fn, arg))
			;
		if (s->fd >= 0) {
			emit(s, i, fn, arg, 1);
			close(s->fd);
			s->fd = -1;
		}
	}
}

static void
signal_all(struct proc_multi *m, int sig)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i].pid > 0) {
			kill(-m->v[i].pid, sig);
			m->v[i].stopping = 1;
		}
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	    (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* An interruption stops every child: SIGTERM, SIGKILL after a grace. */
static void
stop_on_interrupt(struct proc_multi *m, struct timespec *t0, int *stage)
{
	if (*stage == 0 && intr_pending()) {
		signal_all(m, SIGTERM);
		clock_gettime(CLOCK_MONOTONIC, t0);
		*stage = 1;
	} else if (*stage == 1 && ms_since(t0) > STOP_GRACE_MS) {
		signal_all(m, SIGKILL);
		*stage = 2;
	}
}

/* The open pipes into pfd/idx; the number of children still running. */
static size_t
gather(struct proc_multi *m, struct pollfd *pfd, size_t *idx, size_t *k)
{
	size_t i, running = 0;

	*k = 0;
	for (i = 0; i < m->n; i++) {
		if (m->v[i].pid > 0)
			running++;
		if (m->v[i].fd < 0)
			continue;
		pfd[*k].fd = m->v[i].fd;
		pfd[*k].events = POLLIN;
		pfd[*k].revents = 0;
		idx[(*k)++] = i;
	}
	return running;
}

size_t
proc_multi_wait(struct proc_multi *m, proc_multi_line_fn fn, void *arg)
{
	struct pollfd *pfd = xcalloc(m->n + 1, sizeof(*pfd));
	size_t *idx = xcalloc(m->n + 1, sizeof(*idx));
	struct timespec t0 = { 0, 0 };
	size_t i, k, ok = 0;
	int stage = 0, n;

	for (;;) {
		reap(m, fn, arg);
		stop_on_interrupt(m, &t0, &stage);
		if (gather(m, pfd, idx, &k) == 0 && k == 0)
			break;
		n = poll(k > 0 ? pfd : NULL, k, POLL_MS);
		for (i = 0; n > 0 && i < k; i++)
			if (pfd[i].revents != 0)
				take(&m->v[idx[i]], idx[i], fn, arg);
	}
	for (i = 0; i < m->n; i++)
		if (m->v[i].ran && m->v[i].p->status == 0)
			ok++;
	free(pfd);
	free(idx);
	return ok;
}

void
proc_multi_clear(struct proc_multi *m)
{
	struct proc_multi_slot *s;
	size_t i;
	int waited;

	signal_all(m, SIGTERM);
	for (i = 0; i < m->n; i++) {
		s = &m->v[i];
		for (waited = 0; s->pid > 0 && waited < STOP_GRACE_MS;
		    waited += 10) {
			if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
				s->pid = 0;
			else
				nanosleep(&(struct timespec){ 0, 10000000 },
				    NULL);
		}
		if (s->pid > 0) {
			kill(-s->pid, SIGKILL);
			while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
		if (s->fd >= 0)
			close(s->fd);
		free(s->buf);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}
