/*
 * hostile-git: a git:// server that misbehaves on purpose, standing for a
 * sandbox's git daemon that the agent controls, or for whatever else
 * listens on a stopped sandbox's old port.  It listens on 127.0.0.1 (a
 * free port, or -p PORT), prints the port on a line of its own once it
 * listens, and serves every connection in a child until it is killed.
 *
 *	hostile-git [-p PORT] silent		accept, never answer
 *	hostile-git [-p PORT] close		accept, close at once
 *	hostile-git [-p PORT] garbage		answer bytes that are no pkt-line
 *	hostile-git [-p PORT] refuse		answer as git daemon does for a
 *						repository it does not export
 *	hostile-git [-p PORT] trickle		list refs forever, slowly
 *	hostile-git [-p PORT] flood		list refs forever, fast
 *	hostile-git [-p PORT] serve REFS PACK	list the "ID NAME" lines of REFS,
 *						answer NAK, send PACK as it is
 *	hostile-git [-p PORT] stall REFS	list REFS, then never send a pack
 *
 * Test support only: no bounds of its own beyond a line of 64 KiB.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *mode, *refs_file, *pack_file;

static void
put_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0 && (n = write(fd, p, len)) > 0) {
		p += n;
		len -= (size_t)n;
	}
	if (len > 0)
		_exit(0);
}

static void
pkt(int fd, const char *data, size_t len)
{
	char hdr[5];

	snprintf(hdr, sizeof(hdr), "%04zx", len + 4);
	put_all(fd, hdr, 4);
	put_all(fd, data, len);
}

/* One pkt-line into buf (NUL-terminated); its length, 0 a flush, -1 EOF. */
static ssize_t
get_pkt(int fd, char *buf, size_t size)
{
	char hdr[5] = { 0 };
	size_t want, got = 0;
	ssize_t n;

	while (got < 4 && (n = read(fd, hdr + got, 4 - got)) > 0)
		got += (size_t)n;
	if (got < 4)
		return -1;
	want = strtoul(hdr, NULL, 16);
	if (want == 0)
		return 0;
	if (want < 4 || want - 4 >= size)
		return -1;
	want -= 4;
	for (got = 0; got < want && (n = read(fd, buf + got, want - got)) > 0;)
		got += (size_t)n;
	buf[got] = '\0';
	return got == want ? (ssize_t)got : -1;
}

/* The refs of the file, the first with the capabilities. */
static void
advertise(int fd)
{
	static const char caps[] = "ofs-delta agent=hostile-git\n";
	char line[1024], out[1100];
	FILE *f = fopen(refs_file, "r");
	size_t n;
	int first = 1;

	if (f == NULL)
		_exit(1);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		n = strlen(line);
		memcpy(out, line, n);
		if (first) {
			out[n++] = '\0';
			memcpy(out + n, caps, sizeof(caps) - 1);
			n += sizeof(caps) - 1;
		} else
			out[n++] = '\n';
		pkt(fd, out, n);
		first = 0;
	}
	fclose(f);
	put_all(fd, "0000", 4);
}

/* Wants, haves and flushes until "done", answering NAK to each flush. */
static void
negotiate(int fd)
{
	char buf[65536];
	ssize_t n;
	int wants = 1;

	for (;;) {
		if ((n = get_pkt(fd, buf, sizeof(buf))) < 0)
			_exit(0);
		if (n == 0) {
			if (!wants)
				pkt(fd, "NAK\n", 4);
			wants = 0;
			continue;
		}
		if (strncmp(buf, "done", 4) == 0) {
			pkt(fd, "NAK\n", 4);
			return;
		}
	}
}

static void
send_pack(int fd)
{
	char buf[65536];
	FILE *f = fopen(pack_file, "rb");
	size_t n;

	if (f == NULL)
		_exit(1);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		put_all(fd, buf, n);
	fclose(f);
}

/* Refs without end: one every pause, or as fast as the socket takes. */
static void
endless(int fd, useconds_t pause)
{
	char buf[65536], body[100], line[128];
	unsigned long i;
	size_t n = 0;
	int len;

	for (i = 0;; i++) {
		len = snprintf(body, sizeof(body), "%040lx refs/heads/b%lu\n",
		    i + 1, i);
		len = snprintf(line, sizeof(line), "%04x%s", len + 4, body);
		memcpy(buf + n, line, (size_t)len);
		n += (size_t)len;
		if (pause > 0 || n > sizeof(buf) - sizeof(line)) {
			put_all(fd, buf, n);
			n = 0;
		}
		if (pause > 0)
			usleep(pause);
	}
}

static void
serve(int fd)
{
	char buf[65536];
	static const char refuse[] = "ERR access denied or repository not "
	    "exported: /repo";

	if (strcmp(mode, "close") == 0)
		_exit(0);
	if (strcmp(mode, "silent") == 0)
		for (;;)
			if (read(fd, buf, sizeof(buf)) <= 0)
				pause();
	if (get_pkt(fd, buf, sizeof(buf)) < 0)
		_exit(0);
	if (strcmp(mode, "garbage") == 0)
		put_all(fd, "HTTP/1.0 400 Bad Request\r\n\r\nzzzz", 32);
	else if (strcmp(mode, "refuse") == 0)
		pkt(fd, refuse, strlen(refuse));
	else if (strcmp(mode, "trickle") == 0)
		endless(fd, 200000);
	else if (strcmp(mode, "flood") == 0)
		endless(fd, 0);
	else {
		advertise(fd);
		negotiate(fd);
		if (strcmp(mode, "stall") == 0)
			for (;;)
				pause();
		send_pack(fd);
	}
	_exit(0);
}

static void
on_term(int sig)
{
	(void)sig;
	kill(-getpid(), SIGKILL);
	_exit(0);
}

static int
listen_on(int port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int s, one = 1;

	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) < 0)
		return -1;
	printf("%d\n", ntohs(a.sin_port));
	fflush(stdout);
	return s;
}

int
main(int argc, char **argv)
{
	int s, c, port = 0, i = 1;

	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		port = atoi(argv[2]);
		i = 3;
	}
	if (i >= argc)
		return 2;
	mode = argv[i];
	refs_file = i + 1 < argc ? argv[i + 1] : NULL;
	pack_file = i + 2 < argc ? argv[i + 2] : NULL;
	if ((strcmp(mode, "serve") == 0 && pack_file == NULL) ||
	    (strcmp(mode, "stall") == 0 && refs_file == NULL))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);
	/* A group of its own, so that SIGTERM ends every child too. */
	setpgid(0, 0);
	signal(SIGTERM, on_term);
	if ((s = listen_on(port)) < 0) {
		perror("hostile-git");
		return 1;
	}
	for (;;) {
		if ((c = accept(s, NULL, NULL)) < 0)
			continue;
		if (fork() == 0) {
			close(s);
			serve(c);
		}
		close(c);
	}
}
