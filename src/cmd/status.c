/*
 * status: what code-airlock knows about this repo's sandbox, without
 * changing anything: the repo, the sandbox name and agent, whether sbx
 * lists it as running, stopped or absent (`sbx ls --json` only; `sbx exec`
 * would boot a stopped VM), the sandbox remote's URL, the sandbox branches
 * of the last fetch that hold commits not on BASE, and the tmux session.
 * Exits 0 whatever the sandbox's state; when sbx itself fails, the state
 * is "unknown", a warning says why, and the rest is still shown.
 *
 * --json prints (docs/json.md):
 *   {"schema": 1, "repo": s|null, "sandbox": s, "agent": s,
 *    "state": "running"|"stopped"|"absent"|"unknown",
 *    "sbx_error": s|null,
 *    "remote": {"name": "sandbox-NAME", "url": s|null},
 *    "base": s|null,
 *    "branches": [{"name": s, "ref": s, "commit": hex, "ahead": n,
 *                  "verification": {...}}],
 *    "tmux": {"session": s, "state": "running"|"absent"|"unknown"}}
 * "branches" lists every fetched sandbox branch; "ahead" counts its
 * commits not in BASE (0 when BASE is unknown), "verification" what
 * `verify` recorded on exactly that commit (helpers/verify_gate.c).
 */
#include <stdlib.h>
#include <string.h>

#include "base/jw.h"
#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "helpers/verify.h"
#include "services/git/gitx.h"
#include "services/sbx/sbx.h"
#include "services/tmux/tmux.h"

struct status {
	enum sbx_status		 state;
	char			*sbx_error;
	char			*agent;
	char			*remote;
	char			*url;
	char			*base;
	char			*base_error;
	struct gitx_branches	 brs;
	struct git_repository	*repo;		/* open while it is read */
	int			 tmux;		/* 1, 0, -1 unknown */
};

static void
read_sbx(struct cmd_ctx *ctx, struct status *s)
{
	struct sbx_list l;
	const struct sbx_box *b;

	s->agent = xstrdup(ctx->cfg.agent);
	if (cmd_sbx_ls(ctx, &l, &s->sbx_error) < 0) {
		s->state = SBX_UNKNOWN;
		return;
	}
	if ((b = sbx_list_find(&l, ctx->cfg.sandbox_name)) != NULL) {
		/* A listed status we do not know still means it exists. */
		s->state = b->status;
		if (*b->agent != '\0') {
			free(s->agent);
			s->agent = xstrdup(b->agent);
		}
	}
	sbx_list_clear(&l);
}

/* Remote URL and branches; 0, or 1 after reporting a bad BASE argument. */
static int
read_repo(struct cmd_ctx *ctx, struct status *s, const char *base_arg)
{
	struct git_repository *repo = NULL;
	char *cause = NULL;
	int rc = 0;

	s->remote = gitx_remote_of(ctx->cfg.sandbox_name);
	if (!ctx->cfg.repo_found)
		return 0;
	if (gitx_open(ctx->cfg.repo_dir, &repo, &cause) < 0) {
		ae_warn_cause(ctx, cause);
		return 0;
	}
	/* No remote yet is an answer: the sandbox was never created. */
	rc = gitx_remote_url(repo, s->remote, &s->url, &cause);
	if (rc < 0 && rc != GITX_ENOTFOUND)
		ae_warn_cause(ctx, cause);
	rc = 0;
	if (gitx_resolve_base(repo, base_arg, &s->base, &s->base_error) < 0) {
		if (base_arg != NULL)
			rc = ae_error(ctx, "%s", s->base_error);
		goto done;
	}
	if (gitx_sandbox_branches(repo, s->remote, s->base, &s->brs,
	    &cause) < 0) {
		ae_warn_cause(ctx, cause);
	}
done:
	/* Kept for the verification records of the branch tips. */
	s->repo = repo;
	return rc;
}

static void
status_clear(struct status *s)
{
	free(s->sbx_error);
	free(s->agent);
	free(s->remote);
	free(s->url);
	free(s->base);
	free(s->base_error);
	gitx_branches_clear(&s->brs);
	gitx_close(s->repo);
	memset(s, 0, sizeof(*s));
}

static const char *
state_name(const struct status *s)
{
	return sbx_status_name(s->state);
}

static const char *
tmux_name(int st)
{
	return st > 0 ? "running" : st == 0 ? "absent" : "unknown";
}

static void
print_json(struct cmd_ctx *ctx, const struct status *s)
{
	struct jw jw;
	size_t i;

	jw_init(&jw, ctx->ui.out);
	jw_object_begin(&jw);
	jw_object_uint(&jw, "schema", CMD_JSON_SCHEMA);
	jw_object_string(&jw, "repo", ctx->cfg.repo_found ?
	    ctx->cfg.repo_dir : NULL);
	jw_object_string(&jw, "sandbox", ctx->cfg.sandbox_name);
	jw_object_string(&jw, "agent", s->agent);
	jw_object_string(&jw, "state", state_name(s));
	jw_object_string(&jw, "sbx_error", s->sbx_error);
	jw_object_inline_begin_object(&jw, "remote");
	jw_object_string(&jw, "name", s->remote);
	jw_object_string(&jw, "url", s->url);
	jw_end(&jw);
	jw_object_string(&jw, "base", s->base);
	jw_object_inline_begin_array(&jw, "branches");
	for (i = 0; i < s->brs.n; i++) {
		jw_array_inline_begin_object(&jw);
		jw_object_string(&jw, "name", s->brs.v[i].name);
		jw_object_string(&jw, "ref", s->brs.v[i].ref);
		jw_object_string(&jw, "commit", s->brs.v[i].oid);
		jw_object_uint(&jw, "ahead", s->brs.v[i].ahead);
		verify_json_member(&jw, s->repo, s->brs.v[i].oid);
		jw_end(&jw);
	}
	jw_end(&jw);
	jw_object_inline_begin_object(&jw, "tmux");
	jw_object_string(&jw, "session", ctx->cfg.tmux_session);
	jw_object_string(&jw, "state", tmux_name(s->tmux));
	jw_end(&jw);
	jw_end(&jw);
}

static void
print_branches(struct cmd_ctx *ctx, const struct status *s)
{
	FILE *f = ctx->ui.out;
	size_t i, shown = 0;
	char *name, *base;

	if (s->base == NULL) {
		fputs("branches: not compared (", f);
		ui_safe_fputs(f, s->base_error ? s->base_error :
		    "not a git repository");
		fputs(")\n", f);
		return;
	}
	base = ui_safe(s->base, strlen(s->base));
	for (i = 0; i < s->brs.n; i++) {
		if (s->brs.v[i].ahead == 0)
			continue;
		name = ui_safe(s->brs.v[i].name, strlen(s->brs.v[i].name));
		fprintf(f, "%s%s: %zu commit%s not on %s\n", shown ?
		    "          " : "branches: ", name, s->brs.v[i].ahead,
		    s->brs.v[i].ahead == 1 ? "" : "s", base);
		verify_print_line(f, s->repo, s->brs.v[i].oid, "            ");
		free(name);
		shown++;
	}
	if (shown == 0)
		fprintf(f, "branches: nothing new for %s in the last fetch "
		    "(%zu sandbox branch%s fetched)\n", base, s->brs.n,
		    s->brs.n == 1 ? "" : "es");
	free(base);
}

static void
print_text(struct cmd_ctx *ctx, const struct status *s)
{
	FILE *f = ctx->ui.out;
	char *agent = ui_safe(s->agent, strlen(s->agent));
	char *url = s->url ? ui_safe(s->url, strlen(s->url)) : NULL;

	/* A repo path may hold any byte but '/' and NUL. */
	fputs("repo:     ", f);
	ui_safe_fputs(f, ctx->cfg.repo_dir);
	fputs(ctx->cfg.repo_found ? "\n" : " (not a git repository)\n", f);
	fprintf(f, "sandbox:  %s (agent %s)\n", ctx->cfg.sandbox_name, agent);
	fprintf(f, "state:    %s\n", s->state == SBX_UNKNOWN &&
	    s->sbx_error ? "unknown (sbx failed)" : state_name(s));
	if (url != NULL)
		fprintf(f, "remote:   %s %s\n", s->remote, url);
	else
		fprintf(f, "remote:   none (no '%s' remote in this repo)\n",
		    s->remote);
	print_branches(ctx, s);
	fprintf(f, "tmux:     %s (%s)\n", ctx->cfg.tmux_session,
	    tmux_name(s->tmux));
	free(agent);
	free(url);
}

static void
hints(struct cmd_ctx *ctx, const struct status *s)
{
	const char *fix;

	if (s->sbx_error != NULL) {
		ui_warn(&ctx->ui, "sandbox state unknown: %s", s->sbx_error);
		fix = sbx_fix_for(s->sbx_error);
		ui_hint(&ctx->ui, "%s", fix ? fix :
		    "run 'code-airlock doctor'");
	} else if (s->state == SBX_ABSENT)
		ui_info(&ctx->ui, "no sandbox '%s'; start one with "
		    "'code-airlock up'", ctx->cfg.sandbox_name);
	else if (s->state == SBX_STOPPED)
		ui_info(&ctx->ui, "the sandbox is stopped; 'code-airlock up' "
		    "resumes it, 'code-airlock fetch' starts it to fetch");
}

static int
cmd_status_exec(struct cmd_ctx *ctx)
{
	struct status s;
	char *cause = NULL;
	int rc;

	memset(&s, 0, sizeof(s));
	read_sbx(ctx, &s);
	if ((rc = read_repo(ctx, &s, ctx->args.n ? ctx->args.v[0] : NULL))
	    == 0) {
		s.tmux = tmux_session_exists(&ctx->sp, ctx->cfg.tmux_session,
		    &cause);
		free(cause);
		if (ctx->json)
			print_json(ctx, &s);
		else
			print_text(ctx, &s);
		hints(ctx, &s);
	}
	status_clear(&s);
	return rc;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[BASE]",
	.summary = "show this repo's sandbox, branches and tmux session",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON | CMD_NEEDS_BOX,
	.opts = NULL,
	.exec = cmd_status_exec,
};
