/*
 * The file-system side of gitx (gitx_fs*.c): where a repository's files
 * are, read without libgit2.  Shared by those files and nothing else.
 */
#ifndef AIRLOCK_GITX_FS_H
#define AIRLOCK_GITX_FS_H

#include <stddef.h>

/* One repository's directories, all absolute and symlink-resolved. */
struct fs_repo {
	char	*gitdir;	/* its git directory */
	char	*common;	/* common directory (gitdir unless linked) */
	int	 commondir;	/* gitdir has a commondir file */
	char	*worktree;	/* core.worktree resolved, or NULL */
	int	 bare;		/* core.bare is true */
};

/*
 * Open the repository whose git directory is path (as found by a `.git`
 * directory or file): 1 when it is a plain repository this file reads,
 * 0 when path is no git directory, GITX_UNSURE when something about it
 * (extensions, includes, odd files) needs libgit2.
 */
int	 fs_repo_at(const char *path, struct fs_repo *);

/*
 * The git directory a working tree top level's `.git` names, opened as
 * above: 1, 0 (no repository there) or GITX_UNSURE.
 */
int	 fs_repo_of_top(const char *top, struct fs_repo *);
void	 fs_repo_clear(struct fs_repo *);

/*
 * The git directory a `.git` file in dir names ("gitdir: PATH", relative
 * to dir), resolved; NULL when malformed or missing.
 */
char	*fs_gitfile(const char *dir, const char *file);

/*
 * Read what matters here from a git configuration file into r (bare,
 * worktree): 0, or GITX_UNSURE when it includes other files, declares
 * extensions (reftable, sha256...) or has anything this reader does not
 * understand.  A missing file is fine: libgit2 then reads none either.
 */
int	 fs_config_scan(const char *path, struct fs_repo *r);

/* The contents of a small regular file, NUL-terminated, or NULL. */
char	*fs_slurp(const char *path, size_t max);

/* "a/b" from dir "a" and name "b"; a new string. */
char	*fs_join(const char *dir, const char *name);

/* Nothing here is plain when the environment points git elsewhere. */
int	 fs_env_plain(void);

#endif
