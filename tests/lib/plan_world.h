/*
 * The world of the golden dry-run plan tests (tests/plan): a temporary
 * directory with a home, a bin directory first on PATH and a stub sbx
 * there that records every call and answers only `sbx ls --json` (and
 * `sbx policy ls NAME --json` when asked to), so a
 * test proves that under --dry-run nothing but read-only probes reached
 * sbx.  Commands run in-process with tu_main(w->env, ...).
 */
#ifndef AIRLOCK_TEST_PLAN_WORLD_H
#define AIRLOCK_TEST_PLAN_WORLD_H

struct plan_world {
	char	*dir;		/* the temporary root */
	char	*bin;		/* DIR/bin, first on PATH */
	char	*home;		/* DIR/home */
	char	*repo;		/* DIR/NAME (not created) */
	char	*calls;		/* DIR/calls: the stub's argv, a line each */
	char	*env[3];	/* HOME and PATH, for tu_main() */
};

/*
 * A new world whose repo is DIR/repo_name.  PATH (in env and in this
 * process, for the programs the command runs) is DIR/bin alone when
 * path_alone, where only git is linked, else DIR/bin before the old PATH.
 * TMUX_TMPDIR is DIR, so no tmux server of the user's is seen.
 */
void	plan_world_init(struct plan_world *, const char *repo_name,
	    int path_alone);
void	plan_world_clear(struct plan_world *);
/* A cmocka teardown for a world whose setup set *state to it. */
int	plan_world_teardown(void **state);

/*
 * DIR/bin/sbx: logs each call's arguments to w->calls; `ls --json` prints
 * ls_json and exits 0; anything else fails as sbx fails ("ERROR: ...",
 * exit 1).
 */
void	plan_world_stub_sbx(struct plan_world *, const char *ls_json);
/* The same, and `policy ls NAME --json` prints policy_json. */
void	plan_world_stub_sbx_policy(struct plan_world *, const char *ls_json,
	    const char *policy_json);
/* No sbx on PATH any more, and an empty call log. */
void	plan_world_unstub_sbx(struct plan_world *);
/* 1 when every call the stub saw was `ls --json` or `policy ls NAME
 * --json`. */
int	plan_world_only_probes(const struct plan_world *);

/* A file's contents ("" when it does not exist); the caller frees. */
char	*tu_slurp(const char *path);

#endif
