/*
 * The fetch part of the git service: fetching a sandbox remote with its
 * own refspecs, guarded or not, what moved, and the tips kept when a
 * forced refspec replaced them.  A part of gitx.h, which includes it:
 * include gitx.h.
 */
#ifndef AIRLOCK_GITX_FETCH_H
#define AIRLOCK_GITX_FETCH_H

/*
 * Fetch.  Progress is reported through fn (may be NULL) and never printed
 * here.  The result holds every ref the fetch changed and the branch heads
 * the remote advertised.
 */
struct gitx_progress {
	unsigned	total;		/* objects to receive */
	unsigned	received;
	unsigned	indexed;
	size_t		bytes;		/* bytes received so far */
};
typedef void (*gitx_progress_fn)(const struct gitx_progress *, void *);

struct gitx_update {
	char	*ref;			/* full name of the updated ref */
	char	 old[GITX_HEXSZ + 1];	/* "" when the ref is new */
	char	 new[GITX_HEXSZ + 1];
	size_t	 ncommits;		/* commits new on this ref */
	int	 forced;		/* new does not descend from old */
};

struct gitx_head {
	char	*ref;			/* refs/heads/... on the remote */
	char	 oid[GITX_HEXSZ + 1];
};

/* Refs a fetch writes, or the refs that keep what it replaced. */
struct gitx_tip {
	char	*ref;			/* full ref name */
	char	*branch;		/* sandbox branch, e.g. "main" */
	char	 oid[GITX_HEXSZ + 1];
};

struct gitx_tips {
	struct gitx_tip	*v;
	size_t		 n;
};

struct gitx_fetch_result {
	struct gitx_update	*up;
	size_t			 nup;
	struct gitx_head	*heads;
	size_t			 nheads;
	struct gitx_tips	 kept;	/* replaced tips, see below */
};

/*
 * Fetch remote with its own refspecs, no tags, never pruning (a pruned
 * refs/sandboxes/ copy would lose commits).  0, GITX_ENOTFOUND for a missing
 * remote, GITX_ECONNECT when nothing listens at its URL, -1 otherwise.
 *
 * The refspecs are forced, so a rewritten sandbox branch or a new sandbox
 * of an old name replaces commits no other ref may hold.  Each such tip is
 * first kept (gitx_keep_replaced() with the remote's name less its
 * "sandbox-" prefix) and listed in res->kept, even when the fetch fails.
 */
int	gitx_fetch(struct git_repository *, const char *remote,
	    gitx_progress_fn fn, void *arg, struct gitx_fetch_result *,
	    char **cause);
void	gitx_fetch_result_clear(struct gitx_fetch_result *);

/*
 * gitx_fetch() for when nobody asked sbx whether the sandbox runs: its
 * remote's URL may name a port another sandbox's daemon now holds.  Moves
 * no ref unless the heads the daemon advertises prove it is the sandbox
 * earlier fetches saw (gitx_guard.c explains how); else GITX_EUNVERIFIED
 * with res->heads listing what it serves and no ref changed.
 */
int	gitx_fetch_guarded(struct git_repository *, const char *remote,
	    gitx_progress_fn fn, void *arg, struct gitx_fetch_result *,
	    char **cause);

/*
 * Snapshot of the refs the remote's fetch refspecs write (their current
 * commits), to compare with after a fetch.
 */
int	gitx_tips_snapshot(struct git_repository *, const char *remote,
	    struct gitx_tips *, char **cause);

/*
 * For each ref of before that no longer points at its snapshot commit and
 * whose old commit no ref of the repository reaches any more, create (never
 * overwrite) refs/code-airlock/replaced/NAME/BRANCH/<12 hex digits of the
 * old id> and list it in kept (ref, branch, old id).  Old commits must still
 * be in the object database: nothing may prune between snapshot and this.
 * 0, or -1 with *cause naming the first tip it could not keep (kept still
 * lists the others).
 */
int	gitx_keep_replaced(struct git_repository *, const char *name,
	    const struct gitx_tips *before, struct gitx_tips *kept,
	    char **cause);
void	gitx_tips_clear(struct gitx_tips *);

/* 1 when the repository at dir has a ref whose name starts with prefix. */
int	gitx_dir_has_refs(const char *dir, const char *prefix);

/*
 * Only list the branch heads remote serves (a read-only probe, like git
 * ls-remote) into res->heads.  Returns as gitx_fetch().
 */
int	gitx_remote_heads(struct git_repository *, const char *remote,
	    struct gitx_fetch_result *, char **cause);

/*
 * 0 when every advertised head of the result is reachable from a ref of the
 * repository outside refs/remotes/REMOTE/ (so removing the remote loses no
 * commit); -1 with *cause naming the first head that is not.
 */
int	gitx_heads_kept(struct git_repository *, const char *remote,
	    const struct gitx_fetch_result *, char **cause);

#endif
