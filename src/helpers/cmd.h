/*
 * The interface every command is written against: its table entry, its
 * options by id, the context it runs with, and the one way to report.
 */
#ifndef AIRLOCK_CMD_H
#define AIRLOCK_CMD_H

#include <stdio.h>

#include "services/config/config.h"
#include "base/spawn.h"
#include "base/strvec.h"
#include "base/ui.h"

#define AIRLOCK_VERSION "0.1.0"

/*
 * The "schema" member of every --json document: raised only when a member
 * changes meaning or goes away (docs/json.md); new members keep it.
 */
#define CMD_JSON_SCHEMA	1

/* Command flags. */
#define CMD_NEEDS_CONFIG 0x01	/* load and validate configuration first */
#define CMD_PASSTHROUGH	 0x02	/* takes arguments after "--" */
#define CMD_JSON	 0x04	/* supports --json */
#define CMD_TMUX	 0x08	/* supports --tmux and --tmux-detached */
/*
 * Acts on one sandbox: when no name is given, it is chosen among the
 * repository's sandboxes first (cmd_select_box()).
 */
#define CMD_NEEDS_BOX	 0x10
/* --repo may come without DIR: "this repository's only" (ls --repo). */
#define CMD_REPO_OPTIONAL 0x20

/*
 * Every option has an id, and code reads an option by it:
 * cmd_opt_isset(ctx, OPT_FF_ONLY).  A misspelt id does not compile, where a
 * misspelt string would silently read as "not given".  Each option is
 * declared once: the global ones in cli/table.c, a command's in its file,
 * the sets several commands share as OPT_DECL_* below.  Parsing, help,
 * usage, completion and the documentation checks all read those tables.
 */
enum opt_id {
	OPT_NONE = 0,
	/* Global options (cmd_global_opts). */
	OPT_AGENT,
	OPT_NAME,
	OPT_REPO,
	OPT_DRY_RUN,
	OPT_TMUX,
	OPT_TMUX_DETACHED,
	OPT_SEED_CONFIG,
	OPT_JSON,
	OPT_QUIET,
	OPT_VERBOSE,
	OPT_NO_COLOR,
	OPT_VERSION,
	OPT_HELP,
	/* Command options. */
	OPT_AGENTS,
	OPT_ALL,
	OPT_BRANCH,
	OPT_COMMIT,
	OPT_FAIL_ON,
	OPT_FF_ONLY,
	OPT_FORCE,
	OPT_INTERVAL,
	OPT_NO_START,
	OPT_NO_VERIFY,
	OPT_RESET_ALL,
	OPT_SQUASH,
	OPT_STAT,
	OPT_SUMMARY,
	OPT_TIMEOUT,
	OPT_YES,
	OPT__COUNT
};

struct cmd_opt {
	enum opt_id	 id;
	const char	*name;	/* "--branch" */
	char		 alias;	/* 'q' when "-q" means the same, else 0 */
	const char	*arg;	/* metavar when it takes a value, else NULL */
	const char	*help;
};

/* Ends an option table. */
#define OPT_END { OPT_NONE, NULL, 0, NULL, NULL }

/* The options the review commands share. */
#define OPT_DECL_BRANCH \
	{ OPT_BRANCH, "--branch", 0, "B", "use sandbox branch B" }
/* merge and pr: the commit to take instead of the one last looked at. */
#define OPT_DECL_COMMIT(verb) \
	{ OPT_COMMIT, "--commit", 0, "ID", \
	    verb " this commit of the sandbox branch" }
/* merge and pr: go on although the commit's verification did not pass. */
#define OPT_DECL_NO_VERIFY \
	{ OPT_NO_VERIFY, "--no-verify", 0, NULL, \
	    "go on although the commit's verification did not pass" }
#define OPT_DECL_NO_START \
	{ OPT_NO_START, "--no-start", 0, NULL, \
	    "fail instead of starting a stopped sandbox" }

struct cmd_ctx;
struct sbx_list;

struct cmd_entry {
	const char		*name;
	const char		*usage;		/* arguments after the name */
	const char		*summary;
	int			 args_min;
	int			 args_max;	/* -1: unbounded */
	int			 flags;
	const struct cmd_opt	*opts;		/* ends with OPT_END */
	int			(*exec)(struct cmd_ctx *);
};

struct cmd_ctx {
	const struct cmd_entry	*entry;
	struct config		 cfg;
	struct ui		 ui;
	struct spawner		 sp;
	char *const		*env;		/* environ-style; NULL: process */

	struct strvec		 args;		/* positional arguments */
	struct strvec		 pass;		/* everything after "--" */
	int			 has_pass;	/* "--" was given */
	const char		*optval[OPT__COUNT]; /* by enum opt_id */
	unsigned char		 optset[OPT__COUNT];

	/* Command-line configuration, for commands that load it themselves. */
	struct cfg_cli		 cli;

	/*
	 * The `sbx ls` that choosing the sandbox read, kept for the
	 * command's own first look (cmd_sbx_ls()) so that choosing costs
	 * no second call; NULL when none was read.
	 */
	struct sbx_list		*boxes;

	/* Global flags. */
	int			 json;
	int			 tmux_detached;
	int			 no_color;
};

/* The command table (cli/table.c): every command, listed once. */
extern const struct cmd_entry *const cmd_table[];
/* Global options (SPEC §2), for help and completion. */
extern const struct cmd_opt cmd_global_opts[];
/* Agent names sbx knows, for help and completion. */
extern const char *const cmd_agents[];

const struct cmd_entry *cmd_find(const char *name);

/* The general help text: commands, options, configuration keys. */
void	cmd_help_print(FILE *);

/*
 * Reporting (helpers/report.c).  A command reports once: its own words
 * with ae_error() (returns 1) or ae_usage() (2, with the usage).
 */
int	ae_error(struct cmd_ctx *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	ae_usage(struct cmd_ctx *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * A lower layer's cause: reported and always freed, whatever happens, so
 * a caller never frees it itself.  ae_causef() puts what failed in front,
 * "FMT: CAUSE".  A NULL cause reads "operation failed".  Return 1.
 */
int	ae_cause(struct cmd_ctx *, char *cause);
int	ae_causef(struct cmd_ctx *, char *cause, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* The same as a warning: the command goes on. */
void	ae_warn_cause(struct cmd_ctx *, char *cause);
void	ae_warn_causef(struct cmd_ctx *, char *cause, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Report a failed sbx call (cause, which is freed) and what to do next:
 * the fix sbx's message calls for (sbx login, sbx daemon start or
 * restart; sbx_fix_for()), else next (may be NULL).  Returns 1.
 */
int	ae_sbx(struct cmd_ctx *, char *cause, const char *next);
/*
 * Run p through the spawn layer (echoed under dry-run), report a failure to
 * start it, clear it, and return its exit status (or 1).
 */
int	ae_run(struct cmd_ctx *, struct proc *);
/*
 * The tool must be on PATH: 0 when it is.  When it is not: under dry-run a
 * warning and -1 (the caller skips what needs the tool, so the plan still
 * shows); otherwise report it, with fix appended, and return 1.
 */
int	cmd_need_tool(struct cmd_ctx *, const char *name, const char *fix);
/* Print "usage: code-airlock NAME USAGE" on the given stream. */
void	cmd_print_usage(FILE *, const struct cmd_entry *);

/* Was an option given / its value (NULL when not given or a flag). */
int		 cmd_opt_isset(const struct cmd_ctx *, enum opt_id);
const char	*cmd_opt_value(const struct cmd_ctx *, enum opt_id);
/* An option's declaration in t (a table ending with OPT_END), or NULL. */
const struct cmd_opt *cmd_opt_find(const struct cmd_opt *t,
	    const char *name, size_t len);

/* getenv against ctx->env. */
const char	*ctx_getenv(const struct cmd_ctx *, const char *);

/* Command entry points, one file each under src/cmd/. */
#define CMD_DECL(x) extern const struct cmd_entry cmd_##x##_entry
CMD_DECL(up); CMD_DECL(run); CMD_DECL(attach); CMD_DECL(shell);
CMD_DECL(fetch); CMD_DECL(log); CMD_DECL(diff); CMD_DECL(review);
CMD_DECL(merge); CMD_DECL(pr); CMD_DECL(status); CMD_DECL(ls);
CMD_DECL(doctor); CMD_DECL(setup); CMD_DECL(stop); CMD_DECL(rm);
CMD_DECL(lockdown); CMD_DECL(unlock); CMD_DECL(net); CMD_DECL(init);
CMD_DECL(completion); CMD_DECL(help); CMD_DECL(verify); CMD_DECL(compare);
CMD_DECL(watch);
#undef CMD_DECL

#endif
