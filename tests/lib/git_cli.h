/*
 * Building test repositories with the git command line rather than
 * libgit2, for tests that must compare against libgit2 or must not
 * initialise it themselves.
 */
#ifndef AIRLOCK_TEST_GIT_CLI_H
#define AIRLOCK_TEST_GIT_CLI_H

/*
 * Run git in dir (NULL: the current directory) with the NULL-terminated
 * arguments, isolated from the user's and the system's configuration and
 * with fixed dates; fails the test unless git exits 0.
 */
void	git_cli(const char *dir, ...) __attribute__((sentinel));

#endif
