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
 * cmd_launch() after its preflight (have_sbx as cmd_launch_preflight()
 * set it).  With defer, everything but the final `sbx run` is done and
 * its argv is pushed onto defer->args for the caller to start (0); the
 * exit code after reporting when something before it failed.
 */
int	cmd_launch_box(struct cmd_ctx *, int have_sbx, char *const *args,
	    size_t n, struct proc *defer);

/*
 * The agent arguments that give agent the task non-interactively (SPEC
 * §4 run), then more (may be NULL), pushed onto v.  0 when agent's mode
 * is unknown (the task alone was pushed first).
 */
int	cmd_task_args(const char *agent, const char *task, char *const *more,
	    struct strvec *v);

/*
 * run --agents LIST: one sandbox per agent, SANDBOX_NAME-AGENT, each
 * given task (then ctx->pass); in parallel with prefixed output, or in
 * one tmux session with --tmux-detached (launch_agents.c).  The exit
 * code: 0 only when every agent ran and exited 0.
 */
int	cmd_launch_agents(struct cmd_ctx *, const char *list, const char *task);

/*
 * Run this program again with the resolved configuration as the
 * subcommand inner (e.g. "up", "--", ARGS...) in a new detached tmux
 * session in REPO whose pane stays open, then attach unless TMUX_ATTACH
 * is off (--tmux-detached).
 */
int	cmd_launch_tmux(struct cmd_ctx *, char *const *inner);

/* tmux present and the session name free; 0 or the exit code. */
int	cmd_tmux_check(struct cmd_ctx *, const char *session);

/*
 * Run this program as inner (as cmd_launch_tmux() does) in a window
 * named window (NULL: tmux names it) of a new detached session (first),
 * or of the existing one.  0, or the exit code after reporting.
 */
int	cmd_tmux_window(struct cmd_ctx *, const char *session,
	    const char *window, int first, char *const *inner);

/*
 * Put this terminal on the tmux session: attach-session, or switch-client
 * when already inside tmux.  Returns tmux's exit status.
 */
int	cmd_tmux_attach(struct cmd_ctx *, const char *session);

#endif
