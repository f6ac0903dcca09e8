/*
 * gitx: finding a repository and its git directory from the file system
 * alone.  Nearly every command asks where the repository is, and up asks
 * three small questions about it (gitx_fscheck.c); libgit2 answers them
 * only after an expensive global initialisation (with Debian's build it
 * parses the whole CA bundle), so these answers come from the files as
 * git lays them out.  Anything unusual (an environment that points git
 * elsewhere, configuration includes or extensions such as reftable, a
 * malformed `.git` file, a bare repository, files owned by someone else)
 * is GITX_UNSURE, and the caller asks libgit2 as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_fs.h"

char *
fs_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);

	return xasprintf("%s%s%s", dir, len > 0 && dir[len - 1] == '/' ?
	    "" : "/", name);
}

char *
fs_slurp(const char *path, size_t max)
{
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	ssize_t got;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size <= max) {
		buf = xmalloc((size_t)sb.st_size + 1);
		while (n < (size_t)sb.st_size && (got = read(fd, buf + n,
		    (size_t)sb.st_size - n)) > 0)
			n += (size_t)got;
	}
	close(fd);
	/* Short, or binary: not a file git wrote for us to read. */
	if (buf != NULL && (n != (size_t)sb.st_size ||
	    memchr(buf, '\0', n) != NULL)) {
		free(buf);
		buf = NULL;
	}
	if (buf != NULL)
		buf[n] = '\0';
	return buf;
}

int
fs_env_plain(void)
{
	/* libgit2 as gitx calls it ignores these, but git would not. */
	static const char *const vars[] = { "GIT_DIR", "GIT_WORK_TREE",
	    "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
	    "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_NAMESPACE" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (getenv(vars[i]) != NULL)
			return 0;
	return 1;
}

static int
is_kind(const char *dir, const char *name, mode_t kind)
{
	char *p = fs_join(dir, name);
	struct stat sb;
	int rc;

	rc = stat(p, &sb) == 0 && (sb.st_mode & S_IFMT) == kind;
	free(p);
	return rc;
}

static void
rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		s[--n] = '\0';
}

/* path, or path relative to base, with symlinks resolved; or NULL. */
static char *
resolve(const char *base, const char *path)
{
	char *p = *path == '/' ? xstrdup(path) : fs_join(base, path), *real;

	real = realpath(p, NULL);
	free(p);
	return real;
}

/* The common directory from gitdir/commondir: 0, or GITX_UNSURE. */
static int
common_dir(const char *gitdir, struct fs_repo *r)
{
	char *p = fs_join(gitdir, "commondir"), *text;
	struct stat sb;

	if (stat(p, &sb) < 0) {
		free(p);
		if (errno != ENOENT)
			return GITX_UNSURE;
		r->common = xstrdup(gitdir);
		return 0;
	}
	text = S_ISREG(sb.st_mode) ? fs_slurp(p, PATH_MAX) : NULL;
	free(p);
	if (text == NULL)
		return GITX_UNSURE;
	rtrim(text);
	r->common = *text != '\0' ? resolve(gitdir, text) : NULL;
	r->commondir = 1;
	free(text);
	return r->common != NULL ? 0 : GITX_UNSURE;
}

int
fs_repo_at(const char *path, struct fs_repo *r)
{
	char *cfg;
	int rc;

	memset(r, 0, sizeof(*r));
	if (common_dir(path, r) != 0) {
		fs_repo_clear(r);
		return GITX_UNSURE;
	}
	/* What libgit2 checks before it calls a directory a repository. */
	if (!is_kind(path, "HEAD", S_IFREG) ||
	    !is_kind(r->common, "objects", S_IFDIR) ||
	    !is_kind(r->common, "refs", S_IFDIR)) {
		fs_repo_clear(r);
		return 0;
	}
	r->gitdir = xstrdup(path);
	cfg = fs_join(r->common, "config");
	rc = fs_config_scan(cfg, r);
	free(cfg);
	if (rc != 0) {
		fs_repo_clear(r);
		return GITX_UNSURE;
	}
	return 1;
}

/* The repository a `.git` file names ("gitdir: PATH"), or NULL. */
char *
fs_gitfile(const char *dir, const char *file)
{
	char *text = fs_slurp(file, PATH_MAX), *p, *target = NULL;

	if (text == NULL)
		return NULL;
	rtrim(text);
	if (strncmp(text, "gitdir:", 7) == 0 && strchr(text, '\\') == NULL) {
		for (p = text + 7; *p == ' ' || *p == '\t'; p++)
			;
		if (*p != '\0')
			target = resolve(dir, p);
	}
	free(text);
	return target;
}

int
fs_repo_of_top(const char *top, struct fs_repo *r)
{
	char *dotgit = fs_join(top, ".git"), *target;
	struct stat sb;
	int rc = GITX_UNSURE;

	memset(r, 0, sizeof(*r));
	if (!fs_env_plain() || stat(dotgit, &sb) < 0)
		;
	else if (S_ISDIR(sb.st_mode))
		rc = fs_repo_at(dotgit, r);
	else if (S_ISREG(sb.st_mode) &&
	    (target = fs_gitfile(top, dotgit)) != NULL) {
		rc = fs_repo_at(target, r);
		free(target);
	}
	free(dotgit);
	if (rc != 1) {
		fs_repo_clear(r);
		return GITX_UNSURE;
	}
	return 1;
}

void
fs_repo_clear(struct fs_repo *r)
{
	free(r->gitdir);
	free(r->common);
	free(r->worktree);
	memset(r, 0, sizeof(*r));
}
