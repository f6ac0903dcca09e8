/*
 * sbx: which version is installed.  `sbx version` prints "sbx version:
 * vX.Y.Z COMMIT" since 0.34 and "Client Version: vX.Y.Z" (then a server
 * line) before; anything else is not read as a version at all.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/ui.h"
#include "services/sbx/sbx.h"

/* "v0.45.1" (the v optional, the patch level too) at s: 0 with v. */
static int
read_triple(const char *s, int v[3])
{
	int i;
	char *end;
	long n;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == 'v' || *s == 'V')
		s++;
	v[0] = v[1] = v[2] = 0;
	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s))
			return i >= 2 ? 0 : -1;
		n = strtol(s, &end, 10);
		if (n > 100000)
			return -1;
		v[i] = (int)n;
		s = end;
		if (*s != '.')
			return i >= 1 ? 0 : -1;
		s++;
	}
	return 0;
}

int
sbx_parse_version(const char *text, int v[3])
{
	static const char *const labels[] = { "sbx version", "client version",
	    NULL };
	const char *line, *p;
	size_t i, n;

	if (text == NULL)
		return -1;
	for (line = text; *line != '\0'; line += n + (line[n] != '\0')) {
		n = strcspn(line, "\n");
		for (i = 0; labels[i] != NULL; i++) {
			if (strncasecmp(line, labels[i], strlen(labels[i])))
				continue;
			p = line + strlen(labels[i]);
			if (*p == ':')
				p++;
			if (read_triple(p, v) == 0)
				return 0;
		}
	}
	return -1;
}

int
sbx_version_cmp(const int a[3], const int b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

int
sbx_version(const struct spawner *sp, int v[3], char **line, char **cause)
{
	struct proc p = PROC_INIT;
	int rc = -1;

	*line = NULL;
	strvec_pushl(&p.args, "sbx", "version", NULL);
	p.flags = PROC_PROBE | PROC_CAPTURE | PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, &p, 0, cause) < 0 ||
	    proc_status_cause(&p, cause, "'sbx version' failed") < 0)
		goto done;
	if (p.out != NULL)
		*line = ui_safe(p.out, strcspn(p.out, "\r\n"));
	if (sbx_parse_version(p.out, v) < 0) {
		*cause = xasprintf("cannot read the version in what 'sbx "
		    "version' printed ('%s')", *line ? *line : "");
		goto done;
	}
	rc = 0;
done:
	proc_clear(&p);
	return rc;
}
