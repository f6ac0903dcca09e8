/*
 * Fixture for the gitx tests: a host repository on main with one commit,
 * a clone of it standing for the sandbox, and the remote sandbox-x with
 * both of sbx's refspecs.  Commits are built with libgit2 in an in-memory
 * index.  Included by tests/test_gitx*.c only.
 */
#ifndef AIRLOCK_GITX_FIXTURE_H
#define AIRLOCK_GITX_FIXTURE_H

#include <git2.h>

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
static void __attribute__((unused))
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

static void __attribute__((unused))
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

static void __attribute__((unused))
fetch_ok(struct fx *fx, struct gitx_fetch_result *res)
{
	char *cause = NULL;
	int rc;

	rc = gitx_fetch(fx->host, "sandbox-x", NULL, NULL, res, &cause);
	if (rc != 0)
		fail_msg("fetch: %s", cause);
}

#endif
