/*
 * Dependencies by name: which packages a manifest change adds, removes or
 * moves to another version, read from both sides of the change --
 * package.json, requirements*.txt, pyproject.toml, Cargo.toml, go.mod.
 * Lockfiles only say "changed": their content follows from these.  Names
 * and versions are the agent's text; the summary prints them
 * terminal-safe, and the number kept per manifest is bounded.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "helpers/review_risk.h"
#include "base/strvec.h"
#include "review_deps.h"

enum manifest { M_NONE, M_PACKAGE_JSON, M_REQUIREMENTS, M_PYPROJECT,
	M_CARGO, M_GOMOD };

static enum manifest
manifest_of(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (strcmp(base, "package.json") == 0)
		return M_PACKAGE_JSON;
	if (strcmp(base, "pyproject.toml") == 0)
		return M_PYPROJECT;
	if (strcmp(base, "Cargo.toml") == 0)
		return M_CARGO;
	if (strcmp(base, "go.mod") == 0)
		return M_GOMOD;
	if (strncasecmp(base, "requirements", 12) == 0 && n > 4 &&
	    (strcasecmp(base + n - 4, ".txt") == 0 ||
	    strcasecmp(base + n - 3, ".in") == 0))
		return M_REQUIREMENTS;
	return M_NONE;
}

int
risk_is_manifest(const char *path)
{
	return manifest_of(path) != M_NONE;
}

void
dep_add(struct dep_list *l, const char *name, size_t nlen, const char *ver,
    size_t vlen)
{
	size_t i;

	while (nlen > 0 && isspace((unsigned char)name[nlen - 1]))
		nlen--;
	while (vlen > 0 && isspace((unsigned char)*ver)) {
		ver++;
		vlen--;
	}
	while (vlen > 0 && isspace((unsigned char)ver[vlen - 1]))
		vlen--;
	if (nlen == 0 || nlen > 256 || vlen > 512)
		return;
	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i].name) == nlen &&
		    strncmp(l->v[i].name, name, nlen) == 0) {
			free(l->v[i].ver);
			l->v[i].ver = xstrndup(ver, vlen);
			return;
		}
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].name = xstrndup(name, nlen);
	l->v[l->n].ver = xstrndup(ver, vlen);
	l->n++;
}

static void
dep_list_clear(struct dep_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].ver);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* PEP 503 normalises names: case and runs of "-_." do not matter. */
void
dep_add_pep508(struct dep_list *l, const char *s, size_t n)
{
	char name[257];
	size_t i = 0, k = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	for (; i < n && k < sizeof(name) - 1 && (isalnum((unsigned char)s[i])
	    || strchr("-_.", s[i]) != NULL); i++) {
		if (strchr("-_.", s[i]) != NULL) {
			if (k > 0 && name[k - 1] != '-')
				name[k++] = '-';
		} else
			name[k++] = (char)tolower((unsigned char)s[i]);
	}
	if (k > 0)
		dep_add(l, name, k, s + i, n - i);
}

static const char *const npm_sections[] = { "dependencies",
	"devDependencies", "optionalDependencies", "peerDependencies", NULL };

static int
read_package_json(const char *s, size_t n, struct dep_list *l)
{
	const char *const *sec, *key;
	json_t *doc, *obj, *v;

	if ((doc = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL)) == NULL ||
	    !json_is_object(doc)) {
		json_decref(doc);
		return -1;
	}
	for (sec = npm_sections; *sec != NULL; sec++) {
		if (!json_is_object(obj = json_object_get(doc, *sec)))
			continue;
		json_object_foreach(obj, key, v)
			if (json_is_string(v))
				dep_add(l, key, strlen(key), json_string_value(v),
				    json_string_length(v));
	}
	json_decref(doc);
	return 0;
}

/*
 * requirements*.txt: one requirement a line; an option line (-r, -e,
 * --index-url, --extra-index-url) is listed whole, since it says where
 * code comes from.
 */
static int
read_requirements(const char *s, size_t n, struct dep_list *l)
{
	const char *e, *hash, *end = s + n;
	size_t len;

	for (; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		len = (size_t)(e - s);
		if ((hash = memchr(s, '#', len)) != NULL && (hash == s ||
		    isspace((unsigned char)hash[-1])))
			len = (size_t)(hash - s);
		while (len > 0 && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		if (len == 0)
			continue;
		if (*s == '-')
			dep_add(l, s, len, "", 0);
		else
			dep_add_pep508(l, s, len);
	}
	return 0;
}

/* go.mod: require lines and blocks, and replace directives. */
static int
read_gomod(const char *s, size_t n, struct dep_list *l)
{
	const char *e, *end = s + n, *sp;
	size_t len;
	int block = 0;

	for (; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		while (s < e && isspace((unsigned char)*s))
			s++;
		len = (size_t)(e - s);
		if ((sp = memmem(s, len, "//", 2)) != NULL)
			len = (size_t)(sp - s);	/* a comment */
		if (len == 0)
			continue;
		if (block && *s == ')') {
			block = 0;
			continue;
		}
		if (!block && len >= 9 && strncmp(s, "require (", 9) == 0) {
			block = 1;
			continue;
		}
		if (!block && len > 8 && strncmp(s, "require ", 8) == 0) {
			s += 8;
			len -= 8;
		} else if (!block && len > 8 && strncmp(s, "replace ", 8) == 0) {
			/* Code for a module now comes from somewhere else. */
			sp = memmem(s, len, "=>", 2);
			if (sp == NULL)
				dep_add(l, s, len, "", 0);
			else
				dep_add(l, s, (size_t)(sp - s), sp + 2, len -
				    (size_t)(sp + 2 - s));
			continue;
		} else if (!block)
			continue;
		if ((sp = memchr(s, ' ', len)) == NULL)
			continue;
		dep_add(l, s, (size_t)(sp - s), sp + 1, len - (size_t)(sp -
		    s) - 1);
	}
	return 0;
}

static int
read_side(enum manifest m, const char *s, size_t n, struct dep_list *l)
{
	switch (m) {
	case M_PACKAGE_JSON:
		return read_package_json(s, n, l);
	case M_REQUIREMENTS:
		return read_requirements(s, n, l);
	case M_PYPROJECT:
		return dep_read_pyproject(s, n, l);
	case M_CARGO:
		return dep_read_cargo(s, n, l);
	case M_GOMOD:
		return read_gomod(s, n, l);
	default:
		return -1;
	}
}

static void
push(struct risk_deps *d, const char *name, const char *old,
    const char *new)
{
	if (d->n >= RISK_DEPS_MAX) {
		d->more++;
		return;
	}
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	d->v[d->n].name = xstrdup(name);
	d->v[d->n].old = old != NULL ? xstrdup(old) : NULL;
	d->v[d->n].new = new != NULL ? xstrdup(new) : NULL;
	d->n++;
}

static const char *
find(const struct dep_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return l->v[i].ver;
	return NULL;
}

void
risk_deps_diff(const char *path, const char *old, size_t olen,
    const char *new, size_t nlen, struct risk_deps *out)
{
	struct dep_list a = { NULL, 0 }, b = { NULL, 0 };
	enum manifest m = manifest_of(path);
	const char *v;
	size_t i;

	if (m == M_NONE)
		return;
	if ((old != NULL && read_side(m, old, olen, &a) < 0) ||
	    (new != NULL && read_side(m, new, nlen, &b) < 0))
		out->unread = 1;
	for (i = 0; i < b.n; i++) {
		v = find(&a, b.v[i].name);
		if (v == NULL || strcmp(v, b.v[i].ver) != 0)
			push(out, b.v[i].name, v, b.v[i].ver);
	}
	for (i = 0; i < a.n; i++)
		if (find(&b, a.v[i].name) == NULL)
			push(out, a.v[i].name, a.v[i].ver, NULL);
	dep_list_clear(&a);
	dep_list_clear(&b);
}

void
risk_deps_clear(struct risk_deps *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].name);
		free(d->v[i].old);
		free(d->v[i].new);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* package.json's "scripts" run on npm install: did they change? */
int
risk_pkg_scripts_changed(const char *old, size_t olen, const char *new,
    size_t nlen)
{
	json_t *a = NULL, *b = NULL, *sa = NULL, *sb = NULL;
	int changed;

	if (old != NULL)
		a = json_loadb(old, olen, 0, NULL);
	if (new != NULL)
		b = json_loadb(new, nlen, 0, NULL);
	if ((old != NULL && !json_is_object(a)) || (new != NULL &&
	    !json_is_object(b)))
		changed = 1;	/* unreadable: say so rather than guess */
	else {
		sa = a != NULL ? json_object_get(a, "scripts") : NULL;
		sb = b != NULL ? json_object_get(b, "scripts") : NULL;
		changed = !((sa == NULL && sb == NULL) || (sa != NULL &&
		    sb != NULL && json_equal(sa, sb)));
	}
	json_decref(a);
	json_decref(b);
	return changed;
}
