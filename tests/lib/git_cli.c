/*
 * git_cli() of git_cli.h, through the spawn layer like the program.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include "base/spawn.h"
#include "base/strvec.h"
#include "git_cli.h"

void
git_cli(const char *dir, ...)
{
	struct spawner sp = { .dry_run = 0 };
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
