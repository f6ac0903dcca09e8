/*
 * gitx: when each sandbox was last fetched, for `ls --repo` and compare:
 * code-airlock/fetched/NAME under the repository's common git directory,
 * one line "SECONDS\n".  A file written to a private name and renamed
 * into place, so a reader sees the old time or the new one; two fetches
 * at once leave one of their times, either being true.
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

/* The record's directory (with '/'); NULL for a name no file may have. */
static char *
fetched_dir(git_repository *repo, const char *name, char **cause)
{
	const char *common = git_repository_commondir(repo);

	if (*name == '\0' || *name == '.' || strchr(name, '/') != NULL ||
	    common == NULL) {
		*cause = xasprintf("cannot record when sandbox '%s' was "
		    "fetched: not a usable name", name);
		return NULL;
	}
	return xasprintf("%s%scode-airlock/fetched/", common,
	    common[strlen(common) - 1] == '/' ? "" : "/");
}

int
gitx_fetched_get(git_repository *repo, const char *name, long long *when,
    char **cause)
{
	char *dir, *path, buf[32];
	ssize_t n;
	int fd;

	*when = 0;
	if ((dir = fetched_dir(repo, name, cause)) == NULL)
		return -1;
	path = xasprintf("%s%s", dir, name);
	free(dir);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return errno == ENOENT ? GITX_ENOTFOUND :
		    (*cause = xasprintf("cannot read when sandbox '%s' was "
		    "fetched: %s", name, strerror(errno)), -1);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	/* Only digits and the newline: anything else is no record. */
	if (n <= 1 || buf[n - 1] != '\n' ||
	    strspn(buf, "0123456789") != (size_t)n - 1 || n > 20)
		return GITX_ENOTFOUND;
	*when = strtoll(buf, NULL, 10);
	return 0;
}

int
gitx_fetched_set(git_repository *repo, const char *name, long long when,
    char **cause)
{
	char *dir, *path, *tmp, *line, *up;
	int fd, rc = -1;

	if ((dir = fetched_dir(repo, name, cause)) == NULL)
		return -1;
	up = xstrndup(dir, strlen(dir) - strlen("fetched/"));
	(void)mkdir(up, 0777);
	(void)mkdir(dir, 0777);
	path = xasprintf("%s%s", dir, name);
	tmp = xasprintf("%s.%s.%ld.tmp", dir, name, (long)getpid());
	line = xasprintf("%lld\n", when);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0666);
	if (fd >= 0 && write(fd, line, strlen(line)) ==
	    (ssize_t)strlen(line) && close(fd) == 0) {
		fd = -1;
		rc = rename(tmp, path);
	}
	if (rc < 0) {
		*cause = xasprintf("cannot record when sandbox '%s' was "
		    "fetched in '%s': %s", name, dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	free(line);
	free(tmp);
	free(path);
	free(up);
	free(dir);
	return rc;
}
