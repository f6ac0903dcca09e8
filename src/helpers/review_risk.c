/*
 * The risk summary's decisions: each path the git service reports as
 * changed earns categories by its name (review_paths.c), its modes (a
 * symlink, a submodule commit, a file that became executable), its size
 * and binary sniff (read from object headers and a bounded prefix), and
 * for text files up to RISK_LARGE_BYTES, the lines the change adds
 * (secrets, network endpoints, .gitattributes drivers) and, for
 * manifests, the dependencies it adds, removes or changes.  User rules
 * come last: they add categories or drop a path altogether.
 *
 * Every blob is read within RISK_LARGE_BYTES and freed before the next,
 * so memory stays bounded whatever the agent committed.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/review_risk.h"
#include "base/strvec.h"
#include "review_scan.h"

struct scan {
	const struct risk_opts	*opts;
	struct risk_item	*item;
	int			 gitattributes;
};

/*
 * .gitattributes lines that name a filter, diff or merge driver: a driver
 * the user's git config defines runs as a program on checkout, diff or
 * merge.  diff=NAME for git's own hunk-header patterns runs nothing.
 */
static int
driver_line(const char *s, size_t len)
{
	static const char *const builtin[] = { "ada", "bash", "bibtex",
	    "cpp", "csharp", "css", "dts", "elixir", "fortran", "fountain",
	    "golang", "html", "java", "kotlin", "markdown", "matlab", "objc",
	    "pascal", "perl", "php", "python", "ruby", "rust", "scheme", "tex",
	    NULL };
	static const char *const attrs[] = { "filter=", "diff=", "merge=",
	    NULL };
	const char *const *a, *const *b, *p, *v;
	size_t n, vn;

	for (a = attrs; *a != NULL; a++) {
		n = strlen(*a);
		for (p = s; (p = memmem(p, len - (size_t)(p - s), *a, n)) !=
		    NULL; p += n) {
			if (p > s && p[-1] != ' ' && p[-1] != '\t')
				continue;
			v = p + n;
			for (vn = 0; v + vn < s + len && v[vn] != ' ' &&
			    v[vn] != '\t' && v[vn] != '\r'; vn++)
				;
			if (**a == 'm' && ((vn == 4 && strncmp(v, "text", 4) ==
			    0) || (vn == 6 && strncmp(v, "binary", 6) == 0) ||
			    (vn == 5 && strncmp(v, "union", 5) == 0)))
				continue;
			for (b = builtin; **a == 'd' && *b != NULL; b++)
				if (vn == strlen(*b) && strncmp(v, *b, vn) == 0)
					break;
			if (**a == 'd' && *b != NULL)
				continue;
			if (vn > 0)
				return 1;
		}
	}
	return 0;
}

static int
on_line(const char *line, size_t len, size_t lineno, void *arg)
{
	struct scan *sc = arg;
	struct risk_item *it = sc->item;

	risk_scan_line(line, len, lineno, sc->opts->allow, &it->secrets,
	    &it->hosts);
	if (sc->gitattributes && driver_line(line, len))
		it->cats |= RISK_BIT(RISK_AUTORUN);
	return 0;
}

/* Every line of a new file is an added line. */
static void
all_lines(const char *s, size_t n, struct scan *sc)
{
	const char *end = s + n, *e;
	size_t lineno = 1;

	for (; s < end; s = e + 1, lineno++) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		on_line(s, (size_t)(e - s), lineno, sc);
	}
}

static int
is_gitattributes(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base != NULL ? base + 1 : path, ".gitattributes") == 0;
}

/* Old side of a modified file, when there is one worth comparing with. */
static int
open_old(struct git_repository *repo, const struct gitx_delta *d,
    struct gitx_blob *old, char **cause)
{
	memset(old, 0, sizeof(*old));
	if (d->status != 'M' || (d->old_mode != GITX_MODE_BLOB &&
	    d->old_mode != GITX_MODE_EXEC))
		return 0;
	return gitx_blob_open(repo, d->old_id, RISK_LARGE_BYTES, old, cause);
}

/* What the content of a text file says: added lines, manifests. */
static int
content(struct git_repository *repo, const struct gitx_blob *nb,
    struct scan *sc, char **cause)
{
	const struct gitx_delta *d = sc->item->d;
	struct gitx_blob ob;
	int rc = 0;

	if (open_old(repo, d, &ob, cause) < 0)
		return -1;
	sc->gitattributes = is_gitattributes(d->path);
	if (ob.data != NULL && ob.binary == 0)
		rc = gitx_added_lines(&ob, nb, on_line, sc, cause);
	else
		all_lines(nb->data, nb->len, sc);
	/* Without the old side every package would look added. */
	if (risk_is_manifest(d->path) && ob.data == NULL && d->status == 'M')
		sc->item->deps.unread = 1;
	else if (risk_is_manifest(d->path))
		risk_deps_diff(d->path, ob.data, ob.len, nb->data, nb->len,
		    &sc->item->deps);
	if (strcmp(strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 :
	    d->path, "package.json") == 0 && risk_pkg_scripts_changed(ob.data,
	    ob.len, nb->data, nb->len))
		sc->item->cats |= RISK_BIT(RISK_BUILD);
	gitx_blob_clear(&ob);
	return rc;
}

static int
link_side(struct git_repository *repo, struct risk_item *it, char **cause)
{
	struct gitx_blob b;

	if (gitx_blob_open(repo, it->d->new_id, 4096, &b, cause) < 0)
		return -1;
	it->size = b.size;
	if (b.data != NULL)
		it->target = xstrndup(b.data, b.len);
	gitx_blob_clear(&b);
	return 0;
}

/* A manifest deleted: every package it listed is removed. */
static int
old_manifest(struct git_repository *repo, struct risk_item *it,
    char **cause)
{
	struct gitx_blob b;

	if (!risk_is_manifest(it->d->path) || (it->d->old_mode !=
	    GITX_MODE_BLOB && it->d->old_mode != GITX_MODE_EXEC))
		return 0;
	if (gitx_blob_open(repo, it->d->old_id, RISK_LARGE_BYTES, &b,
	    cause) < 0)
		return -1;
	if (b.data == NULL)
		it->deps.unread = 1;
	else
		risk_deps_diff(it->d->path, b.data, b.len, NULL, 0, &it->deps);
	gitx_blob_clear(&b);
	if (it->deps.n > 0 || it->deps.unread)
		it->cats |= RISK_BIT(RISK_DEPS);
	return 0;
}

/* What the new side of a change is: mode, size, binary, content. */
static int
new_side(struct git_repository *repo, struct risk_item *it,
    struct risk_report *rep, const struct risk_opts *opts, char **cause)
{
	const struct gitx_delta *d = it->d;
	struct scan sc = { opts, it, 0 };
	struct gitx_blob b;
	int rc = 0;

	if (d->new_mode == GITX_MODE_COMMIT) {
		it->cats |= RISK_BIT(RISK_SUBMODULE);
		return 0;
	}
	if (d->new_mode == GITX_MODE_LINK) {
		it->cats |= RISK_BIT(RISK_SYMLINK);
		return link_side(repo, it, cause);
	}
	if (d->new_mode == GITX_MODE_EXEC && d->old_mode != GITX_MODE_EXEC)
		it->cats |= RISK_BIT(RISK_EXEC);
	if (gitx_blob_open(repo, d->new_id, RISK_LARGE_BYTES, &b, cause) < 0)
		return -1;
	it->size = b.size;
	if (b.size > RISK_LARGE_BYTES)
		it->cats |= RISK_BIT(RISK_LARGE);
	if (b.binary == 1)
		it->cats |= RISK_BIT(RISK_BINARY);
	if (b.data != NULL && b.binary == 0)
		rc = content(repo, &b, &sc, cause);
	else if (b.data == NULL && b.binary != 1)
		rep->unscanned++;
	gitx_blob_clear(&b);
	if (it->secrets.n > 0)
		it->cats |= RISK_BIT(RISK_SECRETS);
	if (it->hosts.n > 0)
		it->cats |= RISK_BIT(RISK_NETWORK);
	if (it->deps.n > 0 || it->deps.unread)
		it->cats |= RISK_BIT(RISK_DEPS);
	return rc;
}

static void
item_clear(struct risk_item *it)
{
	size_t c;

	free(it->target);
	risk_finds_clear(&it->secrets);
	risk_finds_clear(&it->hosts);
	risk_deps_clear(&it->deps);
	for (c = 0; c < RISK_NCATS; c++)
		free(it->rule[c]);
	memset(it, 0, sizeof(*it));
}

static int
classify(struct git_repository *repo, const struct gitx_delta *d,
    const struct risk_opts *opts, struct risk_report *rep, char **cause)
{
	struct risk_item it;

	memset(&it, 0, sizeof(it));
	it.d = d;
	if (opts->rules != NULL && risk_rules_apply(opts->rules, d->path,
	    &it.cats, &it) == 1) {
		item_clear(&it);
		rep->ignored++;
		return 0;
	}
	it.cats |= risk_path(d->path);
	if ((d->status != 'D' && new_side(repo, &it, rep, opts, cause) < 0) ||
	    (d->status == 'D' && old_manifest(repo, &it, cause) < 0)) {
		item_clear(&it);
		return -1;
	}
	/* Key material by its name: say so where a line would go. */
	if ((it.cats & RISK_BIT(RISK_SECRETS)) && it.secrets.n == 0 &&
	    it.rule[RISK_SECRETS] == NULL)
		risk_finds_add(&it.secrets, 0, "key file", NULL);
	if (it.cats == 0) {
		item_clear(&it);
		return 0;
	}
	rep->v = xrealloc(rep->v, (rep->n + 1) * sizeof(*rep->v));
	rep->v[rep->n++] = it;
	return 0;
}

int
risk_report(struct git_repository *repo, const char *base, const char *ref,
    const struct risk_opts *opts, struct risk_report *rep, char **cause)
{
	size_t i;

	memset(rep, 0, sizeof(*rep));
	if (gitx_diff_paths(repo, base, ref, &rep->diff, cause) < 0)
		return -1;
	for (i = 0; i < rep->diff.n; i++) {
		if (classify(repo, &rep->diff.v[i], opts, rep, cause) < 0) {
			char *inner = *cause;

			*cause = xasprintf("cannot read '%s': %s",
			    rep->diff.v[i].path, inner);
			free(inner);
			risk_report_clear(rep);
			return -1;
		}
	}
	return 0;
}

void
risk_report_clear(struct risk_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		item_clear(&rep->v[i]);
	free(rep->v);
	gitx_diff_clear(&rep->diff);
	memset(rep, 0, sizeof(*rep));
}

unsigned
risk_flagged(const struct risk_report *rep)
{
	unsigned all = 0;
	size_t i;

	for (i = 0; i < rep->n; i++)
		all |= rep->v[i].cats;
	return all;
}
