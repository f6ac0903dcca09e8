/*
 * A child's failure as one cause (git's capture_command()): what failed,
 * then the line of its stderr that says why.  Every service and helper
 * that runs a program whose error it reports goes through here.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/spawn.h"
#include "base/ui.h"

/*
 * sbx marks its message "ERROR: ..." and may print more after it; other
 * programs put the reason last.  The text may quote anything the agent
 * wrote, so it is returned terminal-safe.
 */
char *
proc_err_line(const char *err)
{
	const char *p, *last = NULL, *e;

	if (err == NULL)
		return NULL;
	for (p = err; (p = strstr(p, "ERROR:")) != NULL; p++)
		last = p;
	if (last == NULL) {
		/* No ERROR: prefix: the last non-empty line will do. */
		e = err + strlen(err);
		while (e > err && (e[-1] == '\n' || e[-1] == '\r'))
			e--;
		for (p = e; p > err && p[-1] != '\n'; p--)
			;
	} else {
		p = last + strlen("ERROR:");
		while (*p == ' ')
			p++;
		e = p + strcspn(p, "\n");
		if (e > p && e[-1] == '\r')
			e--;
	}
	return e > p ? ui_safe(p, (size_t)(e - p)) : NULL;
}

static int __attribute__((format(printf, 3, 0)))
vstatus_cause(const struct proc *p, char **cause, const char *fmt,
    va_list ap)
{
	char *what, *why;

	if (p->status == 0)
		return 0;
	what = xvasprintf(fmt, ap);
	why = proc_err_line(p->err);
	if (why != NULL)
		*cause = xasprintf("%s: %s", what, why);
	else
		*cause = xasprintf("%s: exit status %d", what, p->status);
	free(why);
	free(what);
	return PROC_EEXIT;
}

int
proc_status_cause(const struct proc *p, char **cause, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vstatus_cause(p, cause, fmt, ap);
	va_end(ap);
	return rc;
}

int
proc_capture(const struct spawner *sp, struct proc *p, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (proc_run(sp, p, cause) < 0)
		return -1;
	va_start(ap, fmt);
	rc = vstatus_cause(p, cause, fmt, ap);
	va_end(ap);
	return rc;
}
