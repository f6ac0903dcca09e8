/*
 * The probes of this machine and repository, one set with one wording for
 * `up` (which stops at the first failure and warns about the rest),
 * `doctor` (which shows every one as an OK, WARN or FAIL line) and `setup`
 * (which installs what they find missing).  Never prints, never exits.
 */
#ifndef AIRLOCK_PREFLIGHT_H
#define AIRLOCK_PREFLIGHT_H

enum probe_level { PROBE_OK, PROBE_WARN, PROBE_FAIL };

/* One probe's answer; release with probe_clear(). */
struct probe {
	const char		*name;		/* "sbx", "repo-shallow", ... */
	enum probe_level	 level;
	char			*detail;	/* what was found */
	char			*hint;		/* the fix; NULL: none needed */
};

#define PROBE_INIT { .name = NULL, .level = PROBE_OK, .detail = NULL, \
	.hint = NULL }

void	probe_clear(struct probe *);
/* "DETAIL; HINT", or DETAIL alone: how up reports it (new string). */
char	*probe_message(const struct probe *);

/*
 * A program the tool needs ("sbx", "git", "tmux") on PATH: OK with its
 * path as detail, else missing (PROBE_FAIL or PROBE_WARN) naming how to
 * install it.
 */
void	probe_tool(struct probe *, const char *name, enum probe_level missing);
/*
 * Hardware virtualization.  Linux: /dev/kvm read-writable by this user;
 * macOS: Apple Silicon or the Hypervisor framework; elsewhere a warning
 * that it cannot be checked.  A problem is a warning (sbx itself
 * decides), but a Mac without a hypervisor fails.
 */
void	probe_virt(struct probe *);
/*
 * REPO, the resolved REPO_DIR (found: it is a git top level): "repo", then
 * "repo-commit", "repo-shallow" and "repo-worktree", each failing with the
 * fix; one that cannot be read fails with the reason.
 */
void	probe_repo(struct probe *, const char *dir, int found);
void	probe_repo_commit(struct probe *, const char *top);
void	probe_repo_shallow(struct probe *, const char *top);
void	probe_repo_worktree(struct probe *, const char *top);

/* Platform facts, for the probes and setup. */
int	preflight_is_linux(void);
int	preflight_is_wsl(void);
int	preflight_is_macos(void);
/* /dev/kvm: 1 usable, 0 present but not read-writable, -1 absent. */
int	preflight_kvm_state(void);

/*
 * up's forms of the probes: 0, or -1 with *cause = probe_message().
 */
int	preflight_tool(const char *name, char **path, char **cause);

/* What preflight_repo() found; every problem is negative. */
enum preflight_repo {
	PREFLIGHT_REPO_OK = 0,
	PREFLIGHT_REPO_ERROR = -1,	/* could not be read */
	PREFLIGHT_REPO_NONE = -2,	/* not inside a git repository */
	PREFLIGHT_REPO_EMPTY = -3,	/* no commit yet */
	PREFLIGHT_REPO_WORKTREE = -4,	/* a linked worktree */
	PREFLIGHT_REPO_SHALLOW = -5	/* a shallow clone */
};

/*
 * Is dir (the resolved REPO_DIR; found as cfg.repo_found) usable as the
 * source of a clone-mode sandbox?  The repo probes in up's order (a repo,
 * a commit, not a linked worktree, not shallow): PREFLIGHT_REPO_OK, or
 * the first problem with *cause.
 */
enum preflight_repo preflight_repo(const char *dir, int found, char **cause);

#endif
