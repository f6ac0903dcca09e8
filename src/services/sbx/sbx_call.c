/*
 * sbx: one-shot calls whose only result is success or sbx's own error
 * message, and the "does this sandbox exist" check that commands such as
 * stop, rm and lockdown make before they change anything.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "services/sbx/sbx.h"

/* "sbx stop", "sbx policy set-default": enough to say which call failed. */
static char *
call_label(const struct strvec *args)
{
	if (args->n > 2 && strcmp(args->v[1], "policy") == 0)
		return xasprintf("sbx %s %s", args->v[1], args->v[2]);
	return xasprintf("sbx %s", args->n > 1 ? args->v[1] : "");
}

int
sbx_call(const struct spawner *sp, int flags, char **cause,
    const char *word, ...)
{
	struct proc p = PROC_INIT;
	const char *w;
	char *label;
	va_list ap;
	int rc;

	strvec_push(&p.args, "sbx");
	va_start(ap, word);
	for (w = word; w != NULL; w = va_arg(ap, const char *))
		strvec_push(&p.args, w);
	va_end(ap);
	p.flags = flags & ~SBX_INTERACTIVE;
	if (!(flags & SBX_INTERACTIVE))
		p.flags |= PROC_CAPTURE_ERR;
	label = call_label(&p.args);
	rc = proc_capture(sp, &p, cause, "'%s' failed", label);
	free(label);
	proc_clear(&p);
	return rc < 0 ? -1 : 0;
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

enum sbx_problem
sbx_problem_of(const char *msg)
{
	if (msg == NULL)
		return SBX_PROBLEM_OTHER;
	if (strstr(msg, "401") != NULL || strcasestr(msg, "login") != NULL ||
	    strcasestr(msg, "unauthorized") != NULL ||
	    strcasestr(msg, "not logged in") != NULL)
		return SBX_PROBLEM_LOGIN;
	if (strcasestr(msg, "daemon") != NULL)
		return SBX_PROBLEM_DAEMON;
	return SBX_PROBLEM_OTHER;
}

const char *
sbx_fix_for(const char *msg)
{
	switch (sbx_problem_of(msg)) {
	case SBX_PROBLEM_LOGIN:
		return "log in with 'sbx login'";
	case SBX_PROBLEM_DAEMON:
		return "start the sbx daemon with 'sbx setup' (or restart "
		    "Docker Desktop)";
	default:
		return NULL;
	}
}
