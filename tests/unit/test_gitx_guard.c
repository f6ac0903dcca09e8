/*
 * The guarded fetch (gitx_fetch_guarded): refs move only when what the
 * remote advertises continues a commit that earlier fetches kept and that
 * only the sandbox's own refs hold; otherwise GITX_EUNVERIFIED and no ref
 * changes, so that the caller asks sbx.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"
#include "gitx_fixture.h"

static int
guarded(struct fx *fx, struct gitx_fetch_result *res)
{
	char *cause = NULL;
	int rc;

	rc = gitx_fetch_guarded(fx->host, "sandbox-x", NULL, NULL, res,
	    &cause);
	if (rc != 0 && rc != GITX_EUNVERIFIED)
		fail_msg("guarded fetch: %s", cause);
	if (rc == GITX_EUNVERIFIED)
		assert_non_null(strstr(cause, "cannot tell that the git "
		    "daemon"));
	free(cause);
	return rc;
}

static void
ref_hex(struct fx *fx, const char *ref, char hex[GITX_HEXSZ + 1])
{
	char *cause = NULL;

	if (gitx_rev_hex(fx->host, ref, hex, &cause) != 0)
		hex[0] = '\0';
}

static void
test_first_fetch_unverified(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char hex[GITX_HEXSZ + 1];

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	assert_int_equal(guarded(fx, &res), GITX_EUNVERIFIED);
	/* It says what the remote serves, and moves nothing. */
	assert_int_equal(res.nheads, 1);
	assert_int_equal(res.nup, 0);
	gitx_fetch_result_clear(&res);
	ref_hex(fx, "refs/sandboxes/x/main", hex);
	assert_string_equal(hex, "");
}

static void
test_continuation_fetched(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char hex[GITX_HEXSZ + 1], want[GITX_HEXSZ + 1];
	char *cause = NULL;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	/* Nothing new, then new commits and a new branch: both fine. */
	assert_int_equal(guarded(fx, &res), 0);
	gitx_fetch_result_clear(&res);
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n", "b");
	commit1(fx->sb, "refs/heads/topic", "refs/heads/main", "t", "t\n",
	    "t");
	assert_int_equal(guarded(fx, &res), 0);
	assert_int_equal(res.nup, 4);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_rev_hex(fx->sb, "main", want, &cause), 0);
	ref_hex(fx, "refs/sandboxes/x/main", hex);
	assert_string_equal(hex, want);
}

static void
test_rewritten_branch_unverified(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char before[GITX_HEXSZ + 1], after[GITX_HEXSZ + 1];
	git_object *o;
	git_reference *r;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	ref_hex(fx, "refs/sandboxes/x/main", before);
	/* The agent amends: main no longer descends from the kept tip. */
	commit1(fx->sb, "refs/heads/amend", "refs/heads/main~1", "a", "2\n",
	    "a again");
	assert_int_equal(git_revparse_single(&o, fx->sb, "amend"), 0);
	assert_int_equal(git_reference_create(&r, fx->sb, "refs/heads/main",
	    git_object_id(o), 1, NULL), 0);
	git_reference_free(r);
	git_object_free(o);
	assert_int_equal(git_reference_lookup(&r, fx->sb, "refs/heads/amend"),
	    0);
	assert_int_equal(git_reference_delete(r), 0);
	git_reference_free(r);
	assert_int_equal(guarded(fx, &res), GITX_EUNVERIFIED);
	gitx_fetch_result_clear(&res);
	ref_hex(fx, "refs/sandboxes/x/main", after);
	assert_string_equal(after, before);
}

static void
test_kept_tip_held_elsewhere(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_object *o;
	git_reference *r;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	/*
	 * The host took the sandbox's work: any clone of the host serves
	 * that commit now, so it proves nothing about who answers.
	 */
	assert_int_equal(git_revparse_single(&o, fx->host,
	    "refs/sandboxes/x/main"), 0);
	assert_int_equal(git_reference_create(&r, fx->host, "refs/heads/took",
	    git_object_id(o), 1, NULL), 0);
	git_reference_free(r);
	git_object_free(o);
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n", "b");
	assert_int_equal(guarded(fx, &res), GITX_EUNVERIFIED);
	gitx_fetch_result_clear(&res);
	/* Its own new commit, once fetched, proves it again. */
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "c", "3\n", "c");
	assert_int_equal(guarded(fx, &res), 0);
	gitx_fetch_result_clear(&res);
}

static void
test_unrelated_remote_unverified(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_repository *other;
	char *dir = xasprintf("%s/other", fx->dir), *cause = NULL;
	char before[GITX_HEXSZ + 1], after[GITX_HEXSZ + 1];
	git_config *cfg;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	ref_hex(fx, "refs/sandboxes/x/main", before);
	/* Another repository answers at the remote's URL. */
	assert_int_equal(git_repository_init(&other, dir, 0), 0);
	commit1(other, "refs/heads/main", NULL, "z", "z\n", "foreign");
	git_repository_free(other);
	assert_int_equal(git_repository_config(&cfg, fx->host), 0);
	assert_int_equal(git_config_set_string(cfg, "remote.sandbox-x.url",
	    dir), 0);
	git_config_free(cfg);
	assert_int_equal(guarded(fx, &res), GITX_EUNVERIFIED);
	gitx_fetch_result_clear(&res);
	ref_hex(fx, "refs/sandboxes/x/main", after);
	assert_string_equal(after, before);
	ref_hex(fx, "refs/remotes/sandbox-x/main", after);
	assert_string_equal(after, before);
	free(cause);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_fetch_unverified,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_continuation_fetched,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rewritten_branch_unverified,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_kept_tip_held_elsewhere,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unrelated_remote_unverified,
		    fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
