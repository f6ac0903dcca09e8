/*
 * log [BASE]: fetch, then list the sandbox branch's commits that BASE does
 * not hold, newest first (short id, author, date, subject), or as JSON with
 * --json; then what `verify` recorded on the tip.  Everything the agent
 * wrote is printed terminal-safe.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/jw.h"
#include "helpers/cmd.h"
#include "helpers/review.h"
#include "helpers/verify.h"

static const struct cmd_opt log_opts[] = {
	OPT_DECL_BRANCH,
	OPT_DECL_NO_START,
	OPT_END
};

/*
 * "2024-05-01 12:34 +0200" (iso 0) or "2024-05-01T12:34:56+02:00".  The
 * date is the agent's: one outside years 1970-9999 or a zone beyond
 * 99:59 is shown as git shows a date it cannot hold, the epoch in UTC,
 * and nothing is added that could overflow or reach strftime unset.
 */
static void
format_date(char out[48], const struct gitx_commit *c, int iso)
{
	long long secs = c->time;
	int offset = c->offset, off;
	char buf[32] = "1970-01-01T00:00:00";
	struct tm tm;
	time_t t;

	if (secs < 0 || secs > 253402300799LL || offset < -5999 ||
	    offset > 5999 || (secs += (long long)offset * 60) < 0 ||
	    secs > 253402300799LL) {
		secs = 0;
		offset = 0;
	}
	t = (time_t)secs;
	if (gmtime_r(&t, &tm) == NULL || strftime(buf, sizeof(buf), iso ?
	    "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M", &tm) == 0) {
		strcpy(buf, iso ? "1970-01-01T00:00:00" : "1970-01-01 00:00");
		offset = 0;
	}
	off = offset < 0 ? -offset : offset;
	snprintf(out, 48, iso ? "%s%c%02d:%02d" : "%s %c%02d%02d", buf,
	    offset < 0 ? '-' : '+', off / 60, off % 60);
}

static void
print_text(struct cmd_ctx *ctx, const struct gitx_commits *cs)
{
	FILE *f = ctx->ui.out;
	char date[48];
	size_t i;

	for (i = 0; i < cs->n; i++) {
		fprintf(f, "%s%s%s  ", ui_yellow(&ctx->ui, f),
		    cs->v[i].short_id, ui_reset(&ctx->ui, f));
		ui_safe_fputs(f, cs->v[i].author);
		fputs("  ", f);
		format_date(date, &cs->v[i], 0);
		fprintf(f, "%s  ", date);
		ui_safe_fputs(f, cs->v[i].subject);
		fputc('\n', f);
	}
}

static void
print_json(struct cmd_ctx *ctx, const struct review *r,
    const struct gitx_commits *cs)
{
	char date[48];
	struct jw jw;
	size_t i;

	jw_init(&jw, ctx->ui.out);
	review_json_head(&jw, r);
	jw_object_inline_begin_array(&jw, "commits");
	for (i = 0; i < cs->n; i++) {
		jw_array_inline_begin_object(&jw);
		jw_object_string(&jw, "id", cs->v[i].id);
		jw_object_string(&jw, "short_id", cs->v[i].short_id);
		jw_object_string(&jw, "author", cs->v[i].author);
		jw_object_string(&jw, "email", cs->v[i].email);
		format_date(date, &cs->v[i], 1);
		jw_object_string(&jw, "date", date);
		jw_object_string(&jw, "subject", cs->v[i].subject);
		jw_end(&jw);
	}
	jw_end(&jw);
	/* What verify recorded on the tip, the commit merge would take. */
	if (r->sb != NULL)
		verify_json_member(&jw, r->repo, r->sb->oid);
	else
		jw_object_null(&jw, "verification");
	jw_end(&jw);
}

static int
cmd_log_exec(struct cmd_ctx *ctx)
{
	struct gitx_commits cs;
	struct review r;
	char *cause = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&cs, 0, sizeof(cs));
	/* The choice of the branch walks it: take its commits from there. */
	r.log = &cs;
	rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL, &r);
	if (rc != 0)
		goto done;
	if (!review_have_commits(ctx, &r))
		goto done;
	if (r.sb != NULL && !r.listed &&
	    gitx_log(r.repo, r.base, r.sb->ref, &cs, &cause) < 0) {
		rc = ae_cause(ctx, cause);
		goto done;
	}
	if (ctx->json)
		print_json(ctx, &r, &cs);
	else
		print_text(ctx, &cs);
	/* On stderr: stdout keeps one line per commit for scripts. */
	if (!ctx->json && r.sb != NULL && !ctx->ui.quiet)
		verify_print_line(ctx->ui.err, r.repo, r.sb->oid, "");
	review_saw_sbref(ctx, &r);	/* what merge will take */
done:
	gitx_commits_clear(&cs);
	review_clear(&r);
	return rc;
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.usage = "[BASE]",
	.summary = "list the sandbox branch's commits not in BASE",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON | CMD_NEEDS_BOX,
	.opts = log_opts,
	.exec = cmd_log_exec,
};
