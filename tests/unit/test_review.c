/*
 * The pieces of the review commands that need no sandbox: the github.com
 * compare URL pr prints without gh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>

#include <cmocka.h>

#include "helpers/review.h"
#include "testutil.h"

static void
check(const char *url, const char *base, const char *branch,
    const char *want)
{
	char *got = review_compare_url(url, base, branch);

	if (want == NULL) {
		if (got != NULL)
			fail_msg("%s: got %s, expected none", url, got);
		return;
	}
	if (got == NULL)
		fail_msg("%s: no URL, expected %s", url, want);
	assert_string_equal(got, want);
	free(got);
}

static void
test_compare_url_forms(void **state)
{
	static const char want[] =
	    "https://github.com/o/r/compare/main...code-airlock/x?expand=1";

	(void)state;
	check("git@github.com:o/r.git", "main", "code-airlock/x", want);
	check("git@github.com:o/r", "main", "code-airlock/x", want);
	check("https://github.com/o/r", "main", "code-airlock/x", want);
	check("https://github.com/o/r.git", "main", "code-airlock/x", want);
	check("https://github.com/o/r/", "main", "code-airlock/x", want);
	check("ssh://git@github.com/o/r.git", "main", "code-airlock/x", want);
	check("https://me@github.com/o/r.git", "main", "code-airlock/x",
	    want);
}

static void
test_compare_url_not_github(void **state)
{
	(void)state;
	check("https://gitlab.com/o/r.git", "main", "b", NULL);
	check("/srv/git/r.git", "main", "b", NULL);
	check("https://github.com.evil.example/o/r", "main", "b", NULL);
	check("https://github.com/o", "main", "b", NULL);
	check("https://github.com/o/r/tree/x", "main", "b", NULL);
	check("git@github.com:/r.git", "main", "b", NULL);
	check("https://evil.example/@github.com/o/r", "main", "b", NULL);
}

static void
test_compare_url_escapes(void **state)
{
	(void)state;
	check("git@github.com:o/r.git", "rel#1", "a b?c&d",
	    "https://github.com/o/r/compare/rel%231...a%20b%3Fc%26d?expand=1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_url_forms),
		cmocka_unit_test(test_compare_url_not_github),
		cmocka_unit_test(test_compare_url_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
