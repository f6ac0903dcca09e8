/*
 * The host tmux session that `--tmux up` runs in: the argv vectors for
 * tmux and the session probes.  Never prints, never exits.
 *
 * tmux reads its command line through its own parser, so every word passed
 * here goes through tmux_word(): a word ending in ';' would otherwise end
 * the tmux command, and the values of -s and -c are expanded as formats
 * (where #(...) runs a shell command) unless each '#' is doubled.
 */
#ifndef AIRLOCK_TMUX_H
#define AIRLOCK_TMUX_H

#include "base/spawn.h"
#include "base/strvec.h"

/* A word as tmux's parser must see it to hand back exactly w. */
char	*tmux_word(const char *w);
/* The same for a value tmux expands as a format (-s, -c). */
char	*tmux_format_word(const char *w);

/*
 * 1 when the session exists, 0 when it does not (or no tmux server runs,
 * or tmux is not installed), -1 with *cause when tmux could not be asked.
 * A read-only probe: it also runs under dry-run.
 */
int	tmux_session_exists(const struct spawner *, const char *session,
	    char **cause);

/* Kill the session (echoed under dry-run).  0, or -1 with *cause. */
int	tmux_kill_session(const struct spawner *, const char *session,
	    char **cause);

/*
 * Append to v the tmux argv that creates the detached session (its first
 * window named window, unless NULL) in dir with
 * env (KEY=VALUE words, may be NULL) running cmd (argv, no shell) and sets
 * remain-on-exit in the same tmux command list, before tmux can notice the
 * command exit, so the pane stays open with its last output.
 */
void	tmux_new_session_argv(struct strvec *v, const char *session,
	    const char *window, const char *dir, char *const *env,
	    char *const *cmd);

/*
 * The same for one more window, named window, of an existing session
 * (a window of its own per agent): remain-on-exit is set on that window.
 */
void	tmux_new_window_argv(struct strvec *v, const char *session,
	    const char *window, const char *dir, char *const *env,
	    char *const *cmd);

/*
 * Append to v the argv that puts this terminal on the session: attach, or
 * switch-client when already inside tmux.
 */
void	tmux_attach_argv(struct strvec *v, const char *session, int inside);

#endif
