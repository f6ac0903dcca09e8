/*
 * The checks made before anything starts a sandbox, shared by `up` (which
 * stops at the first failure) and `doctor` (which reports every one).
 * Never prints, never exits: each returns a code and, when something is
 * wrong, a one-line *cause that says what to do.
 */
#ifndef AIRLOCK_PREFLIGHT_H
#define AIRLOCK_PREFLIGHT_H

/*
 * Find a program the tool needs ("sbx", "git", "tmux") on PATH.  0 with
 * *path set (may be NULL: not wanted), -1 with *cause naming how to
 * install it.
 */
int	preflight_tool(const char *name, char **path, char **cause);

/*
 * Hardware virtualization.  On Linux, /dev/kvm must exist and be readable
 * and writable by this user; elsewhere nothing is checked.  0 when usable
 * (or not checked), 1 with *cause (a warning: sbx itself decides).
 */
int	preflight_kvm(char **cause);

/* What preflight_repo() found, in the order it checks. */
enum preflight_repo {
	PREFLIGHT_REPO_OK = 0,
	PREFLIGHT_REPO_NONE,		/* not inside a git repository */
	PREFLIGHT_REPO_EMPTY,		/* no commit yet */
	PREFLIGHT_REPO_WORKTREE,	/* a linked worktree */
	PREFLIGHT_REPO_SHALLOW,		/* a shallow clone */
	PREFLIGHT_REPO_ERROR		/* could not be read */
};

/*
 * Is dir (the resolved REPO_DIR; found as cfg.repo_found) usable as the
 * source of a clone-mode sandbox?  Returns PREFLIGHT_REPO_OK, or the first
 * problem with *cause holding the message and its fix.
 */
enum preflight_repo preflight_repo(const char *dir, int found, char **cause);

#endif
