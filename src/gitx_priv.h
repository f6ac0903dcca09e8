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

/*
 * Commit ids of every ref whose name does not start with skip (NULL: of
 * every ref); *out is a new array of *n ids.
 */
int	 gitx_ref_tips(git_repository *, const char *skip, git_oid **out,
	    size_t *n);

#endif
