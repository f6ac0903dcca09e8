/*
 * gitx: the sandbox branch tips the user has looked at, so that merge and
 * pr take exactly what was reviewed.  One file per sandbox under the
 * repository's common git directory, code-airlock/seen/NAME, one line per
 * branch: "<40 hex> <branch>\n".  A file rather than refs: branch names
 * such as "x" and "x/y" may both have been seen, and refs of those names
 * cannot live side by side.  Written the way git writes a ref: a .lock
 * file created exclusively, filled, flushed to disk and renamed over the
 * old file, so a reader sees the old or the new record and two writers
 * never interleave.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

#define SEEN_MAX	(8 * 1024 * 1024)	/* the largest record read */

/* The record's path; NULL (and *cause) for a name that is no file name. */
static char *
seen_path(git_repository *repo, const char *name, const char *suffix,
    char **cause)
{
	const char *common = git_repository_commondir(repo);

	if (*name == '\0' || *name == '.' || strchr(name, '/') != NULL ||
	    common == NULL) {
		*cause = xasprintf("cannot record what was seen of sandbox "
		    "'%s': not a usable name", name);
		return NULL;
	}
	return xasprintf("%s%scode-airlock/seen/%s%s", common,
	    common[strlen(common) - 1] == '/' ? "" : "/", name, suffix);
}

/* The whole record (empty when there is none); -1 with *cause. */
static int
seen_read(const char *path, char **text, size_t *len, char **cause)
{
	struct stat st;
	ssize_t n;
	int fd;

	*text = xstrdup("");
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return errno == ENOENT ? 0 : (*cause = xasprintf("cannot read "
		    "'%s': %s", path, strerror(errno)), -1);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > SEEN_MAX) {
		close(fd);
		*cause = xasprintf("cannot read '%s': not a regular file of "
		    "at most %d MiB; remove it", path, SEEN_MAX >> 20);
		return -1;
	}
	free(*text);
	*text = xmalloc((size_t)st.st_size + 1);
	while ((size_t)*len < (size_t)st.st_size) {
		n = read(fd, *text + *len, (size_t)st.st_size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	(*text)[*len] = '\0';
	close(fd);
	return 0;
}

/* The line of text recording branch, or NULL. */
static const char *
seen_find(const char *text, const char *branch, const char **end)
{
	const char *l, *e;
	size_t bl = strlen(branch);

	for (l = text; *l != '\0'; l = *e == '\n' ? e + 1 : e) {
		e = l + strcspn(l, "\n");
		if ((size_t)(e - l) == GITX_HEXSZ + 1 + bl &&
		    l[GITX_HEXSZ] == ' ' &&
		    memcmp(l + GITX_HEXSZ + 1, branch, bl) == 0) {
			*end = *e == '\n' ? e + 1 : e;
			return l;
		}
	}
	return NULL;
}

/* A branch name that fits on a record line (refnames always do). */
static int
line_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}

int
gitx_seen_get(git_repository *repo, const char *name, const char *branch,
    char hex[GITX_HEXSZ + 1], char **cause)
{
	const char *l, *end;
	char *path, *text;
	size_t len;
	int rc;

	hex[0] = '\0';
	if ((path = seen_path(repo, name, "", cause)) == NULL)
		return -1;
	rc = seen_read(path, &text, &len, cause);
	free(path);
	if (rc < 0)
		return -1;
	rc = GITX_ENOTFOUND;
	if (line_safe(branch) && (l = seen_find(text, branch, &end)) != NULL &&
	    strspn(l, "0123456789abcdef") == GITX_HEXSZ) {
		memcpy(hex, l, GITX_HEXSZ);
		hex[GITX_HEXSZ] = '\0';
		rc = 0;
	}
	free(text);
	return rc;
}

/* Make the two directories above the record: code-airlock/seen/. */
static int
seen_mkdirs(const char *path)
{
	char *d = xstrdup(path), *seen, *top;
	int rc = 0;

	*strrchr(d, '/') = '\0';
	seen = xstrdup(d);
	*strrchr(d, '/') = '\0';
	top = d;
	if ((mkdir(top, 0777) < 0 && errno != EEXIST) ||
	    (mkdir(seen, 0777) < 0 && errno != EEXIST))
		rc = -1;
	free(seen);
	free(top);
	return rc;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write every line of text but branch's, then branch's new one. */
static int
seen_write(int fd, const char *text, const char *branch, const char *hex)
{
	const char *l = text, *e, *skip, *end;
	char *line;
	int rc = 0;

	skip = seen_find(text, branch, &end);
	for (; rc == 0 && *l != '\0'; l = *e == '\n' ? e + 1 : e) {
		e = l + strcspn(l, "\n");
		if (l != skip && e > l)
			rc = write_all(fd, l, (size_t)(e - l)) |
			    write_all(fd, "\n", 1);
	}
	line = xasprintf("%s %s\n", hex, branch);
	if (rc == 0)
		rc = write_all(fd, line, strlen(line));
	free(line);
	return rc == 0 && fsync(fd) == 0 ? 0 : -1;
}

int
gitx_seen_set(git_repository *repo, const char *name, const char *branch,
    const char *hex, char **cause)
{
	char *path = NULL, *lock = NULL, *text = NULL;
	size_t len;
	int fd = -1, rc = -1, locked = 0;

	if (!line_safe(branch) || *branch == '\0' || strlen(hex) !=
	    GITX_HEXSZ) {
		*cause = xstrdup("cannot record a branch name with spaces or "
		    "control characters");
		return -1;
	}
	if ((path = seen_path(repo, name, "", cause)) == NULL)
		return -1;
	lock = xasprintf("%s.lock", path);
	if (seen_mkdirs(lock) < 0 || (fd = open(lock, O_WRONLY | O_CREAT |
	    O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0) {
		*cause = errno == EEXIST ? xasprintf("'%s' exists: another "
		    "code-airlock is recording what you saw; if none runs, "
		    "remove it", lock) : xasprintf("cannot create '%s': %s",
		    lock, strerror(errno));
		goto done;
	}
	locked = 1;
	/* Read under the lock, so no other writer's line is lost. */
	if (seen_read(path, &text, &len, cause) < 0)
		goto done;
	if (seen_write(fd, text, branch, hex) < 0 || close(fd) < 0) {
		fd = -1;
		*cause = xasprintf("cannot write '%s': %s", lock,
		    strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(lock, path) < 0) {
		*cause = xasprintf("cannot rename '%s': %s", lock,
		    strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && locked)
		unlink(lock);
	free(text);
	free(lock);
	free(path);
	return rc;
}

int
gitx_in_history(git_repository *repo, const char *hex, const char *of,
    char **cause)
{
	git_oid a, b;
	int rc;

	if (git_oid_fromstr(&a, hex) < 0 || git_oid_fromstr(&b, of) < 0) {
		*cause = xasprintf("'%s' is not a commit id", hex);
		return -1;
	}
	if (git_oid_equal(&a, &b))
		return 1;
	if ((rc = git_graph_descendant_of(repo, &b, &a)) < 0)
		*cause = gitx_err("cannot tell whether '%.12s' is in the "
		    "history of '%.12s'", hex, of);
	return rc;
}
