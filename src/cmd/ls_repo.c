/*
 * ls --repo: this repository's sandboxes only (helpers/fleet.h decides
 * which), each with its agent, state, the sandbox branches with commits
 * not in BASE (the current branch) as the last fetch left them, the
 * verification of each tip, and when it was last fetched.  Nothing here
 * touches the network or asks sbx anything beyond the caller's one
 * `sbx ls`.
 *
 * --json prints:
 *   {"schema": 1, "repo": REPO, "sandbox": SANDBOX_NAME,
 *    "base": BASE or null,
 *    "sandboxes": [{"name": s, "agent": s, "status": s,
 *                   "status_text": s, "workspaces": [s...],
 *                   "current": true, "listed": bool,
 *                   "fetched": seconds or null,
 *                   "branches": [{"name": s, "commit": hex,
 *                                 "ahead": n or null,
 *                                 "verification": s}]}]}
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/jw.h"
#include "ls.h"
#include "helpers/fleet.h"
#include "helpers/verification.h"
#include "services/git/gitx.h"

struct row {
	const struct fleet_box	*m;
	const struct sbx_box	*b;	/* sbx's entry, or NULL */
	struct gitx_branches	 brs;	/* with new commits */
	enum verify_status	*ver;	/* one per branch */
	long long		 fetched;	/* 0: never recorded */
};

struct view {
	struct git_repository	*repo;
	char			*base;	/* NULL: HEAD detached or unborn */
	struct fleet		 f;
	struct row		*rows;
};

/* Drop the branches with nothing new (when they were counted). */
static void
keep_new(struct gitx_branches *brs)
{
	size_t i, n = 0;

	for (i = 0; i < brs->n; i++) {
		if (brs->v[i].ahead == 0) {
			free(brs->v[i].name);
			free(brs->v[i].ref);
			continue;
		}
		brs->v[n++] = brs->v[i];
	}
	brs->n = n;
}

static void
read_row(struct cmd_ctx *ctx, struct view *vw, struct row *r)
{
	struct verification v = VERIFICATION_INIT;
	char *remote = gitx_remote_of(r->m->name), *cause = NULL;
	size_t i;
	int rc;

	rc = vw->base != NULL ?
	    gitx_sandbox_branches(vw->repo, remote, vw->base, &r->brs,
	    &cause) : gitx_sandbox_refs(vw->repo, remote, &r->brs, &cause);
	if (rc < 0)
		ae_warn_cause(ctx, cause);
	keep_new(&r->brs);
	r->ver = xcalloc(r->brs.n + 1, sizeof(*r->ver));
	for (i = 0; i < r->brs.n; i++) {
		cause = NULL;
		if (verification_read(vw->repo, r->brs.v[i].oid, &v,
		    &cause) == -1)
			free(cause);
		r->ver[i] = v.status;
		verification_clear(&v);
	}
	cause = NULL;
	if (gitx_fetched_get(vw->repo, r->m->name, &r->fetched, &cause) == -1)
		ae_warn_cause(ctx, cause);
	free(remote);
}

static int
view_read(struct cmd_ctx *ctx, const struct sbx_list *l, struct view *vw)
{
	char *cause = NULL, *why = NULL;
	size_t i;

	if (fleet_read(ctx->cfg.repo_dir, l, &vw->f, &cause) < 0 ||
	    gitx_open(ctx->cfg.repo_dir, &vw->repo, &cause) < 0)
		return ae_cause(ctx, cause);
	/* Without a current branch there is nothing to count against. */
	if (gitx_resolve_base(vw->repo, NULL, &vw->base, &why) < 0)
		free(why);
	vw->rows = xcalloc(vw->f.n + 1, sizeof(*vw->rows));
	for (i = 0; i < vw->f.n; i++) {
		vw->rows[i].m = &vw->f.v[i];
		vw->rows[i].b = sbx_list_find(l, vw->f.v[i].name);
		read_row(ctx, vw, &vw->rows[i]);
	}
	return 0;
}

static void
view_clear(struct view *vw)
{
	size_t i;

	for (i = 0; vw->rows != NULL && i < vw->f.n; i++) {
		gitx_branches_clear(&vw->rows[i].brs);
		free(vw->rows[i].ver);
	}
	free(vw->rows);
	fleet_clear(&vw->f);
	free(vw->base);
	gitx_close(vw->repo);
}

static void
json_row(struct jw *jw, const struct row *r)
{
	size_t i;

	jw_array_inline_begin_object(jw);
	jw_object_string(jw, "name", r->m->name);
	jw_object_string(jw, "agent", r->m->agent);
	jw_object_string(jw, "status", ls_status_word(r->m->status,
	    r->m->listed));
	jw_object_string(jw, "status_text", r->m->status_text);
	jw_object_inline_begin_array(jw, "workspaces");
	for (i = 0; r->b != NULL && i < r->b->workspaces.n; i++)
		jw_array_string(jw, r->b->workspaces.v[i]);
	jw_end(jw);
	jw_object_bool(jw, "current", 1);
	jw_object_bool(jw, "listed", r->m->listed);
	if (r->fetched > 0)
		jw_object_uint(jw, "fetched", (uintmax_t)r->fetched);
	else
		jw_object_null(jw, "fetched");
	jw_object_inline_begin_array(jw, "branches");
	for (i = 0; i < r->brs.n; i++) {
		jw_array_inline_begin_object(jw);
		jw_object_string(jw, "name", r->brs.v[i].name);
		jw_object_string(jw, "commit", r->brs.v[i].oid);
		if (r->brs.v[i].ahead == GITX_AHEAD_UNKNOWN)
			jw_object_null(jw, "ahead");
		else
			jw_object_uint(jw, "ahead", r->brs.v[i].ahead);
		jw_object_string(jw, "verification",
		    verification_status_name(r->ver[i]));
		jw_end(jw);
	}
	jw_end(jw);
	jw_end(jw);
}

static void
print_json(struct cmd_ctx *ctx, const struct view *vw)
{
	struct jw jw;
	size_t i;

	jw_init(&jw, ctx->ui.out);
	jw_object_begin(&jw);
	jw_object_uint(&jw, "schema", CMD_JSON_SCHEMA);
	jw_object_string(&jw, "repo", ctx->cfg.repo_dir);
	jw_object_string(&jw, "sandbox", ctx->cfg.sandbox_name);
	jw_object_string(&jw, "base", vw->base);
	jw_object_inline_begin_array(&jw, "sandboxes");
	for (i = 0; i < vw->f.n; i++)
		json_row(&jw, &vw->rows[i]);
	jw_end(&jw);
	jw_end(&jw);
}

#define NCOL	7

static char *
safe(const char *s)
{
	return ui_safe(*s != '\0' ? s : "-", *s != '\0' ? strlen(s) : 1);
}

/* "YYYY-MM-DD HH:MM" in local time, or "never". */
static char *
when(long long t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL)
		return xstrdup("never");
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	return xstrdup(buf);
}

/* One line per branch with new commits (one with "-" when none). */
static void
add_lines(struct strvec *cells, const struct row *r)
{
	size_t i = 0;

	do {
		const struct gitx_branch *br = i < r->brs.n ?
		    &r->brs.v[i] : NULL;

		strvec_push(cells, i ? "" : r->m->name);
		strvec_push(cells, i ? "" : (*r->m->agent ? r->m->agent :
		    "-"));
		strvec_push(cells, i ? "" : ls_status_word(r->m->status,
		    r->m->listed));
		strvec_push(cells, br ? br->name : "-");
		if (br == NULL || br->ahead == GITX_AHEAD_UNKNOWN)
			strvec_push(cells, br ? "?" : "-");
		else
			strvec_pushf(cells, "%zu", br->ahead);
		strvec_push(cells, br && r->ver[i] != VERIFY_NONE ?
		    verification_status_name(r->ver[i]) : "-");
		strvec_push(cells, "");
		if (i == 0) {
			free(cells->v[cells->n - 1]);
			cells->v[cells->n - 1] = when(r->fetched);
		}
	} while (++i < r->brs.n);
}

static void
print_table(struct cmd_ctx *ctx, const struct view *vw)
{
	static const char *const head[NCOL] = { "NAME", "AGENT", "STATUS",
		"BRANCH", "AHEAD", "VERIFIED", "FETCHED" };
	struct strvec cells = STRVEC_INIT;
	size_t i, c, w[NCOL];
	char *s;

	for (c = 0; c < NCOL; c++)
		strvec_push(&cells, head[c]);
	for (i = 0; i < vw->f.n; i++)
		add_lines(&cells, &vw->rows[i]);
	/* Names and branches are sbx's and the agent's: escaped. */
	for (i = NCOL; i < cells.n; i++) {
		s = safe(cells.v[i]);
		free(cells.v[i]);
		cells.v[i] = s;
	}
	for (c = 0; c < NCOL; c++)
		for (w[c] = 0, i = c; i < cells.n; i += NCOL)
			if (strlen(cells.v[i]) > w[c])
				w[c] = strlen(cells.v[i]);
	for (i = 0; i < cells.n; i += NCOL) {
		for (c = 0; c < NCOL - 1; c++)
			fprintf(ctx->ui.out, "%-*s  ", (int)w[c],
			    cells.v[i + c]);
		fprintf(ctx->ui.out, "%s\n", cells.v[i + c]);
	}
	strvec_clear(&cells);
}

int
ls_repo(struct cmd_ctx *ctx, const struct sbx_list *l)
{
	struct view vw;
	int rc;

	memset(&vw, 0, sizeof(vw));
	if (!ctx->cfg.repo_found) {
		return ae_usage(ctx, "'%s' is not inside a git repository; "
		    "run 'ls --repo' in one, or give it with --repo DIR",
		    ctx->cfg.repo_dir);
	}
	if ((rc = view_read(ctx, l, &vw)) == 0) {
		if (ctx->json)
			print_json(ctx, &vw);
		else if (vw.f.n == 0)
			ui_info(&ctx->ui, "no sandbox works on this "
			    "repository; start one with 'code-airlock up'");
		else {
			print_table(ctx, &vw);
			if (vw.base == NULL)
				ui_info(&ctx->ui, "HEAD is not on a branch: "
				    "new commits are not counted");
		}
	}
	view_clear(&vw);
	return rc;
}
