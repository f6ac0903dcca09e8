/*
 * seed: copying one regular file into the staging area.  Every file is
 * read whole first (at most STAGE_MAXCHECK bytes) and scanned: one with a
 * second hard link, one too large to scan, or one whose text looks like a
 * secret is left behind, and what is written is the scanned buffer.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/seed/seed.h"
#include "base/strvec.h"
#include "seed_int.h"

#define STAGE_MAXCHECK	(4 * 1024 * 1024) /* the most read of one file */

void
seed_skip(struct stage *s, const char *rel, const char *why)
{
	strvec_pushf(s->notes, "not seeding '%s%s%s': %s", s->label,
	    *rel ? "/" : "", rel, why);
}

/* Read the open file whole, at most STAGE_MAXCHECK bytes: 0, 1 if larger. */
static int
read_whole(int in, char **buf, size_t *len)
{
	ssize_t n;

	*buf = xmalloc(STAGE_MAXCHECK + 1);
	*len = 0;
	while (*len <= STAGE_MAXCHECK) {
		n = read(in, *buf + *len, STAGE_MAXCHECK + 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
	return 1;
}

/*
 * Why the open file in, read whole into buf, must stay home, or NULL.
 * A second hard link may be a key under an innocent name; a file too
 * large to scan, or whose text looks like a secret, is not copied.
 */
static char *
refusal(int in, const char *name, const char *srcname, char **buf,
    size_t *len)
{
	struct stat st;
	int rc;

	if (fstat(in, &st) < 0)
		return xasprintf("cannot read it: %s", strerror(errno));
	if (st.st_nlink > 1)
		return xasprintf("it has %ju hard links, and another name of "
		    "it may be a key or a token", (uintmax_t)st.st_nlink);
	if ((rc = read_whole(in, buf, len)) < 0)
		return xasprintf("cannot read it: %s", strerror(errno));
	if (rc > 0)
		return xasprintf("larger than %d MiB, too large to check for "
		    "secrets", STAGE_MAXCHECK >> 20);
	if ((seed_is_config(name) || seed_is_config(srcname)) &&
	    (seed_text_refused(name, *buf, *len) ||
	    seed_text_refused(srcname, *buf, *len)))
		return xstrdup("it looks like it holds credentials");
	return seed_secret_scan(*buf, *len);
}

static int
write_all(int out, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(out, p, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * What is copied is the very buffer that was scanned: a file that
 * changes after the scan cannot slip a secret in.
 */
int
seed_copy_file(struct stage *s, int in, int ddir, const char *name,
    const char *srcname, const char *rel, mode_t mode)
{
	char *buf = NULL, *why;
	size_t len = 0;
	int out, rc = -1;

	if ((why = refusal(in, name, srcname, &buf, &len)) != NULL) {
		seed_skip(s, rel, why);
		free(why);
		free(buf);
		return 0;
	}
	out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (out >= 0) {
		/* Readable by the VM's user, whatever the host's mode. */
		rc = fchmod(out, seed_file_mode(mode)) < 0 ? -1 :
		    write_all(out, buf, len);
		if (close(out) < 0)
			rc = -1;
	}
	free(buf);
	if (rc == 0)
		return 0;
	s->cause = xasprintf("cannot stage '%s': %s", *rel ? rel : s->label,
	    strerror(errno));
	return -1;
}

/* Middle components are only searched through, not read. */
#if defined(O_PATH)
#define SEARCH_FLAGS	O_PATH
#elif defined(O_SEARCH)
#define SEARCH_FLAGS	O_SEARCH
#else
#define SEARCH_FLAGS	O_RDONLY
#endif

int
seed_open_nofollow(const char *path, int flags)
{
	char *copy = xstrdup(path), *part, *next, *save = NULL;
	int dir, fd, e = 0;

	fd = open("/", SEARCH_FLAGS | O_DIRECTORY | O_CLOEXEC);
	for (part = strtok_r(copy, "/", &save); part != NULL && fd >= 0;
	    part = next) {
		next = strtok_r(NULL, "/", &save);
		dir = fd;
		fd = openat(dir, part, (next != NULL ? SEARCH_FLAGS |
		    O_DIRECTORY : flags) | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		close(dir);
	}
	free(copy);
	errno = e;
	return fd;
}

/* The item itself is the open regular file in: copy it to dst. */
int
seed_stage_single(struct stage *s, int in, mode_t mode, const char *dst,
    const char *name)
{
	char *dir = xstrndup(dst, (size_t)(name - dst));
	const char *srcname = strrchr(s->root, '/') + 1;
	int ddir, rc = -1;

	if ((ddir = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		s->cause = xasprintf("cannot open '%s': %s", dir,
		    strerror(errno));
	else {
		rc = seed_copy_file(s, in, ddir, name, srcname, "", mode);
		close(ddir);
	}
	free(dir);
	return rc;
}
