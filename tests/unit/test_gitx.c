/*
 * gitx fetch on real temporary repositories built with libgit2: the
 * remote's own refspecs, what moved and how many commits are new, a
 * refused connection, the read-only listing of heads, and the check that
 * every sandbox branch is kept by a host ref.
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

static const struct gitx_update *
find_update(const struct gitx_fetch_result *res, const char *ref)
{
	size_t i;

	for (i = 0; i < res->nup; i++)
		if (strcmp(res->up[i].ref, ref) == 0)
			return &res->up[i];
	return NULL;
}

static void
test_remote_url(void **state)
{
	struct fx *fx = *state;
	char *url = NULL, *cause = NULL;

	assert_int_equal(gitx_remote_url(fx->host, "sandbox-x", &url, &cause),
	    0);
	assert_string_equal(url, fx->sb_dir);
	free(url);
	assert_int_equal(gitx_remote_url(fx->host, "sandbox-nope", &url,
	    &cause), GITX_ENOTFOUND);
	assert_null(url);
}

static void
test_open_missing(void **state)
{
	struct fx *fx = *state;
	git_repository *repo = NULL;
	char *cause = NULL, *path = xasprintf("%s/none", fx->dir);

	assert_int_equal(gitx_open(path, &repo, &cause), -1);
	assert_non_null(strstr(cause, "cannot open git repository"));
	free(cause);
	free(path);
	assert_int_equal(gitx_open(fx->host_dir, &repo, &cause), 0);
	gitx_close(repo);
}

static void
test_fetch_updates(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	const struct gitx_update *u;
	char *cause = NULL;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n", "b");
	commit1(fx->sb, "refs/heads/feat", "refs/heads/main", "c", "3\n", "c");
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/main"));
	assert_string_equal(u->old, "");
	assert_int_equal(u->ncommits, 2);
	assert_non_null(u = find_update(&res, "refs/sandboxes/x/main"));
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/feat"));
	assert_int_equal(u->ncommits, 3);
	assert_int_equal(res.nheads, 2);
	assert_int_equal(gitx_heads_kept(fx->host, "sandbox-x", &res, &cause),
	    0);
	gitx_fetch_result_clear(&res);

	/* A second fetch: old..new, one new commit, then nothing. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "d", "4\n", "d");
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/main"));
	assert_int_not_equal(u->old[0], '\0');
	assert_int_equal(u->ncommits, 1);
	assert_false(u->forced);
	assert_null(find_update(&res, "refs/remotes/sandbox-x/feat"));
	gitx_fetch_result_clear(&res);
	fetch_ok(fx, &res);
	assert_int_equal(res.nup, 0);
	gitx_fetch_result_clear(&res);

	/* A new branch counts only what the host did not hold before. */
	commit1(fx->sb, "refs/heads/feat2", "refs/heads/main", "e", "5\n", "e");
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/feat2"));
	assert_string_equal(u->old, "");
	assert_int_equal(u->ncommits, 1);
	gitx_fetch_result_clear(&res);
}

static void
test_fetch_forced(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	const struct gitx_update *u;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	/* Rewrite: a new commit on the old parent replaces the tip. */
	commit1(fx->sb, "refs/heads/main2", "refs/heads/main~1", "z", "9\n",
	    "z");
	{
		git_object *o;
		git_reference *r;

		assert_int_equal(git_revparse_single(&o, fx->sb,
		    "refs/heads/main2"), 0);
		assert_int_equal(git_reference_create(&r, fx->sb,
		    "refs/heads/main", git_object_id(o), 1, NULL), 0);
		git_reference_free(r);
		git_object_free(o);
	}
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/main"));
	assert_true(u->forced);
	assert_int_equal(u->ncommits, 1);
	gitx_fetch_result_clear(&res);
}

/* Both refspecs' copies of a branch report the same move. */
static void
same_report(const struct gitx_fetch_result *res, const char *branch)
{
	const struct gitx_update *a, *b;
	char *ra = xasprintf("refs/remotes/sandbox-x/%s", branch);
	char *rb = xasprintf("refs/sandboxes/x/%s", branch);

	assert_non_null(a = find_update(res, ra));
	assert_non_null(b = find_update(res, rb));
	assert_string_equal(a->old, b->old);
	assert_string_equal(a->new, b->new);
	assert_int_equal(a->ncommits, b->ncommits);
	assert_int_equal(a->forced, b->forced);
	free(ra);
	free(rb);
}

static void
test_fetch_copies(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	const struct gitx_update *u;
	git_reference *r;
	git_object *o;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	commit1(fx->sb, "refs/heads/feat", "refs/heads/main", "b", "2\n", "b");
	fetch_ok(fx, &res);
	same_report(&res, "main");
	same_report(&res, "feat");
	assert_int_equal(find_update(&res, "refs/sandboxes/x/feat")->ncommits,
	    2);
	gitx_fetch_result_clear(&res);
	/* A forced move, counted once, reported alike. */
	commit1(fx->sb, "refs/heads/tmp", "refs/heads/main~1", "z", "9\n", "z");
	assert_int_equal(git_revparse_single(&o, fx->sb, "tmp"), 0);
	assert_int_equal(git_reference_create(&r, fx->sb, "refs/heads/main",
	    git_object_id(o), 1, NULL), 0);
	git_reference_free(r);
	git_object_free(o);
	fetch_ok(fx, &res);
	same_report(&res, "main");
	assert_true(find_update(&res, "refs/sandboxes/x/main")->forced);
	assert_int_equal(find_update(&res, "refs/sandboxes/x/main")->ncommits,
	    1);
	gitx_fetch_result_clear(&res);
	/* Copies that differ are counted each on its own. */
	assert_int_equal(git_reference_lookup(&r, fx->host,
	    "refs/remotes/sandbox-x/main"), 0);
	assert_int_equal(git_reference_delete(r), 0);
	git_reference_free(r);
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "c", "3\n", "c");
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/main"));
	assert_string_equal(u->old, "");
	assert_int_equal(u->ncommits, 1);
	assert_non_null(u = find_update(&res, "refs/sandboxes/x/main"));
	assert_string_not_equal(u->old, "");
	assert_int_equal(u->ncommits, 1);
	assert_false(u->forced);
	gitx_fetch_result_clear(&res);
}

static void
test_heads_not_kept(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_reference *r;
	char *cause = NULL;

	commit1(fx->sb, "refs/heads/feat", "refs/heads/main", "c", "3\n", "c");
	fetch_ok(fx, &res);
	assert_int_equal(git_reference_lookup(&r, fx->host,
	    "refs/sandboxes/x/feat"), 0);
	assert_int_equal(git_reference_delete(r), 0);
	git_reference_free(r);
	assert_int_equal(gitx_heads_kept(fx->host, "sandbox-x", &res, &cause),
	    -1);
	assert_non_null(strstr(cause, "'feat'"));
	free(cause);
	/* Merged into a host branch: kept again. */
	assert_int_equal(git_reference_lookup(&r, fx->host,
	    "refs/remotes/sandbox-x/feat"), 0);
	{
		git_reference *b;

		assert_int_equal(git_reference_create(&b, fx->host,
		    "refs/heads/keep", git_reference_target(r), 0, NULL), 0);
		git_reference_free(b);
	}
	git_reference_free(r);
	assert_int_equal(gitx_heads_kept(fx->host, "sandbox-x", &res, &cause),
	    0);
	gitx_fetch_result_clear(&res);
}

static void
test_fetch_refused(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_remote *remote;
	char *cause = NULL;

	/* Nothing listens on port 1 of the loopback address. */
	assert_int_equal(git_remote_create(&remote, fx->host, "sandbox-down",
	    "git://127.0.0.1:1/repo"), 0);
	git_remote_free(remote);
	assert_int_equal(gitx_fetch(fx->host, "sandbox-down", NULL, NULL, &res,
	    &cause), GITX_ECONNECT);
	assert_non_null(strstr(cause, "cannot connect"));
	free(cause);
	assert_int_equal(gitx_fetch(fx->host, "sandbox-none", NULL, NULL, &res,
	    &cause), GITX_ENOTFOUND);
}

static void
test_heads_probe(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_branches brs;
	const struct gitx_branch *b;
	char *cause = NULL;

	/* Listed, not fetched: the commit is not here, yet it is a candidate. */
	commit1(fx->sb, "refs/heads/agent", "refs/heads/main", "a", "1\n", "a");
	assert_int_equal(gitx_remote_heads(fx->host, "sandbox-x", &res, &cause),
	    0);
	assert_int_equal(res.nheads, 2);
	assert_int_equal(res.nup, 0);
	assert_false(gitx_has_object(fx->host, res.heads[0].oid) &&
	    gitx_has_object(fx->host, res.heads[1].oid));
	assert_int_equal(gitx_branches_from_heads(fx->host, "sandbox-x", "main",
	    res.heads, res.nheads, &brs, &cause), 0);
	assert_int_equal(brs.n, 2);
	assert_string_equal(brs.v[0].ref, "refs/remotes/sandbox-x/agent");
	assert_int_equal(brs.v[0].ahead, 1);
	assert_int_equal(brs.v[1].ahead, 0);
	assert_int_equal(gitx_choose_sbref(&brs, "main", NULL, &b, &cause), 0);
	assert_string_equal(b->name, "agent");
	gitx_branches_clear(&brs);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_remote_heads(fx->host, "nope", &res, &cause),
	    GITX_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_remote_url, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fetch_updates, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fetch_copies, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fetch_forced, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_heads_not_kept, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_fetch_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_heads_probe, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
