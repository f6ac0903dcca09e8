/*
 * The parsed command line, before configuration is loaded.
 */
#ifndef AIRLOCK_ARGS_H
#define AIRLOCK_ARGS_H

#include "helpers/cmd.h"

struct args {
	const struct cmd_entry	*entry;
	const char		*cmdname;
	struct cfg_cli		 cli;
	struct strvec		 args;
	struct strvec		 pass;
	int			 has_pass;
	const char		*optval[CMD_MAXOPTS];
	int			 optset[CMD_MAXOPTS];
	int			 json, quiet, verbose, no_color;
	int			 version, help, tmux_detached;
};

/* Returns 0, or -1 with *cause (a usage error, exit 2). */
int	args_parse(struct args *, int argc, char **argv, char **cause);
void	args_free(struct args *);

#endif
