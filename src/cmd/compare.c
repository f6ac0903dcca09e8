/*
 * compare [BASE]: fetch every sandbox of this repository (helpers/fleet.h)
 * and print one row per sandbox: name, agent, the sandbox branch SBREF,
 * its commits not in BASE, files changed, lines added and removed (what
 * `git diff --shortstat BASE...SBREF` counts), the review categories
 * flagged, the verification of its tip, and the time of its last commit.
 * One `sbx ls`; a sandbox whose fetch fails keeps its row from the last
 * fetch, says why, and makes the exit status 1.
 *
 * --json prints:
 *   {"schema": 1, "repo": REPO, "base": BASE,
 *    "sandboxes": [{"name": s, "agent": s, "status": s,
 *                   "fetched": bool, "error": s or null,
 *                   "branch": s or null, "candidates": [s...],
 *                   "commit": hex or null, "commits": n, "files": n,
 *                   "added": n, "removed": n, "flagged": [key...],
 *                   "verification": s, "last_commit": seconds or null}]}
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/jw.h"
#include "compare.h"
#include "helpers/review.h"
#include "helpers/review_risk.h"

static const struct cmd_opt compare_opts[] = {
	OPT_DECL_NO_START,
	OPT_END
};

struct cmp {
	struct sbx_list		 l;
	struct fleet		 f;
	struct cmp_row		*rows;
	struct git_repository	*repo;
	char			*base;
	struct risk_rules	*rules;
	int			 failed;
};

/* Fetch one sandbox, as the fetch command would; a failure is noted. */
static void
fetch_one(struct cmd_ctx *ctx, struct cmp_row *r)
{
	struct review rv;
	char *cause = NULL;

	if (!r->m->listed) {
		r->error = xstrdup("sbx does not list it; its last fetch is "
		    "shown");
		return;
	}
	memset(&rv, 0, sizeof(rv));
	/* What the fetch prints is per branch: say whose. */
	if (!ctx->sp.dry_run)
		ui_info(&ctx->ui, "fetching sandbox '%s'", r->m->name);
	if (cfg_set_sandbox_name(&ctx->cfg, r->m->name, &cause) < 0 ||
	    review_fetch_known(ctx, &rv, r->m->status, &cause) != 0)
		r->error = cause != NULL ? cause : xstrdup("fetch failed");
	else
		r->fetched = 1;
	review_clear(&rv);
}

static int
cmp_open(struct cmd_ctx *ctx, struct cmp *c)
{
	const char *arg = ctx->args.n > 0 ? ctx->args.v[0] : NULL;
	char *cause = NULL;
	int rc;

	if (!ctx->cfg.repo_found)
		return ae_error(ctx, "'%s' is not inside a git repository; "
		    "run compare in one, or give it with --repo DIR",
		    ctx->cfg.repo_dir);
	if ((rc = review_rules_open(ctx, &c->rules)) != 0)
		return rc;
	if (gitx_open(ctx->cfg.repo_dir, &c->repo, &cause) < 0 ||
	    gitx_resolve_base(c->repo, arg, &c->base, &cause) < 0)
		return ae_cause(ctx, cause);
	if (sbx_ls(&ctx->sp, &c->l, &cause) < 0)
		return ae_sbx(ctx, cause, "run 'code-airlock doctor' to see "
		    "what is wrong with sbx");
	if (fleet_read(ctx->cfg.repo_dir, &c->l, &c->f, &cause) < 0)
		return ae_cause(ctx, cause);
	return 0;
}

static void
cmp_clear(struct cmp *c)
{
	size_t i;

	for (i = 0; c->rows != NULL && i < c->f.n; i++)
		cmp_row_clear(&c->rows[i]);
	free(c->rows);
	fleet_clear(&c->f);
	sbx_list_clear(&c->l);
	risk_rules_free(c->rules);
	free(c->base);
	gitx_close(c->repo);
}

static void
flagged_json(struct jw *jw, unsigned mask)
{
	int k;

	jw_object_inline_begin_array(jw, "flagged");
	for (k = 0; k < RISK_NCATS; k++)
		if (mask & RISK_BIT(k))
			jw_array_string(jw, risk_key((enum risk_cat)k));
	jw_end(jw);
}

static void
row_json(struct jw *jw, const struct cmp_row *r)
{
	size_t i;

	jw_array_inline_begin_object(jw);
	jw_object_string(jw, "name", r->m->name);
	jw_object_string(jw, "agent", r->m->agent);
	jw_object_string(jw, "status", r->m->listed ?
	    sbx_status_name(r->m->status) : "absent");
	jw_object_bool(jw, "fetched", r->fetched);
	jw_object_string(jw, "error", r->error);
	jw_object_string(jw, "branch", r->branch);
	jw_object_inline_begin_array(jw, "candidates");
	for (i = 0; i < r->several.n; i++)
		jw_array_string(jw, r->several.v[i]);
	jw_end(jw);
	jw_object_string(jw, "commit", r->branch ? r->commit : NULL);
	jw_object_uint(jw, "commits", r->commits);
	jw_object_uint(jw, "files", r->stat.files);
	jw_object_uint(jw, "added", r->stat.added);
	jw_object_uint(jw, "removed", r->stat.removed);
	flagged_json(jw, r->flagged);
	jw_object_string(jw, "verification",
	    verification_status_name(r->verification));
	if (r->last > 0)
		jw_object_uint(jw, "last_commit", (uintmax_t)r->last);
	else
		jw_object_null(jw, "last_commit");
	jw_end(jw);
}

static void
print_json(struct cmd_ctx *ctx, const struct cmp *c)
{
	struct jw jw;
	size_t i;

	jw_init(&jw, ctx->ui.out);
	jw_object_begin(&jw);
	jw_object_uint(&jw, "schema", CMD_JSON_SCHEMA);
	jw_object_string(&jw, "repo", ctx->cfg.repo_dir);
	jw_object_string(&jw, "base", c->base);
	jw_object_inline_begin_array(&jw, "sandboxes");
	for (i = 0; i < c->f.n; i++)
		row_json(&jw, &c->rows[i]);
	jw_end(&jw);
	jw_end(&jw);
}

#define NCOL	9

/* "build, ci" or "-". */
static char *
flagged_text(unsigned mask)
{
	char *s = xstrdup(""), *t;
	int k;

	for (k = 0; k < RISK_NCATS; k++) {
		if (!(mask & RISK_BIT(k)))
			continue;
		t = s;
		s = xasprintf("%s%s%s", t, *t ? "," : "",
		    risk_key((enum risk_cat)k));
		free(t);
	}
	if (*s == '\0') {
		free(s);
		s = xstrdup("-");
	}
	return s;
}

static void
row_cells(struct strvec *cells, const struct cmp_row *r)
{
	char when[32], *fl;
	time_t t = (time_t)r->last;
	struct tm tm;

	strvec_push(cells, r->m->name);
	strvec_push(cells, *r->m->agent ? r->m->agent : "-");
	if (r->branch != NULL)
		strvec_push(cells, r->branch);
	else if (r->several.n > 0)
		strvec_pushf(cells, "(%zu branches)", r->several.n);
	else
		strvec_push(cells, "-");
	strvec_pushf(cells, "%zu", r->commits);
	strvec_pushf(cells, "%zu", r->stat.files);
	strvec_pushf(cells, "+%zu -%zu", r->stat.added, r->stat.removed);
	fl = flagged_text(r->branch ? r->flagged : 0);
	strvec_push(cells, fl);
	free(fl);
	strvec_push(cells, r->branch && r->verification != VERIFY_NONE ?
	    verification_status_name(r->verification) : "-");
	if (r->last > 0 && localtime_r(&t, &tm) != NULL) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		strvec_push(cells, when);
	} else
		strvec_push(cells, "-");
}

static void
print_table(struct cmd_ctx *ctx, const struct cmp *c)
{
	static const char *const head[NCOL] = { "NAME", "AGENT", "BRANCH",
		"COMMITS", "FILES", "LINES", "FLAGGED", "VERIFIED",
		"LAST COMMIT" };
	struct strvec cells = STRVEC_INIT;
	size_t i, k, w[NCOL];
	char *s;

	for (k = 0; k < NCOL; k++)
		strvec_push(&cells, head[k]);
	for (i = 0; i < c->f.n; i++)
		row_cells(&cells, &c->rows[i]);
	/* Names and branches are sbx's and the agent's: escaped. */
	for (i = NCOL; i < cells.n; i++) {
		s = ui_safe(cells.v[i], strlen(cells.v[i]));
		free(cells.v[i]);
		cells.v[i] = s;
	}
	for (k = 0; k < NCOL; k++)
		for (w[k] = 0, i = k; i < cells.n; i += NCOL)
			if (strlen(cells.v[i]) > w[k])
				w[k] = strlen(cells.v[i]);
	for (i = 0; i < cells.n; i += NCOL) {
		for (k = 0; k < NCOL - 1; k++)
			fprintf(ctx->ui.out, "%-*s  ", (int)w[k],
			    cells.v[i + k]);
		fprintf(ctx->ui.out, "%s\n", cells.v[i + k]);
	}
	strvec_clear(&cells);
}

/* What a row could not show, once per sandbox, after the table. */
static void
report_rows(struct cmd_ctx *ctx, const struct cmp *c)
{
	const struct cmp_row *r;
	size_t i, j;
	char *list, *t;

	for (i = 0; i < c->f.n; i++) {
		r = &c->rows[i];
		if (r->error != NULL)
			ui_warn(&ctx->ui, "sandbox '%s': %s", r->m->name,
			    r->error);
		if (r->several.n == 0)
			continue;
		list = xstrdup("");
		for (j = 0; j < r->several.n; j++) {
			t = list;
			list = xasprintf("%s%s%s", t, j ? ", " : "",
			    r->several.v[j]);
			free(t);
		}
		ui_warn(&ctx->ui, "sandbox '%s' has several branches with "
		    "commits not in '%s': %s; see 'code-airlock --name %s "
		    "log --branch B'", r->m->name, c->base, list, r->m->name);
		free(list);
	}
}

static int
cmd_compare_exec(struct cmd_ctx *ctx)
{
	struct cmp c;
	char *cause = NULL;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = cmp_open(ctx, &c)) != 0)
		goto done;
	c.rows = xcalloc(c.f.n + 1, sizeof(*c.rows));
	for (i = 0; i < c.f.n; i++) {
		c.rows[i].m = &c.f.v[i];
		fetch_one(ctx, &c.rows[i]);
		c.failed |= !c.rows[i].fetched;
	}
	if (ctx->sp.dry_run)
		goto done;
	/* The fetches wrote through handles of their own: read afresh. */
	gitx_close(c.repo);
	c.repo = NULL;
	if (gitx_open(ctx->cfg.repo_dir, &c.repo, &cause) < 0) {
		rc = ae_cause(ctx, cause);
		goto done;
	}
	for (i = 0; i < c.f.n; i++)
		cmp_read_row(ctx, c.repo, c.base, c.rules, &c.rows[i]);
	if (ctx->json)
		print_json(ctx, &c);
	else if (c.f.n == 0)
		ui_info(&ctx->ui, "no sandbox works on this repository; start "
		    "one with 'code-airlock up'");
	else
		print_table(ctx, &c);
	report_rows(ctx, &c);
	rc = c.failed ? 1 : 0;
done:
	cmp_clear(&c);
	return rc;
}

const struct cmd_entry cmd_compare_entry = {
	.name = "compare",
	.usage = "[BASE]",
	.summary = "fetch this repository's sandboxes and compare their work",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = compare_opts,
	.exec = cmd_compare_exec,
};
