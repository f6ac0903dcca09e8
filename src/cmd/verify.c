/*
 * verify [BASE]: fetch, pick SBREF as the review commands do, and run
 * VERIFY with `sh -c` inside the sandbox on exactly SBREF's tip, in a
 * throwaway worktree of the sandbox's clone (the agent's own working
 * tree, index and branches are not touched).  Its output streams live,
 * terminal-safe, between a start line and an end line; the result is
 * kept as a note on that commit (helpers/verification.h), which merge and
 * pr read as their gate.  Exit 0 when it passed, 1 when it did not (or
 * could not run), 2 without VERIFY; a ^C stops the check, removes the
 * worktree and records nothing (128 + the signal).
 */
#include <stdlib.h>
#include <string.h>

#include "base/interrupt.h"
#include "base/jw.h"
#include "helpers/cmd.h"
#include "helpers/review.h"
#include "helpers/verify.h"

static const struct cmd_opt verify_opts[] = {
	OPT_DECL_BRANCH,
	OPT_DECL_NO_START,
	OPT_END
};

static void
print_json(struct cmd_ctx *ctx, const struct review *r,
    const struct verification *v)
{
	struct jw jw;
	char at[32];
	size_t i;

	jw_init(&jw, ctx->ui.out);
	review_json_head(&jw, r);
	jw_object_string(&jw, "commit", r->sb != NULL ? v->commit : NULL);
	jw_object_string(&jw, "status", verification_status_name(v->status));
	jw_object_string(&jw, "command", v->command);
	if (v->exit_code >= 0)
		jw_object_uint(&jw, "exit_code", (unsigned)v->exit_code);
	else
		jw_object_null(&jw, "exit_code");
	jw_object_uint(&jw, "duration_ms", (uintmax_t)v->duration_ms);
	jw_object_string(&jw, "sandbox", v->sandbox);
	jw_object_string(&jw, "agent", v->agent);
	jw_object_string(&jw, "sbx_version", v->sbx_version);
	verification_time_iso(v->time, at);
	jw_object_string(&jw, "time", v->time > 0 ? at : NULL);
	jw_object_inline_begin_array(&jw, "output_tail");
	for (i = 0; i < v->tail.n; i++)
		jw_array_string(&jw, v->tail.v[i]);
	jw_end(&jw);
	jw_end(&jw);
}

/* The end line: how it ended, the exit code, how long it took. */
static void
end_line(struct cmd_ctx *ctx, const struct verification *v)
{
	char code[32] = "";

	if (v->exit_code >= 0)
		snprintf(code, sizeof(code), ", exit %d", v->exit_code);
	if (v->status == VERIFY_TIMEOUT)
		snprintf(code, sizeof(code), ", killed after %d s",
		    ctx->cfg.verify_timeout);
	ui_info(&ctx->ui, "verify: %s%s in %lld.%01lld s on %.12s",
	    verification_status_name(v->status), code, v->duration_ms / 1000,
	    v->duration_ms % 1000 / 100, v->commit);
}

/* Keep the result on the commit, and show it. */
static int
record(struct cmd_ctx *ctx, const struct review *r, struct verification *v)
{
	const char *plan[] = { "git", "-C", ctx->cfg.repo_dir, "notes",
	    "--ref=" VERIFY_NOTES_REF, "add", "-f", "-F", "-", r->sb->oid,
	    NULL };
	char *cause = NULL;
	int rc = v->status == VERIFY_PASS ? 0 : 1;

	if (proc_echo_only(&ctx->sp, plan))
		return 0;
	end_line(ctx, v);
	if (verification_write(r->repo, v, &cause) < 0)
		return ae_causef(ctx, cause, "the result of the check of %.12s "
		    "was not recorded", r->sb->oid);
	review_saw_sbref(ctx, r);	/* what merge will take */
	if (ctx->json)
		print_json(ctx, r, v);
	return rc;
}

static int
cmd_verify_exec(struct cmd_ctx *ctx)
{
	struct verification v = VERIFICATION_INIT;
	struct review r;
	int rc;

	/* Before anything is fetched: without a command there is no check. */
	if (ctx->cfg.verify[0] == '\0')
		return ae_usage(ctx, "VERIFY is not set; set it to your check "
		    "command in your own sandbox.conf, CODE_AIRLOCK_CONFIG or "
		    "the environment (VERIFY='make test')");
	memset(&r, 0, sizeof(r));
	rc = review_open(ctx, ctx->args.n > 0 ? ctx->args.v[0] : NULL, &r);
	if (rc != 0)
		goto done;
	if (r.sb == NULL) {
		ui_info(&ctx->ui, "nothing to verify: no sandbox branch has "
		    "commits that '%s' lacks", r.base);
		if (ctx->json)
			print_json(ctx, &r, &v);
		goto done;
	}
	if ((rc = verify_run(ctx, &r, ctx->json ? ctx->ui.err : ctx->ui.out,
	    &v)) != 0)
		goto done;
	if (intr_pending()) {
		ui_info(&ctx->ui, "verify: interrupted; the check was stopped "
		    "and its worktree removed; nothing was recorded");
		rc = 1;
	} else
		rc = record(ctx, &r, &v);
done:
	verification_clear(&v);
	review_clear(&r);
	return rc;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "[BASE]",
	.summary = "run VERIFY in the sandbox on the sandbox branch's tip "
	    "and record the result",
	.args_min = 0,
	.args_max = 1,
	.flags = CMD_NEEDS_CONFIG | CMD_JSON,
	.opts = verify_opts,
	.exec = cmd_verify_exec,
};
