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
 * here.  The result holds every ref the fetch changed, every ref the
 * remote advertised, and what was kept, removed or could not be kept.
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
	int	 atleast;		/* ncommits is a lower bound */
	int	 forced;		/* new does not descend from old */
};

/* An advertised ref: refs/heads/... in heads, HEAD, tags and the rest. */
struct gitx_head {
	char	*ref;
	char	 oid[GITX_HEXSZ + 1];
};

/* Refs that keep a tip, with what the sandbox calls it and why. */
struct gitx_tip {
	char	*ref;			/* full ref name */
	char	*branch;		/* e.g. "main", "HEAD", "refs/tags/v1" */
	char	 oid[GITX_HEXSZ + 1];
	char	*why;			/* NULL, or the reason (removed, lost) */
};

struct gitx_tips {
	struct gitx_tip	*v;
	size_t		 n;
};

struct gitx_fetch_result {
	struct gitx_update	*up;
	size_t			 nup;
	struct gitx_head	*heads;		/* advertised branches */
	size_t			 nheads;
	struct gitx_head	*others;	/* HEAD, tags, the rest */
	size_t			 nothers;
	struct gitx_tips	 kept;		/* replaced tips kept */
	struct gitx_tips	 removed;	/* stale refs in the way */
	struct gitx_tips	 diverted;	/* tips kept by id instead */
	struct gitx_tips	 lost;		/* tips not kept anywhere */
	size_t			 ninvalid;	/* advertised names git refuses */
	size_t			 nbad;		/* new commits libgit2 refuses */
	char			 bad[GITX_HEXSZ + 1];	/* the first */
};

/*
 * The sandbox's git daemon is the agent's: every wait on it is bounded.
 * timeout_ms bounds connecting and each wait for data (an idle read);
 * the refs it advertises must all arrive within it too, and hold at most
 * GITX_ADS_MAX bytes.  total_ms (0: none) bounds a whole fetch.  Set once
 * per command, before fetching.
 */
#define GITX_ADS_MAX	(16u * 1024 * 1024)
#define GITX_REFS_MAX	100000
void	gitx_net_bounds(int timeout_ms, int total_ms);

/*
 * Fetch remote: every ref it advertises (branches through the remote's
 * own refspecs, HEAD, tags and the rest under refs/code-airlock/served/
 * NAME/), never pruning, into a quarantine first: no ref moves and no
 * object joins the repository until what arrived is checked complete (a
 * connectivity check); its pack is then held by a .keep until the refs
 * point at it.  0, GITX_ENOTFOUND for a missing remote, GITX_ECONNECT
 * when nothing listens at its URL, -1 otherwise.  NAME is the remote's
 * name less its "sandbox-" prefix.
 *
 * A tip that a move or the removal of a stale ref in the way would orphan
 * is kept under refs/code-airlock/replaced/NAME/ before the ref changes
 * (res->kept); a tip no readable ref can hold, under
 * refs/code-airlock/kept/NAME/ (res->diverted).  Tips kept nowhere are in
 * res->lost, each with its reason, and the fetch returns -1.
 */
int	gitx_fetch(struct git_repository *, const char *remote,
	    gitx_progress_fn fn, void *arg, struct gitx_fetch_result *,
	    char **cause);
void	gitx_fetch_result_clear(struct gitx_fetch_result *);

/*
 * gitx_fetch() for when nobody asked sbx whether the sandbox runs: its
 * remote's URL may name a port another service now holds.  Moves no ref
 * unless the heads the daemon advertises prove it is the sandbox earlier
 * fetches saw (gitx_guard.c explains how).  Whatever else goes wrong
 * before that proof (a refused, silent, slow or garbled answer) is
 * GITX_EUNVERIFIED, with res->heads listing what it served, if anything,
 * and no ref changed: only sbx can say where the sandbox is.
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
void	gitx_tips_clear(struct gitx_tips *);

/*
 * Before sbx creates a sandbox under the name NAME again: keep every tip
 * under refs/sandboxes/NAME/, refs/remotes/sandbox-NAME/ and
 * refs/code-airlock/served/NAME/ that no other ref reaches, under
 * refs/code-airlock/replaced/NAME/ (sbx's first fetch of the new sandbox
 * overwrites them).  0 with kept; -1 with *cause and lost naming each tip
 * that could not be kept.  dry only lists what it would keep.
 */
int	gitx_keep_earlier(struct git_repository *, const char *name, int dry,
	    struct gitx_tips *kept, struct gitx_tips *lost, char **cause);

/* 1 when the repository at dir has a ref whose name starts with prefix. */
int	gitx_dir_has_refs(const char *dir, const char *prefix);

/*
 * Only list the refs remote advertises (a read-only probe, like git
 * ls-remote) into res->heads and res->others.  Returns as gitx_fetch().
 */
int	gitx_remote_heads(struct git_repository *, const char *remote,
	    struct gitx_fetch_result *, char **cause);

/*
 * The same, at url, with no remote looked up and no configuration read:
 * for a caller that asks again and again (watch), since looking a remote
 * up in the configuration allocates (libgit2's regex matching) each time.
 */
int	gitx_url_heads(const char *url, struct gitx_fetch_result *,
	    char **cause);

/*
 * 0 when every ref the result lists as advertised (branches, HEAD, tags)
 * is held by a ref of the repository outside refs/remotes/REMOTE/ (so
 * removing the remote loses no commit); -1 with *cause naming the first
 * that is not.
 */
int	gitx_heads_kept(struct git_repository *, const char *remote,
	    const struct gitx_fetch_result *, char **cause);

/*
 * When sandbox name was last fetched into the repository (seconds since
 * the epoch), kept in its git directory (code-airlock/fetched/NAME).
 * get: 0 with *when, GITX_ENOTFOUND when never recorded, -1 with *cause.
 * set: 0, or -1 with *cause.
 */
int	gitx_fetched_get(struct git_repository *, const char *name,
	    long long *when, char **cause);
int	gitx_fetched_set(struct git_repository *, const char *name,
	    long long when, char **cause);

#endif
