/*
 * Golden dry-run plans of the lifecycle commands (stop, rm, lockdown,
 * unlock, net), run in-process.  A stub sbx first on PATH answers
 * `sbx ls --json` and records every call, so each test also proves that
 * under --dry-run only read-only probes reached sbx.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <git2.h>

#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "testutil.h"

#define ALLOW_DEFAULT "'api.anthropic.com,*.anthropic.com,api.openai.com," \
	"*.openai.com,github.com,*.github.com,codeload.github.com," \
	"objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org'"

struct world {
	char	*dir;
	char	*repo;
	char	*calls;
	char	*env[4];
};

static struct world w;

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;

	if (f != NULL) {
		while ((c = fgetc(f)) != EOF)
			fputc(c, m);
		fclose(f);
	}
	fclose(m);
	return buf;
}

/* An sbx that lists two sandboxes of the repo and logs every call. */
static void
write_stub(void)
{
	char *bin = xasprintf("%s/bin", w.dir), *path, *text, *newpath;

	assert_int_equal(mkdir(bin, 0755), 0);
	path = xasprintf("%s/sbx", bin);
	text = xasprintf("#!/bin/sh\n"
	    "echo \"$*\" >>'%s'\n"
	    "if [ \"$*\" = 'ls --json' ]; then\n"
	    "  echo '{\"sandboxes\":[{\"name\":\"sbx-plan\",\"agent\":"
	    "\"claude\",\"status\":\"running\",\"workspaces\":[\"%s\"]},"
	    "{\"name\":\"sbx-stopped\",\"agent\":\"codex\",\"status\":"
	    "\"stopped\",\"workspaces\":[\"%s\"]}]}'\n"
	    "  exit 0\n"
	    "fi\n"
	    "echo 'ERROR: the stub runs nothing but ls' >&2\n"
	    "exit 1\n", w.calls, w.repo, w.repo);
	tu_write(path, text);
	assert_int_equal(chmod(path, 0755), 0);
	newpath = xasprintf("%s:%s", bin, getenv("PATH"));
	setenv("PATH", newpath, 1);
	free(newpath);
	free(text);
	free(path);
	free(bin);
}

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
		rname = xasprintf("sandbox-%s", names[i]);
		assert_int_equal(git_remote_create(&rem, repo, rname,
		    "git://127.0.0.1:9/repo"), 0);
		git_remote_free(rem);
		free(rname);
	}
	git_repository_free(repo);
}

static int
setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	w.dir = tu_mkdtemp();
	w.repo = xasprintf("%s/repo", w.dir);
	w.calls = xasprintf("%s/calls", w.dir);
	w.env[0] = xasprintf("HOME=%s", w.dir);
	w.env[1] = xasprintf("XDG_CONFIG_HOME=%s/config", w.dir);
	w.env[2] = xasprintf("TMUX_TMPDIR=%s", w.dir);
	setenv("TMUX_TMPDIR", w.dir, 1);
	make_repo();
	write_stub();
	return 0;
}

static int
teardown(void **state)
{
	size_t i;

	(void)state;
	tu_rmrf(w.dir);
	for (i = 0; i < 3; i++)
		free(w.env[i]);
	free(w.dir);
	free(w.repo);
	free(w.calls);
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

/* Every call that reached the stub was the read-only `sbx ls --json`. */
static void
only_probes(void)
{
	char *calls = slurp(w.calls), *p = calls;

	while (*p != '\0') {
		assert_true(strncmp(p, "ls --json\n", 10) == 0);
		p += 10;
	}
	free(calls);
}

static void
test_stop(void **state)
{
	struct tu_run r;

	(void)state;
	plan(&r, "sbx-plan", "stop", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx stop sbx-plan\n");
	only_probes();
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
	only_probes();
	free(want);
	tu_run_free(&r);
	/* A stopped sandbox is started before the fetch. */
	plan(&r, "sbx-stopped", "rm", "--yes");
	want = xasprintf("+ sbx exec sbx-stopped true\n"
	    "+ git -C %s fetch sandbox-sbx-stopped\n"
	    "+ sbx rm --force sbx-stopped\n", w.repo);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, want);
	only_probes();
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
	calls = slurp(w.calls);
	assert_string_equal(calls, "");
	free(calls);
	tu_run_free(&r);
	plan(&r, "sbx-absent", "rm", "--yes");
	assert_int_equal(r.rc, 1);
	assert_string_equal(r.out, "");
	tu_run_free(&r);
}

static void
test_lockdown(void **state)
{
	struct tu_run r;

	(void)state;
	plan(&r, "sbx-plan", "lockdown", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy set-default deny-all\n"
	    "+ sbx policy allow network --sandbox sbx-plan " ALLOW_DEFAULT
	    "\n");
	only_probes();
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

	(void)state;
	plan(&r, "sbx-plan", "unlock", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy reset\n");
	assert_non_null(strstr(r.err, "every sandbox"));
	only_probes();
	tu_run_free(&r);
	plan(&r, "sbx-plan", "net", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy log sbx-plan\n");
	only_probes();
	tu_run_free(&r);
	plan(&r, "sbx-plan", "net", "--all");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, "+ sbx policy log\n");
	only_probes();
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

	return cmocka_run_group_tests(tests, setup, teardown);
}
