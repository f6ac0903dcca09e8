/*
 * tmux: argv vectors for the session `--tmux up` creates, and asking tmux
 * about it.  Targets use "=NAME" so that tmux matches the session name
 * exactly instead of taking the first session whose name starts with it.
 */
#include <stdlib.h>
#include <string.h>

#include "base/spawn.h"
#include "base/strvec.h"
#include "services/tmux/tmux.h"

char *
tmux_word(const char *w)
{
	size_t len = strlen(w);

	/* tmux turns a final "\;" into ";" and a bare final ";" into an end. */
	if (len > 0 && w[len - 1] == ';')
		return xasprintf("%.*s\\;", (int)(len - 1), w);
	return xstrdup(w);
}

char *
tmux_format_word(const char *w)
{
	size_t i, n = 0;
	char *d, *o, *r;

	for (i = 0; w[i] != '\0'; i++)
		n += w[i] == '#' ? 2 : 1;
	o = d = xmalloc(n + 1);
	for (i = 0; w[i] != '\0'; i++) {
		if (w[i] == '#')
			*o++ = '#';
		*o++ = w[i];
	}
	*o = '\0';
	r = tmux_word(d);
	free(d);
	return r;
}

static void
push_word(struct strvec *v, const char *w)
{
	char *t = tmux_word(w);

	strvec_push(v, t);
	free(t);
}

static void
push_target(struct strvec *v, const char *session, const char *suffix)
{
	char *t = xasprintf("=%s%s", session, suffix);

	push_word(v, t);
	free(t);
}

int
tmux_session_exists(const struct spawner *sp, const char *session,
    char **cause)
{
	struct proc p = PROC_INIT;
	char *path;
	int rc;

	if ((path = proc_which("tmux")) == NULL)
		return 0;
	free(path);
	strvec_pushl(&p.args, "tmux", "has-session", "-t", NULL);
	push_target(&p.args, session, "");
	p.flags = PROC_PROBE | PROC_NULL_IN | PROC_CAPTURE | PROC_QUIET_ERR;
	rc = proc_run(sp, &p, cause);
	if (rc == 0)
		rc = p.status == 0;
	proc_clear(&p);
	return rc;
}

int
tmux_kill_session(const struct spawner *sp, const char *session, char **cause)
{
	struct proc p = PROC_INIT;
	int rc;

	strvec_pushl(&p.args, "tmux", "kill-session", "-t", NULL);
	push_target(&p.args, session, "");
	p.flags = PROC_NULL_IN | PROC_CAPTURE | PROC_CAPTURE_ERR;
	rc = proc_capture(sp, &p, cause, "cannot end tmux session '%s'",
	    session);
	proc_clear(&p);
	return rc < 0 ? -1 : 0;
}

void
tmux_new_session_argv(struct strvec *v, const char *session,
    const char *window, const char *dir, char *const *env, char *const *cmd)
{
	char *w;

	strvec_pushl(v, "tmux", "new-session", "-d", "-s", NULL);
	w = tmux_format_word(session);
	strvec_push(v, w);
	free(w);
	if (window != NULL) {
		strvec_push(v, "-n");
		w = tmux_format_word(window);
		strvec_push(v, w);
		free(w);
	}
	strvec_push(v, "-c");
	w = tmux_format_word(dir);
	strvec_push(v, w);
	free(w);
	for (; env != NULL && *env != NULL; env++) {
		strvec_push(v, "-e");
		push_word(v, *env);
	}
	strvec_push(v, "--");
	/* tmux hands a lone word to the shell; env(1) keeps it an argv. */
	if (cmd[0] != NULL && cmd[1] == NULL)
		strvec_push(v, "env");
	for (; *cmd != NULL; cmd++)
		push_word(v, *cmd);
	/* Same command list: set before the server can see the pane exit. */
	strvec_pushl(v, ";", "set-option", "-w", "-t", NULL);
	push_target(v, session, ":");
	strvec_pushl(v, "remain-on-exit", "on", NULL);
}

void
tmux_new_window_argv(struct strvec *v, const char *session,
    const char *window, const char *dir, char *const *env, char *const *cmd)
{
	char *w;

	strvec_pushl(v, "tmux", "new-window", "-t", NULL);
	push_target(v, session, ":");
	strvec_push(v, "-n");
	w = tmux_format_word(window);
	strvec_push(v, w);
	free(w);
	strvec_push(v, "-c");
	w = tmux_format_word(dir);
	strvec_push(v, w);
	free(w);
	for (; env != NULL && *env != NULL; env++) {
		strvec_push(v, "-e");
		push_word(v, *env);
	}
	strvec_push(v, "--");
	if (cmd[0] != NULL && cmd[1] == NULL)
		strvec_push(v, "env");
	for (; *cmd != NULL; cmd++)
		push_word(v, *cmd);
	/* The new window is the session's current one: set it there. */
	strvec_pushl(v, ";", "set-option", "-w", "-t", NULL);
	push_target(v, session, ":");
	strvec_pushl(v, "remain-on-exit", "on", NULL);
}

void
tmux_attach_argv(struct strvec *v, const char *session, int inside)
{
	if (inside)
		strvec_pushl(v, "tmux", "switch-client", "-t", NULL);
	else
		strvec_pushl(v, "tmux", "attach-session", "-t", NULL);
	push_target(v, session, "");
}
