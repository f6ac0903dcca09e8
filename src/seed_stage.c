/*
 * seed: the private staging copy a seeded file or directory goes through.
 * The source is read without ever following a symlink (lstat, O_NOFOLLOW,
 * directory fds with openat), so nothing swapped in while we copy can make
 * us read outside the tree.  Kept: regular files and directories whose
 * names pass the filter, and symlinks that resolve inside the tree (made
 * relative, so they resolve inside the copy too).  Everything else stays.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "airlock/seed.h"
#include "airlock/strvec.h"
#include "seed_int.h"

#define STAGE_MAXDEPTH	32

static char *
join(const char *a, const char *b)
{
	return *a ? xasprintf("%s/%s", a, b) : xstrdup(b);
}

static int
stage_file(struct stage *s, int sdir, int ddir, const char *name,
    const char *rel)
{
	struct stat st;
	int in, rc;

	/* O_NONBLOCK: a fifo swapped in must not hang the open. */
	in = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		seed_skip(s, rel, "it changed while it was being copied");
		if (in >= 0)
			close(in);
		return 0;
	}
	rc = seed_copy_file(s, in, ddir, name, name, rel, st.st_mode);
	close(in);
	return rc;
}

/* "../" once per directory level of rel, then target (relative to root). */
static char *
relative_link(const char *rel, const char *target)
{
	const char *p;
	char *r, *o;
	size_t n = 0;

	for (p = rel; *p != '\0'; p++)
		n += *p == '/';
	r = o = xmalloc(3 * n + strlen(target) + 1);
	while (n-- > 0) {
		memcpy(o, "../", 3);
		o += 3;
	}
	strcpy(o, target);
	return r;
}

static int
stage_link(struct stage *s, int sdir, int ddir, const char *name,
    const char *rel)
{
	char target[PATH_MAX], *abs, *dir, *real, *text;
	size_t rl = strlen(s->root);
	ssize_t n;

	if ((n = readlinkat(sdir, name, target, sizeof(target) - 1)) < 0) {
		seed_skip(s, rel, "it changed while it was being copied");
		return 0;
	}
	target[n] = '\0';
	dir = xstrndup(rel, strrchr(rel, '/') ? (size_t)(strrchr(rel, '/') -
	    rel) : 0);
	abs = *target == '/' ? xstrdup(target) : *dir ?
	    xasprintf("%s/%s/%s", s->root, dir, target) :
	    xasprintf("%s/%s", s->root, target);
	real = realpath(abs, NULL);
	free(abs);
	free(dir);
	if (real == NULL || strncmp(real, s->root, rl) != 0 ||
	    real[rl] != '/' || seed_path_refused(real + rl + 1)) {
		seed_skip(s, rel, real == NULL ? "a symlink to nothing" :
		    "a symlink leading out of the copied directory or to a "
		    "refused name");
		free(real);
		return 0;
	}
	text = relative_link(rel, real + rl + 1);
	free(real);
	if (symlinkat(text, ddir, name) < 0) {
		s->cause = xasprintf("cannot stage '%s': %s", rel,
		    strerror(errno));
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

static int stage_dir(struct stage *, int, int, const char *, int);

static int
stage_entry(struct stage *s, int sdir, int ddir, const char *name,
    const char *rel, int depth)
{
	struct stat st;
	int sfd, dfd, rc;

	if (seed_name_refused(name)) {
		seed_skip(s, rel,
		    "its name looks like credentials or private state");
		return 0;
	}
	if (fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;	/* gone meanwhile */
	if (S_ISREG(st.st_mode))
		return stage_file(s, sdir, ddir, name, rel);
	if (S_ISLNK(st.st_mode))
		return stage_link(s, sdir, ddir, name, rel);
	if (!S_ISDIR(st.st_mode)) {
		seed_skip(s, rel, "not a regular file, directory or symlink");
		return 0;
	}
	if (depth >= STAGE_MAXDEPTH) {
		seed_skip(s, rel, "nested too deeply");
		return 0;
	}
	if (mkdirat(ddir, name, 0700) < 0 ||
	    (dfd = openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		s->cause = xasprintf("cannot stage '%s': %s", rel,
		    strerror(errno));
		return -1;
	}
	sfd = openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	rc = sfd < 0 ? 0 : stage_dir(s, sfd, dfd, rel, depth + 1);
	if (sfd < 0)
		seed_skip(s, rel, "it changed while it was being copied");
	else
		close(sfd);
	fchmod(dfd, (st.st_mode & 0755) | 0700);
	close(dfd);
	return rc;
}

/* Copy the entries of the open directory sfd into dfd. */
static int
stage_dir(struct stage *s, int sfd, int dfd, const char *rel, int depth)
{
	struct dirent *de;
	DIR *d;
	char *child;
	int fd, rc = 0;

	if ((fd = dup(sfd)) < 0 || (d = fdopendir(fd)) == NULL) {
		s->cause = xasprintf("cannot read '%s': %s", s->label,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		child = join(rel, de->d_name);
		rc = stage_entry(s, sfd, dfd, de->d_name, child, depth);
		free(child);
	}
	closedir(d);
	return rc;
}

/* The item itself is a regular file: copy it under the staged name. */
static int
stage_tree(struct stage *s, const char *dst)
{
	struct stat st;
	int sfd, dfd = -1, rc = -1;

	sfd = open(s->root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0 || fstat(sfd, &st) < 0) {
		s->cause = xasprintf("cannot read '%s': %s", s->label,
		    strerror(errno));
		goto done;
	}
	if (mkdir(dst, 0700) < 0 || (dfd = open(dst, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0) {
		s->cause = xasprintf("cannot create '%s': %s", dst,
		    strerror(errno));
		goto done;
	}
	rc = stage_dir(s, sfd, dfd, "", 0);
	fchmod(dfd, (st.st_mode & 0755) | 0700);
done:
	if (sfd >= 0)
		close(sfd);
	if (dfd >= 0)
		close(dfd);
	return rc;
}

int
seed_stage(const char *real, const char *label, const char *dst,
    struct strvec *notes, char **cause)
{
	struct stage s = { real, label, notes, NULL };
	const char *name = strrchr(dst, '/');
	struct stat st;
	int rc;

	if (*real != '/' || name == NULL || name[1] == '\0') {
		*cause = xasprintf("cannot stage '%s' at '%s'", real, dst);
		return -1;
	}
	if (lstat(real, &st) < 0) {
		*cause = xasprintf("cannot read '%s': %s", label,
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		rc = stage_tree(&s, dst);
	else
		rc = seed_stage_single(&s, dst, name + 1);
	if (rc < 0)
		*cause = s.cause != NULL ? s.cause :
		    xasprintf("cannot stage '%s'", label);
	else
		free(s.cause);
	return rc;
}

