/*
 * sbx: holding a session open.  A local sandbox stops by itself a grace
 * period after its last session (run, exec, attach) ends, its git daemon
 * with it; `sbx exec NAME true` ends at once.  Work that needs the sandbox
 * for a while (a fetch, a series of copies) keeps one session open: a
 * background `sbx exec NAME sh -c 'echo ready && exec sleep N'`, ended
 * when the work is done.  Its line "ready" says that the sandbox runs
 * (sbx may print lines of its own first).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "services/sbx/sbx.h"

int
sbx_hold_start(const struct spawner *sp, const char *name,
    struct sbx_hold *h, char **cause)
{
	char *script;
	int rc;

	memset(h, 0, sizeof(*h));
	proc_init(&h->p);
	/* A session is no change of state: a plan does not show it. */
	if (sp->dry_run)
		return 0;
	script = xasprintf("echo ready && exec sleep %d", SBX_HOLD_SECS);
	strvec_pushl(&h->p.args, "sbx", "exec", name, "sh", "-c", script,
	    NULL);
	free(script);
	h->p.flags = PROC_CAPTURE_ERR;
	if ((rc = proc_start(sp, &h->p, cause)) == 0)
		h->held = 1;
	else
		proc_clear(&h->p);
	return rc;
}

/* What is left of secs seconds since t0, in milliseconds (0 at least). */
static int
left_ms(const struct timespec *t0, int secs)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = secs * 1000L - ((now.tv_sec - t0->tv_sec) * 1000L +
	    (now.tv_nsec - t0->tv_nsec) / 1000000);
	return ms > 0 ? (int)ms : 0;
}

int
sbx_hold_wait(const struct spawner *sp, struct sbx_hold *h, const char *name,
    char **cause)
{
	char *line = NULL, *why;
	struct timespec t0;
	int secs, rc;

	if (!h->held || h->ready)
		return 0;
	secs = sp->timeout > 0 ? sp->timeout * SBX_LONG_FACTOR : 3600;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Lines before ours ("Starting sandboxd daemon...") are sbx's. */
	while ((rc = proc_read_line(&h->p, left_ms(&t0, secs), &line)) == 1 &&
	    strcmp(line, "ready") != 0) {
		free(line);
		line = NULL;
	}
	free(line);
	if (rc == 1) {
		h->ready = 1;
		return 0;
	}
	if (rc < 0) {
		*cause = xasprintf("'sbx exec %s' did not start a session "
		    "within %d s (SBX_TIMEOUT)", name, secs);
	} else {
		why = proc_err_line(h->p.err);
		*cause = xasprintf("cannot keep sandbox '%s' running: %s",
		    name, why ? why : "'sbx exec' failed");
		free(why);
	}
	sbx_hold_end(h);
	return -1;
}

void
sbx_hold_end(struct sbx_hold *h)
{
	if (!h->held)
		return;
	proc_clear(&h->p);
	h->held = h->ready = 0;
}
