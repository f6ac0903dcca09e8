/*
 * Ref namespaces named once: skip_prefix() matches whole prefixes only,
 * and each namespace function spells the layout sbx and code-airlock use
 * (a name that merely starts alike is not taken for a sandbox remote).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "services/git/gitx.h"

static void
test_skip_prefix(void **state)
{
	const char *rest = "untouched";

	(void)state;
	assert_true(skip_prefix("refs/heads/main", "refs/heads/", &rest));
	assert_string_equal(rest, "main");
	assert_true(skip_prefix("refs/heads/", "refs/heads/", &rest));
	assert_string_equal(rest, "");
	assert_true(skip_prefix("abc", "", &rest));
	assert_string_equal(rest, "abc");
	rest = "untouched";
	assert_false(skip_prefix("refs/head", "refs/heads/", &rest));
	assert_false(skip_prefix("refs/tags/v1", "refs/heads/", &rest));
	assert_false(skip_prefix("", "r", &rest));
	assert_string_equal(rest, "untouched");
}

static void
test_remote_and_box(void **state)
{
	char *s;

	(void)state;
	s = gitx_remote_of("sbx-app");
	assert_string_equal(s, "sandbox-sbx-app");
	assert_string_equal(gitx_box_of(s), "sbx-app");
	free(s);
	assert_null(gitx_box_of("origin"));
	assert_null(gitx_box_of("sandbox"));
	assert_null(gitx_box_of("Sandbox-x"));
}

static void
test_namespaces(void **state)
{
	char *s;

	(void)state;
	s = gitx_ns_remote("sandbox-a");
	assert_string_equal(s, "refs/remotes/sandbox-a/");
	free(s);
	s = gitx_ns_kept("a");
	assert_string_equal(s, "refs/sandboxes/a/");
	free(s);
	s = gitx_ns_replaced("a");
	assert_string_equal(s, "refs/code-airlock/replaced/a/");
	free(s);
	s = gitx_ref_submodule("a");
	assert_string_equal(s, "refs/remotes/code-airlock/a");
	free(s);
}

static void
test_branch_of(void **state)
{
	(void)state;
	assert_string_equal(gitx_branch_of("refs/heads/feat/x"), "feat/x");
	assert_string_equal(gitx_branch_of("main"), "main");
	assert_string_equal(gitx_branch_of("refs/remotes/o/main"),
	    "refs/remotes/o/main");
	assert_string_equal(gitx_branch_of("refs/headsx"), "refs/headsx");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skip_prefix),
		cmocka_unit_test(test_remote_and_box),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_branch_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
