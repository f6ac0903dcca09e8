/*
 * seed: copying one regular file into the staging area.  A configuration
 * file is read whole first so that one mentioning a credential is left
 * behind instead of being copied.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/seed/seed.h"
#include "base/strvec.h"
#include "seed_int.h"

#define STAGE_MAXCHECK	(1024 * 1024)	/* config files read whole */
#define CHUNK		65536

void
seed_skip(struct stage *s, const char *rel, const char *why)
{
	strvec_pushf(s->notes, "not seeding '%s%s%s': %s", s->label,
	    *rel ? "/" : "", rel, why);
}

/*
 * Read a configuration file whole (it is small) to check its text.  0 when
 * it may be copied, 1 when it was left behind (noted), -1 on read errors.
 */
static int
check_text(struct stage *s, int in, const char *name, const char *srcname,
    const char *rel)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int rc = -1;

	for (;;) {
		buf = xrealloc(buf, len + CHUNK + 1);
		if ((n = read(in, buf + len, CHUNK)) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((len += (size_t)n) > STAGE_MAXCHECK)
			break;
	}
	if (n == 0 && !seed_text_refused(name, buf, len) &&
	    !seed_text_refused(srcname, buf, len))
		rc = lseek(in, 0, SEEK_SET) == 0 ? 0 : -1;
	else if (n >= 0) {
		seed_skip(s, rel, n > 0 ? "a configuration file too large "
		    "to check" : "it looks like it holds credentials");
		rc = 1;
	}
	free(buf);
	return rc;
}

static int
copy_fd(int in, int out)
{
	char buf[CHUNK], *p;
	ssize_t n, w;

	for (;;) {
		if ((n = read(in, buf, sizeof(buf))) < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		for (p = buf; n > 0; p += w, n -= w)
			if ((w = write(out, p, (size_t)n)) < 0) {
				if (errno != EINTR)
					return -1;
				w = 0;
			}
	}
}

int
seed_copy_file(struct stage *s, int in, int ddir, const char *name,
    const char *srcname, const char *rel, mode_t mode)
{
	int out, rc = 0;

	if (seed_is_config(name) || seed_is_config(srcname)) {
		if ((rc = check_text(s, in, name, srcname, rel)) != 0)
			goto fail;
	}
	out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, (mode & 0755) | 0600);
	if (out < 0)
		goto fail;
	rc = copy_fd(in, out);
	if (close(out) < 0 || rc < 0)
		goto fail;
	return 0;
fail:
	if (rc == 1)
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
