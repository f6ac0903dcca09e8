/*
 * Starting the agent: the one path `up` and `run` both take, directly or
 * inside a new tmux session.  These report their own errors (ae_error) and
 * return the command's exit code.
 */
#ifndef AIRLOCK_LAUNCH_H
#define AIRLOCK_LAUNCH_H

#include <stddef.h>

#include "helpers/cmd.h"

/*
 * sbx and git on PATH (under dry-run a missing sbx only warns and clears
 * *have_sbx), /dev/kvm (a warning), and REPO usable for clone mode (on a
 * terminal, offering `git init` and a first commit).  0 when everything
 * may go on, else the exit code after the error was reported.
 */
int	cmd_launch_preflight(struct cmd_ctx *, int *have_sbx);

/*
 * REPO_DIR must not be $HOME or above it, and the current directory, when
 * REPO_DIR was found from it, must lie where the repository tracks files
 * (launch_where.c).  On a terminal the user is asked; 0 to go on, else the
 * exit code after reporting.
 */
int	cmd_launch_where(struct cmd_ctx *);

/*
 * `up` with args (n words, given to the agent after "--"): resume the
 * sandbox if it exists, else set the network policy once and create it in
 * clone mode, seeding it when asked.  Returns sbx run's exit status.
 */
int	cmd_launch(struct cmd_ctx *, char *const *args, size_t n);

/*
 * Run this program again with the resolved configuration as the
 * subcommand inner (e.g. "up", "--", ARGS...) in a new detached tmux
 * session in REPO whose pane stays open, then attach unless TMUX_ATTACH
 * is off (--tmux-detached).
 */
int	cmd_launch_tmux(struct cmd_ctx *, char *const *inner);

/*
 * Put this terminal on the tmux session: attach-session, or switch-client
 * when already inside tmux.  Returns tmux's exit status.
 */
int	cmd_tmux_attach(struct cmd_ctx *, const char *session);

#endif
