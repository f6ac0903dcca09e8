/*
 * Golden dry-run plans of up, run (each agent family), shell and
 * --tmux-detached up, run in-process in a plan_world whose PATH holds
 * only git and, where a test wants one, the world's stub sbx listing one
 * sandbox, whose call log proves that under --dry-run only `sbx ls`
 * reached sbx.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers/cmd.h"
#include "base/spawn.h"
#include "git_cli.h"
#include "plan_world.h"
#include "testutil.h"

static struct plan_world w;

/* PATH holds git alone: sbx and tmux are missing. */
static int
setup(void **state)
{
	*state = &w;
	plan_world_init(&w, "myrepo", 1);
	git_cli(NULL, "init", "-q", w.repo, (char *)NULL);
	git_cli(w.repo, "commit", "-q", "--allow-empty", "-m", "init",
	    (char *)NULL);
	return 0;
}

/* A stub sbx listing sandbox sbx-myrepo (agent claude) on PATH. */
static void
add_stub(void)
{
	char *ls = xasprintf("{\"sandboxes\":[{\"name\":\"sbx-myrepo\","
	    "\"agent\":\"claude\",\"status\":\"stopped\","
	    "\"workspaces\":[\"%s\"]}]}", w.repo);

	plan_world_stub_sbx(&w, ls);
	free(ls);
}

/* Run code-airlock --dry-run --repo REPO WORDS... and check stdout. */
static void
plan(struct tu_run *r, const char *want, const char *const *words)
{
	const char *argv[16] = { "--dry-run", "--repo", w.repo };
	size_t n = 3;

	for (; *words != NULL; words++)
		argv[n++] = *words;
	argv[n] = NULL;
	tu_main(r, w.env, argv);
	if (want == NULL)
		return;
	if (r->rc != 0 || strcmp(r->out, want) != 0)
		fail_msg("rc %d\nwant:\n%sgot:\n%s\nstderr:\n%s", r->rc, want,
		    r->out, r->err);
}

#define PLAN(want, ...) do {						\
	const char *const words_[] = { __VA_ARGS__, NULL };		\
	struct tu_run r_;						\
									\
	plan(&r_, (want), words_);					\
	tu_run_free(&r_);						\
} while (0)

static char *
lines(const char *a, const char *b)
{
	return xasprintf("+ sbx policy init balanced\n"
	    "+ sbx run --clone --name sbx-myrepo %s %s%s\n", a, w.repo, b);
}

static void
test_up(void **state)
{
	char *want;

	(void)state;
	want = lines("claude", "");
	PLAN(want, "up");
	free(want);
	want = lines("claude", " -- -p 'do it'");
	PLAN(want, "up", "--", "-p", "do it");
	free(want);
	want = lines("codex", "");
	PLAN(want, "--agent", "codex", "up");
	free(want);
}

static void
test_up_missing_sbx_warns(void **state)
{
	struct tu_run r;
	const char *const words[] = { "up", NULL };

	(void)state;
	plan(&r, NULL, words);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.err, "'sbx'"));
	assert_non_null(strstr(r.err, "apt-get install docker-sbx"));
	assert_null(strstr(r.out, "warning"));
	tu_run_free(&r);
}

static void
test_run_agents(void **state)
{
	static const struct {
		const char	*agent;
		const char	*args;
	} cases[] = {
		{ "claude", " -- -p 'fix the bug' --verbose" },
		{ "gemini", " -- -p 'fix the bug' --verbose" },
		{ "copilot", " -- -p 'fix the bug' --verbose" },
		{ "codex", " -- exec "
		    "--dangerously-bypass-approvals-and-sandbox "
		    "'fix the bug' --verbose" },
		{ "opencode", " -- run 'fix the bug' --verbose" },
		{ "kiro", " -- 'fix the bug' --verbose" },
	};
	struct tu_run r;
	size_t i;
	char *want;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const words[] = { "--agent", cases[i].agent,
		    "run", "fix the bug", "--", "--verbose", NULL };

		want = lines(cases[i].agent, cases[i].args);
		plan(&r, want, words);
		assert_int_equal(strstr(r.err, "no non-interactive mode") !=
		    NULL, strcmp(cases[i].agent, "kiro") == 0);
		assert_non_null(strstr(r.err, "code-airlock merge"));
		tu_run_free(&r);
		free(want);
	}
}

static void
test_run_empty_task(void **state)
{
	struct tu_run r;
	const char *const words[] = { "run", "", NULL };

	(void)state;
	plan(&r, NULL, words);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "task is empty"));
	tu_run_free(&r);
}

static void
test_resume(void **state)
{
	char *calls;

	(void)state;
	add_stub();
	/* A reset may have left the policy uninitialized: init first. */
	PLAN("+ sbx policy init balanced\n"
	    "+ sbx run --name sbx-myrepo -- -p x\n", "up", "--", "-p", "x");
	PLAN("+ sbx policy init balanced\n"
	    "+ sbx run --name sbx-myrepo -- -p 'a task'\n", "run", "a task");
	/* The stub logged its read-only listing and nothing else. */
	calls = tu_slurp(w.calls);
	assert_string_equal(calls, "ls --json\nls --json\n");
	free(calls);
	plan_world_unstub_sbx(&w);
}

static void
test_shell(void **state)
{
	(void)state;
	add_stub();
	/* Not a terminal here: -i without -t. */
	PLAN("+ sbx exec -i sbx-myrepo bash\n", "shell");
	PLAN("+ sbx exec sbx-myrepo git status --short\n", "shell", "--",
	    "git", "status", "--short");
	plan_world_unstub_sbx(&w);
}

static void
test_shell_absent(void **state)
{
	struct tu_run r;
	const char *const words[] = { "--name", "sbx-other", "shell", NULL };

	(void)state;
	add_stub();
	plan(&r, NULL, words);
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "run 'code-airlock up' first"));
	tu_run_free(&r);
	plan_world_unstub_sbx(&w);
}

static void
test_seed_plan(void **state)
{
	struct tu_run r;
	const char *const words[] = { "--seed-config", "up", NULL };
	char *dir, *want, *got, *p;

	(void)state;
	dir = xasprintf("%s/.claude", w.home);
	assert_int_equal(mkdir(dir, 0755), 0);
	free(dir);
	dir = xasprintf("%s/.claude/CLAUDE.md", w.home);
	tu_write(dir, "be brief\n");
	free(dir);
	plan(&r, NULL, words);
	assert_int_equal(r.rc, 0);
	/* The staging directory is random: cut it out of the cp line. */
	got = xstrdup(r.out);
	if ((p = strstr(got, "/code-airlock-seed.")) != NULL)
		memmove(p + 1, p + 26, strlen(p + 26) + 1);
	want = xasprintf("+ sbx policy init balanced\n"
	    "+ sbx create --clone --name sbx-myrepo claude %s\n"
	    "+ sbx exec sbx-myrepo mkdir -p /home/agent/.claude\n"
	    "+ sbx cp /tmp/0/CLAUDE.md sbx-myrepo:/home/agent/.claude\n"
	    "+ sbx run --name sbx-myrepo\n", w.repo);
	if (getenv("TMPDIR") == NULL)
		assert_string_equal(got, want);
	else
		assert_non_null(strstr(got, "sbx-myrepo:/home/agent/.claude"));
	free(want);
	free(got);
	tu_run_free(&r);
}

static void
test_tmux_detached(void **state)
{
	char self[PATH_MAX], *want;
	ssize_t n;

	(void)state;
	assert_true((n = readlink("/proc/self/exe", self, sizeof(self) - 1))
	    > 0);
	self[n] = '\0';
	want = xasprintf("+ tmux new-session -d -s code-airlock-sbx-myrepo "
	    "-c %s -e GLOBAL_NETWORK_POLICY=balanced -e REVIEW_TOOL=vscode "
	    "-e TMUX_SESSION=code-airlock-sbx-myrepo -e TMUX_ATTACH=0 "
	    "-e SEED_CONFIG=0 -e SEED_USER_CONFIG=0 -e SEED_PATHS= "
	    "-e FETCH_SUBMODULES=1 -e FETCH_TIMEOUT=30 "
	    "-e PR_BRANCH=code-airlock/sbx-myrepo "
	    "-e 'ALLOW=api.anthropic.com,*.anthropic.com,api.openai.com,"
	    "*.openai.com,github.com,*.github.com,codeload.github.com,"
	    "objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org' "
	    "-e DRY_RUN=0 -e USE_TMUX=0 -e PATH=%s -e HOME=%s "
	    "-e XDG_CONFIG_HOME= -e CODE_AIRLOCK_CONFIG= -- %s --repo %s "
	    "--name sbx-myrepo --agent claude up -- -p 'a;b\\;' "
	    "';' set-option -w -t =code-airlock-sbx-myrepo: remain-on-exit "
	    "on\n", w.repo, w.bin, w.home, self, w.repo);
	PLAN(want, "--tmux-detached", "up", "--", "-p", "a;b;");
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_up),
		cmocka_unit_test(test_up_missing_sbx_warns),
		cmocka_unit_test(test_run_agents),
		cmocka_unit_test(test_run_empty_task),
		cmocka_unit_test(test_resume),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_shell_absent),
		cmocka_unit_test(test_seed_plan),
		cmocka_unit_test(test_tmux_detached),
	};

	return cmocka_run_group_tests(tests, setup, plan_world_teardown);
}
