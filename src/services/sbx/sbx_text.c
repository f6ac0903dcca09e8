/*
 * sbx: reading the table `sbx ls` prints, for an sbx too old to know
 * --json.  The header names the columns; rows are aligned under it (Go's
 * tabwriter), so each field is cut at the header's column offsets.  When a
 * row does not line up (a wide character, a hand-made table), it is split
 * on blanks instead, the last column taking the rest of the line so that a
 * workspace path with spaces survives.  Lines before the header (sbx
 * starting its daemon first) are skipped.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services/sbx/sbx.h"

#define MAXCOLS 16

enum col { COL_OTHER, COL_NAME, COL_AGENT, COL_STATUS, COL_WORKSPACE };

struct table {
	size_t		 start[MAXCOLS];
	enum col	 kind[MAXCOLS];
	size_t		 n;
};

static enum col
col_kind(const char *w, size_t len)
{
	static const struct { const char *word; enum col kind; } names[] = {
		{ "NAME", COL_NAME }, { "SANDBOX", COL_NAME },
		{ "AGENT", COL_AGENT }, { "STATUS", COL_STATUS },
		{ "STATE", COL_STATUS }, { "WORKSPACE", COL_WORKSPACE },
		{ "WORKSPACES", COL_WORKSPACE }, { "PATH", COL_WORKSPACE },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].word) == len &&
		    strncasecmp(w, names[i].word, len) == 0)
			return names[i].kind;
	return COL_OTHER;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Columns of the header line; 0 when it has a name column. */
static int
read_header(const char *s, size_t len, struct table *t)
{
	size_t i = 0, w;
	int has_name = 0;

	memset(t, 0, sizeof(*t));
	while (i < len && t->n < MAXCOLS) {
		while (i < len && is_blank(s[i]))
			i++;
		if (i == len)
			break;
		for (w = i; i < len && !is_blank(s[i]); i++)
			;
		t->start[t->n] = w;
		t->kind[t->n] = col_kind(s + w, i - w);
		has_name |= t->kind[t->n] == COL_NAME;
		t->n++;
	}
	return has_name ? 0 : -1;
}

static char *
trimmed(const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

/* Does the row line up under the header (a blank before each column)? */
static int
aligned(const char *s, size_t len, const struct table *t)
{
	size_t i;

	for (i = 1; i < t->n; i++)
		if (t->start[i] < len && !is_blank(s[t->start[i] - 1]))
			return 0;
	return 1;
}

/* Cut a row into t->n fields. */
static void
split_row(const char *s, size_t len, const struct table *t, char **f)
{
	size_t i, a, b, pos = 0;

	if (aligned(s, len, t)) {
		for (i = 0; i < t->n; i++) {
			a = t->start[i] < len ? t->start[i] : len;
			b = i + 1 < t->n && t->start[i + 1] < len ?
			    t->start[i + 1] : len;
			f[i] = trimmed(s + a, i + 1 < t->n ? b - a : len - a);
		}
		return;
	}
	for (i = 0; i < t->n; i++) {
		while (pos < len && is_blank(s[pos]))
			pos++;
		for (a = pos; pos < len && (i + 1 == t->n ||
		    !is_blank(s[pos])); pos++)
			;
		f[i] = trimmed(s + a, pos - a);
	}
}

/* "-" or nothing means the field is empty. */
static const char *
field(char **f, const struct table *t, enum col kind)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->kind[i] == kind)
			return strcmp(f[i], "-") == 0 ? "" : f[i];
	return "";
}

static enum sbx_status
text_status(const char *s)
{
	char *word = xstrndup(s, strcspn(s, " \t("));
	enum sbx_status st = sbx_status_from(word);

	if (st == SBX_UNKNOWN && strcasecmp(word, "up") == 0)
		st = SBX_RUNNING;
	free(word);
	return st;
}

static void
add_row(struct sbx_list *l, char **f, const struct table *t)
{
	struct sbx_box *b;
	const char *name = field(f, t, COL_NAME);

	if (*name == '\0')
		return;
	l->boxes = xrealloc(l->boxes, (l->n + 1) * sizeof(*l->boxes));
	b = &l->boxes[l->n++];
	memset(b, 0, sizeof(*b));
	b->name = xstrdup(name);
	b->agent = xstrdup(field(f, t, COL_AGENT));
	b->status_text = xstrdup(field(f, t, COL_STATUS));
	b->status = text_status(b->status_text);
	strvec_init(&b->workspaces);
	strvec_split(&b->workspaces, field(f, t, COL_WORKSPACE), ',');
}

/* A line before the header: "No sandboxes found." ends the table. */
static int
says_none(const char *s, size_t n)
{
	char *line = xstrndup(s, n);
	int none = strcasestr(line, "no sandboxes") != NULL;

	free(line);
	return none;
}

static int
no_header(struct sbx_list *l, char **cause)
{
	sbx_list_clear(l);
	*cause = xstrdup("cannot read 'sbx ls' output: no NAME column in "
	    "its header; is sbx up to date?");
	return -1;
}

int
sbx_parse_ls_text(const char *text, size_t len, struct sbx_list *l,
    char **cause)
{
	const char *s = text ? text : "", *end = s + (text ? len : 0), *nl;
	char *f[MAXCOLS];
	struct table t;
	int header = 0, seen = 0;
	size_t i, n;

	memset(l, 0, sizeof(*l));
	l->boxes = xcalloc(1, sizeof(*l->boxes));
	for (; s < end; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		n = (size_t)(nl - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		for (i = 0; i < n && isspace((unsigned char)s[i]); i++)
			;
		if (i == n)
			continue;
		/* Lines before the header ("Starting sandboxd daemon...",
		 * when sbx had to start it) are not the table's. */
		if (!header) {
			if (says_none(s, n))
				return 0;
			header = read_header(s, n, &t) == 0;
			seen = 1;
			continue;
		}
		split_row(s, n, &t, f);
		add_row(l, f, &t);
		for (i = 0; i < t.n; i++)
			free(f[i]);
	}
	return header || !seen ? 0 : no_header(l, cause);
}
