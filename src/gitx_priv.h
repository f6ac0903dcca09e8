/*
 * Helpers shared by the gitx_*.c files and nothing else.
 */
#ifndef AIRLOCK_GITX_PRIV_H
#define AIRLOCK_GITX_PRIV_H

#include <git2.h>

/* "WHAT: <libgit2's last message>", WHAT formatted; a new string. */
char	*gitx_err(const char *, ...) __attribute__((format(printf, 1, 2)));

/* Resolve a revision to the id of the commit it names. */
int	 gitx_peel(git_repository *, const char *rev, git_oid *);

#endif
