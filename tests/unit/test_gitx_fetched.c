/*
 * When each sandbox was last fetched: recorded, read back, replaced;
 * never recorded reads as not found; a record that is not a time, or a
 * name that is no file name, is refused rather than trusted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"
#include "git_cli.h"

struct w {
	char			*dir;
	struct git_repository	*repo;
};

static int
setup(void **state)
{
	struct w *w = xcalloc(1, sizeof(*w));
	char *cause = NULL;

	w->dir = tu_mkdtemp();
	git_cli(w->dir, "init", "-q", (char *)NULL);
	assert_int_equal(gitx_open(w->dir, &w->repo, &cause), 0);
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct w *w = *state;

	gitx_close(w->repo);
	tu_rmrf(w->dir);
	free(w->dir);
	free(w);
	return 0;
}

static void
test_round_trip(void **state)
{
	struct w *w = *state;
	long long t = 42;
	char *cause = NULL;

	assert_int_equal(gitx_fetched_get(w->repo, "fix-a", &t, &cause),
	    GITX_ENOTFOUND);
	assert_int_equal(t, 0);
	assert_int_equal(gitx_fetched_set(w->repo, "fix-a", 1764500000,
	    &cause), 0);
	assert_int_equal(gitx_fetched_set(w->repo, "fix-b", 7, &cause), 0);
	assert_int_equal(gitx_fetched_get(w->repo, "fix-a", &t, &cause), 0);
	assert_int_equal(t, 1764500000);
	assert_int_equal(gitx_fetched_set(w->repo, "fix-a", 1764500100,
	    &cause), 0);
	assert_int_equal(gitx_fetched_get(w->repo, "fix-a", &t, &cause), 0);
	assert_int_equal(t, 1764500100);
	assert_int_equal(gitx_fetched_get(w->repo, "fix-b", &t, &cause), 0);
	assert_int_equal(t, 7);
}

static void
test_not_a_time(void **state)
{
	struct w *w = *state;
	static const char *const bad[] = { "soon\n", "12", "\n",
	    "123456789012345678901234567890\n", "-5\n", "12 \n" };
	char *path, *cause = NULL;
	long long t;
	size_t i;

	tu_mkdir_at(w->dir, ".git/code-airlock");
	tu_mkdir_at(w->dir, ".git/code-airlock/fetched");
	path = tu_at(w->dir, ".git/code-airlock/fetched/fix-a");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tu_write(path, bad[i]);
		assert_int_equal(gitx_fetched_get(w->repo, "fix-a", &t,
		    &cause), GITX_ENOTFOUND);
		assert_int_equal(t, 0);
	}
	free(path);
}

static void
test_bad_names(void **state)
{
	struct w *w = *state;
	static const char *const bad[] = { "", ".", "..", "../x", "a/b",
	    ".hidden" };
	char *cause = NULL;
	long long t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(gitx_fetched_set(w->repo, bad[i], 1, &cause),
		    -1);
		assert_non_null(cause);
		free(cause);
		cause = NULL;
		assert_int_equal(gitx_fetched_get(w->repo, bad[i], &t,
		    &cause), -1);
		free(cause);
		cause = NULL;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_a_time, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
