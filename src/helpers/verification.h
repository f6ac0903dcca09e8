/*
 * The record `verify` leaves on the commit it checked: a git note under
 * refs/notes/code-airlock holding one JSON object.  merge and pr read it
 * as the gate; log, review, status, ls and compare show it.  A record
 * speaks for exactly one commit: a newer tip has none until it is
 * verified itself.
 */
#ifndef AIRLOCK_VERIFICATION_H
#define AIRLOCK_VERIFICATION_H

#include "base/strvec.h"
#include "services/git/gitx.h"

#define VERIFY_NOTES_REF	"refs/notes/code-airlock"
/* Lines of output kept in the record. */
#define VERIFY_TAIL_LINES	50
/* Bytes of one kept line (longer lines are cut). */
#define VERIFY_LINE_MAX		1024
/*
 * The largest note read back: room for the worst tail (50 lines of 1024
 * control characters, six bytes each in JSON) and a long command.
 */
#define VERIFY_NOTE_MAX		(1024 * 1024)

enum verify_status {
	VERIFY_NONE = 0,	/* no record for this commit */
	VERIFY_PASS,
	VERIFY_FAIL,		/* the command exited non-zero */
	VERIFY_TIMEOUT,		/* killed at VERIFY_TIMEOUT */
	VERIFY_ERROR		/* could not run it (or interrupted) */
};

struct verification {
	enum verify_status	 status;
	char			 commit[GITX_HEXSZ + 1];
	char			*command;
	int			 exit_code;	/* -1: none (timeout, error) */
	long long		 duration_ms;
	char			*sandbox;
	char			*agent;
	char			*sbx_version;
	long long		 time;		/* when it ended, epoch seconds */
	struct strvec		 tail;		/* last lines of output */
};

#define VERIFICATION_INIT { .status = VERIFY_NONE, .exit_code = -1, \
	.tail = STRVEC_INIT }

/* "none", "pass", "fail", "timeout", "error"; and back (-1: unknown). */
const char	*verification_status_name(enum verify_status);
int		 verification_status_from(const char *);

/* The note text for v (a new string). */
char	*verification_to_json(const struct verification *v);
/*
 * Read a note's text into v (cleared first).  0, or -1 with *cause when it
 * is not a record this version understands.
 */
int	 verification_parse(const char *text, struct verification *v,
	    char **cause);

/*
 * The record of commit hex: 0 with *v, GITX_ENOTFOUND when it has none
 * (v->status VERIFY_NONE), -1 with *cause (unreadable: callers that gate
 * treat it as a failure).
 */
int	 verification_read(struct git_repository *, const char *hex,
	    struct verification *v, char **cause);
/* Store v as the note of v->commit: 0, or -1 with *cause. */
int	 verification_write(struct git_repository *,
	    const struct verification *v, char **cause);

/* Keep the last VERIFY_TAIL_LINES lines, each cut to VERIFY_LINE_MAX. */
void	 verification_add_line(struct verification *v, const char *line,
	    size_t len);

/* "2026-11-30T13:05:00Z", or "" when t cannot be shown. */
void	 verification_time_iso(long long t, char buf[32]);

void	 verification_clear(struct verification *v);

#endif
