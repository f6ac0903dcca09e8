/*
 * A child's failure as one cause: success says nothing, a non-zero exit
 * names what failed and the line of stderr that says why (sbx's last
 * "ERROR:" line, else the last line), escaped for the terminal; an empty
 * stderr gives the exit status; a program that cannot start keeps the
 * spawn layer's own cause; under dry-run nothing runs and nothing fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/spawn.h"
#include "testutil.h"

/* Run sh -c SCRIPT through proc_capture(); its return, cause in *cause. */
static int
capture(const char *script, int dry, char **cause)
{
	struct spawner sp = { .dry_run = dry };
	struct proc p = PROC_INIT;
	char *plan = NULL;
	size_t len = 0;
	int rc;

	sp.plan = open_memstream(&plan, &len);
	*cause = NULL;
	strvec_pushl(&p.args, "sh", "-c", script, NULL);
	p.flags = PROC_CAPTURE_ERR | PROC_NULL_IN;
	rc = proc_capture(&sp, &p, cause, "'%s' failed", "step");
	proc_clear(&p);
	fclose(sp.plan);
	free(plan);
	return rc;
}

static void
test_success(void **state)
{
	char *cause;

	(void)state;
	assert_int_equal(capture("echo noise >&2; exit 0", 0, &cause), 0);
	assert_null(cause);
}

static void
test_last_error_line(void **state)
{
	char *cause;

	(void)state;
	assert_int_equal(capture("echo 'progress' >&2; echo 'ERROR: first' "
	    ">&2; echo more >&2; echo \"ERROR: sandbox 'x' not found\" >&2; "
	    "exit 1", 0, &cause), PROC_EEXIT);
	assert_string_equal(cause, "'step' failed: sandbox 'x' not found");
	free(cause);
	assert_int_equal(capture("echo one >&2; echo 'fatal: two' >&2; "
	    "echo >&2; exit 128", 0, &cause), PROC_EEXIT);
	assert_string_equal(cause, "'step' failed: fatal: two");
	free(cause);
}

static void
test_hostile_line(void **state)
{
	char *cause;

	(void)state;
	assert_int_equal(capture("printf 'ERROR: bad \\033]0;x\\007b\\r\\n' "
	    ">&2; exit 2", 0, &cause), PROC_EEXIT);
	assert_string_equal(cause, "'step' failed: bad \\e]0;x\\x07b");
	free(cause);
}

static void
test_silent_failure(void **state)
{
	char *cause;

	(void)state;
	assert_int_equal(capture("exit 3", 0, &cause), PROC_EEXIT);
	assert_string_equal(cause, "'step' failed: exit status 3");
	free(cause);
	assert_int_equal(capture("echo 'ERROR: ' >&2; exit 4", 0, &cause),
	    PROC_EEXIT);
	assert_string_equal(cause, "'step' failed: exit status 4");
	free(cause);
}

static void
test_cannot_start(void **state)
{
	struct spawner sp = { .dry_run = 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL;

	(void)state;
	strvec_push(&p.args, "airlock-no-such-program");
	p.flags = PROC_CAPTURE_ERR;
	assert_int_equal(proc_capture(&sp, &p, &cause, "x"), -1);
	assert_non_null(strstr(cause, "cannot run 'airlock-no-such-program'"));
	free(cause);
	proc_clear(&p);
}

static void
test_dry_run(void **state)
{
	char *cause;

	(void)state;
	assert_int_equal(capture("exit 5", 1, &cause), 0);
	assert_null(cause);
}

/* The half for a command run elsewhere: the same words as proc_capture. */
static void
test_status_cause(void **state)
{
	struct proc p = PROC_INIT;
	char *cause = NULL;

	(void)state;
	assert_int_equal(proc_status_cause(&p, &cause, "'%s' failed", "x"), 0);
	assert_null(cause);
	p.status = 3;
	p.err = xstrdup("Starting sandboxd daemon...\nERROR: no such "
	    "sandbox \x1b[31m\n");
	assert_int_equal(proc_status_cause(&p, &cause, "'%s' failed", "x"),
	    PROC_EEXIT);
	assert_null(strchr(cause, '\x1b'));
	assert_non_null(strstr(cause, "'x' failed: no such sandbox"));
	free(cause);
	free(p.err);
	p.err = NULL;
	assert_int_equal(proc_status_cause(&p, &cause, "w"), PROC_EEXIT);
	assert_string_equal(cause, "w: exit status 3");
	free(cause);
	proc_clear(&p);
}

static void
test_err_line(void **state)
{
	char *s;

	(void)state;
	s = proc_err_line("something went wrong\n\n");
	assert_string_equal(s, "something went wrong");
	free(s);
	s = proc_err_line("ERROR: bad name\r\nmore\n");
	assert_string_equal(s, "bad name");
	free(s);
	assert_null(proc_err_line("ERROR: \n"));
	assert_null(proc_err_line(""));
	assert_null(proc_err_line(NULL));
	assert_null(proc_err_line("\n\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_last_error_line),
		cmocka_unit_test(test_hostile_line),
		cmocka_unit_test(test_silent_failure),
		cmocka_unit_test(test_cannot_start),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_err_line),
		cmocka_unit_test(test_status_cause),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
