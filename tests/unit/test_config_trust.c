/*
 * The trust rule for a repo's own sandbox.conf (SPEC §3), attacked the
 * way the agent's work can reach the work tree: tracked, untracked after
 * a `git apply` of the agent's diff, git-ignored by a .gitignore the
 * agent also wrote, committed and then removed again, kept only under
 * refs/code-airlock/replaced/, behind a symlink, or next to an index
 * libgit2 cannot read.  And every config file read bounded: /dev/zero, a
 * fifo, a file without newlines.
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

#include "services/config/config.h"
#include "services/git/gitx.h"
#include "base/strvec.h"
#include "git_cli.h"
#include "testutil.h"

#define EVIL	"REVIEW_TOOL=evil\nALLOW=evil.example\n"

struct fx {
	char		*dir;
	char		*repo;
	char		*oldcwd;
	struct strvec	 env;
	struct config	 cfg;
	char		*cause;
};

/* HOME, XDG_CONFIG_HOME and, when extra is set, CODE_AIRLOCK_CONFIG. */
static void
set_env(struct fx *fx, const char *extra)
{
	strvec_clear(&fx->env);
	strvec_pushf(&fx->env, "HOME=%s/home", fx->dir);
	strvec_pushf(&fx->env, "XDG_CONFIG_HOME=%s/home/.config", fx->dir);
	if (extra != NULL)
		strvec_pushf(&fx->env, "CODE_AIRLOCK_CONFIG=%s", extra);
}

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	char *d = tu_mkdtemp();

	fx->dir = realpath(d, NULL);
	free(d);
	fx->repo = tu_at(fx->dir, "repo");
	tu_mkdir_at(fx->dir, "home");
	git_cli(fx->dir, "init", "-q", "repo", NULL);
	tu_put(fx->repo, "README", "hello\n");
	git_cli(fx->repo, "add", "README", NULL);
	git_cli(fx->repo, "commit", "-qm", "first", NULL);
	fx->oldcwd = getcwd(NULL, 0);
	assert_int_equal(chdir(fx->repo), 0);
	set_env(fx, NULL);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	assert_int_equal(chdir(fx->oldcwd), 0);
	cfg_clear(&fx->cfg);
	tu_rmrf(fx->dir);
	strvec_clear(&fx->env);
	free(fx->cause);
	free(fx->oldcwd);
	free(fx->repo);
	free(fx->dir);
	free(fx);
	return 0;
}

static void
load_ok(struct fx *fx)
{
	struct cfg_cli cli = CFG_CLI_INIT;

	cfg_clear(&fx->cfg);
	if (cfg_load(&fx->cfg, &cli, fx->env.v, &fx->cause) != 0)
		fail_msg("cfg_load: %s", fx->cause);
}

/* The repo file was left out, with one warning holding why. */
static void
ignored(struct fx *fx, const char *why)
{
	load_ok(fx);
	assert_string_equal(fx->cfg.review_tool, "vscode");
	assert_string_equal(fx->cfg.allow, cfg_keys[CFG_ALLOW].deflt);
	assert_int_equal(fx->cfg.warnings.n, 1);
	assert_null(strchr(fx->cfg.warnings.v[0], '\n'));
	if (strstr(fx->cfg.warnings.v[0], "ignoring '") == NULL ||
	    strstr(fx->cfg.warnings.v[0], why) == NULL)
		fail_msg("'%s' not in '%s'", why, fx->cfg.warnings.v[0]);
}

static void
honoured(struct fx *fx)
{
	load_ok(fx);
	assert_string_equal(fx->cfg.review_tool, "evil");
	assert_int_equal(fx->cfg.warnings.n, 0);
}

/* The agent's branch, fetched: a commit adding files, under ref. */
static void
agent_commit(struct fx *fx, const char *ref, const char *conf)
{
	git_cli(fx->repo, "switch", "-q", "-c", "agent", NULL);
	tu_put(fx->repo, "sandbox.conf", conf);
	tu_put(fx->repo, ".gitignore", "sandbox.conf\n");
	git_cli(fx->repo, "add", "-f", "sandbox.conf", ".gitignore", NULL);
	git_cli(fx->repo, "commit", "-qm", "agent", NULL);
	git_cli(fx->repo, "update-ref", ref, "HEAD", NULL);
	git_cli(fx->repo, "switch", "-q", "main", NULL);
	git_cli(fx->repo, "branch", "-qD", "agent", NULL);
}

/* What `git apply` of the agent's diff leaves: untracked files. */
static void
apply_agent(struct fx *fx, const char *conf)
{
	tu_put(fx->repo, "sandbox.conf", conf);
	tu_put(fx->repo, ".gitignore", "sandbox.conf\n");
}

static void
test_tracked_and_untracked(void **state)
{
	struct fx *fx = *state;

	/* Untracked and not ignored: it may be the agent's. */
	tu_put(fx->repo, "sandbox.conf", EVIL);
	ignored(fx, "git does not ignore it");
	/* Tracked, even when an ignore rule matches it. */
	tu_put(fx->repo, ".git/info/exclude", "sandbox.conf\n");
	git_cli(fx->repo, "add", "-f", "sandbox.conf", NULL);
	ignored(fx, "tracked by git");
	/* The user's own local file: ignored by git, carried by no ref. */
	git_cli(fx->repo, "rm", "-q", "--cached", "sandbox.conf", NULL);
	honoured(fx);
}

static void
test_agent_content(void **state)
{
	struct fx *fx = *state;

	/* The agent committed it and a .gitignore; the user applied both. */
	agent_commit(fx, "refs/sandboxes/sbx-repo/main", EVIL);
	apply_agent(fx, EVIL);
	ignored(fx, "a sandbox branch carries this very file");
	/* The same from the remote-tracking copy only. */
	git_cli(fx->repo, "update-ref", "refs/remotes/sandbox-sbx-repo/main",
	    "refs/sandboxes/sbx-repo/main", NULL);
	git_cli(fx->repo, "update-ref", "-d", "refs/sandboxes/sbx-repo/main",
	    NULL);
	ignored(fx, "a sandbox branch carries this very file");
	/* A user's file of other content is theirs. */
	tu_put(fx->repo, "sandbox.conf", "REVIEW_TOOL=evil\n"
	    "ALLOW=evil.example\nAGENT=codex\n");
	honoured(fx);
}

/* Committed, then removed again: the tip no longer holds it. */
static void
test_agent_history(void **state)
{
	struct fx *fx = *state;

	agent_commit(fx, "refs/remotes/sandbox-sbx-repo/work", EVIL);
	git_cli(fx->repo, "switch", "-q", "-c", "x",
	    "refs/remotes/sandbox-sbx-repo/work", NULL);
	git_cli(fx->repo, "rm", "-q", "sandbox.conf", NULL);
	git_cli(fx->repo, "commit", "-qm", "hide it", NULL);
	git_cli(fx->repo, "update-ref", "refs/remotes/sandbox-sbx-repo/work",
	    "HEAD", NULL);
	git_cli(fx->repo, "switch", "-q", "main", NULL);
	git_cli(fx->repo, "branch", "-qD", "x", NULL);
	apply_agent(fx, EVIL);
	ignored(fx, "a sandbox branch carries this very file");

	/* A tip the fetch replaced, kept by code-airlock, still counts. */
	git_cli(fx->repo, "update-ref", "refs/code-airlock/replaced/sbx-repo/"
	    "work/0123456789ab", "refs/remotes/sandbox-sbx-repo/work~1",
	    NULL);
	git_cli(fx->repo, "update-ref", "-d",
	    "refs/remotes/sandbox-sbx-repo/work", NULL);
	ignored(fx, "a sandbox branch carries this very file");

	/* So do a tag the sandbox served and a tip kept by its id. */
	git_cli(fx->repo, "update-ref", "refs/code-airlock/served/sbx-repo/"
	    "refs/tags/v1", "refs/code-airlock/replaced/sbx-repo/work/"
	    "0123456789ab", NULL);
	git_cli(fx->repo, "update-ref", "refs/code-airlock/kept/sbx-repo/"
	    "0123456789ab", "refs/code-airlock/replaced/sbx-repo/work/"
	    "0123456789ab", NULL);
	git_cli(fx->repo, "update-ref", "-d", "refs/code-airlock/replaced/"
	    "sbx-repo/work/0123456789ab", NULL);
	ignored(fx, "a sandbox branch carries this very file");
	git_cli(fx->repo, "update-ref", "-d", "refs/code-airlock/served/"
	    "sbx-repo/refs/tags/v1", NULL);
	ignored(fx, "a sandbox branch carries this very file");
}

static void
test_symlink(void **state)
{
	struct fx *fx = *state;

	/* The agent's symlink to a tracked file of its own content. */
	tu_put(fx->repo, ".git/info/exclude", "sandbox.conf\n");
	tu_put(fx->repo, "docs.txt", EVIL);
	tu_link_at(fx->repo, "docs.txt", "sandbox.conf");
	ignored(fx, "not a regular file");
}

/* An index libgit2 cannot read proves nothing: doubt, never trust. */
static void
test_unreadable_index(void **state)
{
	struct fx *fx = *state;

	tu_put(fx->repo, ".git/info/exclude", "sandbox.conf\n");
	tu_put(fx->repo, "sandbox.conf", EVIL);
	honoured(fx);
	git_cli(fx->repo, "add", "-f", "sandbox.conf", NULL);
	git_cli(fx->repo, "update-index", "--split-index", NULL);
	git_cli(fx->repo, "commit", "-qm", "tracked, split index", NULL);
	ignored(fx, "cannot tell whether git tracks it");

	/* A sparse index the same, with the file untracked again. */
	git_cli(fx->repo, "update-index", "--no-split-index", NULL);
	git_cli(fx->repo, "rm", "-q", "--cached", "sandbox.conf", NULL);
	git_cli(fx->repo, "commit", "-qm", "untracked", NULL);
	honoured(fx);
	tu_mkdir_at(fx->repo, "sub");
	tu_put(fx->repo, "sub/x", "x\n");
	git_cli(fx->repo, "add", "sub/x", NULL);
	git_cli(fx->repo, "commit", "-qm", "sub", NULL);
	git_cli(fx->repo, "sparse-checkout", "set", "--cone", "--sparse-index",
	    "nothing", NULL);
	ignored(fx, "cannot tell whether git tracks it");
}

/* A walk longer than the bound is doubt too. */
static void
test_walk_bound(void **state)
{
	struct fx *fx = *state;
	char *cause = NULL;
	int i;

	agent_commit(fx, "refs/sandboxes/sbx-repo/main", EVIL);
	git_cli(fx->repo, "switch", "-q", "-c", "x",
	    "refs/sandboxes/sbx-repo/main", NULL);
	for (i = 0; i < 3; i++)
		git_cli(fx->repo, "commit", "-q", "--allow-empty", "-m", "more",
		    NULL);
	git_cli(fx->repo, "update-ref", "refs/sandboxes/sbx-repo/main",
	    "HEAD", NULL);
	git_cli(fx->repo, "switch", "-q", "main", NULL);
	/* Four commits of the agent's own: a "no" needs all four read. */
	assert_int_equal(gitx_agent_carries(fx->repo, "sandbox.conf", "x\n",
	    2, 3, &cause), -1);
	assert_non_null(strstr(cause, "more than 3 commits"));
	free(cause);
	cause = NULL;
	assert_int_equal(gitx_agent_carries(fx->repo, "sandbox.conf", "x\n",
	    2, 4, &cause), 0);
	assert_int_equal(gitx_agent_carries(fx->repo, "sandbox.conf", EVIL,
	    strlen(EVIL), 4, &cause), 1);
	/* What HEAD holds is the user's: merged, it is no longer counted. */
	git_cli(fx->repo, "merge", "-q", "--ff-only", "x", NULL);
	assert_int_equal(gitx_agent_carries(fx->repo, "sandbox.conf", EVIL,
	    strlen(EVIL), 100, &cause), 0);
}

/* A config file is read bounded, whatever CODE_AIRLOCK_CONFIG names. */
static void
test_bounded_read(void **state)
{
	struct fx *fx = *state;
	struct cfg_cli cli = CFG_CLI_INIT;
	char *big, *fifo = tu_at(fx->dir, "fifo"), *path;
	size_t n = 300 * 1024;
	FILE *f;

	set_env(fx, "/dev/zero");
	assert_int_equal(cfg_load(&fx->cfg, &cli, fx->env.v, &fx->cause), -1);
	assert_non_null(strstr(fx->cause, "'/dev/zero': not a regular file"));
	free(fx->cause);
	/* A fifo nobody writes to: refused, not waited on. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	set_env(fx, fifo);
	assert_int_equal(cfg_load(&fx->cfg, &cli, fx->env.v, &fx->cause), -1);
	assert_non_null(strstr(fx->cause, "not a regular file"));
	free(fx->cause);
	/* Binary without a newline: too large, then too long a line. */
	path = tu_at(fx->dir, "bin.conf");
	big = xmalloc(n);
	memset(big, 'A', n);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(big, 1, n, f), n);
	fclose(f);
	set_env(fx, path);
	assert_int_equal(cfg_load(&fx->cfg, &cli, fx->env.v, &fx->cause), -1);
	assert_non_null(strstr(fx->cause, "larger than 256 KiB"));
	free(fx->cause);
	assert_int_equal(truncate(path, 200 * 1024), 0);
	assert_int_equal(cfg_load(&fx->cfg, &cli, fx->env.v, &fx->cause), -1);
	assert_non_null(strstr(fx->cause, ":1: line is longer than"));
	free(fx->cause);
	fx->cause = NULL;
	/* The user file too. */
	set_env(fx, NULL);
	tu_mkdir_at(fx->dir, "home/.config");
	tu_mkdir_at(fx->dir, "home/.config/code-airlock");
	free(path);
	path = tu_at(fx->dir, "home/.config/code-airlock/sandbox.conf");
	assert_int_equal(symlink("/dev/zero", path), 0);
	assert_int_equal(cfg_load(&fx->cfg, &cli, fx->env.v, &fx->cause), -1);
	assert_non_null(strstr(fx->cause, "not a regular file"));
	free(path);
	free(big);
	free(fifo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tracked_and_untracked,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_agent_content, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_agent_history, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_index, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_walk_bound, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bounded_read, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
