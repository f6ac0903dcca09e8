/*
 * Golden dry-run plans of run --agents: per agent, in the order given,
 * the policy and `sbx run` of its own sandbox SANDBOX_NAME-AGENT with
 * that agent's task words; with --tmux-detached, one session whose first
 * window runs the first agent and a new window per other agent.  A bad
 * list is a usage error before anything runs.
 */
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
#include "git_cli.h"
#include "plan_world.h"
#include "testutil.h"

static struct plan_world w;

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

static void
run(struct tu_run *r, const char *const *words)
{
	const char *argv[16] = { "--dry-run", "--repo", w.repo };
	size_t n = 3;

	for (; *words != NULL; words++)
		argv[n++] = *words;
	argv[n] = NULL;
	tu_main(r, w.env, argv);
}

static void
test_parallel_plan(void **state)
{
	const char *const words[] = { "run", "--agents", "claude,codex,kiro",
	    "fix it", "--", "--verbose", NULL };
	struct tu_run r;
	char *want;

	(void)state;
	want = xasprintf(
	    "+ sbx policy init balanced\n"
	    "+ sbx run --clone --name sbx-myrepo-claude claude %s -- "
	    "-p 'fix it' --verbose\n"
	    "+ sbx policy init balanced\n"
	    "+ sbx run --clone --name sbx-myrepo-codex codex %s -- exec "
	    "--dangerously-bypass-approvals-and-sandbox 'fix it' --verbose\n"
	    "+ sbx policy init balanced\n"
	    "+ sbx run --clone --name sbx-myrepo-kiro kiro %s -- "
	    "'fix it' --verbose\n", w.repo, w.repo, w.repo);
	run(&r, words);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	assert_non_null(strstr(r.err, "no non-interactive mode is known "
	    "for agent 'kiro'"));
	tu_run_free(&r);
	free(want);
}

/* --name sets the stem; each sandbox is STEM-AGENT. */
static void
test_name_stem(void **state)
{
	const char *const words[] = { "--name", "fix.1", "run", "--agents",
	    "gemini", "go", NULL };
	struct tu_run r;
	char *want;

	(void)state;
	want = xasprintf("+ sbx policy init balanced\n"
	    "+ sbx run --clone --name fix.1-gemini gemini %s -- -p go\n",
	    w.repo);
	run(&r, words);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	tu_run_free(&r);
	free(want);
}

static char *
env_words(const char *name)
{
	return xasprintf("-e GLOBAL_NETWORK_POLICY=balanced "
	    "-e REVIEW_TOOL=vscode "
	    "-e TMUX_SESSION=code-airlock-sbx-myrepo -e TMUX_ATTACH=0 "
	    "-e SEED_CONFIG=0 -e SEED_USER_CONFIG=0 -e SEED_PATHS= "
	    "-e FETCH_SUBMODULES=1 -e FETCH_TIMEOUT=30 "
	    "-e PR_BRANCH=code-airlock/%s "
	    "-e 'ALLOW=api.anthropic.com,*.anthropic.com,api.openai.com,"
	    "*.openai.com,github.com,*.github.com,codeload.github.com,"
	    "objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org' "
	    "-e DRY_RUN=0 -e USE_TMUX=0 -e PATH=%s -e HOME=%s "
	    "-e XDG_CONFIG_HOME= -e CODE_AIRLOCK_CONFIG=", name, w.bin,
	    w.home);
}

static void
test_tmux_plan(void **state)
{
	const char *const words[] = { "--tmux-detached", "run", "--agents",
	    "claude,codex", "a;b;", NULL };
	char self[PATH_MAX], *want, *e1, *e2;
	struct tu_run r;
	ssize_t n;

	(void)state;
	assert_true((n = readlink("/proc/self/exe", self, sizeof(self) - 1))
	    > 0);
	self[n] = '\0';
	e1 = env_words("sbx-myrepo");
	e2 = env_words("sbx-myrepo");
	want = xasprintf(
	    "+ tmux new-session -d -s code-airlock-sbx-myrepo -n claude -c %s "
	    "%s -- "
	    "%s --repo %s --name sbx-myrepo-claude --agent claude run "
	    "'a;b\\;' ';' set-option -w -t =code-airlock-sbx-myrepo: "
	    "remain-on-exit on\n"
	    "+ tmux new-window -t =code-airlock-sbx-myrepo: -n codex -c %s "
	    "%s -- %s --repo %s --name sbx-myrepo-codex --agent codex run "
	    "'a;b\\;' ';' set-option -w -t =code-airlock-sbx-myrepo: "
	    "remain-on-exit on\n",
	    w.repo, e1, self, w.repo, w.repo, e2, self, w.repo);
	run(&r, words);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	tu_run_free(&r);
	free(want);
	free(e1);
	free(e2);
}

/* Each bad list: exit 2, nothing on the output, the usage shown. */
static void
test_bad_lists(void **state)
{
	static const struct {
		const char	*list;
		const char	*says;
	} cases[] = {
		{ "claude,claude", "listed twice" },
		{ "claude,-p", "invalid agent '-p'" },
		{ ",", "1 to 16 agent names" },
		{ "a_b", "invalid sandbox name 'sbx-myrepo-a_b'" },
		{ "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", "1 to 16" },
		{ "x$(id)", "invalid sandbox name" },
	};
	struct tu_run r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const words[] = { "run", "--agents",
		    cases[i].list, "task", NULL };

		run(&r, words);
		assert_int_equal(r.rc, 2);
		assert_string_equal(r.out, "");
		if (strstr(r.err, cases[i].says) == NULL ||
		    strstr(r.err, "usage: code-airlock run") == NULL)
			fail_msg("%s: %s", cases[i].list, r.err);
		tu_run_free(&r);
	}
}

static void
test_agent_and_agents(void **state)
{
	const char *const words[] = { "--agent", "codex", "run", "--agents",
	    "claude", "task", NULL };
	struct tu_run r;

	(void)state;
	run(&r, words);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "--agent and --agents"));
	tu_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel_plan),
		cmocka_unit_test(test_name_stem),
		cmocka_unit_test(test_tmux_plan),
		cmocka_unit_test(test_bad_lists),
		cmocka_unit_test(test_agent_and_agents),
	};

	return cmocka_run_group_tests(tests, setup, plan_world_teardown);
}
