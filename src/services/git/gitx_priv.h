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
/* The same, skipping the refs under any of the NULL-terminated prefixes. */
int	 gitx_ref_tips_except(git_repository *, const char *const *skip,
	    git_oid **out, size_t *n);

/*
 * Fill ncommits, atleast and forced of every update of a fetch's result,
 * from the graph of the commits it brought (gitx_count.c).
 */
struct gitx_fetch_result;
struct gitx_newgraph;
void	 gitx_count_new(git_repository *, const struct gitx_newgraph *,
	    struct gitx_fetch_result *);

/*
 * Before a fetch moves any ref: is the daemon answering at the remote's
 * URL the sandbox's own, judging by its advertised heads against the tips
 * in before (gitx_guard.c)?  Refs are read from repo, objects through
 * objs (the fetch's quarantine, which sees both).  GITX_GUARD_LATER when
 * that needs heads not downloaded yet; final says they are, and LATER is
 * then NO.
 */
#define GITX_GUARD_NO		0
#define GITX_GUARD_YES		1
#define GITX_GUARD_LATER	2
struct gitx_tips;
int	 gitx_guard(git_repository *, git_repository *objs, const char *remote,
	    const struct gitx_tips *before, const struct gitx_fetch_result *,
	    int final);

/* Append a tip (copies of the strings; why may be NULL). */
void	 gitx_tips_add(struct gitx_tips *, const char *ref,
	    const char *branch, const git_oid *oid, const char *why);

/*
 * The refs under the NULL-terminated prefixes ns into in (branch: the
 * name less its prefix), and the commits of every other ref into *rest
 * (a new array of *nrest).  Only ref targets are read.  0 or -1.
 */
int	 gitx_refs_split(git_repository *, const char *const *ns,
	    struct gitx_tips *in, git_oid **rest, size_t *nrest);

/*
 * The commits of tip that base does not reach, newest first, parents
 * after children, read as git reads them (gitx_walk.c): for when
 * libgit2's walk fails on a commit it cannot parse.  0 with *out (a new
 * array of *n ids), or -1.
 */
int	 gitx_walk_range(git_repository *, const git_oid *base,
	    const git_oid *tip, git_oid **out, size_t *n);
/*
 * 1 when one is one of others or an ancestor of one of them, else 0
 * (also when that cannot be told, past a million commits): git's
 * merge-base painting over commits read as git reads them (gitx_walk.c).
 */
int	 gitx_reach(git_repository *, const git_oid *one,
	    const git_oid *others, size_t n);
/* The same for one descendant: is anc desc or one of its ancestors? */
int	 gitx_is_ancestor(git_repository *, const git_oid *anc,
	    const git_oid *desc);
/* Only how many: 0 with *n, or -1. */
int	 gitx_count_range(git_repository *, const git_oid *base,
	    const git_oid *tip, size_t *n);

/*
 * Called (when set, by tests only) between the steps of a fetch that a
 * crash, a SIGKILL or a `git gc` could fall between: "migrated" (the
 * pack is in, no ref moved), "kept" (old tips kept, nothing moved),
 * "removed" (stale refs in the way removed), "moved" (refs moved, the
 * .keep still there).
 */
extern void (*gitx_fetch_hook)(const char *step);

/* The socket stream with bounds (gitx_net.c), registered once. */
void	 gitx_net_register(void);
/* Start a connection's clock for the total bound. */
void	 gitx_net_start(void);

#endif
