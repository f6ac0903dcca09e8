/*
 * cmd_main: parse, load configuration, check the command's bounds and run
 * it.  The binary's main() and the in-process tests both come through here.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "base/interrupt.h"
#include "services/git/gitx.h"

static int
check_bounds(struct cmd_ctx *ctx, const struct args *a)
{
	const struct cmd_entry *e = a->entry;
	int n = (int)ctx->args.n, rc;
	char *w;

	if (n < e->args_min)
		return ae_usage(ctx, "'%s' needs %s", e->name,
		    e->args_min == 1 ? "an argument" : "more arguments");
	if (e->args_max >= 0 && n > e->args_max) {
		/* The word may hold anything: echo it escaped. */
		w = ui_safe(ctx->args.v[e->args_max],
		    strlen(ctx->args.v[e->args_max]));
		rc = ae_usage(ctx, "too many arguments for '%s': '%s'",
		    e->name, w);
		free(w);
		return rc;
	}
	if (ctx->has_pass && ctx->pass.n > 0 && !(e->flags & CMD_PASSTHROUGH))
		return ae_usage(ctx, "'%s' takes nothing after '--'", e->name);
	if (a->optset[OPT_JSON] && !(e->flags & CMD_JSON))
		return ae_usage(ctx, "'%s' does not support --json", e->name);
	if (a->cli.use_tmux == 1 && !(e->flags & CMD_TMUX))
		return ae_usage(ctx, "'--tmux' and '--tmux-detached' apply "
		    "to 'up' and 'run' only");
	return 0;
}

static int
load_config(struct cmd_ctx *ctx, const struct args *a)
{
	char *cause = NULL;
	size_t i;

	if (cfg_load(&ctx->cfg, &a->cli, ctx->env, &cause) < 0) {
		ae_cause(ctx, cause);
		return 2;
	}
	for (i = 0; i < ctx->cfg.warnings.n; i++)
		ui_warn(&ctx->ui, "%s", ctx->cfg.warnings.v[i]);
	ctx->sp.dry_run = ctx->cfg.dry_run;
	ctx->sp.timeout = ctx->cfg.sbx_timeout;
	return 0;
}

static void
ctx_from_args(struct cmd_ctx *ctx, struct args *a)
{
	ctx->entry = a->entry;
	ctx->args = a->args;
	ctx->pass = a->pass;
	ctx->has_pass = a->has_pass;
	memcpy(ctx->optval, a->optval, sizeof(ctx->optval));
	memcpy(ctx->optset, a->optset, sizeof(ctx->optset));
	ctx->cli = a->cli;
	ctx->json = a->optset[OPT_JSON];
	ctx->tmux_detached = a->optset[OPT_TMUX_DETACHED];
	ctx->no_color = a->optset[OPT_NO_COLOR];
	ctx->ui.quiet = a->optset[OPT_QUIET];
	ctx->ui.verbose = a->optset[OPT_VERBOSE];
	ctx->sp.verbose = a->optset[OPT_VERBOSE];
	ctx->sp.dry_run = a->cli.dry_run == 1;
	ctx->sp.plan = ctx->ui.out;
	ctx->sp.trace = ctx->ui.err;
	ctx->sp.timeout = CFG_SBX_TIMEOUT_DEFAULT;
	/* The vectors now belong to ctx. */
	strvec_init(&a->args);
	strvec_init(&a->pass);
}

static int
early_exit(struct cmd_ctx *ctx, const struct args *a)
{
	if (a->optset[OPT_VERSION]) {
		int maj, min, rev;

		gitx_libgit2_version(&maj, &min, &rev);
		fprintf(ctx->ui.out, "code-airlock %s (libgit2 %d.%d.%d)\n",
		    AIRLOCK_VERSION, maj, min, rev);
		return 0;
	}
	if (a->optset[OPT_HELP] && a->entry != NULL) {
		fprintf(ctx->ui.out, "%s\n\n", a->entry->summary);
		cmd_print_usage(ctx->ui.out, a->entry);
		return 0;
	}
	if (a->optset[OPT_HELP]) {
		cmd_help_print(ctx->ui.out);
		return 0;
	}
	cmd_help_print(ctx->ui.err);
	return 2;
}

int
cmd_main(int argc, char **argv, FILE *out, FILE *err, char *const *env,
    int stdin_tty)
{
	struct args a;
	struct cmd_ctx ctx;
	const char *nc;
	char *cause = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	a.cli = (struct cfg_cli)CFG_CLI_INIT;
	memset(&ctx, 0, sizeof(ctx));
	ctx.env = env;
	/*
	 * No git_libgit2_init() here: with Debian's libgit2 it parses the
	 * whole CA bundle, most of the cost of starting.  gitx initialises
	 * it on first use, so --version, help and completion never pay.
	 */
	rc = args_parse(&a, argc, argv, &cause);
	nc = ctx_getenv(&ctx, "NO_COLOR");
	ui_init(&ctx.ui, out, err, a.optset[OPT_NO_COLOR] || (nc != NULL && *nc != '\0'));
	ctx.ui.in_tty = stdin_tty;
	if (rc < 0) {
		ae_cause(&ctx, cause);
		if (a.entry != NULL)
			cmd_print_usage(err, a.entry);
		else
			fputs("usage: code-airlock [OPTIONS] COMMAND [ARGS] "
			    "[-- ARGS...]; see 'code-airlock help'\n", err);
		args_clear(&a);
		return 2;
	}
	if (a.optset[OPT_VERSION] || a.optset[OPT_HELP] || a.entry == NULL) {
		rc = early_exit(&ctx, &a);
		args_clear(&a);
		return rc;
	}
	ctx_from_args(&ctx, &a);
	if ((rc = check_bounds(&ctx, &a)) == 0 &&
	    (!(a.entry->flags & CMD_NEEDS_CONFIG) ||
	    ((rc = load_config(&ctx, &a)) == 0 &&
	    (!(a.entry->flags & CMD_NEEDS_BOX) ||
	    (rc = cmd_select_box(&ctx)) == 0)))) {
		/* ^C and kill stop the work cleanly (interrupt.h). */
		intr_arm();
		rc = a.entry->exec(&ctx);
		intr_disarm();
	}
	fflush(ctx.ui.out);
	if (ctx.boxes != NULL)
		sbx_list_clear(ctx.boxes);
	free(ctx.boxes);
	cfg_clear(&ctx.cfg);
	strvec_clear(&ctx.args);
	strvec_clear(&ctx.pass);
	args_clear(&a);
	/* Die of the signal that stopped us, as the shell expects. */
	intr_reraise();
	return rc;
}
