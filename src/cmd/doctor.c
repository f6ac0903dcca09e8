/*
 * doctor: check everything code-airlock needs and print one OK, WARN or
 * FAIL line per check, each failure with the step that fixes it: sbx and
 * its version (0.38 at least), git, virtualization, whether sbx answers
 * and is logged in (sbx's daemon and login messages mapped to their fix;
 * every sbx call bounded by SBX_TIMEOUT), tmux, and for REPO: a git
 * repository with a commit, not shallow, not a linked worktree, and a
 * valid configuration.  Only read-only probes run.
 *
 * The configuration is loaded here, not by the dispatcher, so that a bad
 * file is one FAIL line naming file:line among the others.  Virtualization
 * problems are warnings: sbx reports them itself when it starts a VM, and
 * `up` only warns about them too.  Exit 1 when any check failed.
 *
 * --json prints:
 *   {"checks": [{"name": s, "status": "ok"|"warn"|"fail",
 *                "detail": s, "hint": s|null}], "ok": bool}
 * with names sbx, git, virtualization, sbx-version, sbx-login, tmux,
 * repo, repo-commit, repo-shallow, repo-worktree, config.
 */
#include <stdlib.h>
#include <string.h>

#include "base/jw.h"
#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "helpers/preflight.h"
#include "services/sbx/sbx.h"
#include "doctor.h"

static const char *const level_name[] = { "ok", "warn", "fail" };
static const char *const level_label[] = { "OK  ", "WARN", "FAIL" };

void
doctor_add(struct doctor *d, struct probe *p)
{
	d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
	d->v[d->n++] = *p;
	*p = (struct probe)PROBE_INIT;
}

/* The first line of a program's output, or NULL when it failed. */
char *
doctor_first_line(const struct spawner *sp, const char *const *argv)
{
	struct proc p = PROC_INIT;
	char *cause = NULL, *line = NULL;

	strvec_pushv(&p.args, (char *const *)argv);
	p.flags = PROC_PROBE | PROC_CAPTURE | PROC_CAPTURE_ERR | PROC_NULL_IN;
	p.timeout = sp->timeout;
	if (proc_run(sp, &p, &cause) == 0 && p.status == 0 && p.out != NULL)
		line = xstrndup(p.out, strcspn(p.out, "\r\n"));
	free(cause);
	proc_clear(&p);
	return line;
}

/* A program on PATH, with the first line of its version output. */
static int
check_tool(struct cmd_ctx *ctx, struct doctor *d, const char *name,
    const char *const *version, enum probe_level missing)
{
	struct probe p = PROBE_INIT;
	char *ver, *path;
	int found;

	probe_tool(&p, name, missing);
	if ((found = p.level == PROBE_OK) &&
	    (ver = doctor_first_line(&ctx->sp, version)) != NULL) {
		path = p.detail;
		p.detail = xasprintf("%s (%s)", path, ver);
		free(path);
		free(ver);
	}
	doctor_add(d, &p);
	return found;
}

/* The oldest sbx this tool supports, SBX_MIN_VERSION. */
static void
check_sbx_version(struct cmd_ctx *ctx, struct doctor *d)
{
	static const int min[3] = SBX_MIN_VERSION_INIT;
	struct probe p = { .name = "sbx-version" };
	const char *fix;
	char *line = NULL, *cause = NULL;
	int v[3];

	if (sbx_version(&ctx->sp, v, &line, &cause) < 0) {
		fix = sbx_fix_for(cause);
		p.level = PROBE_WARN;
		p.detail = cause;
		p.hint = xstrdup(fix ? fix : "run 'sbx version' to see what is "
		    "wrong");
	} else if (sbx_version_cmp(v, min) < 0) {
		p.level = PROBE_FAIL;
		p.detail = xasprintf("sbx %d.%d.%d is older than %s, the "
		    "oldest code-airlock supports", v[0], v[1], v[2],
		    SBX_MIN_VERSION);
		p.hint = xstrdup(preflight_is_linux() ? "upgrade it: sudo apt-get "
		    "update && sudo apt-get install --only-upgrade docker-sbx" :
		    "upgrade it following Docker's Docker Sandboxes guide");
	} else
		p.detail = xasprintf("%d.%d.%d (%s or later is needed)", v[0],
		    v[1], v[2], SBX_MIN_VERSION);
	doctor_add(d, &p);
	free(line);
}

static void
check_sbx_login(struct cmd_ctx *ctx, struct doctor *d)
{
	struct probe p = { .name = "sbx-login" };
	struct sbx_list l;
	char *cause = NULL;
	const char *fix;

	if (sbx_ls(&ctx->sp, &l, &cause) < 0) {
		fix = sbx_fix_for(cause);
		p.level = PROBE_FAIL;
		p.detail = cause;
		p.hint = xstrdup(fix ? fix : "run 'sbx ls' to see what is "
		    "wrong");
	} else {
		p.detail = xasprintf("sbx answers and is logged in (%zu "
		    "sandbox%s)", l.n, l.n == 1 ? "" : "es");
		sbx_list_clear(&l);
	}
	doctor_add(d, &p);
}

static void
print_text(struct cmd_ctx *ctx, const struct doctor *d)
{
	static const char *(*const color[])(const struct ui *, FILE *) = {
		ui_green, ui_yellow, ui_red
	};
	FILE *f = ctx->ui.out;
	const struct probe *c;
	size_t i;

	/* Details quote other programs' output and paths: print them safe. */
	for (i = 0; i < d->n; i++) {
		c = &d->v[i];
		fprintf(f, "%s%s%s %s: ", color[c->level](&ctx->ui, f),
		    level_label[c->level], ui_reset(&ctx->ui, f), c->name);
		ui_safe_fputs(f, c->detail);
		fputc('\n', f);
		if (c->hint != NULL) {
			fputs("     hint: ", f);
			ui_safe_fputs(f, c->hint);
			fputc('\n', f);
		}
	}
}

static void
print_json(struct cmd_ctx *ctx, const struct doctor *d, int ok)
{
	struct jw jw;
	size_t i;

	jw_init(&jw, ctx->ui.out);
	jw_object_begin(&jw);
	jw_object_inline_begin_array(&jw, "checks");
	for (i = 0; i < d->n; i++) {
		jw_array_inline_begin_object(&jw);
		jw_object_string(&jw, "name", d->v[i].name);
		jw_object_string(&jw, "status", level_name[d->v[i].level]);
		jw_object_string(&jw, "detail", d->v[i].detail);
		jw_object_string(&jw, "hint", d->v[i].hint);
		jw_end(&jw);
	}
	jw_end(&jw);
	jw_object_bool(&jw, "ok", ok);
	jw_end(&jw);
}

static int
cmd_doctor_exec(struct cmd_ctx *ctx)
{
	static const char *const sbx_ver[] = { "sbx", "version", NULL };
	static const char *const git_ver[] = { "git", "--version", NULL };
	static const char *const tmux_ver[] = { "tmux", "-V", NULL };
	struct doctor d = { NULL, 0 };
	struct probe virt = PROBE_INIT;
	char *cfg_cause = NULL;
	size_t i, fails = 0;
	int has_sbx;

	/* First, so that REPO_DIR and --repo decide which repo to check. */
	if (cfg_load(&ctx->cfg, &ctx->cli, ctx->env, &cfg_cause) < 0)
		cfg_cause = cfg_cause ? cfg_cause : xstrdup("invalid");
	else
		ctx->sp.timeout = ctx->cfg.sbx_timeout;
	has_sbx = check_tool(ctx, &d, "sbx", sbx_ver, PROBE_FAIL);
	check_tool(ctx, &d, "git", git_ver, PROBE_FAIL);
	probe_virt(&virt);
	doctor_add(&d, &virt);
	if (has_sbx) {
		check_sbx_version(ctx, &d);
		check_sbx_login(ctx, &d);
	}
	check_tool(ctx, &d, "tmux", tmux_ver, PROBE_WARN);
	doctor_repo(ctx, &d, cfg_cause);
	for (i = 0; i < d.n; i++)
		fails += d.v[i].level == PROBE_FAIL;
	if (ctx->json)
		print_json(ctx, &d, fails == 0);
	else
		print_text(ctx, &d);
	if (!ctx->json && fails > 0)
		ui_info(&ctx->ui, "%zu check%s failed", fails, fails == 1 ?
		    "" : "s");
	for (i = 0; i < d.n; i++)
		probe_clear(&d.v[i]);
	free(d.v);
	return fails > 0;
}

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "",
	.summary = "check sbx, virtualization, login, git and the repo",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_JSON,
	.opts = NULL,
	.exec = cmd_doctor_exec,
};
