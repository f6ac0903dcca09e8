/*
 * The review risk summary, as text or JSON: counts of files changed, added
 * and deleted, then the flagged files by kind (SPEC §4 review).  Paths and
 * symlink targets come from the agent and are printed terminal-safe.
 */
#include <stdio.h>
#include <string.h>

#include "helpers/review.h"

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
print_kind(struct cmd_ctx *ctx, const struct gitx_changes *cs, unsigned bit)
{
	FILE *f = ctx->ui.out;
	const struct gitx_change *c;
	const char *note;
	size_t i, n = 0;

	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (!(c->risk & bit))
			continue;
		if (n++ == 0)
			fprintf(f, "%s%s:%s\n", ui_yellow(&ctx->ui, f),
			    gitx_risk_label(bit), ui_reset(&ctx->ui, f));
		fprintf(f, "  %c  ", c->status);
		ui_safe_fputs(f, c->path);
		if (bit == GITX_RISK_SYMLINK && c->target != NULL) {
			fputs(" -> ", f);
			ui_safe_fputs(f, c->target);
			if ((note = link_note(c->path, c->target)) != NULL)
				fprintf(f, "  (%s)", note);
		}
		if (bit == GITX_RISK_LARGE)
			fprintf(f, "  (%.1f MiB)", (double)c->size /
			    (1024.0 * 1024.0));
		fputc('\n', f);
	}
}

void
review_print_summary(struct cmd_ctx *ctx, const struct review *r,
    const struct gitx_changes *cs)
{
	FILE *f = ctx->ui.out;
	unsigned bit;

	fprintf(f, "%s", ui_bold(&ctx->ui, f));
	fputs("sandbox branch '", f);
	ui_safe_fputs(f, r->sb->name);
	fputs("' against '", f);
	ui_safe_fputs(f, r->base);
	fprintf(f, "'%s", ui_reset(&ctx->ui, f));
	if (cs->merge_base[0] != '\0')
		fprintf(f, " (merge base %.7s)", cs->merge_base);
	fprintf(f, "\n%zu file%s changed: %zu added, %zu modified, "
	    "%zu deleted\n", cs->files, cs->files == 1 ? "" : "s", cs->added,
	    cs->modified, cs->deleted);
	if (cs->n == 0) {
		fputs("nothing flagged\n", f);
		return;
	}
	for (bit = 1; bit < (1u << GITX_RISK_NKINDS); bit <<= 1)
		print_kind(ctx, cs, bit);
}

static void
json_kind(FILE *f, const struct gitx_changes *cs, unsigned bit)
{
	const struct gitx_change *c;
	size_t i, n = 0;

	fprintf(f, "\"%s\":[", gitx_risk_key(bit));
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (!(c->risk & bit))
			continue;
		fprintf(f, "%s{\"path\":", n++ ? "," : "");
		ui_json_str(f, c->path);
		fprintf(f, ",\"status\":\"%c\"", c->status);
		if (bit == GITX_RISK_SYMLINK && c->target != NULL) {
			fputs(",\"target\":", f);
			ui_json_str(f, c->target);
		}
		if (bit == GITX_RISK_LARGE || bit == GITX_RISK_BINARY)
			fprintf(f, ",\"size\":%llu", c->size);
		fputc('}', f);
	}
	fputc(']', f);
}

void
review_json_head(FILE *f, const struct review *r)
{
	fputs("{\"base\":", f);
	ui_json_str(f, r->base);
	fputs(",\"branch\":", f);
	if (r->sb != NULL) {
		ui_json_str(f, r->sb->name);
		fputs(",\"ref\":", f);
		ui_json_str(f, r->sb->ref);
	} else
		fputs("null,\"ref\":null", f);
}

void
review_print_json(struct cmd_ctx *ctx, const struct review *r,
    const struct gitx_changes *cs)
{
	FILE *f = ctx->ui.out;
	unsigned bit;

	review_json_head(f, r);
	if (cs->merge_base[0] != '\0')
		fprintf(f, ",\"merge_base\":\"%s\"", cs->merge_base);
	else
		fputs(",\"merge_base\":null", f);
	fprintf(f, ",\"files\":%zu,\"added\":%zu,\"modified\":%zu,"
	    "\"deleted\":%zu,\"flagged\":{", cs->files, cs->added,
	    cs->modified, cs->deleted);
	for (bit = 1; bit < (1u << GITX_RISK_NKINDS); bit <<= 1) {
		if (bit != 1)
			fputc(',', f);
		json_kind(f, cs, bit);
	}
	fputs("}}\n", f);
}
