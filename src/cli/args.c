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

static const char *const global_valued[] = {
	"--agent", "--name", "--repo", NULL
};

static int
is_valued_global(const char *name)
{
	size_t i;

	for (i = 0; global_valued[i] != NULL; i++)
		if (strcmp(global_valued[i], name) == 0)
			return 1;
	return 0;
}

static int
set_flag(struct args *a, const char *o)
{
	if (strcmp(o, "--dry-run") == 0)
		a->cli.dry_run = 1;
	else if (strcmp(o, "--tmux") == 0)
		a->cli.use_tmux = 1;
	else if (strcmp(o, "--tmux-detached") == 0) {
		a->cli.use_tmux = 1;
		a->cli.tmux_attach = 0;
		a->tmux_detached = 1;
	} else if (strcmp(o, "--seed-config") == 0)
		a->cli.seed_config = 1;
	else if (strcmp(o, "--json") == 0)
		a->json = 1;
	else if (strcmp(o, "-q") == 0 || strcmp(o, "--quiet") == 0)
		a->quiet = 1;
	else if (strcmp(o, "-v") == 0 || strcmp(o, "--verbose") == 0)
		a->verbose = 1;
	else if (strcmp(o, "--no-color") == 0)
		a->no_color = 1;
	else if (strcmp(o, "--version") == 0)
		a->version = 1;
	else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0)
		a->help = 1;
	else
		return 0;
	return 1;
}

static void
set_valued(struct args *a, const char *name, const char *val)
{
	if (strcmp(name, "--agent") == 0)
		a->cli.agent = val;
	else if (strcmp(name, "--name") == 0)
		a->cli.sandbox_name = val;
	else
		a->cli.repo_dir = val;
}

/* A command option: returns 1 taken (*used = argv slots), 0 unknown. */
static int
cmd_option(struct args *a, const char *arg, const char *next, int *used,
    char **cause)
{
	const struct cmd_opt *o;
	const char *eq = strchr(arg, '=');
	size_t nlen = eq ? (size_t)(eq - arg) : strlen(arg);
	int i;

	if (a->entry == NULL || a->entry->opts == NULL)
		return 0;
	for (i = 0, o = a->entry->opts; o->name != NULL; o++, i++) {
		if (strlen(o->name) != nlen || strncmp(o->name, arg, nlen))
			continue;
		if (o->arg == NULL && eq != NULL)
			break;
		*used = 1;
		if (o->arg != NULL && eq != NULL)
			a->optval[i] = eq + 1;
		else if (o->arg != NULL) {
			if (next == NULL) {
				*cause = xasprintf("option '%s' needs a value "
				    "(%s)", o->name, o->arg);
				return -1;
			}
			a->optval[i] = next;
			*used = 2;
		}
		a->optset[i] = 1;
		return 1;
	}
	return 0;
}

static int
global_option(struct args *a, const char *arg, const char *next, int *used,
    char **cause)
{
	const char *eq = strchr(arg, '=');
	char name[32];

	*used = 1;
	if (set_flag(a, arg))
		return 1;
	if (eq != NULL && (size_t)(eq - arg) < sizeof(name)) {
		memcpy(name, arg, (size_t)(eq - arg));
		name[eq - arg] = '\0';
		if (is_valued_global(name)) {
			set_valued(a, name, eq + 1);
			return 1;
		}
	}
	if (is_valued_global(arg)) {
		if (next == NULL) {
			*cause = xasprintf("option '%s' needs a value", arg);
			return -1;
		}
		set_valued(a, arg, next);
		*used = 2;
		return 1;
	}
	return 0;
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
			if ((r = global_option(a, arg, next, &used, cause)) < 0)
				return -1;
			if (r == 0 &&
			    (r = cmd_option(a, arg, next, &used, cause)) < 0)
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
	return 0;
}

void
args_free(struct args *a)
{
	strvec_clear(&a->args);
	strvec_clear(&a->pass);
}
