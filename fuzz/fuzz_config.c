/*
 * Fuzz the sandbox.conf reader and validator through cfg_load(), the way
 * every command loads it: the input is written to a file named by
 * CODE_AIRLOCK_CONFIG in a private environment (HOME and the XDG directory
 * point into a temporary directory, the repo is an empty directory given
 * with --repo).  Properties:
 *   - success leaves every value set and valid by the same validators the
 *     commands use (sandbox name, ALLOW, policy, booleans 0/1);
 *   - failure sets a one-line cause without C0 control bytes (a tab
 *     aside) that names the file, and leaves the struct zeroed as
 *     config.h promises.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services/config/config.h"
#include "services/git/gitx.h"
#include "fuzz.h"

static char	 dir[] = "/tmp/airlock-fuzz-config.XXXXXX";
static char	*conf;
static char	*repo;
static char	*env[5];

static void
cleanup(void)
{
	unlink(conf);
	rmdir(repo);
	if (rmdir(dir) < 0)
		perror(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mkdtemp(dir) == NULL)
		abort();
	conf = xasprintf("%s/sandbox.conf", dir);
	repo = xasprintf("%s/repo", dir);
	if (mkdir(repo, 0700) < 0)
		abort();
	env[0] = xasprintf("HOME=%s", dir);
	env[1] = xasprintf("XDG_CONFIG_HOME=%s/xdg", dir);
	env[2] = xasprintf("CODE_AIRLOCK_CONFIG=%s", conf);
	env[3] = xstrdup("PATH=/usr/bin:/bin");
	env[4] = NULL;
	gitx_global_init();
	atexit(cleanup);
	return 0;
}

static void
check_ok(const struct config *c)
{
	char *cause = NULL;

	if (c->sandbox_name == NULL || c->agent == NULL ||
	    c->repo_dir == NULL || c->policy == NULL ||
	    c->review_tool == NULL || c->tmux_session == NULL ||
	    c->seed_paths == NULL || c->pr_branch == NULL || c->allow == NULL)
		fuzz_fail("cfg_load succeeded with a value left NULL");
	if (cfg_check_sandbox_name(c->sandbox_name, &cause) < 0)
		fuzz_fail("accepted sandbox name [%s]: %s", c->sandbox_name,
		    cause);
	if (cfg_check_allow(c->allow, &cause) < 0)
		fuzz_fail("accepted ALLOW [%s]: %s", c->allow, cause);
	if (cfg_check_policy(c->policy, &cause) < 0)
		fuzz_fail("accepted policy [%s]: %s", c->policy, cause);
	if ((c->tmux_attach | c->seed_config | c->fetch_submodules |
	    c->dry_run | c->use_tmux) & ~1)
		fuzz_fail("a boolean is neither 0 nor 1");
}

static void
check_failed(const struct config *c, const char *cause)
{
	static const struct config zero;
	const char *p;

	if (cause == NULL || *cause == '\0')
		fuzz_fail("cfg_load failed without a cause");
	/*
	 * One line, no terminal controls.  A tab may be quoted from the
	 * file (the reader lets tabs through as blanks).
	 */
	for (p = cause; *p != '\0'; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
			fuzz_fail("cause holds byte 0x%02x: [%s]",
			    (unsigned char)*p, cause);
	if (strstr(cause, conf) == NULL &&
	    strncmp(cause, "the default PR_BRANCH", 21) != 0)
		fuzz_fail("cause does not name the file: [%s]", cause);
	if (memcmp(c, &zero, sizeof(zero)) != 0)
		fuzz_fail("cfg_load failed but left the struct set");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_cli cli = CFG_CLI_INIT;
	struct config c;
	char *cause = NULL;
	FILE *f;

	if ((f = fopen(conf, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
	cli.repo_dir = repo;
	if (cfg_load(&c, &cli, env, &cause) == 0) {
		if (cause != NULL)
			fuzz_fail("cfg_load succeeded with a cause");
		check_ok(&c);
		cfg_clear(&c);
	} else
		check_failed(&c, cause);
	free(cause);
	return 0;
}
