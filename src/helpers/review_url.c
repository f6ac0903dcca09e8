/*
 * The github.com compare URL `pr` prints when gh is not installed, for the
 * origin URL forms git accepts: git@github.com:o/r.git,
 * ssh://git@github.com/o/r.git and https://github.com/o/r[.git].
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/review.h"

/* "o/r" from the part of the URL after the host, or NULL. */
static char *
owner_repo(const char *path)
{
	const char *slash, *end;
	size_t len;

	while (*path == '/')
		path++;
	len = strlen(path);
	while (len > 0 && path[len - 1] == '/')
		len--;
	if (len > 4 && strncmp(path + len - 4, ".git", 4) == 0)
		len -= 4;
	slash = memchr(path, '/', len);
	end = path + len;
	if (slash == NULL || slash == path || slash + 1 == end ||
	    memchr(slash + 1, '/', end - slash - 1) != NULL)
		return NULL;
	return xstrndup(path, len);
}

/* Percent-encode what would change the meaning of the URL. */
static char *
url_escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 3 + 1), *o = out;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~/", c) != NULL)
			*o++ = (char)c;
		else
			o += sprintf(o, "%%%02X", c);
	}
	*o = '\0';
	return out;
}

static const char *
github_path(const char *url)
{
	static const char *const prefixes[] = {
		"git@github.com:", "ssh://git@github.com/",
		"ssh://git@github.com:22/", "https://github.com/",
		"http://github.com/", "git://github.com/", NULL
	};
	const char *at;
	size_t i;

	for (i = 0; prefixes[i] != NULL; i++)
		if (strncmp(url, prefixes[i], strlen(prefixes[i])) == 0)
			return url + strlen(prefixes[i]);
	/* https://user@github.com/o/r */
	if (strncmp(url, "https://", 8) == 0 &&
	    (at = strchr(url + 8, '@')) != NULL &&
	    strchr(url + 8, '/') > at &&
	    strncmp(at + 1, "github.com/", 11) == 0)
		return at + 12;
	return NULL;
}

char *
review_compare_url(const char *url, const char *base, const char *branch)
{
	const char *path = github_path(url);
	char *or, *b, *h, *res;

	if (path == NULL || (or = owner_repo(path)) == NULL)
		return NULL;
	b = url_escape(base);
	h = url_escape(branch);
	res = xasprintf("https://github.com/%s/compare/%s...%s?expand=1", or,
	    b, h);
	free(h);
	free(b);
	free(or);
	return res;
}
