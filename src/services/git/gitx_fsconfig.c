/*
 * gitx: the little a repository's configuration must say before its
 * layout can be read from the file system (gitx_fs.c): whether it is
 * bare, where core.worktree puts its working tree, and that nothing in it
 * (includes, extensions such as reftable or sha256, a newer format)
 * changes how its files are to be read.  This is not a general git
 * config parser: whatever it does not plainly understand makes the
 * answer GITX_UNSURE, and libgit2 reads the file instead.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_fs.h"

enum section { S_OTHER, S_CORE, S_ODD };

/* "[name]" or "[name "sub"]" at line; *rest is what follows "]". */
static enum section
header(char *line, char **rest)
{
	char *end = strchr(line, ']');
	size_t n;

	if (end == NULL)
		return S_ODD;
	*rest = end + 1;
	line++;
	n = strspn(line, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
	if (n == 0 || (line[n] != ']' && line[n] != '.' &&
	    strncmp(line + n, " \"", 2) != 0))
		return S_ODD;
	if ((n == 7 && strncasecmp(line, "include", 7) == 0) ||
	    (n == 9 && strncasecmp(line, "includeif", 9) == 0) ||
	    (n == 10 && strncasecmp(line, "extensions", 10) == 0))
		return S_ODD;
	/* [core "x"] and [core.x] are other sections. */
	return n == 4 && strncasecmp(line, "core", 4) == 0 &&
	    line[n] == ']' ? S_CORE : S_OTHER;
}

/* git's boolean: 1, 0, or -1 for anything else. */
static int
boolean(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0", "" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/* One "key = value" line of [core]: 0, or -1 when unusual. */
static int
core_key(char *line, struct fs_repo *r)
{
	size_t n = strspn(line, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
	char *v = line + n + strspn(line + n, " \t");
	int b;

	if (n == 0 || (*v != '=' && *v != '\0' && *v != '#' && *v != ';'))
		return -1;
	line[n] = '\0';
	if (*v == '=') {
		v++;
		v += strspn(v, " \t");
		/* Quotes and escapes are beyond this reader. */
		if (strpbrk(v, "\"\\") != NULL)
			return -1;
		v[strcspn(v, "#;")] = '\0';
		n = strlen(v);
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			v[--n] = '\0';
	} else
		v = NULL;	/* a bare key is true */
	if (strcasecmp(line, "bare") == 0) {
		if ((b = v == NULL ? 1 : boolean(v)) < 0)
			return -1;
		r->bare = b;
	} else if (strcasecmp(line, "worktree") == 0) {
		if (v == NULL || *v == '\0')
			return -1;
		free(r->worktree);
		r->worktree = xstrdup(v);
	} else if (strcasecmp(line, "repositoryformatversion") == 0)
		return v != NULL && (strcmp(v, "0") == 0 ||
		    strcmp(v, "1") == 0) ? 0 : -1;
	return 0;
}

static int
scan_line(char *line, enum section *sec, struct fs_repo *r)
{
	char *rest;
	size_t n = strlen(line);

	/* A value continued on the next line: out of scope. */
	if (n > 0 && line[n - 1] == '\\')
		return -1;
	line += strspn(line, " \t");
	if (*line == '[') {
		if ((*sec = header(line, &rest)) == S_ODD)
			return -1;
		line = rest + strspn(rest, " \t");
	}
	if (*line == '\0' || *line == '#' || *line == ';')
		return 0;
	return *sec == S_CORE ? core_key(line, r) : 0;
}

int
fs_config_scan(const char *path, struct fs_repo *r)
{
	enum section sec = S_OTHER;
	char *text, *line, *next;
	int rc = 0;

	if ((text = fs_slurp(path, 1 << 20)) == NULL)
		return access(path, F_OK) < 0 && errno == ENOENT ? 0 :
		    GITX_UNSURE;
	for (line = text; rc == 0 && line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		rc = scan_line(line, &sec, r);
	}
	free(text);
	return rc == 0 ? 0 : GITX_UNSURE;
}
