/*
 * Building test repositories with the git command line rather than
 * libgit2, for tests that must compare against libgit2 or must not
 * initialise it themselves.  Included by tests/test_gitx_*.c only.
 */
#ifndef AIRLOCK_GIT_CLI_H
#define AIRLOCK_GIT_CLI_H

#include <stdarg.h>

#include "base/spawn.h"
#include "base/strvec.h"

/*
 * Run git in dir (NULL: the current directory) with the NULL-terminated
 * arguments, isolated from the user's and the system's configuration;
 * fails the test unless git exits 0.
 */
static void __attribute__((unused, sentinel))
git_cli(const char *dir, ...)
{
	struct spawner sp = { 0, 0, NULL, NULL };
	struct proc p = PROC_INIT;
	char *cause = NULL;
	const char *a;
	va_list ap;

	strvec_pushl(&p.args, "git", "-c", "user.name=Test", "-c",
	    "user.email=t@example.com", "-c", "init.defaultBranch=main",
	    "-c", "protocol.file.allow=always", "-c",
	    "advice.detachedHead=false", (char *)NULL);
	va_start(ap, dir);
	while ((a = va_arg(ap, const char *)) != NULL)
		strvec_push(&p.args, a);
	va_end(ap);
	strvec_pushl(&p.env, "GIT_CONFIG_NOSYSTEM=1",
	    "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_DATE=1700000000 +0000",
	    "GIT_COMMITTER_DATE=1700000000 +0000", (char *)NULL);
	p.dir = dir;
	p.flags = PROC_NULL_IN | PROC_CAPTURE | PROC_CAPTURE_ERR;
	if (proc_run(&sp, &p, &cause) < 0)
		fail_msg("cannot run git: %s", cause);
	if (p.status != 0)
		fail_msg("git %s failed (%d): %s", p.args.v[11], p.status,
		    p.err ? p.err : "");
	proc_clear(&p);
}

#endif
