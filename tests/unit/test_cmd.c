/*
 * The command table and the parser: help and completion list every command
 * of the table, unknown commands and options are usage errors (exit 2),
 * options work before and after the command, bounds are enforced.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers/cmd.h"
#include "testutil.h"

static char *const no_env[] = { "HOME=/nonexistent", "PATH=/usr/bin:/bin",
	"SHELL=/bin/bash", NULL };

#define RUN(r, ...) do {						\
	const char *const av_[] = { __VA_ARGS__, NULL };		\
	tu_main((r), no_env, av_);					\
} while (0)

static void
test_help_lists_every_command(void **state)
{
	struct tu_run r;
	char needle[64];
	size_t i;

	(void)state;
	RUN(&r, "help");
	assert_int_equal(r.rc, 0);
	for (i = 0; cmd_table[i] != NULL; i++) {
		snprintf(needle, sizeof(needle), "\n  %s ", cmd_table[i]->name);
		assert_non_null(strstr(r.out, needle));
	}
	assert_int_equal(r.err_len, 0);
	tu_run_free(&r);
}

static void
test_every_command_has_usage(void **state)
{
	struct tu_run r;
	size_t i;

	(void)state;
	for (i = 0; cmd_table[i] != NULL; i++) {
		const char *const av[] = { cmd_table[i]->name, "-h", NULL };
		char *want = xasprintf("usage: code-airlock %s",
		    cmd_table[i]->name);

		tu_main(&r, no_env, av);
		assert_int_equal(r.rc, 0);
		assert_non_null(strstr(r.out, want));
		free(want);
		tu_run_free(&r);
	}
}

static void
test_unknown_command(void **state)
{
	struct tu_run r;

	(void)state;
	RUN(&r, "frobnicate");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "unknown command 'frobnicate'"));
	assert_non_null(strstr(r.err, "usage:"));
	assert_int_equal(r.out_len, 0);
	tu_run_free(&r);
	/* Exact names only: no prefix matching. */
	RUN(&r, "stat");
	assert_int_equal(r.rc, 2);
	tu_run_free(&r);
}

static void
test_unknown_option(void **state)
{
	struct tu_run r;

	(void)state;
	RUN(&r, "--frob", "help");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "unknown option '--frob'"));
	tu_run_free(&r);
	RUN(&r, "help", "--frob");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "unknown option '--frob' for 'help'"));
	tu_run_free(&r);
	/* A command's own option is not valid for another command. */
	RUN(&r, "completion", "--stat");
	assert_int_equal(r.rc, 2);
	tu_run_free(&r);
	RUN(&r, "--agent");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "'--agent' needs a value"));
	tu_run_free(&r);
}

/*
 * A mistyped word is echoed in the error; from a script or an alias it can
 * hold anything, so it is shown escaped like any other untrusted text.
 */
static void
test_echoed_words_are_escaped(void **state)
{
	static const char *const cmd[] = { "up\x1b[2J", NULL };
	static const char *const opt[] = { "up", "--x\x1b]0;t\x07", NULL };
	static const char *const extra[] = { "fetch", "a\x1b[8m", NULL };
	const char *const *const argvs[] = { cmd, opt, extra };
	static const char *const want[] = { "'up\\e[2J'",
	    "'--x\\e]0;t\\x07'", "'a\\e[8m'" };
	struct tu_run r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(argvs) / sizeof(argvs[0]); i++) {
		tu_main(&r, no_env, argvs[i]);
		assert_int_equal(r.rc, 2);
		assert_null(memchr(r.err, 0x1b, r.err_len));
		assert_null(memchr(r.err, 0x07, r.err_len));
		assert_non_null(strstr(r.err, want[i]));
		tu_run_free(&r);
	}
}

static void
test_no_command(void **state)
{
	struct tu_run r;

	(void)state;
	RUN(&r, "--no-color");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "usage: code-airlock"));
	tu_run_free(&r);
}

static void
test_version(void **state)
{
	struct tu_run r;

	(void)state;
	RUN(&r, "--version");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "code-airlock " AIRLOCK_VERSION));
	tu_run_free(&r);
	/* Global options are accepted after the command too. */
	RUN(&r, "help", "--version");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "code-airlock " AIRLOCK_VERSION));
	tu_run_free(&r);
}

static void
test_bounds(void **state)
{
	struct tu_run r;

	(void)state;
	RUN(&r, "help", "up", "extra");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "too many arguments for 'help': 'extra'"));
	tu_run_free(&r);
	RUN(&r, "help", "nope");
	assert_int_equal(r.rc, 2);
	tu_run_free(&r);
	RUN(&r, "completion", "--", "x");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "takes nothing after '--'"));
	tu_run_free(&r);
	RUN(&r, "completion", "--json");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "does not support --json"));
	tu_run_free(&r);
	RUN(&r, "--tmux", "help");
	assert_int_equal(r.rc, 2);
	tu_run_free(&r);
}

static void
check_completion(const char *shell, const char *const *must)
{
	const char *const av[] = { "completion", shell, NULL };
	struct tu_run r;
	size_t i;

	tu_main(&r, no_env, av);
	assert_int_equal(r.rc, 0);
	for (i = 0; cmd_table[i] != NULL; i++)
		assert_non_null(strstr(r.out, cmd_table[i]->name));
	for (i = 0; cmd_agents[i] != NULL; i++)
		assert_non_null(strstr(r.out, cmd_agents[i]));
	for (i = 0; must[i] != NULL; i++)
		assert_non_null(strstr(r.out, must[i]));
	tu_run_free(&r);
}

static void
test_completion(void **state)
{
	const char *const bash[] = { "complete -F _code_airlock code-airlock "
	    "codelock", "--ff-only", "--dry-run", NULL };
	const char *const zsh[] = { "#compdef code-airlock codelock",
	    "--no-start", NULL };
	const char *const fish[] = { "complete -c code-airlock",
	    "complete -c codelock", "-l squash", NULL };
	struct tu_run r;

	(void)state;
	check_completion("bash", bash);
	check_completion("zsh", zsh);
	check_completion("fish", fish);
	/* Default from $SHELL (bash in no_env). */
	RUN(&r, "completion");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "complete -F _code_airlock"));
	tu_run_free(&r);
	RUN(&r, "completion", "tcsh");
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "no completion for shell 'tcsh'"));
	tu_run_free(&r);
}

/*
 * Every option is declared with an id, and one id means one option
 * everywhere: the same name in every table that lists it, no command
 * option shadowing a global one, every id in use.
 */
static void
check_table(const struct cmd_opt *t, const char **names, int global)
{
	const struct cmd_opt *o;

	for (o = t; o != NULL && o->name != NULL; o++) {
		assert_true(o->id > OPT_NONE && o->id < OPT__COUNT);
		assert_true(strncmp(o->name, "--", 2) == 0);
		assert_non_null(o->help);
		if (!global)
			assert_null(cmd_opt_find(cmd_global_opts, o->name,
			    strlen(o->name)));
		if (names[o->id] == NULL)
			names[o->id] = o->name;
		else
			assert_string_equal(names[o->id], o->name);
	}
}

static void
test_option_ids(void **state)
{
	const char *names[OPT__COUNT] = { NULL };
	size_t i;
	int id;

	(void)state;
	check_table(cmd_global_opts, names, 1);
	for (i = 0; cmd_table[i] != NULL; i++)
		check_table(cmd_table[i]->opts, names, 0);
	for (id = OPT_NONE + 1; id < OPT__COUNT; id++)
		assert_non_null(names[id]);
	/* An alias finds its option; a near miss finds nothing. */
	assert_int_equal(cmd_opt_find(cmd_global_opts, "-q", 2)->id,
	    OPT_QUIET);
	assert_null(cmd_opt_find(cmd_global_opts, "--quie", 6));
	assert_null(cmd_opt_find(cmd_global_opts, "-x", 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_lists_every_command),
		cmocka_unit_test(test_every_command_has_usage),
		cmocka_unit_test(test_unknown_command),
		cmocka_unit_test(test_unknown_option),
		cmocka_unit_test(test_echoed_words_are_escaped),
		cmocka_unit_test(test_no_command),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_option_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
