/*
 * The review risk summary, as text or JSON: counts of files changed, added
 * and deleted, then the flagged files by kind (SPEC §4 review).  Paths and
 * symlink targets come from the agent and are printed terminal-safe.
 */
#include <stdio.h>
#include <string.h>

#include "base/jw.h"
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
json_kind(struct jw *jw, const struct gitx_changes *cs, unsigned bit)
{
	const struct gitx_change *c;
	char status[2] = { 0, 0 };
	size_t i;

	jw_object_inline_begin_array(jw, gitx_risk_key(bit));
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		if (!(c->risk & bit))
			continue;
		jw_array_inline_begin_object(jw);
		jw_object_string(jw, "path", c->path);
		status[0] = c->status;
		jw_object_string(jw, "status", status);
		if (bit == GITX_RISK_SYMLINK && c->target != NULL)
			jw_object_string(jw, "target", c->target);
		if (bit == GITX_RISK_LARGE || bit == GITX_RISK_BINARY)
			jw_object_uint(jw, "size", c->size);
		jw_end(jw);
	}
	jw_end(jw);
}

void
review_json_head(struct jw *jw, const struct review *r)
{
	jw_object_begin(jw);
	jw_object_string(jw, "base", r->base);
	jw_object_string(jw, "branch", r->sb != NULL ? r->sb->name : NULL);
	jw_object_string(jw, "ref", r->sb != NULL ? r->sb->ref : NULL);
}

void
review_print_json(struct cmd_ctx *ctx, const struct review *r,
    const struct gitx_changes *cs)
{
	struct jw jw;
	unsigned bit;

	jw_init(&jw, ctx->ui.out);
	review_json_head(&jw, r);
	jw_object_string(&jw, "merge_base", cs->merge_base[0] != '\0' ?
	    cs->merge_base : NULL);
	jw_object_uint(&jw, "files", cs->files);
	jw_object_uint(&jw, "added", cs->added);
	jw_object_uint(&jw, "modified", cs->modified);
	jw_object_uint(&jw, "deleted", cs->deleted);
	jw_object_inline_begin_object(&jw, "flagged");
	for (bit = 1; bit < (1u << GITX_RISK_NKINDS); bit <<= 1)
		json_kind(&jw, cs, bit);
	jw_end(&jw);
	jw_end(&jw);
}
