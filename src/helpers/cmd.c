/*
 * What every command shares: its usage line, reading its options, the
 * environment it was given, and the tools it needs.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/preflight.h"

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
cmd_opt_isset(const struct cmd_ctx *ctx, enum opt_id id)
{
	return id > OPT_NONE && id < OPT__COUNT && ctx->optset[id];
}

const char *
cmd_opt_value(const struct cmd_ctx *ctx, enum opt_id id)
{
	return cmd_opt_isset(ctx, id) ? ctx->optval[id] : NULL;
}

const struct cmd_opt *
cmd_opt_find(const struct cmd_opt *t, const char *name, size_t len)
{
	for (; t != NULL && t->name != NULL; t++) {
		if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
			return t;
		if (t->alias != 0 && len == 2 && name[0] == '-' &&
		    name[1] == t->alias)
			return t;
	}
	return NULL;
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

	if (proc_run(&ctx->sp, p, &cause) < 0)
		rc = ae_cause(ctx, cause);
	else
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
