/*
 * The file-system answers of gitx (discovery, has a commit, shallow,
 * linked worktree, branch name validity) against libgit2's own, on real
 * repositories of every shape built with the git command line: normal,
 * a subdirectory, a symlink into one, a linked worktree, a submodule, a
 * separate git directory, bare, inside .git, shallow, empty, detached,
 * packed refs only, and configurations the file system must leave to
 * libgit2 (includes, extensions, core.bare).  Where the fast path is
 * expected to answer, it must answer, and always as libgit2 does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"
#include "git_cli.h"

static char *base;		/* realpath of the temporary directory */
static struct strvec kept;	/* paths of pool(), freed at the end */

static char *
at(const char *rel)
{
	return xasprintf("%s/%s", base, rel);
}

/* at(), freed by the group's teardown. */
static const char *
pool(const char *rel)
{
	strvec_pushf(&kept, "%s/%s", base, rel);
	return kept.v[kept.n - 1];
}

static void
append(const char *rel, const char *text)
{
	char *p = at(rel);
	FILE *f = fopen(p, "a");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	free(p);
}

static void
repo_with_commits(const char *rel, int n)
{
	char *dir = at(rel), msg[16];
	int i;

	git_cli(base, "init", "-q", rel, (char *)NULL);
	for (i = 0; i < n; i++) {
		snprintf(msg, sizeof(msg), "c%d", i);
		git_cli(dir, "commit", "-q", "--allow-empty", "-m", msg,
		    (char *)NULL);
	}
	free(dir);
}

static int
group_setup(void **state)
{
	char *d = tu_mkdtemp(), *url;

	(void)state;
	gitx_global_init();
	base = realpath(d, NULL);
	free(d);
	repo_with_commits("normal", 2);
	assert_int_equal(mkdir(pool("normal/a"), 0755), 0);
	assert_int_equal(mkdir(pool("normal/a/b"), 0755), 0);
	assert_int_equal(symlink("normal/a", pool("link")), 0);
	repo_with_commits("empty", 0);
	repo_with_commits("detached", 1);
	git_cli(pool("detached"), "checkout", "-q", "--detach", (char *)NULL);
	repo_with_commits("packed", 1);
	git_cli(pool("packed"), "pack-refs", "--all", (char *)NULL);
	url = xasprintf("file://%s/normal", base);
	git_cli(base, "clone", "-q", "--depth", "1", url, "shallow",
	    (char *)NULL);
	git_cli(pool("normal"), "worktree", "add", "-q", "../wt", (char *)NULL);
	repo_with_commits("super", 1);
	git_cli(pool("super"), "submodule", "add", "-q", url, "sub",
	    (char *)NULL);
	free(url);
	git_cli(pool("super"), "commit", "-q", "-m", "sub", (char *)NULL);
	git_cli(base, "init", "-q", "--separate-git-dir", "sep.git", "sep",
	    (char *)NULL);
	git_cli(pool("sep"), "commit", "-q", "--allow-empty", "-m", "c",
	    (char *)NULL);
	git_cli(base, "init", "-q", "--bare", "bare.git", (char *)NULL);
	assert_int_equal(mkdir(pool("plain"), 0755), 0);
	repo_with_commits("incl", 1);
	append("incl/.git/config", "[include]\n\tpath = extra\n");
	repo_with_commits("ext", 1);
	git_cli(pool("ext"), "config", "core.repositoryformatversion", "1",
	    (char *)NULL);
	git_cli(pool("ext"), "config", "extensions.noop", "true", (char *)NULL);
	repo_with_commits("isbare", 1);
	git_cli(pool("isbare"), "config", "core.bare", "true", (char *)NULL);
	repo_with_commits("elsewhere", 1);
	git_cli(pool("elsewhere"), "config", "core.worktree", base,
	    (char *)NULL);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	tu_rmrf(base);
	free(base);
	strvec_clear(&kept);
	return 0;
}

/* libgit2's discovery: search and open, as git_repository_open_ext does. */
static int
lg_toplevel(const char *dir, char **top)
{
	git_repository *repo = NULL;
	const char *wd;
	size_t len;
	int rc = -1, error;

	*top = NULL;
	error = git_repository_open_ext(&repo, dir, 0, NULL);
	if (error == GIT_ENOTFOUND)
		rc = GITX_ENOTFOUND;
	else if (error == 0 && (wd = git_repository_workdir(repo)) != NULL) {
		len = strlen(wd);
		while (len > 1 && wd[len - 1] == '/')
			len--;
		*top = xstrndup(wd, len);
		rc = 0;
	}
	git_repository_free(repo);
	git_error_clear();
	return rc;
}

static void
check_discover(const char *rel, int fast)
{
	char *dir = at(rel), *lg = NULL, *fs = NULL, *gx = NULL, *cause = NULL;
	int lg_rc, fs_rc, gx_rc;

	lg_rc = lg_toplevel(dir, &lg);
	fs_rc = gitx_fs_toplevel(dir, &fs);
	gx_rc = gitx_discover_toplevel(dir, &gx, &cause);
	if (fast && fs_rc == GITX_UNSURE)
		fail_msg("'%s': the file system could not tell", rel);
	if (!fast && fs_rc != GITX_UNSURE)
		fail_msg("'%s': the file system answered %d", rel, fs_rc);
	if (fs_rc != GITX_UNSURE) {
		assert_int_equal(fs_rc, lg_rc);
		if (lg_rc == 0)
			assert_string_equal(fs, lg);
	}
	assert_int_equal(gx_rc, lg_rc);
	if (lg_rc == 0)
		assert_string_equal(gx, lg);
	free(dir);
	free(lg);
	free(fs);
	free(gx);
	free(cause);
}

static void
test_discover(void **state)
{
	(void)state;
	check_discover("normal", 1);
	check_discover("normal/a/b", 1);
	check_discover("link", 1);
	check_discover("link/b", 1);
	check_discover("wt", 1);
	check_discover("super", 1);
	check_discover("super/sub", 1);
	check_discover("sep", 1);
	/* git's answer too (opening sep.git alone would say its parent). */
	{
		char *top = NULL, *cause = NULL, *want = at("sep");

		assert_int_equal(gitx_discover_toplevel(want, &top, &cause), 0);
		assert_string_equal(top, want);
		free(top);
		free(want);
	}
	check_discover("shallow", 1);
	check_discover("empty", 1);
	check_discover("detached", 1);
	check_discover("packed", 1);
	check_discover("plain", 1);
	check_discover(".", 1);
	/* Left to libgit2. */
	check_discover("bare.git", 0);
	check_discover("bare.git/refs", 0);
	check_discover("normal/.git", 0);
	check_discover("normal/.git/refs", 0);
	check_discover("incl", 0);
	check_discover("ext", 0);
	check_discover("isbare", 0);
	check_discover("elsewhere", 0);
}

/* The three checks by libgit2, as gitx_checks.c does them. */
static void
lg_checks(const char *top, int *commit, int *shallow, int *linked,
    char **main_dir)
{
	git_repository *repo;
	git_object *obj = NULL, *c = NULL;
	const char *common;
	size_t len;

	assert_int_equal(git_repository_open_ext(&repo, top,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL), 0);
	*commit = git_repository_head_unborn(repo) == 1 ? 0 :
	    git_revparse_single(&obj, repo, "HEAD") == 0 &&
	    git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0;
	git_object_free(c);
	git_object_free(obj);
	*shallow = git_repository_is_shallow(repo);
	*linked = git_repository_is_worktree(repo) == 1;
	*main_dir = NULL;
	if (*linked) {
		common = git_repository_commondir(repo);
		len = strlen(common);
		while (len > 1 && common[len - 1] == '/')
			len--;
		if (len > 5 && strncmp(common + len - 5, "/.git", 5) == 0)
			len -= 5;
		*main_dir = xstrndup(common, len);
	}
	git_repository_free(repo);
	git_error_clear();
}

static void
check_repo(const char *rel, int fast)
{
	char *top = at(rel), *cause = NULL, *lg_main, *fs_main, *gx_main;
	int commit, shallow, linked, fs[3], gx[3], i;

	lg_checks(top, &commit, &shallow, &linked, &lg_main);
	fs[0] = gitx_fs_has_commit(top);
	fs[1] = gitx_fs_is_shallow(top);
	fs[2] = gitx_fs_is_linked_worktree(top, &fs_main);
	gx[0] = gitx_has_commit(top, &cause);
	gx[1] = gitx_is_shallow(top, &cause);
	gx[2] = gitx_is_linked_worktree(top, &gx_main, &cause);
	for (i = 0; i < 3; i++) {
		if (fast && fs[i] == GITX_UNSURE)
			fail_msg("'%s': check %d left to libgit2", rel, i);
		if (!fast && fs[i] != GITX_UNSURE)
			fail_msg("'%s': check %d answered %d", rel, i, fs[i]);
	}
	if (fast) {
		assert_int_equal(fs[0], commit);
		assert_int_equal(fs[1], shallow);
		assert_int_equal(fs[2], linked);
	}
	assert_int_equal(gx[0], commit);
	assert_int_equal(gx[1], shallow);
	assert_int_equal(gx[2], linked);
	if (linked) {
		assert_string_equal(gx_main, lg_main);
		if (fast)
			assert_string_equal(fs_main, lg_main);
	} else {
		assert_null(gx_main);
		assert_null(fs_main);
	}
	free(top);
	free(lg_main);
	free(fs_main);
	free(gx_main);
}

static void
test_checks(void **state)
{
	(void)state;
	check_repo("normal", 1);
	check_repo("wt", 1);
	check_repo("super", 1);
	check_repo("super/sub", 1);
	check_repo("sep", 1);
	check_repo("shallow", 1);
	check_repo("empty", 1);
	check_repo("detached", 1);
	check_repo("packed", 1);
	check_repo("incl", 0);
	check_repo("ext", 0);
}

/* The answers follow the repository as it changes. */
static void
test_checks_change(void **state)
{
	char *top = at("normal");

	(void)state;
	/* An empty shallow file is no shallow clone, for libgit2 too. */
	append("normal/.git/shallow", "");
	check_repo("normal", 1);
	git_cli(top, "checkout", "-q", "-b", "unborn-later", (char *)NULL);
	git_cli(top, "symbolic-ref", "HEAD", "refs/heads/nothing-yet",
	    (char *)NULL);
	check_repo("normal", 1);
	assert_int_equal(gitx_fs_has_commit(top), 0);
	git_cli(top, "checkout", "-q", "main", (char *)NULL);
	check_repo("normal", 1);
	assert_int_equal(gitx_fs_has_commit(top), 1);
	free(top);
}

/* libgit2's answer for a branch name, the reference. */
static int
lg_branch_ok(const char *name)
{
	int valid = 0;

	if (git_branch_name_is_valid(&valid, name) < 0)
		valid = 0;
	return valid != 0;
}

static void
check_name(const char *name)
{
	int fs = gitx_branch_name_valid(name), lg = lg_branch_ok(name);
	char *shown;

	if (fs != lg) {
		shown = xasprintf("%s", name);
		for (char *p = shown; *p; p++)
			if ((unsigned char)*p < ' ' || *p == 0x7f)
				*p = '?';
		fail_msg("branch name '%s' (%zu bytes): ours %d, libgit2 %d",
		    shown, strlen(name), fs, lg);
	}
}

static void
test_branch_names(void **state)
{
	static const char *const names[] = {
		"main", "code-airlock/sbx-repo", "feature/x.y", "a", "@",
		"a@b", "a@{b", "@{", "a..b", "..", ".", "a.", "a/", "a//b",
		"/a", ".a", "a/.b", "a.lock", "a.lock/b", "a/b.lock",
		"x.lockx", ".lock", "a.loc", "-a", "a-", "a/-b", "HEAD",
		"HEADS", "head", "refs/heads/x", "a b", "a\tb", "a\nb",
		"a\x01", "\x7f", "a\x7f""b", "a~b", "a^b", "a:b", "a?b",
		"a*b", "a[b", "a\\b", "a]b", "a{b", "a}b", "a@b@{c",
		"caf\xc3\xa9", "\xff", "a/b/c/d", "A_B", "ORIG_HEAD",
		"FOO/bar", "refs", "heads/x", "a./b", "a/b.", "a..",
		"@/x", "x/@", "a.b.c", "!", "\"q\"", "'", "$x", "%",
		"a,b", "a;b", "a=b", "a+b", "a#b", "a&b", "a|b", "a<b",
		"a>b", "a'b", "",
	};
	const char alphabet[] = "a./@{-*~l\x01\x7f\xc3 [";
	size_t i, j, k, n = sizeof(alphabet) - 1;
	char buf[4];

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		check_name(names[i]);
	/* Every string of up to three characters of a nasty alphabet. */
	for (i = 0; i < n; i++) {
		buf[0] = alphabet[i];
		buf[1] = '\0';
		check_name(buf);
		for (j = 0; j < n; j++) {
			buf[1] = alphabet[j];
			buf[2] = '\0';
			check_name(buf);
			for (k = 0; k < n; k++) {
				buf[2] = alphabet[k];
				buf[3] = '\0';
				check_name(buf);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discover),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_checks_change),
		cmocka_unit_test(test_branch_names),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
