/*
 * compare: one sandbox's work against BASE, read in this process through
 * the git service and the review helpers (no git process per sandbox).
 */
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "helpers/review_risk.h"

/* The candidates for SBREF when there are several. */
static void
candidates(const struct gitx_branches *brs, struct strvec *out)
{
	size_t i;

	for (i = 0; i < brs->n; i++)
		if (brs->v[i].ahead > 0 && brs->v[i].ahead !=
		    GITX_AHEAD_UNKNOWN)
			strvec_push(out, brs->v[i].name);
}

static void
set_error(struct cmp_row *r, char *cause)
{
	if (r->error == NULL)
		r->error = cause != NULL ? ui_safe(cause, strlen(cause)) :
		    xstrdup("cannot read it");
	free(cause);
}

/* Commits, the last one's time, the shortstat, the flags, the record. */
static void
measure(struct cmd_ctx *ctx, struct git_repository *repo, const char *base,
    const struct risk_rules *rules, struct cmp_row *r, const char *ref)
{
	struct verification v = VERIFICATION_INIT;
	struct risk_opts o = { ctx->cfg.allow, rules };
	struct risk_report rep;
	char *cause = NULL;

	if (gitx_diff_stat(repo, base, ref, &r->stat, &cause) < 0)
		set_error(r, cause);
	cause = NULL;
	memset(&rep, 0, sizeof(rep));
	if (risk_report(repo, base, ref, &o, &rep, &cause) < 0)
		set_error(r, cause);
	else
		r->flagged = risk_flagged(&rep);
	risk_report_clear(&rep);
	cause = NULL;
	if (verification_read(repo, r->commit, &v, &cause) == -1)
		set_error(r, cause);
	r->verification = v.status;
	verification_clear(&v);
}

void
cmp_read_row(struct cmd_ctx *ctx, struct git_repository *repo,
    const char *base, const struct risk_rules *rules, struct cmp_row *r)
{
	struct gitx_branches brs = { NULL, 0 };
	struct gitx_commits log = { NULL, 0 };
	const struct gitx_branch *sb = NULL;
	char *remote = gitx_remote_of(r->m->name), *cause = NULL;
	int rc;

	if (gitx_sandbox_refs(repo, remote, &brs, &cause) < 0) {
		set_error(r, cause);
		goto done;
	}
	rc = gitx_select_sbref(repo, &brs, base, NULL, &sb, &log, &cause);
	if (rc == GITX_ENOTFOUND)
		goto done;
	if (rc < 0) {
		candidates(&brs, &r->several);
		if (r->several.n > 1)
			free(cause);
		else
			set_error(r, cause);
		goto done;
	}
	r->branch = xstrdup(sb->name);
	memcpy(r->commit, sb->oid, sizeof(r->commit));
	r->commits = log.n;
	r->last = log.n > 0 ? log.v[0].time : 0;
	measure(ctx, repo, base, rules, r, sb->ref);
done:
	gitx_commits_clear(&log);
	gitx_branches_clear(&brs);
	free(remote);
}

void
cmp_row_clear(struct cmp_row *r)
{
	free(r->error);
	free(r->branch);
	strvec_clear(&r->several);
	memset(r, 0, sizeof(*r));
}
