/*
 * The gitx tests' world: a host repository on main with one commit, a
 * clone of it standing for the sandbox, and the remote sandbox-x with both
 * of sbx's refspecs.  Commits are built with libgit2 in an in-memory
 * index.  Use fx_setup and fx_teardown as a cmocka test's setup and
 * teardown; the state is a struct fx.
 */
#ifndef AIRLOCK_TEST_GITX_FIXTURE_H
#define AIRLOCK_TEST_GITX_FIXTURE_H

#include <stddef.h>

#include <git2.h>

#include "services/git/gitx.h"

struct file {
	const char	*path;
	unsigned	 mode;		/* 0: delete */
	const char	*data;
	size_t		 len;		/* 0: strlen(data) */
};

struct fx {
	char		*dir;
	char		*host_dir;
	char		*sb_dir;
	git_repository	*host;
	git_repository	*sb;
};

int	fx_setup(void **state);
int	fx_teardown(void **state);

/*
 * Commit files on top of parent (a ref or NULL) and point ref at the new
 * commit.  The working tree is not touched.
 */
void	commit_files(git_repository *, const char *ref, const char *parent,
	    const struct file *files, size_t n, const char *msg);
/* One file's commit. */
void	commit1(git_repository *, const char *ref, const char *parent,
	    const char *path, const char *data, const char *msg);
/* Fetch sandbox-x into the host; fails the test unless it worked. */
void	fetch_ok(struct fx *, struct gitx_fetch_result *);

#endif
