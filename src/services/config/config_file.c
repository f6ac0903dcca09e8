/*
 * Reading one sandbox.conf with inih.  inih splits KEY=value, trims and
 * drops comments; a reader in front of it enforces the rest of the format
 * so that nothing is silently misread: an over-long line is an error (inih
 * would cut it and parse the tail as a new line), and so are NUL bytes,
 * control characters, [section] headers, "KEY: value" and lines without
 * '='.  The handler then checks each key and value, naming file:line.
 *
 * A key set twice in one file is an error naming both lines: which one
 * was meant is a guess, and a file that says two things is a mistake.
 * So are SEED_CONFIG and SEED_USER_CONFIG, one setting under two names,
 * set to opposite values.  ALLOW and SEED_PATHS may continue on indented
 * lines (inih's multi-line values), joined with commas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "base/strvec.h"
#include "config_int.h"

struct cfg_parse {
	const char		*text;		/* the whole file */
	size_t			 len, off;	/* its size, the next line */
	const char		*path;
	const char		*home;
	int			 repo_file;
	int			 lineno;
	int			 indented;	/* a continuation line */
	int			 have_key;	/* a KEY=value came before */
	char			*buf;		/* the current line */
	char			*err;		/* first error */
	int			 line_of[CFG_NKEYS]; /* where k was set */
	struct cfg_layer	*layer;
	struct strvec		*warnings;
};

static void
fail(struct cfg_parse *p, const char *msg)
{
	if (p->err == NULL)
		p->err = xasprintf("%s:%d: %s", p->path, p->lineno, msg);
}

/*
 * Check one line (without its newline) and point *out at what inih should
 * see.  Returns a reason when the line is not KEY=value, else NULL.
 */
static const char *
line_check(struct cfg_parse *p, size_t len, const char **out)
{
	const char *s = p->buf;
	size_t i;

	if (strlen(s) != len)
		return "NUL byte in line; the file must be plain text";
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f)
			return "control character in line; remove it";
	s += strspn(s, " \t");
	*out = s;
	p->indented = 0;
	if (*s == '\0' || *s == '#' || *s == ';')
		return NULL;
	if (*s == '[')
		return "section headers like '[name]' are not supported; "
		    "use plain KEY=value lines";
	if (*s == '=')
		return "missing key before '='; use KEY=value";
	if (strchr(s, '=') == NULL && s != p->buf && p->have_key) {
		p->indented = 1;	/* the tail of the previous value */
		return NULL;
	}
	if (s[strcspn(s, "=:")] == ':')
		return "expected KEY=value; ':' does not separate a key from "
		    "its value";
	if (strchr(s, '=') == NULL)
		return "no '=' in line; use KEY=value";
	return NULL;
}

/*
 * The next line of the text, with its newline, into p->buf: its length,
 * or -1 at the end.  The text is at most CFG_FILE_MAX bytes, so is a line.
 */
static ssize_t
next_line(struct cfg_parse *p)
{
	const char *s = p->text + p->off, *nl;
	size_t n;

	if (p->off >= p->len)
		return -1;
	nl = memchr(s, '\n', p->len - p->off);
	n = nl != NULL ? (size_t)(nl - s) + 1 : p->len - p->off;
	free(p->buf);
	p->buf = xmalloc(n + 1);	/* NUL bytes included: line_check() */
	memcpy(p->buf, s, n);
	p->buf[n] = '\0';
	p->off += n;
	return (ssize_t)n;
}

/* inih's ini_reader: hands over one checked line, or NULL to stop. */
static char *
reader(char *str, int num, void *arg)
{
	struct cfg_parse *p = arg;
	const char *why, *s = NULL;
	char *c;
	ssize_t n;
	size_t len;

	if (p->err != NULL || (n = next_line(p)) < 0)
		return NULL;
	p->lineno++;
	len = (size_t)n;
	if (p->lineno == 1 && len >= 3 && memcmp(p->buf, "\xef\xbb\xbf",
	    3) == 0) {
		memmove(p->buf, p->buf + 3, len - 2);	/* with the NUL */
		len -= 3;
	}
	while (len > 0 && (p->buf[len - 1] == '\n' || p->buf[len - 1] == '\r'))
		p->buf[--len] = '\0';
	/* Comments never reach inih, so they may be of any length. */
	s = p->buf + strspn(p->buf, " \t");
	if ((*s == '#' || *s == ';') && strlen(s) == len - (size_t)(s -
	    p->buf)) {
		p->indented = 0;
		snprintf(str, (size_t)num, "#\n");
		return str;
	}
	/* inih needs room for the newline and the NUL. */
	if (len + 2 > (size_t)num) {
		p->err = xasprintf("%s:%d: line is longer than %d characters; "
		    "split ALLOW or SEED_PATHS over indented continuation "
		    "lines", p->path, p->lineno, num - 2);
		return NULL;
	}
	if ((why = line_check(p, len, &s)) != NULL) {
		fail(p, why);
		return NULL;
	}
	/* Keep one blank before a continuation so inih sees it as one. */
	snprintf(str, (size_t)num, "%s%s\n", p->indented ? " " : "", s);
	/*
	 * inih strips " ;comment" from continuation lines only in some
	 * versions; do it here so a comment works the same on every line.
	 */
	for (c = str + 1; p->indented && *c != '\0'; c++)
		if (*c == ';' && (c[-1] == ' ' || c[-1] == '\t')) {
			strcpy(c, "\n");
			break;
		}
	return str;
}

/* Strip one pair of matching quotes; a lone opening quote is an error. */
static int
unquote(struct cfg_parse *p, const char *key, const char *v, char **out)
{
	size_t len = strlen(v);
	char *msg;

	if (*v != '"' && *v != '\'') {
		if (strstr(v, " #") != NULL || strstr(v, "\t#") != NULL) {
			fail(p, "'#' after a value does not start a comment; "
			    "put the comment on a line of its own");
			return -1;
		}
		*out = xstrdup(v);
		return 0;
	}
	if (len < 2 || v[len - 1] != *v) {
		msg = xasprintf("unterminated quote in the value of %s; close "
		    "it (note that ' ;' starts a comment)", key);
		fail(p, msg);
		free(msg);
		return -1;
	}
	*out = xstrndup(v + 1, len - 2);
	return 0;
}

/* The value after quotes and $HOME are dealt with, or NULL. */
static char *
clean_value(struct cfg_parse *p, int k, const char *value)
{
	char *v, *x, *cause = NULL;

	if (unquote(p, cfg_keys[k].name, value, &v) < 0)
		return NULL;
	/* Only a tab gets this far; other keys refuse it in their check. */
	if (k == CFG_REPO_DIR && strchr(v, '\t') != NULL) {
		fail(p, "REPO_DIR contains a tab; name such a directory with "
		    "--repo or the REPO_DIR environment variable");
		free(v);
		return NULL;
	}
	if (!cfg_key_is_path(k))
		return v;
	if (cfg_expand(v, p->home, cfg_key_is_list(k), &x, &cause) < 0) {
		fail(p, cause);
		free(cause);
		free(v);
		return NULL;
	}
	free(v);
	return x;
}

/*
 * A list value arrives in pieces, one per line.  Each piece is checked on
 * its own, so an error names its line, after the commas at its ends are
 * dropped ("a.com," then "  b.com" is one list); the pieces are joined
 * with single commas.
 */
static char *
join_piece(struct cfg_parse *p, int k, char *v)
{
	const char *old = p->indented ? p->layer->val[k] : NULL;
	char *b = v, *e = v + strlen(v), *x, *cause = NULL;

	while (*b == ',' || *b == ' ' || *b == '\t')
		b++;
	while (e > b && (e[-1] == ',' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	if (*b != '\0' && cfg_check_value(k, b, p->home, &cause) < 0) {
		fail(p, cause);
		free(cause);
		free(v);
		return NULL;
	}
	x = xasprintf("%s%s%s", old != NULL ? old : "", old != NULL &&
	    *old != '\0' && *b != '\0' ? "," : "", b);
	free(v);
	return x;
}

/* A second KEY=value for k: say where the first was. */
static int
check_duplicate(struct cfg_parse *p, int k)
{
	char *msg;

	if (p->indented)
		return 0;
	if (p->line_of[k] == 0) {
		p->line_of[k] = p->lineno;
		return 0;
	}
	msg = xasprintf("duplicate key '%s' (already set on line %d); keep "
	    "one", cfg_keys[k].name, p->line_of[k]);
	fail(p, msg);
	free(msg);
	return -1;
}

/*
 * The value of a key that is not a list.  SEED_CONFIG and SEED_USER_CONFIG
 * name one setting: a file may hold both (sandbox.conf.example lists each
 * name) but not with opposite values, since which one was meant is a guess.
 */
static int
check_one(struct cfg_parse *p, int k, const char *v)
{
	int a = k == CFG_SEED_CONFIG ? CFG_SEED_USER_CONFIG :
	    k == CFG_SEED_USER_CONFIG ? CFG_SEED_CONFIG : -1;
	const char *old;
	char *cause = NULL;

	if (cfg_check_value(k, v, p->home, &cause) == 0) {
		if (a < 0 || p->line_of[a] == 0 || (old = p->layer->val[a]) ==
		    NULL || cfg_parse_bool(old) == cfg_parse_bool(v))
			return 0;
		cause = xasprintf("%s=%s contradicts %s=%s on line %d, its "
		    "other name; keep one", cfg_keys[k].name, v,
		    cfg_keys[a].name, old, p->line_of[a]);
	}
	fail(p, cause);
	free(cause);
	return -1;
}

static int
handler(void *arg, const char *section, const char *name, const char *value)
{
	struct cfg_parse *p = arg;
	char *v, *cause = NULL, *where;
	const char *hint;
	int k;

	p->have_key = 1;
	if (*section != '\0') {
		fail(p, "section headers like '[name]' are not supported; "
		    "use plain KEY=value lines");
		return 0;
	}
	if ((k = cfg_key_lookup(name)) < 0) {
		hint = cfg_suggest(name);
		cause = hint != NULL ? xasprintf("unknown key '%s'; did you "
		    "mean '%s'?", name, hint) : xasprintf("unknown key '%s'; "
		    "remove it or fix the spelling", name);
		fail(p, cause);
		free(cause);
		return 0;
	}
	if (p->indented && !cfg_key_is_list(k)) {
		cause = xasprintf("only ALLOW and SEED_PATHS may continue on "
		    "an indented line; put %s on one line", name);
		fail(p, cause);
		free(cause);
		return 0;
	}
	if (check_duplicate(p, k) < 0)
		return 0;
	if (p->repo_file && k == CFG_REPO_DIR) {
		strvec_pushf(p->warnings, "%s:%d: REPO_DIR is ignored in the "
		    "repo's own sandbox.conf; set it in the user file, "
		    "CODE_AIRLOCK_CONFIG, the environment or --repo", p->path,
		    p->lineno);
		return 1;
	}
	if ((v = clean_value(p, k, value)) == NULL)
		return 0;
	if (cfg_key_is_list(k)) {
		if ((v = join_piece(p, k, v)) == NULL)
			return 0;
	} else if (check_one(p, k, v) < 0) {
		free(v);
		return 0;
	}
	where = xasprintf("%s:%d", p->path, p->lineno);
	cfg_layer_set(p->layer, k, v, where);
	free(where);
	free(v);
	return 1;
}

/* A whole list, once every piece is in: only emptiness is left to find. */
static int
check_lists(struct cfg_parse *p)
{
	char *cause = NULL;
	int k;

	for (k = 0; k < CFG_NKEYS; k++) {
		if (!cfg_key_is_list(k) || p->layer->val[k] == NULL ||
		    cfg_check_value(k, p->layer->val[k], p->home, &cause) == 0)
			continue;
		p->err = xasprintf("%s: %s", p->layer->origin[k], cause);
		free(cause);
		return -1;
	}
	return 0;
}

int
cfg_file_parse(struct cfg_layer *layer, const char *path, const char *text,
    size_t len, const char *home, int repo_file, struct strvec *warnings,
    char **cause)
{
	struct cfg_parse p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.text = text;
	p.len = len;
	p.path = path;
	p.home = home;
	p.repo_file = repo_file;
	p.layer = layer;
	p.warnings = warnings;
	rc = ini_parse_stream(reader, &p, handler, &p);
	free(p.buf);
	if (p.err == NULL && rc == 0)
		check_lists(&p);
	if (p.err != NULL) {
		*cause = p.err;
		return -1;
	}
	if (rc != 0) {
		*cause = rc > 0 ? xasprintf("%s:%d: malformed line; use "
		    "KEY=value", path, rc) : xasprintf("cannot parse '%s'",
		    path);
		return -1;
	}
	return 0;
}
