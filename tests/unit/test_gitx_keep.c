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

/*
 * Before sbx creates a sandbox under an old name: every tip of the old one
 * that no other ref reaches is kept, before anything can overwrite it.
 */
static void
test_keep_earlier(void **state)
{
	struct fx *fx = *state;
	struct gitx_tips kept, lost;
	struct gitx_fetch_result res;
	char old[GITX_HEXSZ + 1], got[GITX_HEXSZ + 1], *name, *cause = NULL;

	commit1(fx->sb, "refs/heads/feat/a", "refs/heads/main", "f", "1\n",
	    "f");
	commit1(fx->sb, "refs/heads/merged", "refs/heads/main", "g", "1\n",
	    "g");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	hex_of(fx->host, "refs/sandboxes/x/feat/a", old);
	/* A host branch holds 'merged': nothing to keep for it, nor main. */
	set_ref(fx->host, "refs/heads/keep", "refs/sandboxes/x/merged");
	assert_int_equal(gitx_keep_earlier(fx->host, "x", 0, &kept, &lost,
	    &cause), 0);
	assert_int_equal(lost.n, 0);
	assert_int_equal(kept.n, 1);
	name = xasprintf("refs/code-airlock/replaced/x/feat/a/%.12s", old);
	assert_string_equal(kept.v[0].ref, name);
	assert_string_equal(kept.v[0].branch, "feat/a");
	hex_of(fx->host, name, got);
	assert_string_equal(got, old);
	free(name);
	gitx_tips_clear(&kept);
	/* Once kept, nothing more to keep. */
	assert_int_equal(gitx_keep_earlier(fx->host, "x", 0, &kept, &lost,
	    &cause), 0);
	assert_int_equal(kept.n, 0);
	/* No sandbox of that name ever: nothing at all. */
	assert_int_equal(gitx_keep_earlier(fx->host, "y", 0, &kept, &lost,
	    &cause), 0);
	assert_int_equal(kept.n, 0);
	gitx_tips_clear(&kept);
	gitx_tips_clear(&lost);
}

/*
 * A ref in the way of the readable name: the tip is kept by id instead.
 * When nothing can hold it, the ref it sits on does not move, the new tip
 * is kept by id, and the fetch fails naming the tip and the fix.
 */
static void
test_keep_fails(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char old[GITX_HEXSZ + 1], got[GITX_HEXSZ + 1], *cause = NULL;
	char *want;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	hex_of(fx->host, "refs/sandboxes/x/main", old);
	set_ref(fx->host, "refs/code-airlock/replaced/x/main",
	    "refs/heads/main");
	set_ref(fx->sb, "refs/heads/main", "refs/heads/main~1");
	fetch_ok(fx, &res);
	assert_int_equal(res.kept.n, 1);
	want = xasprintf("refs/code-airlock/kept/x/%s", old);
	assert_string_equal(res.kept.v[0].ref, want);
	hex_of(fx->host, want, got);
	assert_string_equal(got, old);
	free(want);
	gitx_tips_clear(&res.kept);
	gitx_fetch_result_clear(&res);

	/* Both names blocked: main stays, the new tip is kept by id. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n", "b");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	hex_of(fx->host, "refs/sandboxes/x/main", old);
	want = xasprintf("refs/code-airlock/kept/x/%s/z", old);
	set_ref(fx->host, want, "refs/heads/main");
	free(want);
	set_ref(fx->sb, "refs/heads/main", "refs/heads/main~1");
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "c", "3\n", "c");
	assert_int_equal(gitx_fetch(fx->host, "sandbox-x", NULL, NULL, &res,
	    &cause), -1);
	assert_int_equal(res.lost.n, 1);
	assert_string_equal(res.lost.v[0].oid, old);
	assert_non_null(strstr(res.lost.v[0].why, "was not moved"));
	assert_int_equal(res.diverted.n, 1);
	hex_of(fx->host, "refs/sandboxes/x/main", got);
	assert_string_equal(got, old);
	want = xasprintf("save it now with 'git branch NAME %s'", old);
	assert_non_null(strstr(cause, want));
	free(want);
	free(cause);
	hex_of(fx->sb, "refs/heads/main", got);
	want = xasprintf("refs/code-airlock/kept/x/%s", got);
	assert_string_equal(res.diverted.v[0].ref, want);
	free(want);
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
		cmocka_unit_test_setup_teardown(test_keep_earlier, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_keep_fails, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_dir_has_refs, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
