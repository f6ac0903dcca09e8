/*
 * sbx: a check run inside the sandbox on one exact commit (sbx_check.h).
 *
 * Three `sbx exec` calls, every value an argv word of its own (sbx exec
 * refuses empty ones; none of ours is empty):
 *
 *   git -C WS -c core.hooksPath=/dev/null worktree add --detach DIR HEX
 *   sh -c RUN code-airlock-verify DIR PIDFILE SECS COMMAND
 *   sh -c CLEAN code-airlock-verify WS DIR PIDFILE
 *
 * RUN and CLEAN are the fixed scripts below: COMMAND reaches the inner
 * `sh -c` as "$4", one argument, never spliced into another string.
 * Nothing says that sbx ends a command in the VM when the `sbx exec` on
 * the host is killed (`docker exec` does not), so the VM is made to end
 * it itself: GNU timeout runs it in a process group of its own whose id
 * RUN writes to PIDFILE, kills that group at the bound, and CLEAN kills
 * whatever is left of it (also after a normal end: a server the check
 * started in the background must not outlive it).  The clone's hooks are
 * switched off for the checkout: the check runs what the user asked,
 * nothing the agent planted in .git/hooks first.
 */
#include <stdlib.h>
#include <string.h>

#include "services/sbx/sbx.h"
#include "services/sbx/sbx_check.h"

static const char run_script[] =
	"cd \"$1\" || exit 125\n"
	"exec 2>&1\n"
	"if ! command -v timeout >/dev/null 2>&1; then\n"
	"\techo \"code-airlock-verify: timeout(1) is not installed in the "
	    "sandbox\"\n"
	"\texit 125\n"
	"fi\n"
	"echo \"$$\" >\"$2\" || exit 125\n"
	"echo \"" SBX_CHECK_READY "\"\n"
	"exec timeout -k 5 \"$3\" sh -c \"$4\"\n";

static const char clean_script[] =
	"if [ -f \"$3\" ]; then\n"
	"\tpid=$(cat \"$3\")\n"
	"\tcase $pid in\n"
	"\t\"\"|*[!0-9]*) ;;\n"
	"\t*) kill -s KILL -- \"-$pid\" 2>/dev/null\n"
	"\t   kill -s KILL \"$pid\" 2>/dev/null ;;\n"
	"\tesac\n"
	"\trm -f \"$3\"\n"
	"fi\n"
	"git -C \"$1\" worktree remove --force --force \"$2\" >/dev/null 2>&1 "
	    "|| rm -rf \"$2\"\n"
	"git -C \"$1\" worktree prune\n"
	"test ! -e \"$2\"\n";

int
sbx_check_add(const struct spawner *sp, struct sbx_check *c,
    const char *token, char **cause)
{
	free(c->dir);
	free(c->pidfile);
	c->dir = xasprintf("/tmp/code-airlock-verify-%s", token);
	c->pidfile = xasprintf("%s.pid", c->dir);
	proc_init(&c->p);
	c->added = 1;
	if (sbx_call(sp, PROC_CAPTURE | PROC_NULL_IN, cause, "exec", c->name,
	    "git", "-C", c->workspace, "-c", "core.hooksPath=/dev/null",
	    "worktree", "add", "--detach", c->dir, c->commit, NULL) < 0)
		return -1;
	return 0;
}

int
sbx_check_start(const struct spawner *sp, struct sbx_check *c,
    const char *command, int secs, char **cause)
{
	proc_clear(&c->p);
	strvec_pushl(&c->p.args, "sbx", "exec", c->name, "sh", "-c",
	    run_script, "code-airlock-verify", c->dir, c->pidfile, NULL);
	strvec_pushf(&c->p.args, "%d", secs + SBX_CHECK_BACKSTOP);
	strvec_push(&c->p.args, command);
	c->p.flags = PROC_CAPTURE_ERR;
	return proc_start(sp, &c->p, cause);
}

int
sbx_check_remove(const struct spawner *sp, struct sbx_check *c,
    char **cause)
{
	int rc = 0;

	proc_clear(&c->p);
	if (c->added)
		rc = sbx_call(sp, PROC_CAPTURE | PROC_NULL_IN | PROC_CLEANUP,
		    cause, "exec", c->name, "sh", "-c", clean_script,
		    "code-airlock-verify", c->workspace, c->dir, c->pidfile,
		    NULL);
	c->added = 0;
	free(c->dir);
	free(c->pidfile);
	c->dir = c->pidfile = NULL;
	return rc;
}
