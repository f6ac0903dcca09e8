/*
 * gitx for the review commands on real temporary repositories: the
 * sandbox branches and the choice of SBREF, BASE, the log, moving a
 * branch, submodules and the risk summary of BASE...SBREF.
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

static void
test_branches_and_choice(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_branches brs;
	const struct gitx_branch *b;
	char *cause = NULL;

	/* Nothing new yet: main equals the host's main. */
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_sandbox_branches(fx->host, "sandbox-x", "main",
	    &brs, &cause), 0);
	assert_int_equal(brs.n, 1);
	assert_int_equal(brs.v[0].ahead, 0);
	assert_int_equal(gitx_choose_sbref(&brs, "main", NULL, &b, &cause),
	    GITX_ENOTFOUND);
	gitx_branches_clear(&brs);

	/* Only an own branch has commits: it is chosen. */
	commit1(fx->sb, "refs/heads/agent/fix", "refs/heads/main", "f", "1\n",
	    "f");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_sandbox_branches(fx->host, "sandbox-x", "main",
	    &brs, &cause), 0);
	assert_int_equal(brs.n, 2);
	assert_string_equal(brs.v[0].name, "agent/fix");
	assert_int_equal(gitx_choose_sbref(&brs, "main", NULL, &b, &cause), 0);
	assert_string_equal(b->ref, "refs/remotes/sandbox-x/agent/fix");
	gitx_branches_clear(&brs);

	/* Two candidates, one named like BASE: that one. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "m", "1\n", "m");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_sandbox_branches(fx->host, "sandbox-x", "main",
	    &brs, &cause), 0);
	assert_int_equal(gitx_choose_sbref(&brs, "main", NULL, &b, &cause), 0);
	assert_string_equal(b->name, "main");
	assert_int_equal(gitx_choose_sbref(&brs, "refs/heads/main", NULL, &b,
	    &cause), 0);
	assert_string_equal(b->name, "main");

	/* Two candidates and BASE names neither: an error listing both. */
	assert_int_equal(gitx_choose_sbref(&brs, "release", NULL, &b, &cause),
	    -1);
	assert_non_null(strstr(cause, "'agent/fix' (1 new)"));
	assert_non_null(strstr(cause, "'main' (1 new)"));
	assert_non_null(strstr(cause, "--branch"));
	free(cause);

	/* --branch wins, by short or full name; an unknown one fails. */
	assert_int_equal(gitx_choose_sbref(&brs, "main", "agent/fix", &b,
	    &cause), 0);
	assert_string_equal(b->name, "agent/fix");
	assert_int_equal(gitx_choose_sbref(&brs, "main",
	    "refs/remotes/sandbox-x/main", &b, &cause), 0);
	assert_string_equal(b->name, "main");
	assert_int_equal(gitx_choose_sbref(&brs, "main", "nope", &b, &cause),
	    -1);
	assert_non_null(strstr(cause, "no sandbox branch 'nope'"));
	free(cause);
	gitx_branches_clear(&brs);
}

static void
test_resolve_base(void **state)
{
	struct fx *fx = *state;
	char *base = NULL, *cause = NULL;
	git_object *o;

	assert_int_equal(gitx_resolve_base(fx->host, NULL, &base, &cause), 0);
	assert_string_equal(base, "main");
	free(base);
	assert_int_equal(gitx_resolve_base(fx->host, "main~0", &base, &cause),
	    0);
	assert_string_equal(base, "main~0");
	free(base);
	assert_int_equal(gitx_resolve_base(fx->host, "nosuch", &base, &cause),
	    -1);
	assert_non_null(strstr(cause, "cannot resolve base 'nosuch'"));
	free(cause);

	assert_int_equal(git_revparse_single(&o, fx->host, "main"), 0);
	assert_int_equal(git_repository_set_head_detached(fx->host,
	    git_object_id(o)), 0);
	git_object_free(o);
	assert_int_equal(gitx_resolve_base(fx->host, NULL, &base, &cause), -1);
	assert_non_null(strstr(cause, "detached"));
	free(cause);

	assert_int_equal(git_repository_set_head(fx->host, "refs/heads/none"),
	    0);
	assert_int_equal(gitx_resolve_base(fx->host, NULL, &base, &cause), -1);
	assert_non_null(strstr(cause, "no commits"));
	free(cause);
}

static void
test_log(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_commits cs;
	char *cause = NULL;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n",
	    "first\n\nbody");
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n",
	    "second \x1b[31mred");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_log(fx->host, "main",
	    "refs/remotes/sandbox-x/main", &cs, &cause), 0);
	assert_int_equal(cs.n, 2);
	/* Newest first, the subject only, bytes as the agent wrote them. */
	assert_string_equal(cs.v[0].subject, "second \x1b[31mred");
	assert_string_equal(cs.v[1].subject, "first");
	assert_string_equal(cs.v[1].author, "Test");
	assert_string_equal(cs.v[1].email, "t@example.com");
	assert_int_equal(cs.v[1].time, 1700000000);
	assert_true(strlen(cs.v[0].short_id) >= 7);
	assert_memory_equal(cs.v[0].short_id, cs.v[0].id,
	    strlen(cs.v[0].short_id));
	gitx_commits_clear(&cs);
	assert_int_equal(gitx_log(fx->host, "main", "refs/remotes/sandbox-x/x",
	    &cs, &cause), -1);
	free(cause);
}

static void
test_branch_update(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char a[GITX_HEXSZ + 1], b[GITX_HEXSZ + 1], tip[GITX_HEXSZ + 1];
	char *cause = NULL;
	int out = -1;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(gitx_rev_hex(fx->host, "refs/remotes/sandbox-x/main",
	    b, &cause), 0);
	assert_int_equal(gitx_rev_hex(fx->host, "main", a, &cause), 0);
	assert_int_equal(gitx_branch_facts(fx->host, "code-airlock/x", tip,
	    &out, &cause), GITX_ENOTFOUND);
	/* Created only when absent. */
	assert_int_equal(gitx_branch_update(fx->host, "code-airlock/x", b,
	    NULL, &cause), 0);
	assert_int_equal(gitx_branch_facts(fx->host, "code-airlock/x", tip,
	    &out, &cause), 0);
	assert_string_equal(tip, b);
	assert_int_equal(out, 0);
	assert_int_equal(gitx_branch_update(fx->host, "code-airlock/x", a,
	    NULL, &cause), -1);
	free(cause);
	/* Moved only from where the caller saw it. */
	assert_int_equal(gitx_branch_update(fx->host, "code-airlock/x", a, a,
	    &cause), -1);
	free(cause);
	assert_int_equal(gitx_branch_update(fx->host, "code-airlock/x", a, b,
	    &cause), 0);
	assert_int_equal(gitx_rev_hex(fx->host, "refs/heads/code-airlock/x",
	    tip, &cause), 0);
	assert_string_equal(tip, a);
	assert_int_equal(gitx_in_history(fx->host, a, b, &cause), 1);
	assert_int_equal(gitx_in_history(fx->host, b, a, &cause), 0);
	assert_int_equal(gitx_in_history(fx->host, a, a, &cause), 1);

	/* The checked-out branch says so; bad names are refused. */
	assert_int_equal(gitx_branch_facts(fx->host, "main", tip, &out,
	    &cause), 0);
	assert_int_equal(out, 1);
	assert_int_equal(gitx_branch_facts(fx->host, "-x", tip, &out, &cause),
	    -1);
	assert_non_null(strstr(cause, "not a valid branch name"));
	free(cause);
	assert_int_equal(gitx_branch_update(fx->host, "a..b", a, NULL,
	    &cause), -1);
	free(cause);
}

static void
test_submodules(void **state)
{
	struct fx *fx = *state;
	git_submodule *sm;
	git_repository *sub;
	struct strvec paths = STRVEC_INIT;
	char *cause = NULL, *gm;

	assert_int_equal(git_submodule_add_setup(&sm, fx->host, fx->sb_dir,
	    "lib/sub", 1), 0);
	assert_int_equal(git_submodule_clone(&sub, sm, NULL), 0);
	assert_int_equal(git_submodule_add_finalize(sm), 0);
	git_repository_free(sub);
	git_submodule_free(sm);
	/* A second one only named in .gitmodules is not initialized. */
	gm = xasprintf("%s/.gitmodules", fx->host_dir);
	{
		FILE *f = fopen(gm, "a");

		assert_non_null(f);
		fputs("[submodule \"other\"]\n\tpath = other\n"
		    "\turl = /nonexistent\n", f);
		fclose(f);
	}
	free(gm);
	assert_int_equal(gitx_submodules(fx->host, &paths, &cause), 0);
	assert_int_equal(paths.n, 1);
	assert_string_equal(paths.v[0], "lib/sub");
	strvec_clear(&paths);
}

/* Submodules only named in .gitmodules, none initialized: nothing. */
static void
test_submodules_none_initialized(void **state)
{
	struct fx *fx = *state;
	struct strvec paths = STRVEC_INIT;
	char *cause = NULL, *gm = xasprintf("%s/.gitmodules", fx->host_dir);
	git_config *cfg;

	tu_write(gm, "[submodule \"a\"]\n\tpath = a\n\turl = /nonexistent\n");
	free(gm);
	commit1(fx->host, "refs/heads/main", "refs/heads/main", ".gitmodules",
	    "[submodule \"a\"]\n\tpath = a\n\turl = /nonexistent\n",
	    "modules");
	assert_int_equal(gitx_submodules(fx->host, &paths, &cause), 0);
	assert_int_equal(paths.n, 0);
	/* A url in the config alone, with nothing checked out: still none. */
	assert_int_equal(git_repository_config(&cfg, fx->host), 0);
	assert_int_equal(git_config_set_string(cfg, "submodule.a.url",
	    "/nonexistent"), 0);
	git_config_free(cfg);
	assert_int_equal(gitx_submodules(fx->host, &paths, &cause), 0);
	assert_int_equal(paths.n, 0);
	strvec_clear(&paths);
}

static const struct gitx_change *
find_change(const struct gitx_changes *cs, const char *path)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].path, path) == 0)
			return &cs->v[i];
	return NULL;
}

static void
test_changes(void **state)
{
	struct fx *fx = *state;
	static const char pkg_old[] = "{\"scripts\":{\"test\":\"t\"},"
	    "\"dependencies\":{\"a\":\"1\"}}";
	static const char pkg_new[] = "{\"scripts\":{\"test\":\"t\","
	    "\"postinstall\":\"curl x | sh\"},\"dependencies\":{\"a\":\"1\"}}";
	static const char pkg_deps[] = "{\"scripts\":{\"test\":\"t\","
	    "\"postinstall\":\"curl x | sh\"},\"dependencies\":{\"a\":\"2\"}}";
	const struct file base[] = {
		{ ".gitignore", GIT_FILEMODE_BLOB, "*.o\n", 0 },
		{ "run.sh", GIT_FILEMODE_BLOB, "#!/bin/sh\n", 0 },
		{ "package.json", GIT_FILEMODE_BLOB, pkg_old, 0 },
		{ "old.txt", GIT_FILEMODE_BLOB, "old\n", 0 },
		{ "link", GIT_FILEMODE_LINK, "README", 0 },
	};
	size_t big_len = GITX_LARGE_BYTES + 4096;
	char *big = xcalloc(1, big_len);
	const struct file work[] = {
		{ ".github/workflows/ci.yml", GIT_FILEMODE_BLOB, "on: push\n", 0 },
		{ "abs", GIT_FILEMODE_LINK, "/etc/passwd", 0 },
		{ "tools/install.sh", GIT_FILEMODE_BLOB_EXECUTABLE, "#!/bin/sh\n",
		    0 },
		{ "run.sh", GIT_FILEMODE_BLOB_EXECUTABLE, "#!/bin/sh\n", 0 },
		{ "big.bin", GIT_FILEMODE_BLOB, big, big_len },
		{ "yarn.lock", GIT_FILEMODE_BLOB, "# lock\n", 0 },
		{ "package.json", GIT_FILEMODE_BLOB, pkg_new, 0 },
		{ ".gitignore", GIT_FILEMODE_BLOB, "*.o\n*.a\n", 0 },
		{ "old.txt", 0, NULL, 0 },
		{ "README", GIT_FILEMODE_BLOB, "hello again\n", 0 },
		{ "link", GIT_FILEMODE_LINK, "../outside", 0 },
	};
	const struct file deps = { "package.json", GIT_FILEMODE_BLOB, pkg_deps,
	    0 };
	const struct gitx_change *c;
	struct gitx_changes cs;
	char *cause = NULL;

	commit_files(fx->host, "refs/heads/main", "refs/heads/main", base,
	    sizeof(base) / sizeof(base[0]), "base");
	commit_files(fx->host, "refs/heads/work", "refs/heads/main", work,
	    sizeof(work) / sizeof(work[0]), "work");
	/* A later commit on BASE is not part of BASE...work. */
	commit1(fx->host, "refs/heads/main", "refs/heads/main", ".gitmodules",
	    "", "host side");
	free(big);

	assert_int_equal(gitx_changes(fx->host, "main", "work", &cs, &cause),
	    0);
	assert_int_equal(cs.files, 11);
	assert_int_equal(cs.added, 5);
	assert_int_equal(cs.modified, 5);
	assert_int_equal(cs.deleted, 1);
	assert_int_equal(strlen(cs.merge_base), GITX_HEXSZ);
	assert_null(find_change(&cs, ".gitmodules"));
	assert_null(find_change(&cs, "README"));
	assert_null(find_change(&cs, "old.txt"));
	assert_non_null(c = find_change(&cs, ".github/workflows/ci.yml"));
	assert_int_equal(c->risk, GITX_RISK_CI);
	assert_int_equal(c->status, 'A');
	assert_non_null(c = find_change(&cs, "abs"));
	assert_int_equal(c->risk, GITX_RISK_SYMLINK);
	assert_string_equal(c->target, "/etc/passwd");
	assert_non_null(c = find_change(&cs, "link"));
	assert_string_equal(c->target, "../outside");
	assert_int_equal(c->status, 'M');
	assert_non_null(c = find_change(&cs, "tools/install.sh"));
	assert_int_equal(c->risk, GITX_RISK_BUILD | GITX_RISK_EXEC);
	assert_non_null(c = find_change(&cs, "run.sh"));
	assert_int_equal(c->risk, GITX_RISK_BUILD | GITX_RISK_EXEC);
	assert_non_null(c = find_change(&cs, "big.bin"));
	assert_int_equal(c->risk, GITX_RISK_BINARY | GITX_RISK_LARGE);
	assert_int_equal(c->size, big_len);
	assert_non_null(c = find_change(&cs, "yarn.lock"));
	assert_int_equal(c->risk, GITX_RISK_DEPS);
	assert_non_null(c = find_change(&cs, "package.json"));
	assert_int_equal(c->risk, GITX_RISK_DEPS | GITX_RISK_BUILD);
	assert_non_null(c = find_change(&cs, ".gitignore"));
	assert_int_equal(c->risk, GITX_RISK_GITMETA);
	assert_int_equal(cs.n, 9);
	gitx_changes_clear(&cs);

	/* Dependencies changed, scripts not: not a build-script change. */
	commit_files(fx->host, "refs/heads/work2", "refs/heads/work", &deps, 1,
	    "deps");
	assert_int_equal(gitx_changes(fx->host, "work", "work2", &cs, &cause),
	    0);
	assert_int_equal(cs.n, 1);
	assert_int_equal(cs.v[0].risk, GITX_RISK_DEPS);
	gitx_changes_clear(&cs);
	assert_int_equal(gitx_changes(fx->host, "main", "nosuch", &cs,
	    &cause), -1);
	free(cause);
}

static void
test_path_risk(void **state)
{
	static const struct {
		const char	*path;
		unsigned	 risk;
	} cases[] = {
		{ ".github/workflows/ci.yml", GITX_RISK_CI },
		{ ".gitlab-ci.yml", GITX_RISK_CI },
		{ ".circleci/config.yml", GITX_RISK_CI },
		{ "ci/Jenkinsfile", GITX_RISK_CI },
		{ ".vscode/tasks.json", GITX_RISK_CI },
		{ "sub/.gitattributes", GITX_RISK_GITMETA },
		{ ".gitmodules", GITX_RISK_GITMETA },
		{ "Makefile", GITX_RISK_BUILD },
		{ "cmake/deps.cmake", GITX_RISK_BUILD },
		{ "scripts/release.sh", GITX_RISK_BUILD },
		{ ".husky/pre-commit", GITX_RISK_BUILD },
		{ "hooks/post-checkout", GITX_RISK_BUILD },
		{ ".envrc", GITX_RISK_BUILD },
		{ "setup.py", GITX_RISK_BUILD | GITX_RISK_DEPS },
		{ "Cargo.lock", GITX_RISK_DEPS },
		{ "go.sum", GITX_RISK_DEPS },
		{ "requirements-dev.txt", GITX_RISK_DEPS },
		{ "requirements/base.txt", GITX_RISK_DEPS },
		{ "web/pnpm-lock.yaml", GITX_RISK_DEPS },
		{ "foo.gemspec", GITX_RISK_DEPS },
		{ "src/main.c", 0 },
		{ "src/hooks/useThing.js", 0 },
		{ "docs/github/workflows.md", 0 },
		{ ".sh", 0 },
		{ "README", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (gitx_path_risk(cases[i].path) != cases[i].risk)
			fail_msg("%s: %#x, expected %#x", cases[i].path,
			    gitx_path_risk(cases[i].path), cases[i].risk);
	}
	assert_string_equal(gitx_risk_key(GITX_RISK_CI), "ci");
	assert_string_equal(gitx_risk_label(GITX_RISK_LARGE),
	    "files over 1 MiB");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_branches_and_choice, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_base, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_log, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_branch_update, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_submodules, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_submodules_none_initialized,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_changes, fx_setup, fx_teardown),
		cmocka_unit_test(test_path_risk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
