/*
 * The sbx calls and the parsing of their output.  Builds argv vectors and
 * runs them through the spawn layer; never prints, never exits.
 */
#ifndef AIRLOCK_SBX_H
#define AIRLOCK_SBX_H

#include <stddef.h>

#include "base/spawn.h"
#include "base/strvec.h"

enum sbx_status {
	SBX_ABSENT = 0,
	SBX_RUNNING,
	SBX_STOPPED,
	SBX_UNKNOWN		/* listed, with a status we do not know */
};

struct sbx_box {
	char		*name;
	char		*agent;
	char		*status_text;	/* as sbx printed it */
	enum sbx_status	 status;
	struct strvec	 workspaces;
};

struct sbx_list {
	struct sbx_box	*boxes;
	size_t		 n;
};

/*
 * Parse `sbx ls --json` output: the {"sandboxes":[...]} object or the bare
 * array of versions before 0.38.  Returns 0 or -1 with *cause.
 */
int	sbx_parse_ls(const char *json, size_t len, struct sbx_list *,
	    char **cause);
/*
 * Parse the table `sbx ls` prints without --json (an sbx that predates it):
 * a header naming the columns (NAME or SANDBOX, AGENT, STATUS, WORKSPACE),
 * then one row per sandbox.  Returns 0 or -1 with *cause.
 */
int	sbx_parse_ls_text(const char *text, size_t len, struct sbx_list *,
	    char **cause);
/* "running", "stopped", "exited", "created" (any case); else SBX_UNKNOWN. */
enum sbx_status sbx_status_from(const char *);
/*
 * Run `sbx ls --json` (a read-only probe, also under dry-run) and parse it;
 * when this sbx does not know --json, read the plain `sbx ls` table instead.
 */
int	sbx_ls(const struct spawner *, struct sbx_list *, char **cause);
void	sbx_list_clear(struct sbx_list *);
const struct sbx_box *sbx_list_find(const struct sbx_list *, const char *name);

/* Status of one sandbox from `sbx ls --json`; -1 with *cause if sbx fails. */
int	sbx_status_of(const struct spawner *, const char *name,
	    enum sbx_status *, char **cause);
const char *sbx_status_name(enum sbx_status);

/*
 * Run an sbx command given as a NULL-terminated list of words after "sbx".
 * flags are PROC_* flags.  On failure to start, -1 with *cause; otherwise 0
 * and p->status holds sbx's exit status (captured stderr in p->err when
 * PROC_CAPTURE_ERR).  The caller owns and clears p.
 */
int	sbx_runv(const struct spawner *, struct proc *p, int flags,
	    char **cause);

/* sbx_call flag: sbx talks to the terminal (prompts), stderr not captured. */
#define SBX_INTERACTIVE	0x100

/*
 * Run `sbx WORD...` (NULL-terminated) with PROC_* flags.  stderr is
 * captured for the message unless SBX_INTERACTIVE; stdout passes through
 * unless PROC_CAPTURE.  0 when sbx exited 0 (or the call was only echoed
 * under dry-run); -1 with *cause "'sbx stop' failed: MESSAGE", MESSAGE
 * being sbx's own error line.
 */
int	sbx_call(const struct spawner *, int flags, char **cause,
	    const char *word, ...) __attribute__((sentinel));

/* Negative, as every error code here: < 0 always means failure. */
#define SBX_ENOTFOUND	(-2)	/* no such sandbox */

/*
 * The sandbox must exist (read from `sbx ls`, no side effects).  0 with *st
 * set, SBX_ENOTFOUND when it is absent (*cause says how to create it), -1
 * when sbx cannot tell (*cause holds sbx's message).
 */
int	sbx_require(const struct spawner *, const char *name,
	    enum sbx_status *st, char **cause);

/*
 * What to do about an sbx error message: "run 'sbx login'" for "401",
 * "login" or "unauthorized", "run 'sbx setup'..." for "daemon", else NULL.
 */
const char *sbx_fix_for(const char *msg);

/* The same classification as a value. */
enum sbx_problem { SBX_PROBLEM_OTHER, SBX_PROBLEM_LOGIN, SBX_PROBLEM_DAEMON };
enum sbx_problem sbx_problem_of(const char *msg);

/* Start a stopped sandbox without side effects on the agent: sbx exec NAME true. */
int	sbx_start(const struct spawner *, const char *name, char **cause);

#endif
