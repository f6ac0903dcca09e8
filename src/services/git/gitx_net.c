/*
 * gitx: the socket under every git:// fetch, with bounds.  libgit2 1.5's
 * own socket blocks for as long as the other end keeps the connection
 * open, and the other end is the sandbox's git daemon (the agent's) or,
 * on a stale port, anything at all: a daemon that accepts and never
 * answers would hang every fetch, `rm --force` included.  This stream,
 * registered for libgit2's plain sockets, bounds
 *
 *   - connecting, and each wait for data or for room to write (idle);
 *   - the ref advertisement: it must all arrive within the same time
 *     after the request, and hold at most GITX_ADS_MAX bytes (a daemon
 *     that trickles or floods refs is cut off);
 *   - optionally a whole fetch (gitx_net_bounds()'s total).
 *
 * Waits are cut into short polls that also watch for ^C, so an
 * interrupted fetch stops at once whatever the daemon does.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/stream.h>

#include "services/git/gitx.h"
#include "base/interrupt.h"
#include "base/strvec.h"
#include "gitx_priv.h"

static int timeout_ms = 30000;
static int total_ms;
static struct timespec start;

struct nstream {
	git_stream	 parent;
	char		*host;
	char		*port;
	int		 fd;
	int		 writes;	/* the request is the first */
	size_t		 ads;		/* bytes of the advertisement */
	struct timespec	 asked;		/* when the request went out */
};

void
gitx_net_bounds(int timeout, int total)
{
	timeout_ms = timeout > 0 ? timeout : 30000;
	total_ms = total > 0 ? total : 0;
}

void
gitx_net_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &start);
}

static long
since_ms(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000;
}

/*
 * Wait until fd is ready for ev, within ms and the bounds: 0, or -1 with
 * a message naming what did not happen and the bound it broke.
 */
static int
wait_fd(struct nstream *s, short ev, long ms, const char *what)
{
	struct pollfd p = { s->fd, ev, 0 };
	long waited = 0, slice;
	int n;

	for (;;) {
		if (intr_pending()) {
			git_error_set_str(GIT_ERROR_NET, "interrupted");
			return -1;
		}
		if (total_ms > 0 && since_ms(&start) >= total_ms) {
			git_error_set(GIT_ERROR_NET, "the fetch from %s:%s "
			    "took longer than %d s", s->host, s->port,
			    total_ms / 1000);
			return -1;
		}
		if (waited >= ms) {
			git_error_set(GIT_ERROR_NET, "the git daemon at %s:%s "
			    "did not %s within %d s", s->host, s->port, what,
			    timeout_ms / 1000);
			return -1;
		}
		slice = ms - waited < 100 ? ms - waited : 100;
		if ((n = poll(&p, 1, (int)slice)) > 0)
			return 0;
		if (n < 0 && errno != EINTR) {
			git_error_set(GIT_ERROR_OS, "poll: %s", strerror(errno));
			return -1;
		}
		waited += slice;
	}
}

static int
try_connect(struct nstream *s, const struct addrinfo *a)
{
	socklen_t len = sizeof(int);
	int err = 0;

	s->fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, a->ai_protocol);
	if (s->fd < 0)
		return errno;
	if (connect(s->fd, a->ai_addr, a->ai_addrlen) < 0) {
		if (errno != EINPROGRESS)
			err = errno;
		else if (wait_fd(s, POLLOUT, timeout_ms, "accept the "
		    "connection") < 0)
			err = -1;
		else if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err,
		    &len) < 0)
			err = errno;
	}
	if (err != 0) {
		close(s->fd);
		s->fd = -1;
	}
	return err;
}

static int
s_connect(git_stream *stream)
{
	struct nstream *s = (struct nstream *)stream;
	struct addrinfo hints, *info = NULL, *a;
	int rc, err = ECONNREFUSED;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_family = AF_UNSPEC;
	if ((rc = getaddrinfo(s->host, s->port, &hints, &info)) != 0) {
		git_error_set(GIT_ERROR_NET, "failed to resolve address for "
		    "%s: %s", s->host, gai_strerror(rc));
		return -1;
	}
	for (a = info; a != NULL; a = a->ai_next)
		if ((err = try_connect(s, a)) == 0)
			break;
	freeaddrinfo(info);
	if (s->fd >= 0)
		return 0;
	/* A timeout or an interruption has said so already. */
	if (err != -1)
		git_error_set(GIT_ERROR_NET, "failed to connect to %s:%s: %s",
		    s->host, s->port, strerror(err));
	return -1;
}

static ssize_t
s_read(git_stream *stream, void *data, size_t len)
{
	struct nstream *s = (struct nstream *)stream;
	long ms = timeout_ms;
	ssize_t n;

	/* The refs must all come within the bound of the request. */
	if (s->writes == 1 && (ms = timeout_ms - since_ms(&s->asked)) <= 0)
		ms = 0;
	for (;;) {
		if (wait_fd(s, POLLIN, ms, s->writes == 1 ? "list all its "
		    "refs" : "send more data") < 0)
			return -1;
		if ((n = recv(s->fd, data, len, 0)) >= 0)
			break;
		if (errno != EAGAIN && errno != EINTR) {
			git_error_set(GIT_ERROR_NET, "error receiving data "
			    "from %s:%s: %s", s->host, s->port,
			    strerror(errno));
			return -1;
		}
	}
	if (s->writes == 1 && (s->ads += (size_t)n) > GITX_ADS_MAX) {
		git_error_set(GIT_ERROR_NET, "the git daemon at %s:%s lists "
		    "more than %u MiB of refs", s->host, s->port,
		    GITX_ADS_MAX >> 20);
		return -1;
	}
	return n;
}

static ssize_t
s_write(git_stream *stream, const char *data, size_t len, int flags)
{
	struct nstream *s = (struct nstream *)stream;
	ssize_t n;

	(void)flags;
	if (s->writes++ == 0)
		clock_gettime(CLOCK_MONOTONIC, &s->asked);
	for (;;) {
		if (wait_fd(s, POLLOUT, timeout_ms, "take more data") < 0)
			return -1;
		if ((n = send(s->fd, data, len, MSG_NOSIGNAL)) >= 0)
			return n;
		if (errno != EAGAIN && errno != EINTR) {
			git_error_set(GIT_ERROR_NET, "error sending data to "
			    "%s:%s: %s", s->host, s->port, strerror(errno));
			return -1;
		}
	}
}

static int
s_close(git_stream *stream)
{
	struct nstream *s = (struct nstream *)stream;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	return 0;
}

static void
s_free(git_stream *stream)
{
	struct nstream *s = (struct nstream *)stream;

	s_close(stream);
	free(s->host);
	free(s->port);
	free(s);
}

static int
s_new(git_stream **out, const char *host, const char *port)
{
	struct nstream *s = xcalloc(1, sizeof(*s));

	s->parent.version = GIT_STREAM_VERSION;
	s->parent.connect = s_connect;
	s->parent.read = s_read;
	s->parent.write = s_write;
	s->parent.close = s_close;
	s->parent.free = s_free;
	s->host = xstrdup(host);
	s->port = xstrdup(port != NULL ? port : "9418");
	s->fd = -1;
	*out = &s->parent;
	return 0;
}

void
gitx_net_register(void)
{
	static git_stream_registration reg = { GIT_STREAM_VERSION, s_new,
	    NULL };
	static int done;

	if (!done && git_stream_register(GIT_STREAM_STANDARD, &reg) == 0)
		done = 1;
}
