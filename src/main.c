/*
 * code-airlock: run a coding agent in a Docker Sandboxes microVM and review
 * its work as ordinary git commits.  main() only hands the process's streams
 * to the dispatcher.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
	return cmd_main(argc, argv, stdout, stderr, NULL,
	    isatty(STDIN_FILENO));
}
