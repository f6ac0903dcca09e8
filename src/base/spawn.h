/*
 * The one place that runs external programs.  argv vectors only.  Under
 * dry-run, state-changing commands are printed as "+ " plus the shell-quoted
 * argv on the output stream instead of being run; read-only probes
 * (PROC_PROBE) still run.  Never prints anything else and never exits.
 */
#ifndef AIRLOCK_SPAWN_H
#define AIRLOCK_SPAWN_H

#include <sys/types.h>

#include <stdio.h>
#include <stddef.h>

#include "base/strvec.h"

struct spawner {
	int	 dry_run;
	int	 verbose;	/* echo "+ argv" on err before running */
	FILE	*plan;		/* where dry-run lines go (stdout) */
	FILE	*trace;		/* where -v lines go (stderr) */
	int	 timeout;	/* seconds callers bound calls by (SBX_TIMEOUT) */
};

#define PROC_PROBE	0x01	/* read-only: runs under dry-run, not echoed */
#define PROC_CAPTURE	0x02	/* capture stdout into out */
#define PROC_CAPTURE_ERR 0x04	/* capture stderr into err */
#define PROC_NULL_IN	0x08	/* stdin from /dev/null */
#define PROC_QUIET_ERR	0x10	/* stderr to /dev/null (unless captured) */
#define PROC_CLEANUP	0x20	/* runs even after an interruption */

struct proc {
	struct strvec	 args;
	const char	*dir;		/* chdir before exec, or NULL */
	struct strvec	 env;		/* extra NAME=VALUE entries */
	int		 flags;
	char		*out;		/* captured stdout (NUL-terminated) */
	size_t		 out_len;
	char		*err;		/* captured stderr (NUL-terminated) */
	size_t		 err_len;
	int		 status;	/* exit code, or 128+signal */
	int		 dry;		/* set when only echoed */
	/*
	 * Seconds it may run (0: no bound).  A bounded command runs in a
	 * process group of its own with stdin from /dev/null; past the
	 * bound the whole group is killed, timed_out is set and proc_run
	 * fails.
	 */
	int		 timeout;
	int		 timed_out;
	/* proc_start(): the running child and its output pipes. */
	pid_t		 pid;
	int		 bg_out;
	int		 bg_err;
	int		 started;
};

#define PROC_INIT { .args = STRVEC_INIT, .dir = NULL, .env = STRVEC_INIT, \
	.flags = 0, .out = NULL, .out_len = 0, .err = NULL, .err_len = 0, \
	.status = 0, .dry = 0, .timeout = 0, .timed_out = 0, .started = 0 }

void	proc_init(struct proc *);
void	proc_clear(struct proc *);

/*
 * Run (or echo) the command and wait.  Returns 0 when it could be started (or
 * was echoed) with status filled in; -1 with *cause set when it could not be
 * started at all (not found, fork failed).  A non-zero exit is not an error
 * here: callers read status.
 */
int	proc_run(const struct spawner *, struct proc *, char **cause);

/*
 * Run p and turn any failure into one cause, git's capture_command():
 * proc_run()'s own when it cannot start (-1); "WHAT: LINE" when it exits
 * non-zero (PROC_EEXIT), WHAT from fmt and LINE from proc_err_line() of
 * its stderr (captured with PROC_CAPTURE_ERR), or "WHAT: exit status N"
 * when there is no such line.  0 when it exited 0 or was only echoed.
 * p->status and p->err stay for callers that accept some failures.
 */
#define PROC_EEXIT	(-2)
int	proc_capture(const struct spawner *, struct proc *, char **cause,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * The second half of proc_capture() for a command already run (by a
 * caller that bounds or retries it): 0 when it exited 0, else PROC_EEXIT
 * with the same "WHAT: LINE" cause.
 */
int	proc_status_cause(const struct proc *, char **cause, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/*
 * The line of a child's stderr that says why it failed: the text after
 * the last "ERROR:" (sbx's form), else the last non-empty line;
 * terminal-safe, or NULL when there is none.
 */
char	*proc_err_line(const char *err);

/*
 * Start the command in the background and return at once: a process group
 * of its own (so that proc_stop() reaches everything it starts, and a ^C
 * at the terminal does not), stdin from /dev/null, stdout into a pipe read
 * with proc_read_line(), stderr captured (PROC_CAPTURE_ERR) or discarded;
 * no other descriptor of ours stays open in it.  Under dry-run it is only
 * echoed (unless PROC_PROBE).  0, or -1 with *cause.
 */
int	proc_start(const struct spawner *, struct proc *, char **cause);

/*
 * Wait up to ms milliseconds for one line on a started command's stdout:
 * 1 with *line (without its newline; lines are cut at 4 KiB), 0 when the
 * command ended first (p->status and p->err filled in), -1 when the time
 * ran out or after an interruption.
 */
int	proc_read_line(struct proc *, int ms, char **line);

/*
 * End a started command: SIGTERM to its process group, SIGKILL to what is
 * left after a short grace, then reap it and close its pipes.  Harmless
 * when nothing was started or it already ended.
 */
void	proc_stop(struct proc *);

/*
 * For steps done in-process (libgit2): under dry-run print the equivalent
 * command line and return 1 so the caller skips the step; else return 0
 * (after the -v trace line).
 */
int	proc_echo_only(const struct spawner *, const char *const *argv);

/* Search PATH for an executable; returns a new string or NULL. */
char	*proc_which(const char *name);

/* Shell-quote one word the way the dry-run echo does. */
char	*proc_quote(const char *);
/* "+ word word ..." with a trailing newline. */
void	 proc_fprint_argv(FILE *, const char *const *argv);

#endif
