/*
 * The gitx tests' world of gitx_fixture.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/strvec.h"
#include "gitx_fixture.h"
#include "testutil.h"

/* The in-memory index of parent's tree, or an empty one. */
static git_index *
index_of(git_repository *repo, const char *parent, git_commit **pc)
{
	git_index *index;
	git_object *obj;
	git_tree *tree;

	*pc = NULL;
	assert_int_equal(git_index_new(&index), 0);
	if (parent == NULL)
		return index;
	assert_int_equal(git_revparse_single(&obj, repo, parent), 0);
	*pc = (git_commit *)obj;
	assert_int_equal(git_commit_tree(&tree, *pc), 0);
	assert_int_equal(git_index_read_tree(index, tree), 0);
	git_tree_free(tree);
	return index;
}

void
commit_files(git_repository *repo, const char *ref, const char *parent,
    const struct file *files, size_t n, const char *msg)
{
	git_signature *sig;
	git_index *index;
	git_commit *pc;
	git_tree *tree;
	git_oid tid, cid;
	size_t i;

	assert_int_equal(git_signature_new(&sig, "Test", "t@example.com",
	    1700000000, 0), 0);
	index = index_of(repo, parent, &pc);
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

void
commit1(git_repository *repo, const char *ref, const char *parent,
    const char *path, const char *data, const char *msg)
{
	struct file f = { path, GIT_FILEMODE_BLOB, data, 0 };

	commit_files(repo, ref, parent, &f, 1, msg);
}

int
fx_setup(void **state)
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

int
fx_teardown(void **state)
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

void
fetch_ok(struct fx *fx, struct gitx_fetch_result *res)
{
	char *cause = NULL;

	if (gitx_fetch(fx->host, "sandbox-x", NULL, NULL, res, &cause) != 0)
		fail_msg("fetch: %s", cause);
}
