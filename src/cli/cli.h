/*
 * The front end: from argv to a command's exit code.
 */
#ifndef AIRLOCK_CLI_H
#define AIRLOCK_CLI_H

#include <stdio.h>

/*
 * Parse argv, load configuration and run the command.  Returns the exit
 * code.  out/err are the output and error streams; env NULL means the process
 * environment.  stdin_tty says whether prompts are possible.
 */
int	cmd_main(int argc, char **argv, FILE *out, FILE *err,
	    char *const *env, int stdin_tty);

#endif
