/*
 * REVIEW_RULES: the user's own additions to the risk summary, a file of
 * `CATEGORY PATTERN` lines.  CATEGORY is a category key of --json, or
 * `ignore` to drop matching paths from every category; PATTERN is
 * gitignore-style (`*`, `?`, `[...]`, `**`, a leading `/` or an inner `/`
 * anchors it at the top, a trailing `/` matches directories only, a
 * leading `!` undoes an earlier match of the same category).  For each
 * category the last matching line wins, as in .gitignore.
 *
 * The file is the user's, but the paths come from the agent: matching is
 * linear in the path's depth for each line (a `**` is a star over whole
 * components, matched greedily with one backtrack point), and the file is
 * read with bounds on its size and line length.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers/review_risk.h"
#include "base/strvec.h"

#define RULES_MAX_BYTES	(1024 * 1024)
#define RULE_MAX_LINE	4096
#define CAT_IGNORE	RISK_NCATS

struct rule {
	int		 cat;		/* RISK_*, or CAT_IGNORE */
	int		 neg;
	int		 dir_only;
	struct strvec	 segs;		/* pattern components */
	char		*origin;	/* "file:line" */
};

struct risk_rules {
	struct rule	*v;
	size_t		 n;
};

/* Greedy match of components, "**" standing for any number of them. */
static int
match_segs(char *const *p, size_t np, char *const *s, size_t ns)
{
	size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;

	while (si < ns) {
		if (pi < np && strcmp(p[pi], "**") == 0) {
			star = pi++;
			mark = si;
		} else if (pi < np && fnmatch(p[pi], s[si], 0) == 0) {
			pi++;
			si++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			si = ++mark;
		} else
			return 0;
	}
	while (pi < np && strcmp(p[pi], "**") == 0)
		pi++;
	return pi == np;
}

/* Does the rule match the path (components s), or a directory of it? */
static int
rule_match(const struct rule *r, char *const *s, size_t ns)
{
	size_t k;

	for (k = 1; k <= ns; k++) {
		if (k == ns && r->dir_only)
			break;
		if (match_segs(r->segs.v, r->segs.n, s, k))
			return 1;
	}
	return 0;
}

static void
split(const char *path, char **buf, struct strvec *segs)
{
	char *p, *save = NULL;

	*buf = xstrdup(path);
	for (p = strtok_r(*buf, "/", &save); p != NULL;
	    p = strtok_r(NULL, "/", &save))
		strvec_push(segs, p);
}

/* Components of a pattern; one not anchored may start at any depth. */
static void
compile(struct rule *r, const char *pat)
{
	const char *slash = strchr(pat, '/');
	size_t len = strlen(pat);
	char *buf;

	r->dir_only = len > 0 && pat[len - 1] == '/';
	strvec_init(&r->segs);
	if (slash == NULL || slash == pat + len - 1)
		strvec_push(&r->segs, "**");
	split(pat, &buf, &r->segs);
	free(buf);
}

int
risk_pattern_match(const char *pattern, const char *path)
{
	struct strvec s = STRVEC_INIT;
	struct rule r;
	char *buf;
	int m;

	memset(&r, 0, sizeof(r));
	compile(&r, pattern);
	split(path, &buf, &s);
	m = rule_match(&r, s.v, s.n);
	strvec_clear(&r.segs);
	strvec_clear(&s);
	free(buf);
	return m;
}

/* Why a pattern is unusable, or NULL. */
static const char *
bad_pattern(const char *p)
{
	const char *c, *close;

	if (*p == '\0' || strcmp(p, "/") == 0)
		return "the pattern is empty";
	for (c = p; *c != '\0'; c++) {
		if (*c == '\\' && c[1] != '\0')
			c++;
		else if (*c == '[') {
			close = strchr(c + 1 + (c[1] == '!' || c[1] == '^'), ']');
			if (close == NULL || memchr(c, '/', (size_t)(close -
			    c)) != NULL)
				return "'[' without its ']'";
			c = close;
		}
	}
	return NULL;
}

static int
parse_line(struct risk_rules *rs, char *line, const char *origin,
    char **why)
{
	struct rule r;
	char *cat, *pat;
	size_t len;
	int c;

	cat = line + strspn(line, " \t");
	pat = cat + strcspn(cat, " \t");
	if (*pat != '\0')
		*pat++ = '\0';
	pat += strspn(pat, " \t");
	len = strlen(pat);
	while (len > 0 && (pat[len - 1] == ' ' || pat[len - 1] == '\t'))
		pat[--len] = '\0';
	if (*cat == '\0' || *cat == '#')
		return 0;
	if (strcmp(cat, "ignore") == 0)
		c = CAT_IGNORE;
	else if ((c = risk_lookup(cat)) < 0) {
		*why = xasprintf("unknown category '%s'; use a category of "
		    "'review --json' (such as secrets, autorun, build) or "
		    "ignore", cat);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.cat = c;
	if ((r.neg = *pat == '!'))
		pat++;
	if (*pat == '\0') {
		*why = xstrdup("expected 'CATEGORY PATTERN'; add the pattern");
		return -1;
	}
	if (bad_pattern(pat) != NULL) {
		*why = xasprintf("bad pattern '%s': %s", pat, bad_pattern(pat));
		return -1;
	}
	compile(&r, pat);
	r.origin = xstrdup(origin);
	rs->v = xrealloc(rs->v, (rs->n + 1) * sizeof(*rs->v));
	rs->v[rs->n++] = r;
	return 0;
}

void
risk_rules_free(struct risk_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		strvec_clear(&rs->v[i].segs);
		free(rs->v[i].origin);
	}
	free(rs->v);
	free(rs);
}

static int
has_ctl(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return 1;
	return 0;
}

int
risk_rules_read(const char *path, char **text, size_t *len, char **cause)
{
	struct stat sb;
	FILE *fp;
	size_t n;

	*text = NULL;
	if ((fp = fopen(path, "r")) == NULL) {
		*cause = xasprintf("cannot open REVIEW_RULES '%s': %s; fix the "
		    "path or unset REVIEW_RULES", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > RULES_MAX_BYTES) {
		*cause = xasprintf("REVIEW_RULES '%s' is not a regular file of "
		    "at most %d bytes; name a rules file", path,
		    RULES_MAX_BYTES);
		fclose(fp);
		return -1;
	}
	/* One bounded snapshot: a file growing under us is cut, not chased. */
	*text = xmalloc(RULES_MAX_BYTES + 1);
	n = fread(*text, 1, RULES_MAX_BYTES + 1, fp);
	if (ferror(fp) || n > RULES_MAX_BYTES) {
		*cause = xasprintf("cannot read REVIEW_RULES '%s'%s", path,
		    n > RULES_MAX_BYTES ? ": it grew over 1 MiB" : "");
		free(*text);
		*text = NULL;
		fclose(fp);
		return -1;
	}
	fclose(fp);
	*len = n;
	return 0;
}

/* One line of the file: 0, or -1 with *why. */
static int
one_line(struct risk_rules *rs, const char *s, size_t n, const char *origin,
    char **why)
{
	char *line;
	int rc;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n > RULE_MAX_LINE) {
		*why = xasprintf("line longer than %d bytes; shorten it",
		    RULE_MAX_LINE);
		return -1;
	}
	if (has_ctl(s, n) || memchr(s, '\0', n) != NULL) {
		*why = xstrdup("control character in the line; remove it");
		return -1;
	}
	line = xstrndup(s, n);
	rc = parse_line(rs, line, origin, why);
	free(line);
	return rc;
}

int
risk_rules_parse(const char *path, const char *text, size_t len,
    struct risk_rules **out, char **cause)
{
	struct risk_rules *rs = xcalloc(1, sizeof(*rs));
	const char *s = text, *end = text + len, *e;
	char *origin, *why = NULL;
	size_t lineno = 0;

	for (; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		origin = xasprintf("%s:%zu", path, ++lineno);
		if (one_line(rs, s, (size_t)(e - s), origin, &why) < 0) {
			*cause = xasprintf("%s: %s", origin, why);
			free(why);
			free(origin);
			risk_rules_free(rs);
			*out = NULL;
			return -1;
		}
		free(origin);
	}
	*out = rs;
	return 0;
}

int
risk_rules_load(const char *path, struct risk_rules **out, char **cause)
{
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	if (risk_rules_read(path, &text, &len, cause) < 0)
		return -1;
	rc = risk_rules_parse(path, text, len, out, cause);
	free(text);
	return rc;
}

int
risk_rules_apply(const struct risk_rules *rs, const char *path,
    unsigned *cats, struct risk_item *item)
{
	const char *origin[RISK_NCATS + 1] = { NULL };
	struct strvec s = STRVEC_INIT;
	int on[RISK_NCATS + 1] = { 0 };
	char *buf;
	size_t i;
	int c;

	split(path, &buf, &s);
	for (i = 0; i < rs->n; i++) {
		if (!rule_match(&rs->v[i], s.v, s.n))
			continue;
		on[rs->v[i].cat] = !rs->v[i].neg;
		origin[rs->v[i].cat] = rs->v[i].origin;
	}
	strvec_clear(&s);
	free(buf);
	if (on[CAT_IGNORE])
		return 1;
	for (c = 0; c < RISK_NCATS; c++) {
		if (!on[c])
			continue;
		*cats |= RISK_BIT(c);
		if (item != NULL && item->rule[c] == NULL)
			item->rule[c] = xstrdup(origin[c]);
	}
	return 0;
}
