/*
 * The plan tests' world of plan_world.h.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/spawn.h"
#include "base/strvec.h"
#include "plan_world.h"
#include "testutil.h"

void
plan_world_init(struct plan_world *w, const char *repo_name, int path_alone)
{
	char *git, *link, *path;

	memset(w, 0, sizeof(*w));
	w->dir = tu_mkdtemp();
	w->bin = xasprintf("%s/bin", w->dir);
	w->home = xasprintf("%s/home", w->dir);
	w->repo = xasprintf("%s/%s", w->dir, repo_name);
	w->calls = xasprintf("%s/calls", w->dir);
	assert_int_equal(mkdir(w->bin, 0755), 0);
	assert_int_equal(mkdir(w->home, 0755), 0);
	if (path_alone) {
		assert_non_null(git = proc_which("git"));
		link = xasprintf("%s/git", w->bin);
		assert_int_equal(symlink(git, link), 0);
		free(link);
		free(git);
		path = xstrdup(w->bin);
	} else
		path = xasprintf("%s:%s", w->bin, getenv("PATH"));
	setenv("PATH", path, 1);
	setenv("TMUX_TMPDIR", w->dir, 1);
	w->env[0] = xasprintf("HOME=%s", w->home);
	w->env[1] = xasprintf("PATH=%s", path);
	free(path);
}

void
plan_world_clear(struct plan_world *w)
{
	size_t i;

	tu_rmrf(w->dir);
	for (i = 0; w->env[i] != NULL; i++)
		free(w->env[i]);
	free(w->dir);
	free(w->bin);
	free(w->home);
	free(w->repo);
	free(w->calls);
	memset(w, 0, sizeof(*w));
}

int
plan_world_teardown(void **state)
{
	plan_world_clear(*state);
	return 0;
}

void
plan_world_stub_sbx(struct plan_world *w, const char *ls_json)
{
	plan_world_stub_sbx_policy(w, ls_json, NULL);
}

void
plan_world_stub_sbx_policy(struct plan_world *w, const char *ls_json,
    const char *policy_json)
{
	char *path = xasprintf("%s/sbx", w->bin), *text, *policy;

	/* Builtins only: PATH may hold nothing but git. */
	assert_null(strchr(ls_json, '\''));
	assert_true(policy_json == NULL || strchr(policy_json, '\'') == NULL);
	policy = policy_json == NULL ? xstrdup("") : xasprintf(
	    "case \"$*\" in 'policy ls '*' --json')\n"
	    "  echo '%s'\n"
	    "  exit 0;;\n"
	    "esac\n", policy_json);
	text = xasprintf("#!/bin/sh\n"
	    "echo \"$*\" >>'%s'\n"
	    "if [ \"$*\" = 'ls --json' ]; then\n"
	    "  echo '%s'\n"
	    "  exit 0\n"
	    "fi\n"
	    "%s"
	    "echo 'ERROR: the stub runs nothing but ls' >&2\n"
	    "exit 1\n", w->calls, ls_json, policy);
	tu_write(path, text);
	assert_int_equal(chmod(path, 0755), 0);
	free(policy);
	free(text);
	free(path);
}

void
plan_world_unstub_sbx(struct plan_world *w)
{
	char *path = xasprintf("%s/sbx", w->bin);

	unlink(path);
	unlink(w->calls);
	free(path);
}

/* Is the line at p (up to its newline) one of the read-only calls? */
static int
is_probe(const char *p, size_t n)
{
	static const char pre[] = "policy ls ", post[] = " --json";

	if (n == 9 && strncmp(p, "ls --json", 9) == 0)
		return 1;
	return n > strlen(pre) + strlen(post) &&
	    strncmp(p, pre, strlen(pre)) == 0 &&
	    strncmp(p + n - strlen(post), post, strlen(post)) == 0 &&
	    memchr(p + strlen(pre), ' ', n - strlen(pre) - strlen(post)) ==
	    NULL;
}

int
plan_world_only_probes(const struct plan_world *w)
{
	char *calls = tu_slurp(w->calls), *p = calls, *nl;
	int only = 1;

	while (*p != '\0' && only) {
		nl = strchr(p, '\n');
		only = nl != NULL && is_probe(p, (size_t)(nl - p));
		p = nl != NULL ? nl + 1 : p;
	}
	free(calls);
	return only;
}

char *
tu_slurp(const char *path)
{
	FILE *f = fopen(path, "r"), *m;
	char *buf = NULL;
	size_t len = 0;
	int c;

	m = open_memstream(&buf, &len);
	if (f != NULL) {
		while ((c = fgetc(f)) != EOF)
			fputc(c, m);
		fclose(f);
	}
	fclose(m);
	return buf;
}
