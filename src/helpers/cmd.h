/*
 * The command table and the context every command runs with.  One entry per
 * command, listed once; help, usage errors and completion come from it.
 */
#ifndef AIRLOCK_CMD_H
#define AIRLOCK_CMD_H

#include <stdio.h>

#include "services/config/config.h"
#include "base/spawn.h"
#include "base/strvec.h"
#include "base/ui.h"

#define AIRLOCK_VERSION "0.1.0"

/* Command flags. */
#define CMD_NEEDS_CONFIG 0x01	/* load and validate configuration first */
#define CMD_PASSTHROUGH	 0x02	/* takes arguments after "--" */
#define CMD_JSON	 0x04	/* supports --json */

/* A command-specific option, e.g. { "--branch", "B", "..." }. */
struct cmd_opt {
	const char	*name;
	const char	*arg;	/* metavar when it takes a value, else NULL */
	const char	*help;
};

struct cmd_ctx;

struct cmd_entry {
	const char		*name;
	const char		*usage;		/* arguments after the name */
	const char		*summary;
	int			 args_min;
	int			 args_max;	/* -1: unbounded */
	int			 flags;
	const struct cmd_opt	*opts;		/* ends with a NULL name */
	int			(*exec)(struct cmd_ctx *);
};

#define CMD_MAXOPTS 16

struct cmd_ctx {
	const struct cmd_entry	*entry;
	struct config		 cfg;
	struct ui		 ui;
	struct spawner		 sp;
	char *const		*env;		/* environ-style; NULL: process */

	struct strvec		 args;		/* positional arguments */
	struct strvec		 pass;		/* everything after "--" */
	int			 has_pass;	/* "--" was given */
	const char		*optval[CMD_MAXOPTS]; /* per entry->opts */
	int			 optset[CMD_MAXOPTS];

	/* Command-line configuration, for commands that load it themselves. */
	struct cfg_cli		 cli;

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

/* Report an error once and return the exit code (1 or 2). */
int	ae_error(struct cmd_ctx *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	ae_usage(struct cmd_ctx *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Report a failed sbx call (cause, which is freed) and what to do next:
 * the fix sbx's message calls for (sbx login, sbx setup), else next (may be
 * NULL).  Returns 1.
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

/* Was a command option given / its value. */
int		 cmd_opt_isset(const struct cmd_ctx *, const char *name);
const char	*cmd_opt_value(const struct cmd_ctx *, const char *name);

/* getenv against ctx->env. */
const char	*ctx_getenv(const struct cmd_ctx *, const char *);

/* Command entry points, one file each under src/cmd/. */
#define CMD_DECL(x) extern const struct cmd_entry cmd_##x##_entry
CMD_DECL(up); CMD_DECL(run); CMD_DECL(attach); CMD_DECL(shell);
CMD_DECL(fetch); CMD_DECL(log); CMD_DECL(diff); CMD_DECL(review);
CMD_DECL(merge); CMD_DECL(pr); CMD_DECL(status); CMD_DECL(ls);
CMD_DECL(doctor); CMD_DECL(setup); CMD_DECL(stop); CMD_DECL(rm);
CMD_DECL(lockdown); CMD_DECL(unlock); CMD_DECL(net); CMD_DECL(init);
CMD_DECL(completion); CMD_DECL(help);
#undef CMD_DECL

#endif
