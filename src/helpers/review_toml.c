/*
 * The dependency tables of Cargo.toml and pyproject.toml, read with the
 * little of TOML they need: table headers, `key = value` with strings,
 * inline tables and (multi-line) arrays of strings.  Anything else is
 * skipped rather than misread; a value that never ends makes the side
 * unreadable, which the summary says.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/strvec.h"
#include "review_deps.h"

struct toml {
	const char	*s, *end;
	char		 table[256];
};

static const char *
skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* End of a value at s: the line's end, or past its closing bracket. */
static const char *
value_end(const char *s, const char *end)
{
	int depth = 0;
	char q = 0;

	for (; s < end; s++) {
		if (q != 0) {
			if (*s == '\\' && q == '"' && s + 1 < end)
				s++;
			else if (*s == q)
				q = 0;
			continue;
		}
		if (*s == '"' || *s == '\'')
			q = *s;
		else if (*s == '[' || *s == '{')
			depth++;
		else if (*s == ']' || *s == '}')
			depth--;
		else if (*s == '#' && depth == 0)
			return memchr(s, '\n', (size_t)(end - s)) != NULL ?
			    memchr(s, '\n', (size_t)(end - s)) : end;
		else if (*s == '\n' && depth <= 0)
			return s;
	}
	return depth > 0 || q != 0 ? NULL : end;
}

/* The text of a string value (quotes removed), or NULL when it is not. */
static const char *
string_of(const char *s, const char *e, size_t *n)
{
	const char *c;

	s = skip_ws(s, e);
	if (s >= e || (*s != '"' && *s != '\''))
		return NULL;
	if ((c = memchr(s + 1, *s, (size_t)(e - s - 1))) == NULL)
		return NULL;
	*n = (size_t)(c - s - 1);
	return s + 1;
}

/* Each string in an array value, as a PEP 508 requirement. */
static void
array_pep508(const char *s, const char *e, struct dep_list *l)
{
	const char *c;

	while (s < e && (s = memchr(s, '"', (size_t)(e - s))) != NULL) {
		if ((c = memchr(s + 1, '"', (size_t)(e - s - 1))) == NULL)
			return;
		dep_add_pep508(l, s + 1, (size_t)(c - s - 1));
		s = c + 1;
	}
}

/* A version from "1.0" or { version = "1.0", git = ... } (else the text). */
static void
add_versioned(struct dep_list *l, const char *k, size_t kn, const char *v,
    const char *e)
{
	const char *str, *ver;
	size_t n;

	if ((str = string_of(v, e, &n)) != NULL) {
		dep_add(l, k, kn, str, n);
		return;
	}
	v = skip_ws(v, e);
	if ((ver = memmem(v, (size_t)(e - v), "version", 7)) != NULL &&
	    (ver = memchr(ver, '=', (size_t)(e - ver))) != NULL &&
	    (str = string_of(ver + 1, e, &n)) != NULL &&
	    memmem(v, (size_t)(e - v), "git", 3) == NULL &&
	    memmem(v, (size_t)(e - v), "path", 4) == NULL)
		dep_add(l, k, kn, str, n);
	else
		dep_add(l, k, kn, v, (size_t)(e - v));
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Read a header line "[a.b]" into t->table. */
static void
header(struct toml *t, const char *s, const char *e)
{
	size_t k = 0;

	for (s++; s < e && *s != ']' && k < sizeof(t->table) - 1; s++)
		if (*s != ' ' && *s != '\t' && *s != '[' && *s != '"')
			t->table[k++] = *s;
	t->table[k] = '\0';
}

typedef void (*kv_fn)(const char *table, const char *k, size_t kn,
    const char *v, const char *e, struct dep_list *);

static int
walk(const char *s, size_t n, kv_fn fn, struct dep_list *l)
{
	struct toml t = { s, s + n, "" };
	const char *p = s, *eol, *k, *eq, *ve;
	size_t kn;

	while (p < t.end) {
		if ((p = skip_ws(p, t.end)) >= t.end)
			break;
		eol = memchr(p, '\n', (size_t)(t.end - p));
		eol = eol != NULL ? eol : t.end;
		if (p < eol && *p == '[') {
			header(&t, p, eol);
		} else if (p < eol && *p != '#' && (eq = memchr(p, '=',
		    (size_t)(eol - p))) != NULL) {
			k = p;
			kn = (size_t)(eq - p);
			while (kn > 0 && isspace((unsigned char)k[kn - 1]))
				kn--;
			if (kn > 1 && (*k == '"' || *k == '\'')) {
				k++;
				kn -= 2;
			}
			if ((ve = value_end(eq + 1, t.end)) == NULL)
				return -1;
			fn(t.table, k, kn, eq + 1, ve, l);
			eol = ve;
		}
		p = eol + 1;
	}
	return 0;
}

static int
cargo_table(const char *t)
{
	return strcmp(t, "dependencies") == 0 ||
	    strcmp(t, "dev-dependencies") == 0 ||
	    strcmp(t, "build-dependencies") == 0 ||
	    ends_with(t, ".dependencies") || ends_with(t, ".dev-dependencies") ||
	    ends_with(t, ".build-dependencies");
}

static void
cargo_kv(const char *table, const char *k, size_t kn, const char *v,
    const char *e, struct dep_list *l)
{
	const char *dot = strrchr(table, '.');
	char *sub;

	if (cargo_table(table)) {
		add_versioned(l, k, kn, v, e);
		return;
	}
	/* [dependencies.NAME]: each key of the table says where it is from. */
	if (dot == NULL)
		return;
	sub = xstrndup(table, (size_t)(dot - table));
	if (cargo_table(sub)) {
		if (kn == 7 && strncmp(k, "version", 7) == 0)
			add_versioned(l, dot + 1, strlen(dot + 1), v, e);
		else if ((kn == 3 && strncmp(k, "git", 3) == 0) ||
		    (kn == 4 && strncmp(k, "path", 4) == 0))
			dep_add(l, dot + 1, strlen(dot + 1), v,
			    (size_t)(e - v));
	}
	free(sub);
}

int
dep_read_cargo(const char *s, size_t n, struct dep_list *l)
{
	return walk(s, n, cargo_kv, l);
}

static void
pyproject_kv(const char *table, const char *k, size_t kn, const char *v,
    const char *e, struct dep_list *l)
{
	if ((strcmp(table, "project") == 0 && kn == 12 &&
	    strncmp(k, "dependencies", 12) == 0) ||
	    (strcmp(table, "build-system") == 0 && kn == 8 &&
	    strncmp(k, "requires", 8) == 0) ||
	    strcmp(table, "project.optional-dependencies") == 0 ||
	    strcmp(table, "dependency-groups") == 0)
		array_pep508(v, e, l);
	else if ((strncmp(table, "tool.poetry.", 12) == 0 &&
	    (ends_with(table, "dependencies"))) && !(kn == 6 &&
	    strncmp(k, "python", 6) == 0))
		add_versioned(l, k, kn, v, e);
}

int
dep_read_pyproject(const char *s, size_t n, struct dep_list *l)
{
	return walk(s, n, pyproject_kv, l);
}
