/*
 * Shell quoting for the dry-run and -v echo.  Safe characters stay bare;
 * anything else goes inside single quotes, with ' written as '\''.  Inside
 * single quotes sh takes every byte literally (newlines, $, `, UTF-8), so a
 * printed line pastes back into sh as exactly the same argv.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/spawn.h"

static int
safe_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("_-+./:,@%=", c) != NULL;
}

char *
proc_quote(const char *s)
{
	size_t len = strlen(s), i, n = 0;
	int bare = len > 0;
	char *q, *o;

	for (i = 0; i < len && bare; i++)
		bare = safe_char((unsigned char)s[i]) && s[i] != '\0';
	/* A leading '=' or '%' is harmless, but '~' and '#' are not bare. */
	if (bare)
		return xstrdup(s);
	for (i = 0; i < len; i++)
		n += s[i] == '\'' ? 4 : 1;
	o = q = xmalloc(n + 3);
	*o++ = '\'';
	for (i = 0; i < len; i++) {
		if (s[i] == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else
			*o++ = s[i];
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}

void
proc_fprint_argv(FILE *f, const char *const *argv)
{
	char *q;

	fputs("+", f);
	for (; *argv != NULL; argv++) {
		q = proc_quote(*argv);
		fputc(' ', f);
		fputs(q, f);
		free(q);
	}
	fputc('\n', f);
	fflush(f);
}

char *
proc_which(const char *name)
{
	const char *path = getenv("PATH"), *p, *e;
	char *cand;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	if (path == NULL)
		path = "/usr/bin:/bin";
	for (p = path; ; p = e + 1) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p)	/* an empty PATH entry means "." */
			cand = xasprintf("./%s", name);
		else
			cand = xasprintf("%.*s/%s", (int)(e - p), p, name);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (*e == '\0')
			return NULL;
	}
}
