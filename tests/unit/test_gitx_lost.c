/*
 * A fetch stopped or raced at each of its steps, on real repositories:
 * the process dies (as SIGKILL or an OOM kill would end it) right after
 * the pack moved in, after the old tips were kept, after the stale refs
 * in the way were removed, and after the refs moved; or `git gc
 * --prune=now` and `git repack -a -d` run while the pack is in and no ref
 * points at it yet.  Whatever the step, every commit a ref held before is
 * still reachable, `git fsck` finds nothing missing, and the next fetch
 * completes and sweeps what the dead one left.
 */
#include <sys/wait.h>

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <git2.h>

#include "services/git/gitx.h"
#include "services/git/gitx_priv.h"
#include "base/strvec.h"
#include "testutil.h"
#include "gitx_fixture.h"
#include "git_cli.h"

static const char *die_at;
static const char *gc_dir;

static void
die_hook(const char *step)
{
	if (strcmp(step, die_at) == 0)
		_exit(77);
}

static void
gc_hook(const char *step)
{
	if (strcmp(step, "migrated") != 0)
		return;
	git_cli(gc_dir, "gc", "--prune=now", "--quiet", (char *)NULL);
	git_cli(gc_dir, "repack", "-a", "-d", "-q", (char *)NULL);
}

static void
hex_of(git_repository *repo, const char *ref, git_oid *oid)
{
	git_object *o;

	assert_int_equal(git_revparse_single(&o, repo, ref), 0);
	git_oid_cpy(oid, git_object_id(o));
	git_object_free(o);
}

/* Is oid reachable from some ref of the repository at dir? */
static int
held(const char *dir, const git_oid *oid)
{
	git_repository *repo;
	git_reference_iterator *it;
	git_reference *r;
	git_oid tips[64];
	size_t n = 0;
	int rc;

	assert_int_equal(git_repository_open(&repo, dir), 0);
	assert_int_equal(git_reference_iterator_new(&it, repo), 0);
	while (n < 64 && git_reference_next(&r, it) == 0) {
		if (git_reference_type(r) == GIT_REFERENCE_DIRECT)
			git_oid_cpy(&tips[n++], git_reference_target(r));
		git_reference_free(r);
	}
	git_reference_iterator_free(it);
	rc = git_graph_reachable_from_any(repo, oid, tips, n) == 1;
	git_repository_free(repo);
	return rc;
}

/*
 * The sandbox has main and x, fetched once; then main is rewritten and
 * x renamed x/y with a commit on it, so that the next fetch keeps two
 * tips, removes a stale ref and moves the rest.
 */
static void
prepare(struct fx *fx, git_oid *old_main, git_oid *old_x)
{
	struct gitx_fetch_result res;
	git_reference *r;
	git_object *o;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	commit1(fx->sb, "refs/heads/x", "refs/heads/main", "x", "x\n", "x");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	hex_of(fx->host, "refs/sandboxes/x/main", old_main);
	hex_of(fx->host, "refs/sandboxes/x/x", old_x);
	commit1(fx->sb, "refs/heads/tmp", "refs/heads/main~1", "b", "2\n",
	    "main rewritten");
	assert_int_equal(git_revparse_single(&o, fx->sb, "tmp"), 0);
	assert_int_equal(git_reference_create(&r, fx->sb, "refs/heads/main",
	    git_object_id(o), 1, NULL), 0);
	git_reference_free(r);
	git_object_free(o);
	assert_int_equal(git_reference_lookup(&r, fx->sb, "refs/heads/tmp"),
	    0);
	assert_int_equal(git_reference_delete(r), 0);
	git_reference_free(r);
	git_cli(fx->sb_dir, "branch", "-m", "x", "x/y", (char *)NULL);
	/* x/y moves on and x's tip stays only on it: keep the old x too. */
	git_cli(fx->sb_dir, "update-ref", "refs/heads/x/y", "main",
	    (char *)NULL);
}

/* Nothing a dead fetch left behind: no quarantine, no .keep of ours. */
static void
swept(const struct fx *fx)
{
	char *objs = xasprintf("%s/.git/objects", fx->host_dir);
	char *packs = xasprintf("%s/pack", objs);
	struct dirent *d;
	DIR *dir;

	assert_non_null(dir = opendir(objs));
	while ((d = readdir(dir)) != NULL)
		assert_null(strstr(d->d_name, "incoming-"));
	closedir(dir);
	assert_non_null(dir = opendir(packs));
	while ((d = readdir(dir)) != NULL)
		assert_null(strstr(d->d_name, ".keep"));
	closedir(dir);
	free(objs);
	free(packs);
}

static void
crash_at(void **state, const char *step)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_oid old_main, old_x, new_main, got;
	char *cause = NULL;
	int status;
	pid_t pid;

	prepare(fx, &old_main, &old_x);
	if ((pid = fork()) == 0) {
		die_at = step;
		gitx_fetch_hook = die_hook;
		gitx_fetch(fx->host, "sandbox-x", NULL, NULL, &res, &cause);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 77);
	assert_true(held(fx->host_dir, &old_main));
	assert_true(held(fx->host_dir, &old_x));
	git_cli(fx->host_dir, "fsck", "--connectivity-only", "--no-dangling",
	    (char *)NULL);
	/* The next fetch completes, and keeps what it must. */
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	hex_of(fx->sb, "refs/heads/main", &new_main);
	hex_of(fx->host, "refs/sandboxes/x/main", &got);
	assert_true(git_oid_equal(&new_main, &got));
	assert_true(held(fx->host_dir, &old_main));
	assert_true(held(fx->host_dir, &old_x));
	git_cli(fx->host_dir, "fsck", "--connectivity-only", "--no-dangling",
	    (char *)NULL);
	swept(fx);
}

static void
test_crash_migrated(void **state)
{
	crash_at(state, "migrated");
}

static void
test_crash_kept(void **state)
{
	crash_at(state, "kept");
}

static void
test_crash_removed(void **state)
{
	crash_at(state, "removed");
}

static void
test_crash_moved(void **state)
{
	crash_at(state, "moved");
}

/* gc and repack while the pack is in and no ref points at it yet. */
static void
test_gc_in_the_window(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	git_oid old_main, old_x, tip;
	char hex[GITX_HEXSZ + 1];

	prepare(fx, &old_main, &old_x);
	gc_dir = fx->host_dir;
	gitx_fetch_hook = gc_hook;
	fetch_ok(fx, &res);
	gitx_fetch_hook = NULL;
	gitx_fetch_result_clear(&res);
	hex_of(fx->sb, "refs/heads/x/y", &tip);
	git_oid_tostr(hex, sizeof(hex), &tip);
	assert_true(gitx_has_object(fx->host, hex));
	git_cli(fx->host_dir, "fsck", "--connectivity-only", "--no-dangling",
	    (char *)NULL);
	assert_true(held(fx->host_dir, &old_main));
	swept(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crash_migrated, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_crash_kept, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_crash_removed, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_crash_moved, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_gc_in_the_window, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
