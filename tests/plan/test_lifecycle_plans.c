/*
 * Golden dry-run plans of the lifecycle commands (stop, rm, lockdown,
 * unlock, net), run in-process in a plan_world whose stub sbx, first on
 * PATH, answers `sbx ls --json` and records every call, so each test also
 * proves that under --dry-run only read-only probes reached sbx.
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

#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "plan_world.h"
#include "testutil.h"

#define ALLOW_DEFAULT "'api.anthropic.com,*.anthropic.com,api.openai.com," \
	"*.openai.com,github.com,*.github.com,codeload.github.com," \
	"objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org'"

static struct plan_world w;

/* The balanced preset in short, a filesystem rule, the kit's own rule. */
#define POLICY_LS "{\"policies\":[{\"applies_to\":\"all\",\"rules\":[" \
	"{\"type\":\"filesystem:read\",\"decision\":\"allow\"," \
	"\"resources\":[\"**\"]},{\"type\":\"network\",\"decision\":" \
	"\"allow\",\"resources\":[\"api.anthropic.com\",\"pypi.org\"," \
	"\"*.github.com\"]}]},{\"applies_to\":\"sandbox:sbx-plan\"," \
	"\"rules\":[{\"type\":\"network\",\"decision\":\"allow\"," \
	"\"resources\":[\"api.anthropic.com\"]}]}]}"

/* A repo with the remotes sbx would have added for both sandboxes. */
static void
make_repo(void)
{
	git_repository *repo = NULL;
	git_remote *rem = NULL;
	const char *names[] = { "sbx-plan", "sbx-stopped" };
	char *rname;
	size_t i;

	gitx_global_init();
	assert_int_equal(git_repository_init(&repo, w.repo, 0), 0);
	for (i = 0; i < 2; i++) {
		rname = gitx_remote_of(names[i]);
		assert_int_equal(git_remote_create(&rem, repo, rname,
		    "git://127.0.0.1:9/repo"), 0);
		git_remote_free(rem);
		free(rname);
	}
	git_repository_free(repo);
}

/* An sbx that lists two sandboxes of the repo and logs every call. */
static int
setup(void **state)
{
	char *ls;

	*state = &w;
	plan_world_init(&w, "repo", 0);
	make_repo();
	ls = xasprintf("{\"sandboxes\":[{\"name\":\"sbx-plan\",\"agent\":"
	    "\"claude\",\"status\":\"running\",\"workspaces\":[\"%s\"]},"
	    "{\"name\":\"sbx-stopped\",\"agent\":\"codex\",\"status\":"
	    "\"stopped\",\"workspaces\":[\"%s\"]}]}", w.repo, w.repo);
	plan_world_stub_sbx_policy(&w, ls, POLICY_LS);
	free(ls);
	return 0;
}

/* Run code-airlock --dry-run --repo REPO --name NAME ARGS... */
static void
plan(struct tu_run *r, const char *name, const char *a1, const char *a2)
{
	const char *av[] = { "--dry-run", "--repo", w.repo, "--name", name,
	    a1, a2, NULL };

	remove(w.calls);
	tu_main(r, w.env, av);
}

static void
test_stop(void **state)
{
	struct tu_run r;

	(void)state;
	plan(&r, "sbx-plan", "stop", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx stop sbx-plan\n");
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
	plan(&r, "sbx-absent", "stop", NULL);
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "does not exist"));
	tu_run_free(&r);
}

static void
test_rm(void **state)
{
	struct tu_run r;
	char *want;

	(void)state;
	plan(&r, "sbx-plan", "rm", "--yes");
	want = xasprintf("+ git -C %s fetch sandbox-sbx-plan\n"
	    "+ sbx rm --force sbx-plan\n", w.repo);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	assert_true(plan_world_only_probes(&w));
	free(want);
	tu_run_free(&r);
	/* A stopped sandbox is started before the fetch. */
	plan(&r, "sbx-stopped", "rm", "--yes");
	want = xasprintf("+ sbx exec sbx-stopped true\n"
	    "+ git -C %s fetch sandbox-sbx-stopped\n"
	    "+ sbx rm --force sbx-stopped\n", w.repo);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	assert_true(plan_world_only_probes(&w));
	free(want);
	tu_run_free(&r);
}

static void
test_rm_refusals(void **state)
{
	struct tu_run r;
	char *calls;

	(void)state;
	/* No terminal, no --yes: refused before anything runs. */
	plan(&r, "sbx-plan", "rm", NULL);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "--yes"));
	calls = tu_slurp(w.calls);
	assert_string_equal(calls, "");
	free(calls);
	tu_run_free(&r);
	plan(&r, "sbx-absent", "rm", "--yes");
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.out, "");
	tu_run_free(&r);
}

#define CHECK "+ sbx policy check network --sandbox sbx-plan "

/*
 * Only this sandbox is restricted: pypi.org, which the global policy
 * allows and ALLOW does not, is denied for it; ALLOW is allowed for it
 * but for api.anthropic.com, which its kit allows already; then every
 * conclusion is checked.  No global change, no reset, no init.
 */
static void
test_lockdown(void **state)
{
	struct tu_run r;

	(void)state;
	plan(&r, "sbx-plan", "lockdown", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out,
	    "+ sbx policy deny network --sandbox sbx-plan pypi.org\n"
	    "+ sbx policy allow network --sandbox sbx-plan '*.anthropic.com,"
	    "api.openai.com,*.openai.com,github.com,*.github.com,"
	    "codeload.github.com,objects.githubusercontent.com,"
	    "registry.npmjs.org,*.npmjs.org'\n"
	    CHECK "api.anthropic.com\n"
	    CHECK "code-airlock-check.anthropic.com\n"
	    CHECK "api.openai.com\n"
	    CHECK "code-airlock-check.openai.com\n"
	    CHECK "github.com\n"
	    CHECK "code-airlock-check.github.com\n"
	    CHECK "codeload.github.com\n"
	    CHECK "objects.githubusercontent.com\n"
	    CHECK "registry.npmjs.org\n"
	    CHECK "code-airlock-check.npmjs.org\n"
	    CHECK "pypi.org\n"
	    CHECK "example.com\n");
	assert_non_null(strstr(r.err, "would record the rules it adds"));
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
	plan(&r, "sbx-absent", "lockdown", NULL);
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.out, "");
	tu_run_free(&r);
}

static void
test_unlock_net(void **state)
{
	struct tu_run r;
	char *record, *dir;

	(void)state;
	plan(&r, "sbx-plan", "unlock", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "nothing to remove"));
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
	/* Exactly the recorded rules go, one call each. */
	dir = xasprintf("%s/.git/code-airlock", w.repo);
	assert_int_equal(mkdir(dir, 0755), 0);
	record = xasprintf("%s/lockdown", dir);
	assert_int_equal(mkdir(record, 0755), 0);
	free(record);
	record = xasprintf("%s/lockdown/sbx-plan", dir);
	tu_write(record, "deny pypi.org\nallow *.openai.com\n");
	plan(&r, "sbx-plan", "unlock", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy rm network --sandbox "
	    "sbx-plan --resource pypi.org\n+ sbx policy rm network --sandbox "
	    "sbx-plan --resource '*.openai.com'\n");
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
	/* A plan changes nothing: the record stays. */
	assert_int_equal(access(record, F_OK), 0);
	free(record);
	free(dir);
	plan(&r, "sbx-plan", "unlock", "--reset-all");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy reset\n"
	    "+ sbx policy init balanced\n");
	assert_non_null(strstr(r.err, "stops every running sandbox"));
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
	plan(&r, "sbx-plan", "net", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy log sbx-plan\n");
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
	plan(&r, "sbx-plan", "net", "--all");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy log\n");
	assert_true(plan_world_only_probes(&w));
	tu_run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_rm),
		cmocka_unit_test(test_rm_refusals),
		cmocka_unit_test(test_lockdown),
		cmocka_unit_test(test_unlock_net),
	};

	return cmocka_run_group_tests(tests, setup, plan_world_teardown);
}
