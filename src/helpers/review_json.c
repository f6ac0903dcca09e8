/*
 * The review risk summary as JSON (review --json; docs/json.md documents
 * every member, and a test checks that document against this output).
 * Unlike the text summary it keeps every flagged path; the findings and
 * dependencies of one path stay bounded as the risk report keeps them.
 */
#include "base/jw.h"
#include "helpers/review.h"
#include "helpers/verify.h"
#include "helpers/review_risk.h"

static void
json_finds(struct jw *jw, const char *name, const struct risk_finds *fs)
{
	size_t i;

	jw_object_inline_begin_array(jw, name);
	for (i = 0; i < fs->n; i++) {
		jw_array_inline_begin_object(jw);
		if (fs->v[i].host != NULL)
			jw_object_string(jw, "host", fs->v[i].host);
		else
			jw_object_string(jw, "kind", fs->v[i].kind);
		jw_object_uint(jw, "line", fs->v[i].line);
		jw_end(jw);
	}
	jw_end(jw);
	jw_object_uint(jw, "more", fs->more);
}

static void
json_deps(struct jw *jw, const struct risk_deps *ds)
{
	size_t i;

	jw_object_inline_begin_array(jw, "changes");
	for (i = 0; i < ds->n; i++) {
		jw_array_inline_begin_object(jw);
		jw_object_string(jw, "name", ds->v[i].name);
		jw_object_string(jw, "old", ds->v[i].old);
		jw_object_string(jw, "new", ds->v[i].new);
		jw_end(jw);
	}
	jw_end(jw);
	jw_object_uint(jw, "more", ds->more);
	jw_object_bool(jw, "unread", ds->unread);
}

static void
json_item(struct jw *jw, const struct risk_item *it, enum risk_cat c)
{
	char status[2] = { it->d->status, '\0' };

	jw_array_inline_begin_object(jw);
	jw_object_string(jw, "path", it->d->path);
	jw_object_string(jw, "status", status);
	if (c == RISK_SYMLINK)
		jw_object_string(jw, "target", it->target);
	else if (c == RISK_LARGE || c == RISK_BINARY)
		jw_object_uint(jw, "size", it->size);
	else if (c == RISK_SECRETS)
		json_finds(jw, "findings", &it->secrets);
	else if (c == RISK_NETWORK)
		json_finds(jw, "hosts", &it->hosts);
	else if (c == RISK_DEPS)
		json_deps(jw, &it->deps);
	if (it->rule[c] != NULL)
		jw_object_string(jw, "rule", it->rule[c]);
	jw_end(jw);
}

void
review_json_head(struct jw *jw, const struct review *r)
{
	jw_object_begin(jw);
	jw_object_uint(jw, "schema", CMD_JSON_SCHEMA);
	jw_object_string(jw, "base", r->base);
	jw_object_string(jw, "branch", r->sb != NULL ? r->sb->name : NULL);
	jw_object_string(jw, "ref", r->sb != NULL ? r->sb->ref : NULL);
}

void
review_print_json(struct cmd_ctx *ctx, const struct review *r,
    const struct risk_report *rep)
{
	const struct gitx_diff *d = &rep->diff;
	struct jw jw;
	size_t i;
	int c;

	jw_init(&jw, ctx->ui.out);
	review_json_head(&jw, r);
	/* What is known of the tip itself goes with its id. */
	jw_object_string(&jw, "tip", d->tip[0] != '\0' ? d->tip : NULL);
	jw_object_string(&jw, "merge_base", d->merge_base[0] != '\0' ?
	    d->merge_base : NULL);
	jw_object_uint(&jw, "files", d->n);
	jw_object_uint(&jw, "added", d->added);
	jw_object_uint(&jw, "modified", d->modified);
	jw_object_uint(&jw, "deleted", d->deleted);
	jw_object_inline_begin_object(&jw, "flagged");
	for (c = 0; c < RISK_NCATS; c++) {
		jw_object_inline_begin_array(&jw, risk_key(c));
		for (i = 0; i < rep->n; i++)
			if (rep->v[i].cats & RISK_BIT(c))
				json_item(&jw, &rep->v[i], c);
		jw_end(&jw);
	}
	jw_end(&jw);
	jw_object_uint(&jw, "ignored", rep->ignored);
	jw_object_uint(&jw, "unscanned", rep->unscanned);
	if (d->tip[0] != '\0')
		verify_json_member(&jw, r->repo, d->tip);
	else
		jw_object_null(&jw, "verification");
	jw_end(&jw);
}
