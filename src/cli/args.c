/*
 * Command-line parsing: global options before or after the command name,
 * the command's own options after it, "--" ending option parsing.  Exact
 * names only, no prefix matching; anything unknown is a usage error.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "base/strvec.h"
#include "base/ui.h"

/* The configuration the global options carry, once parsing is done. */
static void
apply_globals(struct args *a)
{
	if (a->optset[OPT_AGENT])
		a->cli.agent = a->optval[OPT_AGENT];
	if (a->optset[OPT_NAME])
		a->cli.sandbox_name = a->optval[OPT_NAME];
	if (a->optset[OPT_REPO])
		a->cli.repo_dir = a->optval[OPT_REPO];
	if (a->optset[OPT_DRY_RUN])
		a->cli.dry_run = 1;
	if (a->optset[OPT_TMUX] || a->optset[OPT_TMUX_DETACHED])
		a->cli.use_tmux = 1;
	if (a->optset[OPT_TMUX_DETACHED])
		a->cli.tmux_attach = 0;
	if (a->optset[OPT_SEED_CONFIG])
		a->cli.seed_config = 1;
}

/*
 * A command flagged CMD_REPO_OPTIONAL takes --repo without DIR too (as the
 * last word or before another option): it then acts on the current
 * repository's sandboxes alone.
 */
static int
value_optional(const struct args *a, const struct cmd_opt *o,
    const char *next)
{
	return o->id == OPT_REPO && a->entry != NULL &&
	    (a->entry->flags & CMD_REPO_OPTIONAL) &&
	    (next == NULL || (next[0] == '-' && next[1] != '\0'));
}

/*
 * One option word (and its value): the global table first, then the
 * command's.  Returns 1 taken (*used = argv slots), 0 unknown, -1 with
 * *cause.
 */
static int
take_option(struct args *a, const char *arg, const char *next, int *used,
    char **cause)
{
	const struct cmd_opt *o;
	const char *eq = strchr(arg, '=');
	size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);

	if ((o = cmd_opt_find(cmd_global_opts, arg, nlen)) == NULL &&
	    (a->entry == NULL ||
	    (o = cmd_opt_find(a->entry->opts, arg, nlen)) == NULL))
		return 0;
	/* "--flag=value" for a flag is not that flag. */
	if (o->arg == NULL && eq != NULL)
		return 0;
	*used = 1;
	if (o->arg != NULL && eq != NULL)
		a->optval[o->id] = eq + 1;
	else if (o->arg != NULL && value_optional(a, o, next))
		;	/* the flag alone: the command reads optset */
	else if (o->arg != NULL) {
		if (next == NULL) {
			*cause = xasprintf("option '%s' needs a value (%s)",
			    o->name, o->arg);
			return -1;
		}
		a->optval[o->id] = next;
		*used = 2;
	}
	a->optset[o->id] = 1;
	return 1;
}

/*
 * "unknown option '--x' for 'up'": the word is echoed escaped, since it may
 * come from a script or an alias and hold anything.
 */
static char *
unknown(const struct args *a, const char *what, const char *word)
{
	char *w = ui_safe(word, strlen(word)), *msg;

	msg = a->entry != NULL && strcmp(what, "option") == 0 ?
	    xasprintf("unknown option '%s' for '%s'", w, a->entry->name) :
	    xasprintf("unknown %s '%s'", what, w);
	free(w);
	return msg;
}

int
args_parse(struct args *a, int argc, char **argv, char **cause)
{
	int i, used = 1, r;

	for (i = 1; i < argc; i += used) {
		const char *arg = argv[i], *next = i + 1 < argc ?
		    argv[i + 1] : NULL;

		if (strcmp(arg, "--") == 0) {
			a->has_pass = 1;
			strvec_pushn(&a->pass, argv + i + 1,
			    (size_t)(argc - i - 1));
			break;
		}
		used = 1;
		if (arg[0] == '-' && arg[1] != '\0') {
			if ((r = take_option(a, arg, next, &used, cause)) < 0)
				return -1;
			if (r == 0) {
				*cause = unknown(a, "option", arg);
				return -1;
			}
		} else if (a->entry == NULL && a->cmdname == NULL) {
			a->cmdname = arg;
			if ((a->entry = cmd_find(arg)) == NULL) {
				*cause = unknown(a, "command", arg);
				return -1;
			}
		} else
			strvec_push(&a->args, arg);
	}
	apply_globals(a);
	return 0;
}

void
args_clear(struct args *a)
{
	strvec_clear(&a->args);
	strvec_clear(&a->pass);
	memset(a, 0, sizeof(*a));
}
