/*
 * The record of what the user looked at (gitx_seen_get/set): branch names
 * that could not live side by side as refs, names that would break a
 * record line, a writer's lock left behind, a damaged record, and the
 * record of a linked worktree landing in the common git directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "git_cli.h"
#include "testutil.h"

#define A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static char *dir;

static struct git_repository *
open_repo(const char *rel)
{
	struct git_repository *repo = NULL;
	char *p = tu_at(dir, rel), *cause = NULL;

	if (gitx_open(p, &repo, &cause) < 0)
		fail_msg("%s", cause);
	free(p);
	return repo;
}

static void
test_record(void **state)
{
	struct git_repository *repo;
	char hex[GITX_HEXSZ + 1], *cause = NULL, *lock;

	(void)state;
	dir = tu_mkdtemp();
	git_cli(dir, "init", "-q", "repo", NULL);
	git_cli(dir, "-C", "repo", "commit", "-q", "--allow-empty", "-m", "x",
	    NULL);
	repo = open_repo("repo");
	assert_int_equal(gitx_seen_get(repo, "box", "x", hex, &cause),
	    GITX_ENOTFOUND);
	/* "x" and "x/y" side by side, and two sandboxes apart. */
	assert_int_equal(gitx_seen_set(repo, "box", "x", A, &cause), 0);
	assert_int_equal(gitx_seen_set(repo, "box", "x/y", B, &cause), 0);
	assert_int_equal(gitx_seen_set(repo, "other", "x", B, &cause), 0);
	assert_int_equal(gitx_seen_get(repo, "box", "x", hex, &cause), 0);
	assert_string_equal(hex, A);
	assert_int_equal(gitx_seen_get(repo, "box", "x/y", hex, &cause), 0);
	assert_string_equal(hex, B);
	assert_int_equal(gitx_seen_get(repo, "box", "x/", hex, &cause),
	    GITX_ENOTFOUND);
	/* A new tip replaces the old line, the others stay. */
	assert_int_equal(gitx_seen_set(repo, "box", "x", B, &cause), 0);
	assert_int_equal(gitx_seen_get(repo, "box", "x", hex, &cause), 0);
	assert_string_equal(hex, B);
	assert_int_equal(gitx_seen_get(repo, "box", "x/y", hex, &cause), 0);

	/* Names that would split a line, or leave the directory. */
	assert_int_equal(gitx_seen_set(repo, "box", "a b", A, &cause), -1);
	free(cause);
	assert_int_equal(gitx_seen_set(repo, "box", "a\nb", A, &cause), -1);
	free(cause);
	assert_int_equal(gitx_seen_set(repo, "../x", "a", A, &cause), -1);
	free(cause);
	assert_int_equal(gitx_seen_get(repo, "box", "x x", hex, &cause),
	    GITX_ENOTFOUND);

	/* Another writer's lock: refused, and left where it is. */
	lock = tu_at(dir, "repo/.git/code-airlock/seen/box.lock");
	tu_write(lock, "");
	assert_int_equal(gitx_seen_set(repo, "box", "x", A, &cause), -1);
	assert_non_null(strstr(cause, "box.lock' exists"));
	free(cause);
	assert_int_equal(access(lock, F_OK), 0);
	assert_int_equal(gitx_seen_get(repo, "box", "x", hex, &cause), 0);
	assert_string_equal(hex, B);
	unlink(lock);
	free(lock);

	/* A damaged line is no record. */
	tu_put(dir, "repo/.git/code-airlock/seen/box", "zz " A "\n" A "x\n");
	assert_int_equal(gitx_seen_get(repo, "box", "x", hex, &cause),
	    GITX_ENOTFOUND);
	gitx_close(repo);

	/* A linked worktree shares the record. */
	git_cli(dir, "-C", "repo", "worktree", "add", "-q", "../wt", NULL);
	repo = open_repo("wt");
	assert_int_equal(gitx_seen_get(repo, "other", "x", hex, &cause), 0);
	assert_string_equal(hex, B);
	gitx_close(repo);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
