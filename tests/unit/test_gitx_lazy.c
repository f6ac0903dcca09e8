/*
 * libgit2 is initialised on first use, not at start: every gitx entry
 * point that takes no repository must work as the very first libgit2 call
 * of a process, and the commands that need no repository must not
 * initialise it at all, nor do the probes that the file system answers
 * for a plain repository (discovery, PR_BRANCH, up's preflight).  Each
 * case runs in a child process of its own, on repositories built with the
 * git command line, so that nothing has initialised libgit2 before it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <git2.h>

#include "services/config/config.h"
#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"
#include "git_cli.h"

struct fx {
	char	*dir;
	char	*repo;		/* realpath of a repo with one commit */
	char	*sub;		/* a directory inside it */
};

static int
setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	char *d = tu_mkdtemp();

	fx->dir = realpath(d, NULL);
	free(d);
	fx->repo = xasprintf("%s/repo", fx->dir);
	fx->sub = xasprintf("%s/repo/a/b", fx->dir);
	git_cli(fx->dir, "init", "-q", "repo", (char *)NULL);
	git_cli(fx->repo, "commit", "-q", "--allow-empty", "-m", "init",
	    (char *)NULL);
	git_cli(fx->repo, "update-ref", "refs/sandboxes/x/main", "HEAD",
	    (char *)NULL);
	d = xasprintf("%s/a", fx->repo);
	assert_int_equal(mkdir(d, 0755), 0);
	free(d);
	assert_int_equal(mkdir(fx->sub, 0755), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	tu_rmrf(fx->dir);
	free(fx->dir);
	free(fx->repo);
	free(fx->sub);
	free(fx);
	return 0;
}

/* Run fn(fx) in a child; it must exit 0, not crash. */
static void
in_child(struct fx *fx, int (*fn)(struct fx *))
{
	pid_t pid;
	int st;

	fflush(NULL);
	assert_true((pid = fork()) >= 0);
	if (pid == 0)
		_exit(fn(fx) == 0 ? 0 : 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st))
		fail_msg("child died of signal %d", WTERMSIG(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* libgit2 was not initialised before: this init is the first. */
static int
first_init(void)
{
	int n = git_libgit2_init();

	git_libgit2_shutdown();
	return n == 1 ? 0 : -1;
}

static int
c_discover(struct fx *fx)
{
	char *top = NULL, *cause = NULL;
	int ok;

	ok = gitx_discover_toplevel(fx->sub, &top, &cause) == 0 &&
	    strcmp(top, fx->repo) == 0;
	free(top);
	return ok ? 0 : -1;
}

static int
c_tracked(struct fx *fx)
{
	char *cause = NULL;
	int rc = gitx_path_state(fx->repo, "nothing", &cause);

	free(cause);
	return rc == GITX_PATH_UNTRACKED ? 0 : -1;
}

static int
c_branch_name(struct fx *fx)
{
	(void)fx;
	return gitx_branch_name_valid("ok/name") == 1 &&
	    gitx_branch_name_valid("a..b") == 0 ? 0 : -1;
}

static int
c_open(struct fx *fx)
{
	struct git_repository *repo = NULL;
	char *cause = NULL;
	char hex[GITX_HEXSZ + 1];

	if (gitx_open(fx->repo, &repo, &cause) < 0)
		return -1;
	/* Then something that needs the library working. */
	if (gitx_rev_hex(repo, "HEAD", hex, &cause) != 0)
		return -1;
	gitx_close(repo);
	return 0;
}

static int
c_dir_ref(struct fx *fx)
{
	char hex[GITX_HEXSZ + 1];

	return gitx_dir_ref_hex(fx->repo, "refs/sandboxes/x/main", hex) == 0 &&
	    strlen(hex) == GITX_HEXSZ ? 0 : -1;
}

static int
c_dir_has_refs(struct fx *fx)
{
	return gitx_dir_has_refs(fx->repo, "refs/sandboxes/x/") == 1 &&
	    gitx_dir_has_refs(fx->repo, "refs/sandboxes/y/") == 0 ? 0 : -1;
}

static int
c_checks(struct fx *fx)
{
	char *cause = NULL, *main_dir = NULL;

	return gitx_has_commit(fx->repo, &cause) == 1 &&
	    gitx_is_shallow(fx->repo, &cause) == 0 &&
	    gitx_is_linked_worktree(fx->repo, &main_dir, &cause) == 0 ? 0 : -1;
}

static int
c_close_null(struct fx *fx)
{
	(void)fx;
	gitx_close(NULL);
	return 0;
}

/* Commands that need no repository leave libgit2 alone. */
static int
c_no_repo_commands(struct fx *fx)
{
	static const char *const cmds[][3] = {
		{ "--version", NULL, NULL },
		{ "help", NULL, NULL },
		{ "help", "fetch", NULL },
		{ "completion", "bash", NULL },
		{ "no-such-command", NULL, NULL },
	};
	char *env[] = { NULL };
	struct tu_run r;
	size_t i;

	(void)fx;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		tu_main(&r, env, cmds[i]);
		tu_run_free(&r);
	}
	return first_init();
}

/*
 * The questions nearly every command asks (where is the repository, is
 * PR_BRANCH a valid name, and up's preflight) are answered from the file
 * system for a plain repository: libgit2 stays uninitialised.
 */
static int
c_fs_probes(struct fx *fx)
{
	struct cfg_cli cli = CFG_CLI_INIT;
	struct config cfg;
	char *env[] = { NULL, NULL };
	char *top = NULL, *cause = NULL, *main_dir = NULL;
	int ok;

	ok = gitx_discover_toplevel(fx->sub, &top, &cause) == 0 &&
	    gitx_has_commit(top, &cause) == 1 &&
	    gitx_is_shallow(top, &cause) == 0 &&
	    gitx_is_linked_worktree(top, &main_dir, &cause) == 0 &&
	    gitx_branch_name_valid("code-airlock/x") == 1;
	free(top);
	/* And the configuration, from inside the repository. */
	env[0] = xasprintf("PR_BRANCH=code-airlock/pr");
	memset(&cfg, 0, sizeof(cfg));
	ok = ok && chdir(fx->sub) == 0 &&
	    cfg_load(&cfg, &cli, env, &cause) == 0 && cfg.repo_found &&
	    strcmp(cfg.repo_dir, fx->repo) == 0;
	cfg_clear(&cfg);
	free(env[0]);
	return ok && first_init() == 0 ? 0 : -1;
}

#define CHILD(name)							\
static void								\
test_##name(void **state)						\
{									\
	in_child(*state, c_##name);					\
}
CHILD(discover)
CHILD(tracked)
CHILD(branch_name)
CHILD(open)
CHILD(dir_ref)
CHILD(dir_has_refs)
CHILD(checks)
CHILD(close_null)
CHILD(no_repo_commands)
CHILD(fs_probes)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_discover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branch_name, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_has_refs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_null, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_repo_commands, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fs_probes, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
