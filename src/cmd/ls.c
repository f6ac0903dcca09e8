/*
 * ls: every sandbox sbx knows, from `sbx ls --json` only (no side effects:
 * listing never boots a VM), with this repository's sandboxes marked
 * (helpers/fleet.h: its workspace is REPO, or REPO has its sandbox-NAME
 * remote).  With --repo (DIR optional), only those, each with what the
 * last fetch brought (ls_repo.c).  Names, agents and paths come from sbx
 * and are printed terminal-safe.
 *
 * --json prints:
 *   {"repo": REPO or null, "sandbox": SANDBOX_NAME,
 *    "sandboxes": [{"name": s, "agent": s,
 *                   "status": "running"|"stopped"|"unknown",
 *                   "status_text": s (as sbx printed it),
 *                   "workspaces": [s...], "current": bool}]}
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "base/jw.h"
#include "helpers/cmd.h"
#include "ls.h"
#include "helpers/fleet.h"
#include "services/sbx/sbx.h"

const char *
ls_status_word(enum sbx_status st, int listed)
{
	if (!listed)
		return "absent";
	return st == SBX_ABSENT ? "unknown" : sbx_status_name(st);
}

/* Is b this repository's? */
static int
is_current(const struct fleet *f, const struct sbx_box *b)
{
	return fleet_find(f, b->name) != NULL;
}

static void
print_json(struct cmd_ctx *ctx, const struct sbx_list *l,
    const struct fleet *f)
{
	const struct sbx_box *b;
	struct jw jw;
	size_t i, j;

	jw_init(&jw, ctx->ui.out);
	jw_object_begin(&jw);
	jw_object_string(&jw, "repo", ctx->cfg.repo_found ?
	    ctx->cfg.repo_dir : NULL);
	jw_object_string(&jw, "sandbox", ctx->cfg.sandbox_name);
	jw_object_inline_begin_array(&jw, "sandboxes");
	for (i = 0; i < l->n; i++) {
		b = &l->boxes[i];
		jw_array_inline_begin_object(&jw);
		jw_object_string(&jw, "name", b->name);
		jw_object_string(&jw, "agent", b->agent);
		jw_object_string(&jw, "status", ls_status_word(b->status, 1));
		jw_object_string(&jw, "status_text", b->status_text);
		jw_object_inline_begin_array(&jw, "workspaces");
		for (j = 0; j < b->workspaces.n; j++)
			jw_array_string(&jw, b->workspaces.v[j]);
		jw_end(&jw);
		jw_object_bool(&jw, "current", is_current(f, b));
		jw_end(&jw);
	}
	jw_end(&jw);
	jw_end(&jw);
}

/* The workspaces, terminal-safe, joined with ", "; "-" for none. */
static char *
join_safe(const struct strvec *v)
{
	char *all = xstrdup(v->n ? "" : "-"), *one, *tmp;
	size_t i;

	for (i = 0; i < v->n; i++) {
		one = ui_safe(v->v[i], strlen(v->v[i]));
		tmp = all;
		all = xasprintf("%s%s%s", tmp, i ? ", " : "", one);
		free(tmp);
		free(one);
	}
	return all;
}

/* One terminal-safe cell per column. */
struct row {
	char	*cell[4];
};

static void
print_table(struct cmd_ctx *ctx, const struct sbx_list *l,
    const struct fleet *f, int *marked)
{
	static const char *const head[4] = {
		"NAME", "AGENT", "STATUS", "WORKSPACE"
	};
	struct row *rows = xcalloc(l->n + 1, sizeof(*rows));
	const struct sbx_box *b;
	size_t i, c, w[4];
	char *ws;

	for (c = 0; c < 4; c++)
		w[c] = strlen(head[c]);
	for (i = 0; i < l->n; i++) {
		b = &l->boxes[i];
		ws = join_safe(&b->workspaces);
		rows[i].cell[0] = ui_safe(b->name, strlen(b->name));
		rows[i].cell[1] = ui_safe(*b->agent ? b->agent : "-",
		    *b->agent ? strlen(b->agent) : 1);
		rows[i].cell[2] = ui_safe(*b->status_text ? b->status_text :
		    "-", *b->status_text ? strlen(b->status_text) : 1);
		rows[i].cell[3] = ws;
		for (c = 0; c < 4; c++)
			if (strlen(rows[i].cell[c]) > w[c])
				w[c] = strlen(rows[i].cell[c]);
	}
	fprintf(ctx->ui.out, "  %-*s  %-*s  %-*s  %s\n", (int)w[0], head[0],
	    (int)w[1], head[1], (int)w[2], head[2], head[3]);
	for (i = 0; i < l->n; i++) {
		int cur = is_current(f, &l->boxes[i]);

		*marked |= cur;
		fprintf(ctx->ui.out, "%s %-*s  %-*s  %-*s  %s\n",
		    cur ? "*" : " ", (int)w[0], rows[i].cell[0], (int)w[1],
		    rows[i].cell[1], (int)w[2], rows[i].cell[2],
		    rows[i].cell[3]);
		for (c = 0; c < 4; c++)
			free(rows[i].cell[c]);
	}
	free(rows);
}

/* This repository's sandboxes, to mark; none outside a repository. */
static void
read_fleet(struct cmd_ctx *ctx, const struct sbx_list *l, struct fleet *f)
{
	char *cause = NULL;

	if (ctx->cfg.repo_found && fleet_read(ctx->cfg.repo_dir, l, f,
	    &cause) < 0)
		ae_warn_cause(ctx, cause);
}

static int
cmd_ls_exec(struct cmd_ctx *ctx)
{
	struct fleet f = FLEET_INIT;
	struct sbx_list l;
	char *cause = NULL;
	int marked = 0, rc = 0;

	if (sbx_ls(&ctx->sp, &l, &cause) < 0)
		return ae_sbx(ctx, cause, "run 'code-airlock doctor' to see "
		    "what is wrong with sbx");
	if (cmd_opt_isset(ctx, OPT_REPO))
		rc = ls_repo(ctx, &l);
	else {
		read_fleet(ctx, &l, &f);
		if (ctx->json)
			print_json(ctx, &l, &f);
		else if (l.n == 0)
			ui_info(&ctx->ui, "no sandboxes; start one with "
			    "'code-airlock up'");
		else
			print_table(ctx, &l, &f, &marked);
		if (!ctx->json && l.n > 0 && marked)
			ui_info(&ctx->ui, "* marks this repository's "
			    "sandboxes; 'code-airlock ls --repo' shows what "
			    "they did");
		else if (!ctx->json && l.n > 0 && ctx->cfg.repo_found)
			ui_info(&ctx->ui, "no sandbox works on this "
			    "repository yet");
	}
	fleet_clear(&f);
	sbx_list_clear(&l);
	return rc;
}

const struct cmd_entry cmd_ls_entry = {
	.name = "ls",
	.usage = "",
	.summary = "list sandboxes (--repo: this repo's, and their work)",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON | CMD_REPO_OPTIONAL,
	.opts = NULL,
	.exec = cmd_ls_exec,
};
