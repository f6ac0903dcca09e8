/*
 * help [COMMAND]: the general help or one command's usage, both generated
 * from the command table, the global option table and the config keys.
 */
#include <string.h>

#include "helpers/cmd.h"
#include "services/config/config.h"

void
cmd_help_print(FILE *f)
{
	const struct cmd_opt *o;
	size_t i;

	fputs("usage: code-airlock [OPTIONS] COMMAND [ARGS] [-- ARGS...]\n\n"
	    "Run a coding agent in a Docker Sandboxes microVM, then review its\n"
	    "work as ordinary git commits.\n\nCommands:\n", f);
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "  %-12s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fputs("\nOptions (before or after the command):\n", f);
	for (o = cmd_global_opts; o->name != NULL; o++) {
		char left[40];

		snprintf(left, sizeof(left), "%s%s%s", o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(f, "  %-20s %s", left, o->help);
		if (o->alias != 0)
			fprintf(f, " (also -%c)", o->alias);
		fputc('\n', f);
	}
	fputs("\nConfiguration keys (sandbox.conf, environment):\n", f);
	for (i = 0; i < CFG_NKEYS; i++)
		fprintf(f, "  %-22s %s\n", cfg_keys[i].name, cfg_keys[i].help);
	fputs("\nRun 'code-airlock help COMMAND' or 'code-airlock COMMAND -h' "
	    "for a command's options.\n", f);
}

static int
cmd_help_exec(struct cmd_ctx *ctx)
{
	const struct cmd_entry *e;

	if (ctx->args.n == 0) {
		cmd_help_print(ctx->ui.out);
		return 0;
	}
	if ((e = cmd_find(ctx->args.v[0])) == NULL)
		return ae_usage(ctx, "unknown command '%s'", ctx->args.v[0]);
	fprintf(ctx->ui.out, "%s\n\n", e->summary);
	cmd_print_usage(ctx->ui.out, e);
	return 0;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = "show help for code-airlock or one command",
	.args_min = 0,
	.args_max = 1,
	.flags = 0,
	.opts = NULL,
	.exec = cmd_help_exec,
};
