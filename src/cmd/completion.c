/*
 * completion [bash|zsh|fish]: a completion script for code-airlock and
 * codelock, generated from the command table, the global options and the
 * agent names, so it can never list a command the binary lacks.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"

static const char *const prog_names[] = { "code-airlock", "codelock", NULL };

/* Print s inside single quotes for sh or fish ('\'' or \'). */
static void
put_sq(FILE *f, const char *s, int fish)
{
	fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs(fish ? "\\'" : "'\\''", f);
		else if (fish && *s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void
put_words(FILE *f, const struct cmd_opt *o)
{
	for (; o != NULL && o->name != NULL; o++)
		fprintf(f, " %s", o->name);
}

/* The global option with this id (it is always declared). */
static const struct cmd_opt *
global_opt(enum opt_id id)
{
	const struct cmd_opt *o;

	for (o = cmd_global_opts; o->name != NULL && o->id != id; o++)
		;
	return o;
}

/* "-q -v -h": the short aliases of the global options. */
static void
put_aliases(FILE *f)
{
	const struct cmd_opt *o;
	int n = 0;

	for (o = cmd_global_opts; o->name != NULL; o++)
		if (o->alias != 0)
			fprintf(f, "%s-%c", n++ ? " " : "", o->alias);
}

/* Print each option of t that takes a value and was not seen yet. */
static void
put_valued_of(FILE *f, const struct cmd_opt *t, int free_only,
    unsigned char *seen, int *n)
{
	for (; t != NULL && t->name != NULL; t++) {
		if (t->arg == NULL || seen[t->id] ||
		    (free_only && (t->id == OPT_AGENT || t->id == OPT_REPO)))
			continue;
		seen[t->id] = 1;
		fprintf(f, "%s%s", (*n)++ ? "|" : "", t->name);
	}
}

/*
 * "A|B|C": every option that takes a value, global or a command's, each
 * once; with free_only, those whose value has no completion of its own.
 */
static void
put_valued(FILE *f, int free_only)
{
	unsigned char seen[OPT__COUNT] = { 0 };
	size_t i;
	int n = 0;

	put_valued_of(f, cmd_global_opts, free_only, seen, &n);
	for (i = 0; cmd_table[i] != NULL; i++)
		put_valued_of(f, cmd_table[i]->opts, free_only, seen, &n);
}

static void
gen_bash(FILE *f)
{
	size_t i;

	fputs("# bash completion for code-airlock and codelock\n"
	    "_code_airlock() {\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	    "prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i w opts=\n"
	    "\tlocal cmds='", f);
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "%s%s", i ? " " : "", cmd_table[i]->name);
	fputs("'\n\tlocal gopts='", f);
	put_aliases(f);
	put_words(f, cmd_global_opts);
	fputs("'\n\tcase $prev in\n\t--agent) COMPREPLY=($(compgen -W '", f);
	for (i = 0; cmd_agents[i] != NULL; i++)
		fprintf(f, "%s%s", i ? " " : "", cmd_agents[i]);
	fputs("' -- \"$cur\")); return ;;\n"
	    "\t--repo) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
	    "\t", f);
	put_valued(f, 1);
	fputs(") return ;;\n\tesac\n"
	    "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	    "\t\tw=${COMP_WORDS[i]}\n"
	    "\t\tcase $w in\n\t\t--) return ;;\n\t\t", f);
	put_valued(f, 0);
	fputs(") ((i++)) ;;\n"
	    "\t\t-*) ;;\n\t\t*) cmd=$w; break ;;\n\t\tesac\n\tdone\n"
	    "\tcase $cmd in\n"
	    "\t'') COMPREPLY=($(compgen -W \"$cmds $gopts\" -- \"$cur\")); "
	    "return ;;\n"
	    "\thelp) COMPREPLY=($(compgen -W \"$cmds\" -- \"$cur\")); "
	    "return ;;\n"
	    "\tcompletion) COMPREPLY=($(compgen -W 'bash zsh fish' -- "
	    "\"$cur\")); return ;;\n", f);
	for (i = 0; cmd_table[i] != NULL; i++) {
		if (cmd_table[i]->opts == NULL &&
		    !(cmd_table[i]->flags & CMD_JSON))
			continue;
		fprintf(f, "\t%s) opts='", cmd_table[i]->name);
		put_words(f, cmd_table[i]->opts);
		fprintf(f, "%s' ;;\n", cmd_table[i]->flags & CMD_JSON ?
		    " --json" : "");
	}
	fputs("\tesac\n\tCOMPREPLY=($(compgen -W \"$opts $gopts\" -- "
	    "\"$cur\"))\n}\ncomplete -F _code_airlock", f);
	for (i = 0; prog_names[i] != NULL; i++)
		fprintf(f, " %s", prog_names[i]);
	fputc('\n', f);
}

/* zsh _arguments spec for one option. */
static void
zsh_opt(FILE *f, const struct cmd_opt *o)
{
	const char *s;
	char buf[256], *b = buf;

	for (s = o->help; *s != '\0' && b < buf + sizeof(buf) - 3; s++) {
		if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
			*b++ = '\\';
		*b++ = *s;
	}
	*b = '\0';
	fprintf(f, " ");
	if (o->id == OPT_AGENT) {
		char spec[512], *p = spec;
		size_t i;

		p += snprintf(p, sizeof(spec), "--agent[%s]:agent:(", buf);
		for (i = 0; cmd_agents[i] != NULL; i++)
			p += snprintf(p, sizeof(spec) - (size_t)(p - spec),
			    "%s%s", i ? " " : "", cmd_agents[i]);
		snprintf(p, sizeof(spec) - (size_t)(p - spec), ")");
		put_sq(f, spec, 0);
		return;
	}
	{
		char spec[512];

		snprintf(spec, sizeof(spec), "%s[%s]%s%s%s", o->name, buf,
		    o->arg ? ":" : "", o->arg ? o->arg : "",
		    o->arg ? (o->id != OPT_REPO ? ":" :
		    ":_files -/") : "");
		put_sq(f, spec, 0);
	}
}

static void
gen_zsh(FILE *f)
{
	const struct cmd_opt *o;
	char item[256];
	size_t i;

	fputs("#compdef code-airlock codelock\n"
	    "# zsh completion for code-airlock and codelock\n"
	    "_code_airlock() {\n\tlocal -a cmds gopts\n\tcmds=(", f);
	for (i = 0; cmd_table[i] != NULL; i++) {
		snprintf(item, sizeof(item), "%s:%s", cmd_table[i]->name,
		    cmd_table[i]->summary);
		fputc(' ', f);
		put_sq(f, item, 0);
	}
	fputs(" )\n\tgopts=(", f);
	for (o = cmd_global_opts; o->name != NULL; o++)
		zsh_opt(f, o);
	fputs(" )\n\tlocal curcontext=$curcontext state line\n"
	    "\t_arguments -C $gopts '1:command:->cmd' '*::arg:->args'\n"
	    "\tcase $state in\n\tcmd) _describe command cmds ;;\n"
	    "\targs)\n\t\tcase $words[1] in\n"
	    "\t\thelp) _describe command cmds ;;\n"
	    "\t\tcompletion) _values shell bash zsh fish ;;\n", f);
	for (i = 0; cmd_table[i] != NULL; i++) {
		if (cmd_table[i]->opts == NULL &&
		    !(cmd_table[i]->flags & CMD_JSON))
			continue;
		fprintf(f, "\t\t%s) _arguments $gopts", cmd_table[i]->name);
		for (o = cmd_table[i]->opts; o != NULL && o->name; o++)
			zsh_opt(f, o);
		fprintf(f, "%s '*:arg:' ;;\n", cmd_table[i]->flags & CMD_JSON ?
		    " '--json[machine-readable output]'" : "");
	}
	fputs("\t\t*) _arguments $gopts '*:arg:' ;;\n\t\tesac ;;\n\tesac\n}\n"
	    "if [ \"$funcstack[1]\" = _code_airlock ]; then\n"
	    "\t_code_airlock \"$@\"\nelse\n"
	    "\tcompdef _code_airlock code-airlock codelock\nfi\n", f);
}

static void
fish_opt(FILE *f, const char *prog, const char *cond, const struct cmd_opt *o)
{
	fprintf(f, "complete -c %s", prog);
	if (cond != NULL) {
		fputs(" -n ", f);
		put_sq(f, cond, 1);
	}
	fprintf(f, " -l %s", o->name + 2);
	if (o->alias != 0)
		fprintf(f, " -s %c", o->alias);
	if (o->id == OPT_AGENT) {
		size_t i;

		fputs(" -x -a '", f);
		for (i = 0; cmd_agents[i] != NULL; i++)
			fprintf(f, "%s%s", i ? " " : "", cmd_agents[i]);
		fputc('\'', f);
	} else if (o->id == OPT_REPO)
		fputs(" -r -F", f);
	else if (o->arg != NULL)
		fputs(" -x", f);
	fputs(" -d ", f);
	put_sq(f, o->help, 1);
	fputc('\n', f);
}

static void
gen_fish(FILE *f)
{
	const struct cmd_opt *o;
	const struct cmd_opt *json = global_opt(OPT_JSON);
	char cond[64];
	size_t i, p;

	fputs("# fish completion for code-airlock and codelock\n", f);
	for (p = 0; prog_names[p] != NULL; p++) {
		fprintf(f, "complete -c %s -f\n", prog_names[p]);
		for (i = 0; cmd_table[i] != NULL; i++) {
			fprintf(f, "complete -c %s -n __fish_use_subcommand "
			    "-a %s -d ", prog_names[p], cmd_table[i]->name);
			put_sq(f, cmd_table[i]->summary, 1);
			fputc('\n', f);
		}
		for (o = cmd_global_opts; o->name != NULL; o++)
			if (o->id != OPT_JSON)
				fish_opt(f, prog_names[p], NULL, o);
		for (i = 0; cmd_table[i] != NULL; i++) {
			snprintf(cond, sizeof(cond),
			    "__fish_seen_subcommand_from %s",
			    cmd_table[i]->name);
			for (o = cmd_table[i]->opts; o != NULL && o->name; o++)
				fish_opt(f, prog_names[p], cond, o);
			if (cmd_table[i]->flags & CMD_JSON)
				fish_opt(f, prog_names[p], cond, json);
		}
		fprintf(f, "complete -c %s -n '__fish_seen_subcommand_from "
		    "completion' -a 'bash zsh fish'\n", prog_names[p]);
	}
}

static int
cmd_completion_exec(struct cmd_ctx *ctx)
{
	const char *sh = ctx->args.n ? ctx->args.v[0] : NULL, *env, *base;

	if (sh == NULL) {
		env = ctx_getenv(ctx, "SHELL");
		base = env ? strrchr(env, '/') : NULL;
		sh = base ? base + 1 : env;
		if (sh == NULL || *sh == '\0')
			return ae_usage(ctx, "cannot tell the shell from "
			    "$SHELL; name one: bash, zsh or fish");
	}
	if (strcmp(sh, "bash") == 0)
		gen_bash(ctx->ui.out);
	else if (strcmp(sh, "zsh") == 0)
		gen_zsh(ctx->ui.out);
	else if (strcmp(sh, "fish") == 0)
		gen_fish(ctx->ui.out);
	else
		return ae_usage(ctx, "no completion for shell '%s'; choose "
		    "bash, zsh or fish", sh);
	return 0;
}

const struct cmd_entry cmd_completion_entry = {
	.name = "completion",
	.usage = "[bash|zsh|fish]",
	.summary = "print a shell completion script",
	.args_min = 0,
	.args_max = 1,
	.flags = 0,
	.opts = NULL,
	.exec = cmd_completion_exec,
};
