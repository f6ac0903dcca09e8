/*
 * Reading a configuration file into memory before anything parses it.  A
 * sandbox.conf is a few lines, so a file that is not a regular file
 * (/dev/zero, a fifo, a terminal) or is larger than CFG_FILE_MAX is
 * refused at once: memory and time stay bounded whatever the path names,
 * and what is parsed (and, for the repo's own file, compared with the
 * agent's commits) is exactly one snapshot of the bytes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strvec.h"
#include "config_int.h"

static int
refuse(const char *path, const char *why, char **cause)
{
	*cause = xasprintf("cannot read '%s': %s", path, why);
	return -1;
}

/* Read up to max + 1 bytes: one more than allowed proves too many. */
static ssize_t
read_upto(int fd, char *buf, size_t max)
{
	size_t len = 0;
	ssize_t n;

	while (len <= max) {
		n = read(fd, buf + len, max + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

int
cfg_file_slurp(const char *path, int nofollow, char **buf, size_t *len,
    char **cause)
{
	struct stat st;
	ssize_t n;
	int fd, e;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a fifo must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
	    (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0 && errno == ENOENT)
		return 1;
	if (fd < 0)
		return refuse(path, errno == ELOOP ? "it is a symlink" :
		    strerror(errno), cause);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return refuse(path, "not a regular file; a configuration "
		    "file must be a plain text file", cause);
	}
	if (st.st_size > CFG_FILE_MAX) {
		close(fd);
		goto large;
	}
	*buf = xmalloc(CFG_FILE_MAX + 2);
	n = read_upto(fd, *buf, CFG_FILE_MAX);
	e = errno;
	close(fd);
	if (n < 0) {
		free(*buf);
		*buf = NULL;
		return refuse(path, strerror(e), cause);
	}
	if ((size_t)n > CFG_FILE_MAX) {
		free(*buf);
		*buf = NULL;
		goto large;
	}
	(*buf)[n] = '\0';
	*len = (size_t)n;
	return 0;
large:
	*cause = xasprintf("cannot read '%s': larger than %d KiB; a "
	    "configuration file holds a few KEY=value lines", path,
	    CFG_FILE_MAX / 1024);
	return -1;
}

int
cfg_file_read(struct cfg_layer *layer, const char *path, const char *home,
    int repo_file, struct strvec *warnings, char **cause)
{
	char *text;
	size_t len;
	int rc;

	if ((rc = cfg_file_slurp(path, 0, &text, &len, cause)) != 0)
		return rc;
	rc = cfg_file_parse(layer, path, text, len, home, repo_file, warnings,
	    cause);
	free(text);
	return rc;
}
