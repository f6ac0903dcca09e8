/*
 * gitx: the working-tree top level of the repository containing a
 * directory, found as libgit2's discovery finds it but from the file
 * system alone (see gitx_fs.c for why).  From the directory upwards, each
 * level is asked first for a `.git` (a directory, or a file saying
 * "gitdir: PATH" as in submodules and linked worktrees), then whether it
 * is itself a git directory; the walk stops below the root and at a
 * change of file system, as libgit2's does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_fs.h"

struct walk {
	dev_t	 dev;
	int	 have_dev;
};

/* stat path; 1 when it exists on the file system of the walk so far. */
static int
step_stat(struct walk *w, const char *path, struct stat *sb, int *unsure)
{
	if (stat(path, sb) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			*unsure = 1;
		return 0;
	}
	if (!w->have_dev) {
		w->dev = sb->st_dev;
		w->have_dev = 1;
	} else if (sb->st_dev != w->dev)
		*unsure = 1;	/* libgit2 stops here; let it say so */
	return !*unsure;
}

/* The working tree of a repository found at dir: dir itself, or unsure. */
static int
top_of(const char *dir, const char *dotgit, const struct fs_repo *r)
{
	const char *paths[] = { dir, dotgit, r->gitdir };
	char *link, *wt;
	struct stat sb;
	size_t i;
	int ok;

	if (r->commondir) {
		/* A linked worktree: libgit2 takes it from gitdir/gitdir. */
		link = fs_join(r->gitdir, "gitdir");
		wt = fs_slurp(link, 4096);
		free(link);
		ok = wt != NULL && *wt == '/' &&
		    strncmp(wt, dir, strlen(dir)) == 0 &&
		    strcmp(wt + strlen(dir), strcmp(dir, "/") == 0 ?
		    ".git\n" : "/.git\n") == 0;
		free(wt);
		if (!ok)
			return GITX_UNSURE;
	} else if (r->bare)
		return GITX_UNSURE;	/* libgit2's error names it */
	else if (r->worktree != NULL) {
		/* Submodules set core.worktree, relative to the gitdir. */
		link = *r->worktree == '/' ? xstrdup(r->worktree) :
		    fs_join(r->gitdir, r->worktree);
		wt = realpath(link, NULL);
		free(link);
		ok = wt != NULL && strcmp(wt, dir) == 0;
		free(wt);
		if (!ok)
			return GITX_UNSURE;
	}
	/* libgit2 refuses repositories owned by someone else. */
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (paths[i] != NULL && (stat(paths[i], &sb) < 0 ||
		    sb.st_uid != geteuid()))
			return GITX_UNSURE;
	return 0;
}

/* Look at dir/.git, then dir: 1 found (*r), 0 not here, GITX_UNSURE. */
static int
level(struct walk *w, const char *dir, struct fs_repo *r, char **dotgit)
{
	struct stat sb;
	char *target;
	int unsure = 0, rc = 0;

	*dotgit = fs_join(dir, ".git");
	if (step_stat(w, *dotgit, &sb, &unsure)) {
		if (S_ISDIR(sb.st_mode))
			rc = fs_repo_at(*dotgit, r);
		else if (S_ISREG(sb.st_mode) &&
		    (target = fs_gitfile(dir, *dotgit)) != NULL) {
			/* libgit2 stops at a .git file, valid or not. */
			rc = fs_repo_at(target, r) == 1 ? 1 : GITX_UNSURE;
			free(target);
		} else
			rc = GITX_UNSURE;
		if (rc == 1 && S_ISDIR(sb.st_mode)) {
			free(*dotgit);
			*dotgit = NULL;
		}
		if (rc != 0)
			return rc;
	}
	if (unsure)
		return GITX_UNSURE;
	/* A bare repository, or a walk from inside a git directory. */
	if (!step_stat(w, dir, &sb, &unsure))
		return GITX_UNSURE;
	rc = fs_repo_at(dir, r);
	fs_repo_clear(r);
	return rc == 0 ? 0 : GITX_UNSURE;
}

int
gitx_fs_toplevel(const char *dir, char **top)
{
	struct walk w = { 0, 0 };
	struct fs_repo r;
	struct stat sb;
	char *d, *slash, *dotgit = NULL;
	int rc;

	*top = NULL;
	if (!fs_env_plain() || (d = realpath(dir, NULL)) == NULL)
		return GITX_UNSURE;
	for (;;) {
		rc = level(&w, d, &r, &dotgit);
		if (rc == 1) {
			rc = top_of(d, dotgit, &r);
			fs_repo_clear(&r);
			break;
		}
		free(dotgit);
		dotgit = NULL;
		if (rc != 0 || strcmp(d, "/") == 0)
			break;
		slash = strrchr(d, '/');
		slash[slash == d ? 1 : 0] = '\0';
		/*
		 * libgit2 never looks at the root from below it; a repository
		 * there is odd enough to let it decide.
		 */
		if (strcmp(d, "/") == 0) {
			rc = lstat("/.git", &sb) == 0 ? GITX_UNSURE :
			    GITX_ENOTFOUND;
			break;
		}
	}
	free(dotgit);
	if (rc == 0)
		*top = d;
	else
		free(d);
	return rc;
}
