/*
 * gitx for the review commands on real temporary repositories: the
 * sandbox branches and the choice of SBREF, BASE, the log, moving a
 * branch, submodules, and the facts of BASE...SBREF that the risk
 * summary decides on: changed paths and modes, blobs read within bounds,
 * the lines a change adds.
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
#include "git_cli.h"

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

static const struct gitx_delta *
find_delta(const struct gitx_diff *d, const char *path)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].path, path) == 0)
			return &d->v[i];
	return NULL;
}

static void
test_diff_paths(void **state)
{
	struct fx *fx = *state;
	const struct file base[] = {
		{ "run.sh", GIT_FILEMODE_BLOB, "#!/bin/sh\n", 0 },
		{ "old.txt", GIT_FILEMODE_BLOB, "old\n", 0 },
		{ "link", GIT_FILEMODE_LINK, "README", 0 },
		{ "kind", GIT_FILEMODE_BLOB, "a file\n", 0 },
	};
	const struct file work[] = {
		{ "run.sh", GIT_FILEMODE_BLOB_EXECUTABLE, "#!/bin/sh\n", 0 },
		{ "old.txt", 0, NULL, 0 },
		{ "link", GIT_FILEMODE_LINK, "../outside", 0 },
		{ "kind", GIT_FILEMODE_LINK, "/etc/passwd", 0 },
		{ "new/file.c", GIT_FILEMODE_BLOB, "int x;\n", 0 },
	};
	const struct gitx_delta *d;
	struct gitx_diff diff;
	char *cause = NULL, hex[GITX_HEXSZ + 1];

	commit_files(fx->host, "refs/heads/main", "refs/heads/main", base,
	    sizeof(base) / sizeof(base[0]), "base");
	commit_files(fx->host, "refs/heads/work", "refs/heads/main", work,
	    sizeof(work) / sizeof(work[0]), "work");
	/* A later commit on BASE is not part of BASE...work. */
	commit1(fx->host, "refs/heads/main", "refs/heads/main", ".gitmodules",
	    "", "host side");

	assert_int_equal(gitx_diff_paths(fx->host, "main", "work", &diff,
	    &cause), 0);
	assert_int_equal(diff.n, 5);
	assert_int_equal(diff.added, 1);
	assert_int_equal(diff.modified, 3);
	assert_int_equal(diff.deleted, 1);
	assert_int_equal(gitx_rev_hex(fx->host, "work", hex, &cause), 0);
	assert_string_equal(diff.tip, hex);
	assert_int_equal(gitx_rev_hex(fx->host, "main~1", hex, &cause), 0);
	assert_string_equal(diff.merge_base, hex);
	assert_null(find_delta(&diff, ".gitmodules"));

	assert_non_null(d = find_delta(&diff, "run.sh"));
	assert_int_equal(d->status, 'M');
	assert_int_equal(d->old_mode, GITX_MODE_BLOB);
	assert_int_equal(d->new_mode, GITX_MODE_EXEC);
	assert_string_equal(d->old_id, d->new_id);
	assert_non_null(d = find_delta(&diff, "old.txt"));
	assert_int_equal(d->status, 'D');
	assert_int_equal(d->new_mode, 0);
	assert_string_equal(d->new_id, "");
	assert_int_equal(strlen(d->old_id), GITX_HEXSZ);
	assert_non_null(d = find_delta(&diff, "kind"));
	assert_int_equal(d->status, 'T');
	assert_int_equal(d->new_mode, GITX_MODE_LINK);
	assert_non_null(d = find_delta(&diff, "new/file.c"));
	assert_int_equal(d->status, 'A');
	assert_int_equal(d->old_mode, 0);
	assert_string_equal(d->old_id, "");
	gitx_diff_clear(&diff);

	assert_int_equal(gitx_diff_paths(fx->host, "main", "nosuch", &diff,
	    &cause), -1);
	assert_non_null(strstr(cause, "cannot resolve 'nosuch'"));
	free(cause);
}

static void
blob_id(git_repository *repo, const char *data, size_t len,
    char hex[GITX_HEXSZ + 1])
{
	git_oid id;

	assert_int_equal(git_blob_create_from_buffer(&id, repo, data, len), 0);
	git_oid_tostr(hex, GITX_HEXSZ + 1, &id);
}

static void
test_blob_open(void **state)
{
	struct fx *fx = *state;
	size_t big_len = 3 * 1024 * 1024;
	char *big = xcalloc(1, big_len), hex[GITX_HEXSZ + 1], *cause = NULL;
	struct gitx_blob b;

	blob_id(fx->host, "line\n", 5, hex);
	assert_int_equal(gitx_blob_open(fx->host, hex, 100, &b, &cause), 0);
	assert_int_equal(b.size, 5);
	assert_int_equal(b.binary, 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "line\n", 5);
	gitx_blob_clear(&b);

	/* Over the bound: size and sniff, no content. */
	assert_int_equal(gitx_blob_open(fx->host, hex, 4, &b, &cause), 0);
	assert_int_equal(b.size, 5);
	assert_null(b.data);
	assert_int_equal(b.binary, 0);
	gitx_blob_clear(&b);

	blob_id(fx->host, big, big_len, hex);
	assert_int_equal(gitx_blob_open(fx->host, hex, 1024, &b, &cause), 0);
	assert_int_equal(b.size, big_len);
	assert_null(b.data);
	assert_int_equal(b.binary, 1);
	gitx_blob_clear(&b);

	/* Git's rule: a NUL in the first 8000 bytes, not after. */
	memset(big, 'x', big_len);
	big[GITX_SNIFF_BYTES - 1] = '\0';
	assert_int_equal(gitx_is_binary(big, big_len), 1);
	big[GITX_SNIFF_BYTES - 1] = 'x';
	big[GITX_SNIFF_BYTES] = '\0';
	assert_int_equal(gitx_is_binary(big, big_len), 0);
	blob_id(fx->host, big, big_len, hex);
	assert_int_equal(gitx_blob_open(fx->host, hex, 1024, &b, &cause), 0);
	assert_int_equal(b.binary, 0);
	gitx_blob_clear(&b);
	free(big);

	assert_int_equal(gitx_blob_open(fx->host, "not-an-id", 1, &b, &cause),
	    -1);
	free(cause);
	assert_int_equal(gitx_blob_open(fx->host,
	    "0123456789012345678901234567890123456789", 1, &b, &cause), -1);
	assert_non_null(strstr(cause, "cannot read object 012345678901"));
	free(cause);
	/* A commit is not a blob. */
	assert_int_equal(gitx_rev_hex(fx->host, "main", hex, &cause), 0);
	assert_int_equal(gitx_blob_open(fx->host, hex, 1, &b, &cause), -1);
	assert_non_null(strstr(cause, "is not a blob"));
	free(cause);
}

/*
 * After a repack every object is in a pack: a blob stored whole gives its
 * prefix from there; one stored as a delta cannot without its base.
 */
static void
test_blob_prefix_packed(void **state)
{
	struct fx *fx = *state;
	size_t len = 256 * 1024, got, i, whole = 0, unsure = 0;
	char *a = xmalloc(len), *b, hex[2][GITX_HEXSZ + 1], buf[100];
	char *cause = NULL;
	int rc;

	for (i = 0; i < len; i++)
		a[i] = (char)('a' + (i * 7 + i / 13) % 26);
	b = xmalloc(len);
	memcpy(b, a, len);
	memcpy(b + len / 2, "CHANGED", 7);
	blob_id(fx->host, a, len, hex[0]);
	blob_id(fx->host, b, len, hex[1]);
	{
		struct file fs[] = { { "a", GIT_FILEMODE_BLOB, a, len },
		    { "b", GIT_FILEMODE_BLOB, b, len } };

		commit_files(fx->host, "refs/heads/keep", NULL, fs, 2, "ab");
	}
	git_cli(fx->host_dir, "repack", "-adfq", "--window=10", NULL);
	git_cli(fx->host_dir, "prune-packed", NULL);
	for (i = 0; i < 2; i++) {
		rc = gitx_blob_prefix(fx->host, hex[i], buf, sizeof(buf), &got,
		    &cause);
		if (rc == 0) {
			assert_int_equal(got, sizeof(buf));
			assert_memory_equal(buf, a, sizeof(buf));
			whole++;
		} else {
			assert_int_equal(rc, GITX_UNSURE);
			unsure++;
		}
	}
	assert_int_equal(whole, 1);
	assert_int_equal(unsure, 1);
	/* A prefix longer than the blob is the whole blob. */
	commit1(fx->host, "refs/heads/keep", "refs/heads/keep", "s", "short\n",
	    "s");
	git_cli(fx->host_dir, "repack", "-adq", NULL);
	git_cli(fx->host_dir, "prune-packed", NULL);
	blob_id(fx->host, "short\n", 6, hex[0]);
	git_cli(fx->host_dir, "prune-packed", NULL);
	assert_int_equal(gitx_blob_prefix(fx->host, hex[0], buf, sizeof(buf),
	    &got, &cause), 0);
	assert_int_equal(got, 6);
	assert_memory_equal(buf, "short\n", 6);
	free(a);
	free(b);
}

static int
collect(const char *line, size_t len, size_t lineno, void *arg)
{
	struct strvec *v = arg;

	strvec_pushf(v, "%zu:%.*s", lineno, (int)len, line);
	return v->n >= 3;	/* stop after three */
}

static void
test_added_lines(void **state)
{
	struct fx *fx = *state;
	char ho[GITX_HEXSZ + 1], hn[GITX_HEXSZ + 1], *cause = NULL;
	struct gitx_blob o, n;
	struct strvec v = STRVEC_INIT;

	blob_id(fx->host, "a\nb\nc\n", 6, ho);
	blob_id(fx->host, "a\nB\nc\nd\ne\nf\n", 12, hn);
	assert_int_equal(gitx_blob_open(fx->host, ho, 100, &o, &cause), 0);
	assert_int_equal(gitx_blob_open(fx->host, hn, 100, &n, &cause), 0);
	assert_int_equal(gitx_added_lines(&o, &n, collect, &v, &cause), 0);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.v[0], "2:B");
	assert_string_equal(v.v[1], "4:d");
	assert_string_equal(v.v[2], "5:e");
	strvec_clear(&v);
	gitx_blob_clear(&o);
	gitx_blob_clear(&n);
	(void)state;
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
		cmocka_unit_test_setup_teardown(test_diff_paths, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_blob_open, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_blob_prefix_packed, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_added_lines, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
