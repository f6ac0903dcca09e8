/*
 * sbx: one-shot calls whose only result is success or sbx's own error
 * message, the time bound every call but an interactive session gets, the
 * "does this sandbox exist" check that commands such as stop, rm and
 * lockdown make before they change anything, and what to do about an
 * error sbx reported.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "services/sbx/sbx.h"

/* "sbx stop", "sbx policy init": enough to say which call failed. */
static char *
call_label(const struct strvec *args)
{
	if (args->n > 2 && strcmp(args->v[1], "policy") == 0)
		return xasprintf("sbx %s %s", args->v[1], args->v[2]);
	return xasprintf("sbx %s", args->n > 1 ? args->v[1] : "");
}

/*
 * Calls that may boot, stop, fill or delete a VM take longer than those
 * that only ask the daemon: they get SBX_LONG_FACTOR times the bound.
 */
int
sbx_bound(const struct spawner *sp, const struct strvec *args)
{
	static const char *const slow[] = { "create", "exec", "cp", "stop",
	    "rm", "run", NULL };
	const char *sub = args->n > 1 ? args->v[1] : "";
	size_t i;

	if (sp->timeout <= 0)
		return 0;
	for (i = 0; slow[i] != NULL; i++)
		if (strcmp(sub, slow[i]) == 0)
			return sp->timeout * SBX_LONG_FACTOR;
	if (strcmp(sub, "policy") == 0 && args->n > 2 &&
	    strcmp(args->v[2], "reset") == 0)
		return sp->timeout * SBX_LONG_FACTOR;
	return sp->timeout;
}

int
sbx_run_bounded(const struct spawner *sp, struct proc *p, int interactive,
    char **cause)
{
	char *label;

	if (!interactive && p->timeout == 0)
		p->timeout = sbx_bound(sp, &p->args);
	if (proc_run(sp, p, cause) == 0)
		return 0;
	if (p->timed_out) {
		free(*cause);
		label = call_label(&p->args);
		*cause = xasprintf("'%s' did not answer within %d s "
		    "(SBX_TIMEOUT) and was stopped", label, p->timeout);
		free(label);
	}
	return -1;
}

int
sbx_call(const struct spawner *sp, int flags, char **cause,
    const char *word, ...)
{
	struct proc p = PROC_INIT;
	const char *w;
	char *label;
	va_list ap;
	int rc = -1;

	strvec_push(&p.args, "sbx");
	va_start(ap, word);
	for (w = word; w != NULL; w = va_arg(ap, const char *))
		strvec_push(&p.args, w);
	va_end(ap);
	p.flags = flags & ~SBX_INTERACTIVE;
	if (!(flags & SBX_INTERACTIVE))
		p.flags |= PROC_CAPTURE_ERR;
	if (sbx_run_bounded(sp, &p, flags & SBX_INTERACTIVE, cause) == 0) {
		label = call_label(&p.args);
		if (proc_status_cause(&p, cause, "'%s' failed", label) == 0)
			rc = 0;
		free(label);
	}
	proc_clear(&p);
	return rc;
}

int
sbx_require(const struct spawner *sp, const char *name, enum sbx_status *st,
    char **cause)
{
	struct sbx_list l;
	const struct sbx_box *b;
	int rc = 0;

	*st = SBX_ABSENT;
	if (sbx_ls(sp, &l, cause) < 0)
		return -1;
	if ((b = sbx_list_find(&l, name)) != NULL)
		*st = b->status;
	else {
		*cause = xasprintf("sandbox '%s' does not exist; create it "
		    "with 'code-airlock up'", name);
		rc = SBX_ENOTFOUND;
	}
	sbx_list_clear(&l);
	return rc;
}

/* Any of the NULL-terminated words in msg (case does not matter)? */
static int
says(const char *msg, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcasestr(msg, *words) != NULL)
			return 1;
	return 0;
}

enum sbx_problem
sbx_problem_of(const char *msg)
{
	static const char *const login[] = { "401", "unauthorized", "login",
	    "log in", "not logged in", "not authenticated", "unauthenticated",
	    "authentication required", "session has expired", "sign-in",
	    "sign in", NULL };
	static const char *const down[] = { "not running", "cannot connect",
	    "connection refused", "no such file or directory", NULL };

	if (msg == NULL)
		return SBX_PROBLEM_OTHER;
	if (strstr(msg, "(SBX_TIMEOUT)") != NULL)
		return SBX_PROBLEM_TIMEOUT;
	if (says(msg, login))
		return SBX_PROBLEM_LOGIN;
	if (strcasestr(msg, "backend unavailable") != NULL)
		return SBX_PROBLEM_BACKEND;
	if (strcasestr(msg, "daemon") == NULL &&
	    strcasestr(msg, "sandboxd") == NULL)
		return SBX_PROBLEM_OTHER;
	return says(msg, down) ? SBX_PROBLEM_DAEMON : SBX_PROBLEM_BACKEND;
}

const char *
sbx_fix_for(const char *msg)
{
	switch (sbx_problem_of(msg)) {
	case SBX_PROBLEM_LOGIN:
		return "log in with 'sbx login' in a terminal";
	case SBX_PROBLEM_DAEMON:
		return "start the sbx daemon with 'sbx daemon start'";
	case SBX_PROBLEM_BACKEND:
		return "restart the sbx daemon with 'sbx daemon restart'";
	case SBX_PROBLEM_TIMEOUT:
		return "if your Docker login expired, run 'sbx login' in a "
		    "terminal; if the sbx daemon hangs, run 'sbx daemon "
		    "restart'";
	default:
		return NULL;
	}
}

int
sbx_policy_init(const struct spawner *sp, const char *preset, char **cause)
{
	struct proc p = PROC_INIT;
	char *why;
	int rc = -1;

	strvec_pushl(&p.args, "sbx", "policy", "init", preset, NULL);
	p.flags = PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, &p, 0, cause) < 0)
		goto done;
	rc = 0;
	if (p.status == 0)
		goto done;
	/* One-time: every later init says "already initialized". */
	if (p.err != NULL && strcasestr(p.err, "already") != NULL) {
		rc = 1;
		goto done;
	}
	why = proc_err_line(p.err);
	*cause = xasprintf("'sbx policy init %s' failed: %s", preset,
	    why != NULL ? why : "no message");
	free(why);
	rc = -1;
done:
	proc_clear(&p);
	return rc;
}
