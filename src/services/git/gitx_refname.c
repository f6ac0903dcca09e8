/*
 * gitx: ref name rules, so configuration can reject a branch name before
 * any command tries to create it.  This is libgit2's
 * git_branch_name_is_valid() (git's check-ref-format rules for
 * refs/heads/NAME, plus no leading '-' and not "HEAD") written out, so
 * that checking PR_BRANCH does not initialise libgit2;
 * tests/unit/test_gitx_fs.c compares the two on many names.
 */
#include <string.h>

#include "services/git/gitx.h"

/* One '/'-separated component of length n: 1 when git allows it. */
static int
component_ok(const char *s, size_t n)
{
	size_t i;

	/* Empty, leading '.', or ending in ".lock". */
	if (n == 0 || s[0] == '.' ||
	    (n >= 5 && memcmp(s + n - 5, ".lock", 5) == 0))
		return 0;
	for (i = 0; i < n; i++) {
		/* Control characters and space; DEL and bytes >= 0x80 pass. */
		if ((unsigned char)s[i] <= ' ' ||
		    strchr("~^:\\?[*", s[i]) != NULL)
			return 0;
		if (i > 0 && ((s[i - 1] == '.' && s[i] == '.') ||
		    (s[i - 1] == '@' && s[i] == '{')))
			return 0;
	}
	return 1;
}

int
gitx_branch_name_valid(const char *name)
{
	const char *p, *slash;
	size_t len;

	if (name == NULL || name[0] == '-' || strcmp(name, "HEAD") == 0)
		return 0;
	/* Under "refs/heads/": no empty component, so no leading '/'. */
	for (p = name;; p = slash + 1) {
		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (!component_ok(p, len))
			return 0;
		if (slash == NULL)
			break;
	}
	/* Nor a trailing '.' (a trailing '/' left an empty component). */
	return name[strlen(name) - 1] != '.';
}
