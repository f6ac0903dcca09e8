/*
 * sandbox.conf and friends: built-in defaults, the user file, the repo file,
 * $CODE_AIRLOCK_CONFIG, the environment and the command line, in rising
 * precedence.  Everything is validated before any command runs.  Never prints:
 * warnings are collected in cfg->warnings for the caller to show.
 */
#ifndef AIRLOCK_CONFIG_H
#define AIRLOCK_CONFIG_H

#include "base/strvec.h"

enum cfg_key {
	CFG_SANDBOX_NAME,
	CFG_AGENT,
	CFG_REPO_DIR,
	CFG_GLOBAL_NETWORK_POLICY,
	CFG_REVIEW_TOOL,
	CFG_REVIEW_RULES,
	CFG_TMUX_SESSION,
	CFG_TMUX_ATTACH,
	CFG_SEED_CONFIG,
	CFG_SEED_USER_CONFIG,
	CFG_SEED_PATHS,
	CFG_FETCH_SUBMODULES,
	CFG_FETCH_TIMEOUT,
	CFG_PR_BRANCH,
	CFG_ALLOW,
	CFG_SBX_TIMEOUT,
	CFG_VERIFY,
	CFG_VERIFY_TIMEOUT,
	CFG_REQUIRE_VERIFY,
	CFG_DRY_RUN,
	CFG_USE_TMUX,
	CFG_NOTIFY,
	CFG_NKEYS
};

struct cfg_keyinfo {
	const char	*name;
	const char	*deflt;		/* shown in docs; NULL when derived */
	const char	*help;
};
extern const struct cfg_keyinfo cfg_keys[CFG_NKEYS];

struct config {
	/* Resolved values (never NULL after cfg_load succeeds). */
	char	*sandbox_name;
	char	*agent;
	char	*repo_dir;		/* absolute, no trailing slash */
	char	*policy;
	char	*review_tool;
	char	*review_rules;		/* "" when none */
	char	*tmux_session;
	int	 tmux_attach;
	int	 seed_config;		/* SEED_CONFIG || SEED_USER_CONFIG */
	char	*seed_paths;
	int	 fetch_submodules;
	int	 fetch_timeout;		/* seconds */
	char	*pr_branch;
	char	*allow;
	int	 sbx_timeout;		/* seconds, SBX_TIMEOUT */
	char	*verify;		/* VERIFY, "" when unset */
	int	 verify_timeout;	/* seconds, VERIFY_TIMEOUT */
	int	 require_verify;	/* REQUIRE_VERIFY */
	int	 dry_run;
	int	 use_tmux;
	char	*notify;		/* "" when none */

	/*
	 * Where each key was last set: "file:line", "environment", "--name";
	 * NULL when the key is at its default.
	 */
	char	*origin[CFG_NKEYS];
	/*
	 * Raw value per key as set by some source (after quote removal and
	 * $HOME expansion), NULL if at default.
	 */
	char	*raw[CFG_NKEYS];

	int	 repo_found;		/* repo_dir is inside a git repo */
	struct strvec warnings;		/* for the caller to print */
	struct strvec files;		/* config files that were read */
};

/* Values from the command line; NULL/-1 when not given. */
struct cfg_cli {
	const char	*sandbox_name;	/* --name */
	const char	*agent;		/* --agent */
	const char	*repo_dir;	/* --repo */
	int		 dry_run;	/* --dry-run: 1, else -1 */
	int		 use_tmux;	/* --tmux/--tmux-detached: 1, else -1 */
	int		 tmux_attach;	/* --tmux-detached: 0, else -1 */
	int		 seed_config;	/* --seed-config: 1, else -1 */
};

#define CFG_CLI_INIT { .sandbox_name = NULL, .agent = NULL, \
	.repo_dir = NULL, .dry_run = -1, .use_tmux = -1, .tmux_attach = -1, \
	.seed_config = -1 }

/*
 * Resolve the configuration.  env is an environ-style array (NULL: the
 * process environment).  Returns 0, or -1 with *cause a one-line message
 * naming file:line and the fix; on failure the struct is left zeroed (so
 * cfg_clear on it is harmless) and nothing needs freeing.
 */
int	cfg_load(struct config *, const struct cfg_cli *, char *const *env,
	    char **cause);
void	cfg_clear(struct config *);

/* SBX_TIMEOUT when nothing sets it, and its largest value. */
#define CFG_SBX_TIMEOUT_DEFAULT	30
#define CFG_SBX_TIMEOUT_MAX	86400
/* VERIFY_TIMEOUT when nothing sets it, and its largest value. */
#define CFG_VERIFY_TIMEOUT_DEFAULT	1800
#define CFG_VERIFY_TIMEOUT_MAX		86400

/*
 * Act on sandbox name instead of the one loaded (a command chose it among
 * the repository's sandboxes): TMUX_SESSION and PR_BRANCH follow it where
 * no source set them.  0, or -1 with *cause (cfg unchanged).
 */
int	cfg_set_sandbox_name(struct config *, const char *name, char **cause);

/* Validators shared with commands (0 ok, -1 with *cause). */
int	cfg_check_sandbox_name(const char *, char **cause);
int	cfg_check_allow(const char *list, char **cause);
int	cfg_check_policy(const char *, char **cause);
/*
 * 1 when the allowlist (ALLOW's syntax) covers host (a name or an IP
 * address) on port (0: the scheme's default, which a host:port entry does
 * not cover), else 0.  A *.host entry covers one label in front of host.
 */
int	cfg_allow_covers(const char *allow, const char *host, unsigned port);
/* 1/0 for a boolean word, -1 when it is not one. */
int	cfg_parse_bool(const char *);
/* Whole seconds from 1 to 3600, else -1. */
int	cfg_parse_seconds(const char *);

/* The closest key name for a typo, or NULL. */
const char *cfg_suggest(const char *);

/* Default sandbox name for a repo directory: "sbx-" + sanitized basename. */
char	*cfg_default_name(const char *repo_dir);

#endif
