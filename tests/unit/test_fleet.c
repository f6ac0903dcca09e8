/*
 * A repository's sandboxes: the workspace sbx lists, the sandbox-NAME
 * remote, and the cases where either alone must not be enough (a stale
 * remote of another repository's sandbox, a name no command could use).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers/fleet.h"
#include "base/strvec.h"
#include "testutil.h"
#include "git_cli.h"

struct world {
	char		*dir;		/* the temporary directory */
	char		*repo;		/* dir/repo, a git repository */
	struct sbx_list	 l;
	struct strvec	 remotes;
	struct fleet	 f;
};

static int
setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));

	w->dir = tu_mkdtemp();
	w->repo = tu_at(w->dir, "repo");
	tu_mkdir_at(w->dir, "repo");
	tu_mkdir_at(w->dir, "other");
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;

	sbx_list_clear(&w->l);
	strvec_clear(&w->remotes);
	fleet_clear(&w->f);
	tu_rmrf(w->dir);
	free(w->repo);
	free(w->dir);
	free(w);
	return 0;
}

/* Add a sandbox to sbx's list; ws (may be NULL) is its one workspace. */
static void
box(struct world *w, const char *name, const char *st, const char *ws)
{
	struct sbx_box *b;

	w->l.boxes = xrealloc(w->l.boxes, (w->l.n + 1) * sizeof(*b));
	b = &w->l.boxes[w->l.n++];
	memset(b, 0, sizeof(*b));
	b->name = xstrdup(name);
	b->agent = xstrdup("claude");
	b->status_text = xstrdup(st);
	b->status = sbx_status_from(st);
	if (ws != NULL)
		strvec_push(&b->workspaces, ws);
}

static const struct fleet_box *
member(struct world *w, const char *name)
{
	return fleet_find(&w->f, name);
}

static void
test_workspace(void **state)
{
	struct world *w = *state;
	char *other = tu_at(w->dir, "other");
	const struct fleet_box *m;

	box(w, "sbx-b", "running", w->repo);
	box(w, "sbx-other", "running", other);
	box(w, "sbx-a", "stopped", w->repo);
	fleet_decide(w->repo, &w->l, &w->remotes, &w->f);
	assert_int_equal(w->f.n, 2);
	/* Sorted by name, whatever order sbx listed them in. */
	assert_string_equal(w->f.v[0].name, "sbx-a");
	assert_string_equal(w->f.v[1].name, "sbx-b");
	assert_null(member(w, "sbx-other"));
	m = member(w, "sbx-a");
	assert_int_equal(m->how, FLEET_BY_WORKSPACE);
	assert_int_equal(m->status, SBX_STOPPED);
	assert_true(m->listed);
	assert_string_equal(m->agent, "claude");
	assert_int_equal(fleet_listed(&w->f), 2);
	free(other);
}

/* The same directory by another path (a symlink) is the same workspace. */
static void
test_workspace_same_inode(void **state)
{
	struct world *w = *state;
	char *link = tu_at(w->dir, "link");

	assert_int_equal(symlink(w->repo, link), 0);
	box(w, "sbx-a", "running", link);
	fleet_decide(w->repo, &w->l, &w->remotes, &w->f);
	assert_int_equal(w->f.n, 1);
	free(link);
}

static void
test_remote(void **state)
{
	struct world *w = *state;
	char *other = tu_at(w->dir, "other");

	/* Listed without a workspace, with this repository's remote. */
	box(w, "sbx-nows", "running", NULL);
	/* Listed, working elsewhere: the remote here is stale. */
	box(w, "sbx-stale", "running", other);
	/* Both: one member, both reasons. */
	box(w, "sbx-both", "running", w->repo);
	/* Listed without a workspace and without a remote: not ours. */
	box(w, "sbx-none", "running", NULL);
	strvec_pushl(&w->remotes, "sbx-nows", "sbx-stale", "sbx-both",
	    "sbx-gone", (char *)NULL);
	fleet_decide(w->repo, &w->l, &w->remotes, &w->f);
	assert_int_equal(w->f.n, 3);
	assert_int_equal(member(w, "sbx-nows")->how, FLEET_BY_REMOTE);
	assert_int_equal(member(w, "sbx-both")->how,
	    FLEET_BY_WORKSPACE | FLEET_BY_REMOTE);
	assert_null(member(w, "sbx-stale"));
	assert_null(member(w, "sbx-none"));
	/* A remote sbx does not list: a member, not listed. */
	assert_non_null(member(w, "sbx-gone"));
	assert_false(member(w, "sbx-gone")->listed);
	assert_int_equal(member(w, "sbx-gone")->status, SBX_ABSENT);
	assert_string_equal(member(w, "sbx-gone")->agent, "");
	assert_int_equal(fleet_listed(&w->f), 2);
	free(other);
}

/* Names no command could act on, and a name sbx lists twice. */
static void
test_hostile_names(void **state)
{
	struct world *w = *state;

	box(w, "-rf", "running", w->repo);
	box(w, "x", "running", w->repo);
	box(w, "sbx-\x1b[2J", "running", w->repo);
	box(w, "sbx-a", "running", w->repo);
	box(w, "sbx-a", "stopped", w->repo);
	strvec_pushl(&w->remotes, "--upload-pack=sh", "a b", "sbx-a",
	    (char *)NULL);
	fleet_decide(w->repo, &w->l, &w->remotes, &w->f);
	assert_int_equal(w->f.n, 1);
	assert_string_equal(w->f.v[0].name, "sbx-a");
	assert_int_equal(w->f.v[0].status, SBX_RUNNING);
}

static void
test_empty(void **state)
{
	struct world *w = *state;

	fleet_decide(w->repo, &w->l, &w->remotes, &w->f);
	assert_int_equal(w->f.n, 0);
	assert_null(member(w, "sbx-a"));
	assert_int_equal(fleet_listed(&w->f), 0);
}

/* fleet_read reads the remotes of a real repository. */
static void
test_read(void **state)
{
	struct world *w = *state;
	char *cause = NULL;

	git_cli(w->repo, "init", "-q", (char *)NULL);
	git_cli(w->repo, "remote", "add", "origin", "git://127.0.0.1:1/o",
	    (char *)NULL);
	git_cli(w->repo, "remote", "add", "sandbox-sbx-b",
	    "git://127.0.0.1:2/repo", (char *)NULL);
	git_cli(w->repo, "remote", "add", "sandbox-sbx-a",
	    "git://127.0.0.1:3/repo", (char *)NULL);
	box(w, "sbx-c", "running", w->repo);
	box(w, "origin", "running", NULL);
	assert_int_equal(fleet_read(w->repo, &w->l, &w->f, &cause), 0);
	assert_null(cause);
	assert_int_equal(w->f.n, 3);
	assert_string_equal(w->f.v[0].name, "sbx-a");
	assert_string_equal(w->f.v[1].name, "sbx-b");
	assert_string_equal(w->f.v[2].name, "sbx-c");
	assert_null(member(w, "origin"));
	/* Read again: the old answer is replaced, not added to. */
	assert_int_equal(fleet_read(w->repo, &w->l, &w->f, &cause), 0);
	assert_int_equal(w->f.n, 3);
}

static void
test_read_no_repo(void **state)
{
	struct world *w = *state;
	char *cause = NULL;
	char *none = tu_at(w->dir, "none");

	assert_int_equal(fleet_read(none, &w->l, &w->f, &cause), -1);
	assert_non_null(cause);
	assert_int_equal(w->f.n, 0);
	free(cause);
	free(none);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_workspace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_workspace_same_inode,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_remote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_no_repo, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
