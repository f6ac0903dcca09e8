/*
 * Keeping the tips a forced fetch replaces, on real temporary repositories:
 * a rewritten sandbox branch is kept once under
 * refs/code-airlock/replaced/x/BRANCH/<12 hex digits>, a fast-forward or a
 * tip a host branch still reaches is not, an existing ref is never
 * overwritten, and the snapshot reads only the refs the remote writes.
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

/* Point ref of repo at the commit rev names (force). */
static void
set_ref(git_repository *repo, const char *ref, const char *rev)
{
	git_object *o;
	git_reference *r;

	assert_int_equal(git_revparse_single(&o, repo, rev), 0);
	assert_int_equal(git_reference_create(&r, repo, ref, git_object_id(o),
	    1, NULL), 0);
	git_reference_free(r);
	git_object_free(o);
}

static void
hex_of(git_repository *repo, const char *rev, char hex[GITX_HEXSZ + 1])
{
	char *cause = NULL;

	assert_int_equal(gitx_rev_hex(repo, rev, hex, &cause), 0);
}

/* The agent amends its last commit between two fetches. */
static void
test_keep_amended(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char old[GITX_HEXSZ + 1], got[GITX_HEXSZ + 1], *want;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	assert_int_equal(res.kept.n, 0);
	gitx_fetch_result_clear(&res);
	hex_of(fx->host, "refs/sandboxes/x/main", old);
	commit1(fx->sb, "refs/heads/amend", "refs/heads/main~1", "a", "2\n",
	    "a, amended");
	set_ref(fx->sb, "refs/heads/main", "refs/heads/amend");
	fetch_ok(fx, &res);
	/* Both copies moved; one ref keeps what they held. */
	assert_int_equal(res.kept.n, 1);
	want = xasprintf("refs/code-airlock/replaced/x/main/%.12s", old);
	assert_string_equal(res.kept.v[0].ref, want);
	assert_string_equal(res.kept.v[0].branch, "main");
	assert_string_equal(res.kept.v[0].oid, old);
	hex_of(fx->host, want, got);
	assert_string_equal(got, old);
	free(want);
	gitx_fetch_result_clear(&res);
	/* Nothing replaced since: nothing more to keep. */
	fetch_ok(fx, &res);
	assert_int_equal(res.kept.n, 0);
	gitx_fetch_result_clear(&res);
}

static void
test_keep_not_needed(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_reference_iterator *it;
	git_reference *r;

	/* A fast-forward. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n", "b");
	fetch_ok(fx, &res);
	assert_int_equal(res.kept.n, 0);
	gitx_fetch_result_clear(&res);
	/* A rewrite of a tip the user already merged into a branch. */
	set_ref(fx->host, "refs/heads/merged", "refs/sandboxes/x/main");
	set_ref(fx->sb, "refs/heads/main", "refs/heads/main~2");
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "c", "3\n", "c");
	fetch_ok(fx, &res);
	assert_int_equal(res.nup, 2);
	assert_int_equal(res.kept.n, 0);
	gitx_fetch_result_clear(&res);
	assert_int_equal(git_reference_iterator_glob_new(&it, fx->host,
	    "refs/code-airlock/*"), 0);
	assert_int_equal(git_reference_next(&r, it), GIT_ITEROVER);
	git_reference_iterator_free(it);
}

/* Directly: a snapshot, refs moved or deleted behind it, then the keep. */
static void
test_keep_direct(void **state)
{
	struct fx *fx = *state;
	struct gitx_tips before, kept;
	struct gitx_fetch_result res;
	char old[GITX_HEXSZ + 1], got[GITX_HEXSZ + 1], *name, *cause = NULL;
	git_reference *r;
	size_t i;

	commit1(fx->sb, "refs/heads/feat/a", "refs/heads/main", "f", "1\n",
	    "f");
	commit1(fx->sb, "refs/heads/gone", "refs/heads/main", "g", "1\n", "g");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_tips_snapshot(fx->host, "sandbox-x", &before,
	    &cause), 0);
	/* Both copies of main, feat/a and gone; never refs/heads/. */
	assert_int_equal(before.n, 6);
	for (i = 0; i < before.n; i++) {
		assert_null(strstr(before.v[i].ref, "refs/heads/"));
		if (strcmp(before.v[i].ref, "refs/sandboxes/x/feat/a") == 0)
			assert_string_equal(before.v[i].branch, "feat/a");
	}
	hex_of(fx->host, "refs/sandboxes/x/feat/a", old);
	set_ref(fx->host, "refs/sandboxes/x/feat/a", "refs/heads/main");
	set_ref(fx->host, "refs/remotes/sandbox-x/feat/a", "refs/heads/main");
	/* An unrelated ref already holds the 12-digit name: left alone. */
	name = xasprintf("refs/code-airlock/replaced/x/feat/a/%.12s", old);
	set_ref(fx->host, name, "refs/heads/main");
	assert_int_equal(git_reference_lookup(&r, fx->host,
	    "refs/sandboxes/x/gone"), 0);
	assert_int_equal(git_reference_delete(r), 0);
	git_reference_free(r);
	assert_int_equal(git_reference_lookup(&r, fx->host,
	    "refs/remotes/sandbox-x/gone"), 0);
	assert_int_equal(git_reference_delete(r), 0);
	git_reference_free(r);

	assert_int_equal(gitx_keep_replaced(fx->host, "x", &before, &kept,
	    &cause), 0);
	assert_int_equal(kept.n, 2);
	for (i = 0; i < kept.n; i++)
		if (strcmp(kept.v[i].branch, "feat/a") == 0)
			break;
	assert_true(i < kept.n);
	free(name);
	name = xasprintf("refs/code-airlock/replaced/x/feat/a/%s", old);
	assert_string_equal(kept.v[i].ref, name);
	hex_of(fx->host, name, got);
	assert_string_equal(got, old);
	free(name);
	name = xasprintf("refs/code-airlock/replaced/x/feat/a/%.12s", old);
	hex_of(fx->host, name, got);
	assert_string_not_equal(got, old);
	free(name);
	gitx_tips_clear(&kept);
	/* Once kept, the same snapshot keeps nothing more. */
	assert_int_equal(gitx_keep_replaced(fx->host, "x", &before, &kept,
	    &cause), 0);
	assert_int_equal(kept.n, 0);
	gitx_tips_clear(&before);
	assert_int_equal(gitx_tips_snapshot(fx->host, "sandbox-none", &before,
	    &cause), GITX_ENOTFOUND);
}

/* A ref in the way of the kept one: the fetch fails with the fix. */
static void
test_keep_fails(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char old[GITX_HEXSZ + 1], *cause = NULL, *want;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	hex_of(fx->host, "refs/sandboxes/x/main", old);
	set_ref(fx->host, "refs/code-airlock/replaced/x/main",
	    "refs/heads/main");
	set_ref(fx->sb, "refs/heads/main", "refs/heads/main~1");
	assert_int_equal(gitx_fetch(fx->host, "sandbox-x", NULL, NULL, &res,
	    &cause), -1);
	assert_int_equal(res.kept.n, 0);
	assert_non_null(strstr(cause, "cannot keep the replaced tip"));
	want = xasprintf("save it now with 'git branch NAME %s'", old);
	assert_non_null(strstr(cause, want));
	free(want);
	free(cause);
	gitx_fetch_result_clear(&res);
	assert_true(gitx_has_object(fx->host, old));
}

static void
test_dir_has_refs(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;

	assert_int_equal(gitx_dir_has_refs(fx->host_dir, "refs/sandboxes/x/"),
	    0);
	commit1(fx->sb, "refs/heads/deep/er", "refs/heads/main", "a", "1\n",
	    "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_dir_has_refs(fx->host_dir, "refs/sandboxes/x/"),
	    1);
	assert_int_equal(gitx_dir_has_refs(fx->host_dir, "refs/sandboxes/y/"),
	    0);
	assert_int_equal(gitx_dir_has_refs(fx->dir, "refs/"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keep_amended, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_keep_not_needed, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_keep_direct, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_keep_fails, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_dir_has_refs, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
