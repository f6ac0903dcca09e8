/*
 * Every in-process git operation, on libgit2.  Never prints, never exits:
 * functions return 0 (or a count) on success and -1 with *cause set to a
 * one-line message built from git_error_last() and a hint of what to do.
 * Object ids cross this interface as 40-digit hex strings.
 */
#ifndef AIRLOCK_GITX_H
#define AIRLOCK_GITX_H

#include <stddef.h>

#include "base/strvec.h"
#include "services/git/gitx_refns.h"

struct git_repository;

#define GITX_HEXSZ	40

/*
 * Error codes are negative, as libgit2's: < 0 always means "not done".
 * -1 is any failure with *cause set; the others are answers a caller may
 * act on, and leave *cause unset unless the function says otherwise.
 */
#define GITX_ERROR	 (-1)
#define GITX_ENOTFOUND	 (-2)	/* no such remote, ref, repository, candidate */
#define GITX_ECONNECT	 (-3)	/* the remote refused the connection */
#define GITX_EUNVERIFIED (-4)	/* the daemon may not be the sandbox's */
#define GITX_UNSURE	 (-5)	/* the file system cannot tell: ask libgit2 */
_Static_assert(GITX_ENOTFOUND < 0 && GITX_ECONNECT < 0 &&
    GITX_EUNVERIFIED < 0 && GITX_UNSURE < 0, "gitx codes are negative");

/*
 * Initialise libgit2 (idempotent).  Nothing calls it at start: every gitx
 * function that takes no repository calls it first, and those that take
 * one rely on gitx_open() having done so.
 */
void	gitx_global_init(void);

/* The libgit2 this binary runs with (for --version). */
void	gitx_libgit2_version(int *major, int *minor, int *rev);

/* 1 when a merge is in progress in the repository (MERGE_HEAD exists). */
int	gitx_merge_in_progress(struct git_repository *);

/*
 * The working-tree top level of the repository containing dir.  Returns 0
 * and sets *top (new string, no trailing slash), GITX_ENOTFOUND when dir
 * is not inside a git repository, -1 on other errors.
 */
int	gitx_discover_toplevel(const char *dir, char **top, char **cause);

/*
 * Where git stands on relpath (relative to the top level of the work tree
 * at repo_dir): GITX_PATH_TRACKED (in the index), GITX_PATH_IGNORED (not
 * in it, and an ignore rule matches), GITX_PATH_UNTRACKED (neither), or
 * -1 with *cause when it cannot tell (an index libgit2 cannot read).
 */
#define GITX_PATH_UNTRACKED	0
#define GITX_PATH_IGNORED	1
#define GITX_PATH_TRACKED	2
int	gitx_path_state(const char *repo_dir, const char *relpath,
	    char **cause);

/*
 * 1 when git's index holds a path under directory rel (relative to the
 * top level of the work tree at repo_dir), 0 when none, -1 with *cause.
 */
int	gitx_tracks_under(const char *repo_dir, const char *rel,
	    char **cause);

/*
 * Does the agent's work carry relpath with exactly these bytes?  Walks
 * the commits that the sandbox refs (refs/sandboxes/, refs/remotes/
 * sandbox-*, refs/code-airlock/replaced/, served/ and kept/) reach and
 * HEAD does not, at most max of them.  1 when one holds that blob at relpath, 0 when none
 * does, -1 with *cause when it cannot tell (too many commits, unreadable
 * objects).
 */
int	gitx_agent_carries(const char *repo_dir, const char *relpath,
	    const void *buf, size_t len, size_t max, char **cause);

/*
 * 1 when key (e.g. "difftool.meld.cmd") is set in the user's own git
 * configuration (the global, XDG and system files; never a repository's
 * local one), 0 when not, -1 with *cause.
 */
int	gitx_user_config_has(const char *key, char **cause);

/* 1 when name is a valid local branch name (refs/heads/NAME), else 0. */
int	gitx_branch_name_valid(const char *name);

/* Open the repository whose top level is dir; close with gitx_close(). */
int	gitx_open(const char *dir, struct git_repository **, char **cause);
/* The git directory shared by its worktrees (".git"), no trailing slash. */
int	gitx_common_dir(const char *dir, char **path, char **cause);
void	gitx_close(struct git_repository *);

/*
 * URL of a remote, read from the configuration now (never cached: the
 * sandbox rewrites it when its port changes).  0 and *url, GITX_ENOTFOUND
 * when there is no such remote, -1 with *cause.
 */
int	gitx_remote_url(struct git_repository *, const char *remote,
	    char **url, char **cause);

/*
 * The NAMEs of the repository's sandbox-NAME remotes (the remotes sbx
 * adds), appended to boxes in the order git lists them: 0, or -1 with
 * *cause.
 */
int	gitx_sandbox_remotes(struct git_repository *, struct strvec *boxes,
	    char **cause);

/*
 * The same read from the configuration's entries without a regex (for
 * watch, which asks at every poll), with each remote's URL in urls at the
 * same index.  Config keys are case-insensitive before the subsection,
 * which libgit2 lowers; the NAME is kept as written.
 */
int	gitx_sandbox_urls(struct git_repository *, struct strvec *boxes,
	    struct strvec *urls, char **cause);

/* Hex id of the commit a revision names: 0, GITX_ENOTFOUND or -1. */
int	gitx_rev_hex(struct git_repository *, const char *rev,
	    char hex[GITX_HEXSZ + 1], char **cause);

/* 1 when the object with this hex id is in the repository, else 0. */
int	gitx_has_object(struct git_repository *, const char *hex);

/* The same for a ref of the repository at dir (e.g. a submodule). */
int	gitx_dir_ref_hex(const char *dir, const char *ref,
	    char hex[GITX_HEXSZ + 1]);

#include "services/git/gitx_fetch.h"

/* Sandbox branches: the refs/remotes/REMOTE/ refs, sorted by name. */
struct gitx_branch {
	char	*name;			/* short name, e.g. "main" */
	char	*ref;			/* full ref name */
	char	 oid[GITX_HEXSZ + 1];
	size_t	 ahead;			/* commits not in BASE */
};

/* An ahead not counted yet (gitx_sandbox_refs). */
#define GITX_AHEAD_UNKNOWN	((size_t)-1)

struct gitx_branches {
	struct gitx_branch	*v;
	size_t			 n;
};

/* The sandbox branches with their commits not in base counted. */
int	gitx_sandbox_branches(struct git_repository *, const char *remote,
	    const char *base, struct gitx_branches *, char **cause);

/* The same without counting: every ahead is GITX_AHEAD_UNKNOWN. */
int	gitx_sandbox_refs(struct git_repository *, const char *remote,
	    struct gitx_branches *, char **cause);

/*
 * The sandbox branches a fetch of these heads would make: ref names under
 * refs/remotes/REMOTE/, ahead counted where the commit is already here,
 * else 1 (some commits to fetch).
 */
int	gitx_branches_from_heads(struct git_repository *, const char *remote,
	    const char *base, const struct gitx_head *heads, size_t n,
	    struct gitx_branches *, char **cause);
void	gitx_branches_clear(struct gitx_branches *);

/*
 * BASE: arg when given (it must name a commit), else the current branch.
 * A detached or unborn HEAD is an error asking for an explicit base.
 */
int	gitx_resolve_base(struct git_repository *, const char *arg,
	    char **base, char **cause);

/*
 * Choose the sandbox branch (SPEC §4): want (--branch) when given; else
 * among the branches with commits not in base, the one named like base, or
 * the only one.  0 with *out, GITX_ENOTFOUND when nothing is new, -1 with
 * *cause when want is unknown or several branches qualify.
 */
int	gitx_choose_sbref(const struct gitx_branches *, const char *base,
	    const char *want, const struct gitx_branch **out, char **cause);

/*
 * gitx_choose_sbref() on branches whose ahead may be GITX_AHEAD_UNKNOWN,
 * counting (and updating) only those the choice depends on: none but
 * want's when it is given, none but the one named like base when it has
 * new commits, else every one still unknown.  With log not NULL, *log
 * also receives the chosen branch's commits (as gitx_log()), the count
 * and the list coming from one walk.  Returns as gitx_choose_sbref().
 */
struct gitx_commits;
int	gitx_select_sbref(struct git_repository *, struct gitx_branches *,
	    const char *base, const char *want,
	    const struct gitx_branch **out, struct gitx_commits *log,
	    char **cause);

/* Commits of ref not in base, newest first (as git log prints them). */
struct gitx_commit {
	char		 id[GITX_HEXSZ + 1];
	char		*short_id;
	char		*author;
	char		*email;
	long long	 time;		/* author time, seconds since epoch */
	int		 offset;	/* its UTC offset in minutes */
	char		*subject;
};

struct gitx_commits {
	struct gitx_commit	*v;
	size_t			 n;
};

int	gitx_log(struct git_repository *, const char *base, const char *ref,
	    struct gitx_commits *, char **cause);
void	gitx_commits_clear(struct gitx_commits *);

/*
 * Facts about local branch branch: 0 with tip (its commit) and
 * *checked_out (1 when HEAD of the repository or of any of its linked
 * worktrees names it), GITX_ENOTFOUND when there is no such branch, -1
 * with *cause (an invalid name among others).
 */
int	gitx_branch_facts(struct git_repository *, const char *branch,
	    char tip[GITX_HEXSZ + 1], int *checked_out, char **cause);

/*
 * Point local branch at commit hex: create it when old is NULL (an
 * existing branch is an error), else move it only while it still points
 * at old (as `git update-ref refs/heads/B NEW OLD`).  Deciding whether a
 * move is right is the caller's.  0, or -1 with *cause.
 */
int	gitx_branch_update(struct git_repository *, const char *branch,
	    const char *hex, const char *old, char **cause);

/*
 * The tip of sandbox branch branch of sandbox name that the user last
 * looked at (fetch, log, diff, review, verify), kept in the repository's
 * git directory (code-airlock/seen/NAME).  get: 0 with hex,
 * GITX_ENOTFOUND when nothing was recorded, -1 with *cause.  set: record
 * hex atomically (a lock file renamed into place); 0 or -1 with *cause.
 */
int	gitx_seen_get(struct git_repository *, const char *name,
	    const char *branch, char hex[GITX_HEXSZ + 1], char **cause);
int	gitx_seen_set(struct git_repository *, const char *name,
	    const char *branch, const char *hex, char **cause);

/*
 * 1 when commit hex is ancestor or equal to commit of, 0 when not, -1
 * with *cause.
 */
int	gitx_in_history(struct git_repository *, const char *hex,
	    const char *of, char **cause);

/*
 * The note of commit hex under notes_ref (e.g. "refs/notes/code-airlock"):
 * 0 with *text (a new string of at most max bytes), GITX_ENOTFOUND when
 * the commit has none, -1 with *cause (also when it is larger than max).
 */
int	gitx_note_read(struct git_repository *, const char *notes_ref,
	    const char *hex, size_t max, char **text, char **cause);
/* Write (or replace) the note of commit hex: 0, or -1 with *cause. */
int	gitx_note_write(struct git_repository *, const char *notes_ref,
	    const char *hex, const char *text, char **cause);

/* Paths (relative) of initialized submodules checked out in the tree. */
int	gitx_submodules(struct git_repository *, struct strvec *paths,
	    char **cause);

/*
 * The change BASE...REF (merge base to REF, what `git diff BASE...REF`
 * shows), as facts: one entry per changed path with its status, modes and
 * object ids.  No blob is read; what a change means is for the caller.
 */
struct gitx_delta {
	char		*path;		/* the new path (old for a deletion) */
	char		 status;	/* 'A', 'M', 'D' or 'T' (type change) */
	unsigned	 old_mode;	/* git file modes, 0 for a side */
	unsigned	 new_mode;	/* that does not exist */
	char		 old_id[GITX_HEXSZ + 1];	/* "" when absent */
	char		 new_id[GITX_HEXSZ + 1];
};

/* Git's file modes, as gitx_delta carries them. */
#define GITX_MODE_TREE		0040000
#define GITX_MODE_BLOB		0100644
#define GITX_MODE_EXEC		0100755
#define GITX_MODE_LINK		0120000
#define GITX_MODE_COMMIT	0160000		/* a submodule's commit */

struct gitx_diff {
	char			 merge_base[GITX_HEXSZ + 1]; /* "" without */
	char			 tip[GITX_HEXSZ + 1];	/* REF's commit */
	size_t			 added, modified, deleted;
	struct gitx_delta	*v;
	size_t			 n;
};

int	gitx_diff_paths(struct git_repository *, const char *base,
	    const char *ref, struct gitx_diff *, char **cause);
void	gitx_diff_clear(struct gitx_diff *);

/*
 * What `git diff --shortstat BASE...REF` counts: files changed (a rename
 * found as git finds it is one), lines added and removed (none for a
 * binary file).  Reads every changed blob.  0, or -1 with *cause.
 */
struct gitx_diffstat {
	size_t	files, added, removed;
};
int	gitx_diff_stat(struct git_repository *, const char *base,
	    const char *ref, struct gitx_diffstat *, char **cause);

/*
 * One blob, read within bounds.  size comes from the object header, so a
 * blob of any size costs nothing to measure.  binary says whether its
 * first GITX_SNIFF_BYTES hold a NUL byte (git's own rule, and what
 * gitx_is_binary() tells of a buffer); it is read from a bounded prefix,
 * and is -1 when the object database cannot give one without inflating
 * the whole blob (a deltified object in a pack).  data and len hold the
 * content only when size is at most max; else data is NULL.  Release
 * with gitx_blob_clear().
 */
#define GITX_SNIFF_BYTES	8000

struct gitx_blob {
	unsigned long long	 size;
	int			 binary;
	const char		*data;
	size_t			 len;
	void			*priv;
};

int	gitx_is_binary(const char *data, size_t len);
int	gitx_blob_open(struct git_repository *, const char *hex, size_t max,
	    struct gitx_blob *, char **cause);
void	gitx_blob_clear(struct gitx_blob *);

/*
 * The lines of new that a line diff of old to new (both read with their
 * content) shows as added, with their 1-based numbers in new: fn is called
 * once per line (without its newline) until it returns non-zero.  0, or -1
 * with *cause.
 */
typedef int (*gitx_line_fn)(const char *line, size_t len, size_t lineno,
    void *arg);
int	gitx_added_lines(const struct gitx_blob *old,
	    const struct gitx_blob *new, gitx_line_fn fn, void *arg,
	    char **cause);

/*
 * The first at most cap bytes of a blob without reading the rest: from a
 * loose object by streaming, from a pack entry that is not a delta by
 * inflating only its start.  0 with *got bytes in buf, GITX_UNSURE when
 * neither applies (the caller may read the whole blob, or not), -1 with
 * *cause.
 */
int	gitx_blob_prefix(struct git_repository *, const char *hex, char *buf,
	    size_t cap, size_t *got, char **cause);


/*
 * Clone-mode preconditions, for the repository whose top level is dir:
 * 1 or 0 as the question asks, -1 with *cause.  gitx_is_linked_worktree()
 * sets *main_dir (may be NULL) to the main worktree when it can tell.
 */
int	gitx_has_commit(const char *dir, char **cause);
int	gitx_is_shallow(const char *dir, char **cause);
int	gitx_is_linked_worktree(const char *dir, char **main_dir,
	    char **cause);

/*
 * The same answers read from the repository's files without libgit2
 * (whose initialisation costs more than the rest of most commands), or
 * GITX_UNSURE where the layout is unusual: environment variables that
 * point git elsewhere, config includes or extensions (reftable, sha256),
 * bare repositories, core.worktree elsewhere, files owned by another
 * user.  The gitx_ functions above try these first and ask libgit2 only
 * when unsure.  gitx_fs_toplevel() is gitx_discover_toplevel()'s walk: 0
 * with *top (absolute, symlinks resolved), GITX_ENOTFOUND when no
 * repository contains dir, or GITX_UNSURE.
 */
int	gitx_fs_toplevel(const char *dir, char **top);
int	gitx_fs_has_commit(const char *top);
int	gitx_fs_is_shallow(const char *top);
int	gitx_fs_is_linked_worktree(const char *top, char **main_dir);

#endif
