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
 * Parse `sbx ls --json` output: the {"sandboxes":[...]} object (compact or
 * indented) or the bare array of versions before 0.38, from the first
 * line that starts with '{' or '['.  Returns 0 or -1 with *cause.
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
 * What an sbx error message calls for: a login ("401", "not logged in",
 * "session has expired", "sign-in", ...), starting the daemon ("daemon
 * not running"), restarting it ("backend unavailable", another daemon
 * failure), or either (a call that did not answer within SBX_TIMEOUT).
 * Never `sbx setup`, an experimental wizard that imports secrets.
 */
enum sbx_problem {
	SBX_PROBLEM_OTHER,
	SBX_PROBLEM_LOGIN,	/* sbx login, in a terminal */
	SBX_PROBLEM_DAEMON,	/* sbx daemon start */
	SBX_PROBLEM_BACKEND,	/* sbx daemon restart */
	SBX_PROBLEM_TIMEOUT	/* sbx login or sbx daemon restart */
};
enum sbx_problem sbx_problem_of(const char *msg);
/* The same as one line saying what to run, or NULL. */
const char *sbx_fix_for(const char *msg);

/*
 * Every sbx call but an interactive session is bounded: SBX_TIMEOUT
 * (sp->timeout) seconds, or SBX_LONG_FACTOR times that for the calls that
 * create, start, stop, copy into or remove a sandbox (create, exec, cp,
 * stop, rm, run, policy reset).  0: no bound.
 */
#define SBX_LONG_FACTOR	10
int	sbx_bound(const struct spawner *, const struct strvec *args);
/*
 * proc_run with that bound (none when interactive or p->timeout is set
 * already).  A call past it has its process group killed and fails with
 * *cause "'sbx ls' did not answer within N s (SBX_TIMEOUT) ...".
 */
int	sbx_run_bounded(const struct spawner *, struct proc *, int interactive,
	    char **cause);

/* Where the JSON in sbx's output starts: the first line opening with '{'
 * or '[' (sbx may print daemon start-up lines first); NULL if none. */
const char *sbx_json_start(const char *text, size_t len);

/*
 * `sbx policy init PRESET`: 0 when it initialized the policy now, 1 when
 * it was initialized already (sbx refuses a second init), -1 with *cause.
 */
int	sbx_policy_init(const struct spawner *, const char *preset,
	    char **cause);

/*
 * Network policy rules (sbx_policy.c), as `sbx policy ls NAME --json`
 * lists them: the global ones and those of NAME (another sandbox's, when
 * listed, are marked so).  records counts every rule object seen, of any
 * type, so that an answer with none can be told from one not understood.
 */
enum sbx_scope { SBX_SCOPE_GLOBAL, SBX_SCOPE_THIS, SBX_SCOPE_OTHER };
struct sbx_rule {
	char		*resource;
	int		 deny;
	enum sbx_scope	 scope;
};
struct sbx_rules {
	struct sbx_rule	*v;
	size_t		 n;
	size_t		 records;
};
int	sbx_policy_parse(const char *json, size_t len, const char *name,
	    struct sbx_rules *, char **cause);
/* Run `sbx policy ls NAME --json` (a probe) and parse it. */
int	sbx_policy_rules(const struct spawner *, const char *name,
	    struct sbx_rules *, char **cause);
void	sbx_rules_clear(struct sbx_rules *);
/*
 * `sbx policy check network --sandbox NAME TARGET` (a probe): 1 allowed,
 * 0 denied, -1 with *cause when sbx gave no clear verdict.
 */
int	sbx_policy_check(const struct spawner *, const char *name,
	    const char *target, char **cause);
/*
 * `sbx policy rm network --sandbox NAME --resource R`: 0 removed, 1 when
 * there was no such rule (any more), -1 with *cause.
 */
int	sbx_policy_rm(const struct spawner *, const char *name,
	    const char *resource, char **cause);

/*
 * The resource of a network rule as sbx matches it (sbx_rule.c): "**",
 * "**.host" (any depth), "*.host" (one label), "host", each optionally
 * ":port", an IP address ("[v6]:port" with a port) or a CIDR block.
 */
#define SBX_PAT_HOSTMAX	256
enum sbx_pat_kind {
	SBX_PAT_ALL, SBX_PAT_EXACT, SBX_PAT_ONE, SBX_PAT_ANY,
	SBX_PAT_NET4, SBX_PAT_NET6
};
struct sbx_pat {
	enum sbx_pat_kind kind;
	char		 host[SBX_PAT_HOSTMAX];	/* lower case; the suffix */
	int		 port;			/* 0: every port */
	unsigned char	 addr[16];
	int		 prefix;
};
/* 0, or -1 when sbx would not take res as written. */
int	sbx_pat_parse(const char *res, struct sbx_pat *);
/* Does a match everything b matches? */
int	sbx_pat_covers(const struct sbx_pat *a, const struct sbx_pat *b);
/* Is there a host (and port) both match? */
int	sbx_pat_overlaps(const struct sbx_pat *a, const struct sbx_pat *b);
/* A target b matches, for `sbx policy check` (caller frees). */
char	*sbx_pat_probe(const struct sbx_pat *);

/*
 * The sbx version (sbx_version.c).  The oldest this tool supports: 0.38
 * (object-shaped `ls --json`, per-sandbox policy rules).
 */
#define SBX_MIN_VERSION		"0.38"
#define SBX_MIN_VERSION_INIT	{ 0, 38, 0 }
/* "sbx version: v0.45.1 ..." or "Client Version: v0.33.0": 0 with v. */
int	sbx_parse_version(const char *text, int v[3]);
int	sbx_version_cmp(const int a[3], const int b[3]);
/* Run `sbx version` (a probe): 0 with v and *line, its first line made
 * terminal-safe; -1 with *cause (*line may be set). */
int	sbx_version(const struct spawner *, int v[3], char **line,
	    char **cause);

/*
 * A session held open so that the sandbox does not stop by itself while
 * work that needs it runs (sbx_hold.c).  Starting one starts a stopped
 * sandbox; under dry-run nothing is held.
 */
#define SBX_HOLD_SECS	1800	/* the session ends by itself after this */
struct sbx_hold {
	struct proc	 p;
	int		 held;		/* started */
	int		 ready;		/* it runs: so does the sandbox */
};
/* Start `sbx exec NAME sh -c 'echo ready && exec sleep N'` in the
 * background and return at once: 0, or -1 with *cause. */
int	sbx_hold_start(const struct spawner *, const char *name,
	    struct sbx_hold *, char **cause);
/*
 * Wait until the session runs (within ten times SBX_TIMEOUT): 0, also
 * when nothing is held; -1 with *cause (sbx's message) after ending it.
 */
int	sbx_hold_wait(const struct spawner *, struct sbx_hold *,
	    const char *name, char **cause);
/* End the session (its whole process group); harmless when none. */
void	sbx_hold_end(struct sbx_hold *);

/* Start a stopped sandbox without side effects on the agent: sbx exec NAME true. */
int	sbx_start(const struct spawner *, const char *name, char **cause);

#endif
