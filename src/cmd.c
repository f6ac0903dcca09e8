/*
 * The command table, listed once.  Help, usage errors and shell completion
 * are generated from it and from the global option table below.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "airlock/cmd.h"
#include "airlock/preflight.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_up_entry,
	&cmd_run_entry,
	&cmd_attach_entry,
	&cmd_shell_entry,
	&cmd_status_entry,
	&cmd_ls_entry,
	&cmd_fetch_entry,
	&cmd_log_entry,
	&cmd_diff_entry,
	&cmd_review_entry,
	&cmd_merge_entry,
	&cmd_pr_entry,
	&cmd_stop_entry,
	&cmd_rm_entry,
	&cmd_lockdown_entry,
	&cmd_unlock_entry,
	&cmd_net_entry,
	&cmd_doctor_entry,
	&cmd_setup_entry,
	&cmd_init_entry,
	&cmd_completion_entry,
	&cmd_help_entry,
	NULL
};

const struct cmd_opt cmd_global_opts[] = {
	{ "--agent", "NAME", "agent to run (claude, codex, opencode, ...)" },
	{ "--name", "NAME", "sandbox name" },
	{ "--repo", "DIR", "repository the agent works on" },
	{ "--dry-run", NULL, "print the commands instead of running them" },
	{ "--tmux", NULL, "run 'up' in a new tmux session and attach" },
	{ "--tmux-detached", NULL, "run 'up' in a new detached tmux session" },
	{ "--seed-config", NULL, "copy curated agent config into a new sandbox" },
	{ "--json", NULL, "machine-readable output (where supported)" },
	{ "--quiet", NULL, "only errors and primary output (also -q)" },
	{ "--verbose", NULL, "echo every external command (also -v)" },
	{ "--no-color", NULL, "never colour the output" },
	{ "--version", NULL, "print the version and exit" },
	{ "--help", NULL, "show help (also -h)" },
	{ NULL, NULL, NULL }
};

const char *const cmd_agents[] = {
	"claude", "codex", "copilot", "cursor", "docker-agent", "droid",
	"gemini", "kiro", "opencode", "shell", NULL
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

void
cmd_print_usage(FILE *f, const struct cmd_entry *e)
{
	const struct cmd_opt *o;

	fprintf(f, "usage: code-airlock %s%s%s\n", e->name,
	    *e->usage ? " " : "", e->usage);
	for (o = e->opts; o != NULL && o->name != NULL; o++)
		fprintf(f, "  %s%s%-*s %s\n", o->name, o->arg ? " " : "",
		    (int)(22 - strlen(o->name)), o->arg ? o->arg : "", o->help);
	if (e->flags & CMD_JSON)
		fprintf(f, "  %-22s %s\n", "--json", "machine-readable output");
}

int
ae_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	ui_errorf(&ctx->ui, "%s", msg ? msg : fmt);
	free(msg);
	return 1;
}

int
ae_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	ui_errorf(&ctx->ui, "%s", msg ? msg : fmt);
	free(msg);
	if (ctx->entry != NULL)
		cmd_print_usage(ctx->ui.err, ctx->entry);
	return 2;
}

static int
opt_index(const struct cmd_ctx *ctx, const char *name)
{
	const struct cmd_opt *o;
	int i;

	if (ctx->entry == NULL || ctx->entry->opts == NULL)
		return -1;
	for (i = 0, o = ctx->entry->opts; o->name != NULL; o++, i++)
		if (strcmp(o->name, name) == 0)
			return i;
	return -1;
}

int
cmd_opt_isset(const struct cmd_ctx *ctx, const char *name)
{
	int i = opt_index(ctx, name);

	return i >= 0 && ctx->optset[i];
}

const char *
cmd_opt_value(const struct cmd_ctx *ctx, const char *name)
{
	int i = opt_index(ctx, name);

	return i >= 0 && ctx->optset[i] ? ctx->optval[i] : NULL;
}

const char *
ctx_getenv(const struct cmd_ctx *ctx, const char *name)
{
	size_t len = strlen(name);
	char *const *e;

	if (ctx->env == NULL)
		return getenv(name);
	for (e = ctx->env; *e != NULL; e++)
		if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

int
ae_run(struct cmd_ctx *ctx, struct proc *p)
{
	char *cause = NULL;
	int rc;

	if (proc_run(&ctx->sp, p, &cause) < 0) {
		rc = ae_error(ctx, "%s", cause);
		free(cause);
	} else
		rc = p->status;
	proc_clear(p);
	return rc;
}

int
cmd_need_tool(struct cmd_ctx *ctx, const char *name, const char *fix)
{
	char *cause = NULL;
	int rc = 0;

	if (preflight_tool(name, NULL, &cause) == 0)
		return 0;
	if (ctx->sp.dry_run) {
		ui_warn(&ctx->ui, "%s; showing the plan anyway", cause);
		rc = -1;
	} else
		rc = ae_error(ctx, "%s%s", cause, fix != NULL ? fix : "");
	free(cause);
	return rc;
}
