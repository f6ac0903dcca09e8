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
	const char		*optval[OPT__COUNT];	/* by enum opt_id */
	unsigned char		 optset[OPT__COUNT];
};

/* Returns 0, or -1 with *cause (a usage error, exit 2). */
int	args_parse(struct args *, int argc, char **argv, char **cause);
void	args_clear(struct args *);

#endif
