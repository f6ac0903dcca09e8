/*
 * seed: the private staging copy a seeded file or directory goes through.
 * The item is opened following no symlink in any component of its path,
 * and everything below it through directory fds with openat and
 * O_NOFOLLOW; what is copied is decided by fstat of what was opened, not
 * by the earlier check, so nothing swapped in meanwhile can make us read
 * outside the tree or block on a fifo.  Kept: regular files and
 * directories whose names pass the filter, and symlinks that resolve
 * inside the tree (made relative, so they resolve inside the copy too).
 * Everything else stays.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "services/seed/seed.h"
#include "base/strvec.h"
#include "seed_int.h"

#define STAGE_MAXDEPTH	32
/* O_NONBLOCK: a fifo swapped in must not hang the open; O_NOCTTY: nor a
 * terminal become ours. */
#define STAGE_OPEN	(O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | \
	    O_CLOEXEC)

void	(*seed_race_hook)(const char *) = NULL;

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

	/* What counts is what was opened, not what was checked. */
	in = openat(sdir, name, STAGE_OPEN);
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
		seed_skip(s, rel, real != NULL ? "a symlink leading out of "
		    "the copied directory or to a refused name" :
		    errno == ELOOP ? "a symlink loop" : "a symlink to nothing");
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

/* Is the entry, by its path below $HOME, a tool's credential file? */
static int
home_refused(const struct stage *s, const char *rel)
{
	char *p;
	int rc;

	if (strncmp(s->label, "~/", 2) != 0)
		return seed_home_refused(rel);
	p = xasprintf("%s/%s", s->label + 2, rel);
	rc = seed_home_refused(p);
	free(p);
	return rc;
}

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
	if (home_refused(s, rel)) {
		seed_skip(s, rel, "a well-known tool keeps credentials there");
		return 0;
	}
	if (fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;	/* gone meanwhile */
	if (seed_race_hook != NULL)
		seed_race_hook(rel);
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
	fchmod(dfd, SEED_DIR_MODE);
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
		if (intr_pending()) {
			s->cause = xstrdup("interrupted");
			rc = -1;
			break;
		}
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

/* The item itself is the open directory sfd: copy it to dst. */
static int
stage_tree(struct stage *s, int sfd, mode_t mode, const char *dst)
{
	int dfd, rc;

	if (mkdir(dst, 0700) < 0 || (dfd = open(dst, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) < 0) {
		s->cause = xasprintf("cannot create '%s': %s", dst,
		    strerror(errno));
		return -1;
	}
	rc = stage_dir(s, sfd, dfd, "", 0);
	(void)mode;
	fchmod(dfd, SEED_DIR_MODE);
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
	int fd, rc = -1;

	if (intr_pending()) {
		*cause = xstrdup("interrupted");
		return -1;
	}
	if (*real != '/' || name == NULL || name[1] == '\0') {
		*cause = xasprintf("cannot stage '%s' at '%s'", real, dst);
		return -1;
	}
	if (seed_race_hook != NULL)
		seed_race_hook("");
	/* Opened once, never by name again: its type is the opened one's. */
	if ((fd = seed_open_nofollow(real, STAGE_OPEN)) < 0 ||
	    fstat(fd, &st) < 0)
		s.cause = xasprintf("cannot read '%s': %s", label,
		    errno == ELOOP || errno == EMLINK || errno == ENOTDIR ?
		    "it changed after it was checked" : strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = stage_tree(&s, fd, st.st_mode, dst);
	else if (S_ISREG(st.st_mode))
		rc = seed_stage_single(&s, fd, st.st_mode, dst, name + 1);
	else
		s.cause = xasprintf("cannot read '%s': not a regular file or "
		    "directory", label);
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		*cause = s.cause != NULL ? s.cause :
		    xasprintf("cannot stage '%s'", label);
	else
		free(s.cause);
	return rc;
}
