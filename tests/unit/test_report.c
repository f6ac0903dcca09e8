/*
 * The one reporter of a cause: each form prints one line with the
 * program's prefix, what failed in front when asked, "operation failed"
 * for a NULL cause, the cause escaped for the terminal, and returns what
 * the command exits with.  Every cause handed over is freed (the leak
 * checker of the sanitizer and valgrind builds catches one that is not).
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

struct cap {
	struct cmd_ctx	 ctx;
	char		*buf;
	size_t		 len;
};

static void
cap_open(struct cap *c)
{
	memset(c, 0, sizeof(*c));
	ui_init(&c->ctx.ui, stdout, open_memstream(&c->buf, &c->len), 1);
}

/* What was reported; the caller frees. */
static char *
cap_close(struct cap *c)
{
	fclose(c->ctx.ui.err);
	return c->buf;
}

static void
test_cause(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c);
	assert_int_equal(ae_cause(&c.ctx, xstrdup("cannot open 'x'")), 1);
	assert_int_equal(ae_cause(&c.ctx, NULL), 1);
	s = cap_close(&c);
	assert_string_equal(s, "code-airlock: error: cannot open 'x'\n"
	    "code-airlock: error: operation failed\n");
	free(s);
}

static void
test_causef(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c);
	assert_int_equal(ae_causef(&c.ctx, xstrdup("no such file"),
	    "cannot run '%s'", "gh"), 1);
	assert_int_equal(ae_causef(&c.ctx, NULL, "step %d", 2), 1);
	s = cap_close(&c);
	assert_string_equal(s, "code-airlock: error: cannot run 'gh': no such "
	    "file\ncode-airlock: error: step 2: operation failed\n");
	free(s);
}

static void
test_warn_cause(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c);
	ae_warn_cause(&c.ctx, xstrdup("kept going"));
	ae_warn_causef(&c.ctx, xstrdup("bad"), "submodule '%s'", "lib");
	s = cap_close(&c);
	assert_string_equal(s, "code-airlock: warning: kept going\n"
	    "code-airlock: warning: submodule 'lib': bad\n");
	free(s);
}

/* A cause may quote the agent: it cannot drive the terminal. */
static void
test_cause_escaped(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c);
	ae_causef(&c.ctx, xstrdup("branch '\033]0;pwn\007'\nnext"), "fetch");
	s = cap_close(&c);
	assert_string_equal(s, "code-airlock: error: fetch: branch "
	    "'\\e]0;pwn\\x07'\\nnext\n");
	free(s);
}

static void
test_sbx_cause(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	cap_open(&c);
	assert_int_equal(ae_sbx(&c.ctx, xstrdup("'sbx ls' failed: not logged "
	    "in"), "never shown"), 1);
	assert_int_equal(ae_sbx(&c.ctx, xstrdup("'sbx stop' failed: busy"),
	    "try later"), 1);
	s = cap_close(&c);
	assert_non_null(strstr(s, "error: 'sbx ls' failed: not logged in\n"));
	assert_non_null(strstr(s, "sbx login"));
	assert_null(strstr(s, "never shown"));
	assert_non_null(strstr(s, "error: 'sbx stop' failed: busy\n"));
	assert_non_null(strstr(s, "try later"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cause),
		cmocka_unit_test(test_causef),
		cmocka_unit_test(test_warn_cause),
		cmocka_unit_test(test_cause_escaped),
		cmocka_unit_test(test_sbx_cause),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
