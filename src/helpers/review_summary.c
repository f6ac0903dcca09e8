/*
 * The review risk summary as text: counts of files changed, added and
 * deleted, then the flagged files by category (SPEC §4 review).  Each
 * category shows at most REVIEW_SHOW paths, riskiest first (top level
 * before nested, anything under a test or fixture directory last), then
 * how many more; --json keeps them all.  Paths, targets, hosts and package
 * names come from the agent and are printed terminal-safe; a secret's
 * value is never printed, only its line and kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/review.h"
#include "helpers/verify.h"
#include "helpers/review_risk.h"

#define REVIEW_SHOW	20	/* paths per category */
#define DETAIL_SHOW	3	/* findings or dependencies per path */

/* Where a symlink target leads: absolute, outside the repo, or inside. */
static const char *
link_note(const char *path, const char *target)
{
	const char *p;
	int depth = 0;

	if (target[0] == '/')
		return "absolute target";
	for (p = path; (p = strchr(p, '/')) != NULL; p++)
		depth++;
	for (p = target; *p != '\0';) {
		size_t n = strcspn(p, "/");

		if (n == 2 && strncmp(p, "..", 2) == 0)
			depth--;
		else if (n > 0 && !(n == 1 && *p == '.'))
			depth++;
		if (depth < 0)
			return "points outside the repo";
		p += n;
		while (*p == '/')
			p++;
	}
	return NULL;
}

static void
print_finds(FILE *f, const struct risk_finds *fs)
{
	size_t i;

	for (i = 0; i < fs->n && i < DETAIL_SHOW; i++) {
		fputs(i > 0 ? ", " : "  ", f);
		if (fs->v[i].host != NULL) {
			ui_safe_fputs(f, fs->v[i].host);
			fprintf(f, " (line %zu)", fs->v[i].line);
		} else if (fs->v[i].line == 0)
			fprintf(f, "(%s)", fs->v[i].kind);
		else
			fprintf(f, "line %zu (%s)", fs->v[i].line,
			    fs->v[i].kind);
	}
	if (fs->n + fs->more > DETAIL_SHOW)
		fprintf(f, " and %zu more", fs->n + fs->more - DETAIL_SHOW);
}

static void
print_deps(FILE *f, const struct risk_deps *ds)
{
	const struct risk_dep *d;
	size_t i;

	for (i = 0; i < ds->n && i < DETAIL_SHOW; i++) {
		d = &ds->v[i];
		fputs(i > 0 ? ", " : "  ", f);
		fputs(d->old == NULL ? "+" : d->new == NULL ? "-" : "", f);
		ui_safe_fputs(f, d->name);
		fputc(' ', f);
		if (d->old != NULL && d->new != NULL) {
			ui_safe_fputs(f, *d->old ? d->old : "(any)");
			fputs(" -> ", f);
		}
		ui_safe_fputs(f, d->new != NULL ? (*d->new ? d->new : "(any)") :
		    (*d->old ? d->old : "(any)"));
	}
	if (ds->n + ds->more > DETAIL_SHOW)
		fprintf(f, " and %zu more", ds->n + ds->more - DETAIL_SHOW);
	if (ds->unread)
		fputs("  (could not be read: look at it yourself)", f);
}

static void
print_item(FILE *f, const struct risk_item *it, enum risk_cat c)
{
	const char *note;

	fprintf(f, "  %c  ", it->d->status);
	ui_safe_fputs(f, it->d->path);
	if (c == RISK_SYMLINK && it->target == NULL && it->d->status != 'D')
		fprintf(f, " -> (a target of %llu bytes, not shown)", it->size);
	else if (c == RISK_SYMLINK && it->target != NULL) {
		fputs(" -> ", f);
		ui_safe_fputs(f, it->target);
		if ((note = link_note(it->d->path, it->target)) != NULL)
			fprintf(f, "  (%s)", note);
	} else if (c == RISK_LARGE)
		fprintf(f, "  (%.1f MiB)", (double)it->size /
		    (1024.0 * 1024.0));
	else if (c == RISK_SECRETS)
		print_finds(f, &it->secrets);
	else if (c == RISK_NETWORK)
		print_finds(f, &it->hosts);
	else if (c == RISK_DEPS)
		print_deps(f, &it->deps);
	if (it->rule[c] != NULL) {
		fputs("  (rule ", f);
		ui_safe_fputs(f, it->rule[c]);
		fputc(')', f);
	}
	fputc('\n', f);
}

struct ranked {
	unsigned		 rank;
	const struct risk_item	*it;
};

static int
by_rank(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->it->d->path, y->it->d->path);
}

static void
print_cat(struct cmd_ctx *ctx, const struct risk_report *rep,
    enum risk_cat c, struct ranked *buf)
{
	FILE *f = ctx->ui.out;
	size_t i, n = 0;

	for (i = 0; i < rep->n; i++)
		if (rep->v[i].cats & RISK_BIT(c)) {
			buf[n].rank = risk_path_rank(rep->v[i].d->path);
			buf[n++].it = &rep->v[i];
		}
	if (n == 0)
		return;
	qsort(buf, n, sizeof(*buf), by_rank);
	fprintf(f, "%s%s:%s\n", ui_yellow(&ctx->ui, f), risk_label(c),
	    ui_reset(&ctx->ui, f));
	for (i = 0; i < n && i < REVIEW_SHOW; i++)
		print_item(f, buf[i].it, c);
	if (n > REVIEW_SHOW)
		fprintf(f, "  ... and %zu more (--json lists them all)\n",
		    n - REVIEW_SHOW);
}

void
review_print_summary(struct cmd_ctx *ctx, const struct review *r,
    const struct risk_report *rep)
{
	const struct gitx_diff *d = &rep->diff;
	FILE *f = ctx->ui.out;
	struct ranked *buf;
	int c;

	fprintf(f, "%s", ui_bold(&ctx->ui, f));
	fputs("sandbox branch '", f);
	ui_safe_fputs(f, r->sb->name);
	fputs("' against '", f);
	ui_safe_fputs(f, r->base);
	fprintf(f, "'%s", ui_reset(&ctx->ui, f));
	if (d->merge_base[0] != '\0')
		fprintf(f, " (merge base %.7s)", d->merge_base);
	fprintf(f, "\n%zu file%s changed: %zu added, %zu modified, "
	    "%zu deleted\n", d->n, d->n == 1 ? "" : "s", d->added,
	    d->modified, d->deleted);
	verify_print_line(f, r->repo, d->tip[0] != '\0' ? d->tip :
	    r->sb->oid, "");
	if (rep->n == 0)
		fputs("nothing flagged\n", f);
	buf = rep->n > 0 ? xcalloc(rep->n, sizeof(*buf)) : NULL;
	for (c = 0; c < RISK_NCATS; c++)
		print_cat(ctx, rep, c, buf);
	free(buf);
	if (rep->ignored > 0)
		fprintf(f, "%zu path%s left out by REVIEW_RULES ignore lines\n",
		    rep->ignored, rep->ignored == 1 ? "" : "s");
	if (rep->unscanned > 0)
		fprintf(f, "%zu text file%s over 1 MiB not scanned for secrets "
		    "or network endpoints (listed as large)\n", rep->unscanned,
		    rep->unscanned == 1 ? "" : "s");
}
