/*
 * The verify gate: running VERIFY inside the sandbox on SBREF's tip
 * (verify_run.c), and what merge, pr, log, review and status make of the
 * record it leaves (verify_gate.c).  The record itself is
 * helpers/verification.h.
 */
#ifndef AIRLOCK_VERIFY_H
#define AIRLOCK_VERIFY_H

#include "helpers/cmd.h"
#include "helpers/review.h"
#include "helpers/verification.h"

/*
 * Run ctx->cfg.verify on r->sb's tip inside the sandbox, streaming its
 * output (terminal-safe) to out, with a start line and an end line on
 * stderr, and fill v.  0 when it ran to an end (v->status is pass, fail,
 * timeout or error); 1 after reporting that it could not be set up
 * (v->status error); 130-ish: the caller sees intr_pending() when it was
 * interrupted (v->status none: nothing is recorded then).  Under dry-run
 * it only prints the plan.
 */
int	verify_run(struct cmd_ctx *, const struct review *, FILE *out,
	    struct verification *v);

/*
 * The gate of merge and pr for commit hex: 0 when it may go on; else the
 * exit code after reporting why not (a failed, timed-out, errored or
 * unreadable verification; with REQUIRE_VERIFY, none).  --no-verify
 * turns a refusal into a warning.
 */
int	verify_gate(struct cmd_ctx *, struct git_repository *,
	    const char *hex, const char *verb);

/*
 * How a tip stands, for log, review and status: "none", "pass" or
 * "fail" (a failure, a timeout, an error or an unreadable record all
 * count as not passed), with the record's own status in *status
 * ("unreadable" when it cannot be read) and v filled when there is one.
 */
const char *verify_verdict(struct git_repository *, const char *hex,
	    struct verification *v, const char **status);

/* A "verification" member for commit hex (docs/json.md). */
struct jw;
void	verify_json_member(struct jw *, struct git_repository *,
	    const char *hex);
/* "verified: pass (exit 0, 2026-11-30 13:05 UTC) on abc123def456" */
void	verify_print_line(FILE *, struct git_repository *, const char *hex,
	    const char *prefix);

#endif
