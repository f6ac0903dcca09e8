/*
 * What the record `verify` leaves means to the other commands.  merge and
 * pr refuse a commit whose record says it did not pass, or cannot be
 * read (a gate that cannot read its input stays shut); with
 * REQUIRE_VERIFY they also refuse one that has no record.  A record
 * speaks for exactly the commit it is attached to, so a tip the agent
 * moved on from its verified commit has none.  log, review and status
 * show the same verdict.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/jw.h"
#include "helpers/verify.h"

const char *
verify_verdict(struct git_repository *repo, const char *hex,
    struct verification *v, const char **status)
{
	char *cause = NULL;
	int rc;

	rc = verification_read(repo, hex, v, &cause);
	free(cause);
	if (rc == GITX_ENOTFOUND) {
		*status = "none";
		return "none";
	}
	if (rc < 0) {
		*status = "unreadable";
		return "fail";
	}
	*status = verification_status_name(v->status);
	return v->status == VERIFY_PASS ? "pass" : "fail";
}

/* "2026-11-30 13:05 UTC", or "" when unknown. */
static void
when(long long t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t > 0 && gmtime_r(&tt, &tm) != NULL)
		strftime(buf, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

void
verify_print_line(FILE *f, struct git_repository *repo, const char *hex,
    const char *prefix)
{
	struct verification v = VERIFICATION_INIT;
	const char *status, *verdict;
	char at[32];

	verdict = verify_verdict(repo, hex, &v, &status);
	fprintf(f, "%sverified: %s", prefix, verdict);
	if (strcmp(verdict, "none") == 0)
		fprintf(f, " (run 'code-airlock verify')");
	else if (strcmp(status, "unreadable") == 0)
		fprintf(f, " (the record cannot be read)");
	else {
		when(v.time, at);
		fprintf(f, " (%s", status);
		if (v.exit_code >= 0)
			fprintf(f, ", exit %d", v.exit_code);
		fprintf(f, "%s%s)", *at ? ", " : "", at);
	}
	fprintf(f, " on %.12s\n", hex);
	verification_clear(&v);
}

void
verify_json_member(struct jw *jw, struct git_repository *repo,
    const char *hex)
{
	struct verification v = VERIFICATION_INIT;
	const char *status, *verdict;
	char at[32];

	verdict = verify_verdict(repo, hex, &v, &status);
	jw_object_inline_begin_object(jw, "verification");
	jw_object_string(jw, "commit", hex);
	jw_object_string(jw, "verdict", verdict);
	jw_object_string(jw, "status", status);
	if (v.exit_code >= 0)
		jw_object_uint(jw, "exit_code", (unsigned)v.exit_code);
	else
		jw_object_null(jw, "exit_code");
	verification_time_iso(v.time, at);
	jw_object_string(jw, "time", v.time > 0 ? at : NULL);
	jw_end(jw);
	verification_clear(&v);
}

/* The refusal: what it is, how to clear it, how to override it. */
static int
refuse(struct cmd_ctx *ctx, const char *hex, const char *verb,
    const char *what)
{
	if (cmd_opt_isset(ctx, OPT_NO_VERIFY)) {
		ui_warn(&ctx->ui, "%.12s %s; going on because of --no-verify",
		    hex, what);
		return 0;
	}
	ae_error(ctx, "will not %s %.12s: %s", verb, hex, what);
	ui_hint(&ctx->ui, "run 'code-airlock verify' on it, or %s without "
	    "the check with --no-verify", verb);
	return 1;
}

int
verify_gate(struct cmd_ctx *ctx, struct git_repository *repo,
    const char *hex, const char *verb)
{
	struct verification v = VERIFICATION_INIT;
	char *cause = NULL, *safe, *what;
	int rc;

	rc = verification_read(repo, hex, &v, &cause);
	if (rc == GITX_ENOTFOUND) {
		rc = ctx->cfg.require_verify ? refuse(ctx, hex, verb,
		    "has not been verified and REQUIRE_VERIFY is set") : 0;
	} else if (rc < 0) {
		safe = ui_safe(cause, strlen(cause));
		what = xasprintf("its verification cannot be read (%s)", safe);
		rc = refuse(ctx, hex, verb, what);
		free(what);
		free(safe);
	} else if (v.status != VERIFY_PASS) {
		what = v.exit_code >= 0 ? xasprintf("its verification "
		    "failed (%s, exit %d)", verification_status_name(v.status),
		    v.exit_code) : xasprintf("its verification did not pass "
		    "(%s)", verification_status_name(v.status));
		rc = refuse(ctx, hex, verb, what);
		free(what);
	}
	free(cause);
	verification_clear(&v);
	return rc;
}
