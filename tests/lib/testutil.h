/*
 * Shared helpers for the unit tests: temporary directories, running the
 * dispatcher in-process with captured output.
 */
#ifndef AIRLOCK_TESTUTIL_H
#define AIRLOCK_TESTUTIL_H

#include <stddef.h>

/* A new empty temporary directory (caller frees; remove with tu_rmrf). */
char	*tu_mkdtemp(void);
/* Remove a tree (like rm -rf). */
void	 tu_rmrf(const char *);
/* Write a file, creating it; aborts the test on failure. */
void	 tu_write(const char *path, const char *text);

/*
 * The first path under dir (symlinks not followed) that is a regular file
 * holding needle, or a symlink resolving outside dir; NULL when there is
 * none (caller frees).
 */
char	*tu_tree_leak(const char *dir, const char *needle);

/* dir/rel as a new string. */
char	*tu_at(const char *dir, const char *rel);
/* Write dir/rel, make the directory dir/rel, make dir/rel a symlink. */
void	 tu_put(const char *dir, const char *rel, const char *text);
void	 tu_mkdir_at(const char *dir, const char *rel);
void	 tu_link_at(const char *dir, const char *target, const char *rel);

struct strvec;
/* 1 when some line of lines contains needle. */
int	 tu_has_line(const struct strvec *lines, const char *needle);

struct tu_run {
	int	 rc;
	char	*out;
	size_t	 out_len;
	char	*err;
	size_t	 err_len;
};

/*
 * Run cmd_main in-process with argv (NULL-terminated, without argv[0]) and
 * env (environ-style, NULL-terminated), capturing stdout and stderr.
 */
void	 tu_main(struct tu_run *, char *const *env, const char *const *argv);
void	 tu_run_free(struct tu_run *);

#endif
