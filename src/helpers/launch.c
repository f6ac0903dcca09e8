/*
 * The path `up` and `run` share: preflight, then resume the sandbox when
 * sbx already knows it, else set the network policy once and create it in
 * clone mode (through `sbx create`, the seed copies and `sbx run --name`
 * when seeding is on).  The final `sbx run` owns the terminal and its exit
 * status is ours.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "base/interrupt.h"
#include "helpers/launch.h"
#include "helpers/preflight.h"
#include "helpers/review.h"
#include "services/sbx/sbx.h"
#include "services/seed/seed.h"

/* `git -C REPO WORD...`, talking to the terminal; 0 or the exit code. */
static int
git(struct cmd_ctx *ctx, const char *what, const char *const *words)
{
	struct proc p = PROC_INIT;
	char *cause = NULL;
	int rc = 0;

	strvec_pushl(&p.args, "git", "-C", ctx->cfg.repo_dir, NULL);
	strvec_pushv(&p.args, (char *const *)words);
	if (proc_run(&ctx->sp, &p, &cause) < 0)
		rc = ae_cause(ctx, cause);
	else if (p.status != 0)
		rc = ae_error(ctx, "'git %s' failed in '%s'; fix what git "
		    "reported and try again", what, ctx->cfg.repo_dir);
	proc_clear(&p);
	return rc;
}

/* REPO is no repository, or has no commit: offer to fix that. */
static int
offer_init(struct cmd_ctx *ctx, enum preflight_repo why, char *cause)
{
	static const char *const init[] = { "init", "-q", NULL };
	static const char *const commit[] = { "commit", "-q",
	    "--allow-empty", "-m", "Initial commit", NULL };
	int rc = 0, yes;

	if (!ctx->ui.in_tty)
		return ae_cause(ctx, cause);
	free(cause);
	if (ctx->sp.dry_run)
		ui_info(&ctx->ui, "dry run: would offer to create the git "
		    "repository and an empty first commit:");
	else if ((yes = ui_confirm(&ctx->ui, "'%s' %s; create %s with an "
	    "empty first commit now?", ctx->cfg.repo_dir,
	    why == PREFLIGHT_REPO_NONE ? "is not a git repository" :
	    "has no commits yet", why == PREFLIGHT_REPO_NONE ?
	    "one" : "it")) != 1)
		return ae_error(ctx, "clone mode needs a git repository with "
		    "a commit; nothing was changed");
	if (why == PREFLIGHT_REPO_NONE)
		rc = git(ctx, "init", init);
	if (rc == 0)
		rc = git(ctx, "commit", commit);
	if (rc == 0)
		ctx->cfg.repo_found = 1;
	return rc;
}

static int
check_repo(struct cmd_ctx *ctx)
{
	enum preflight_repo r;
	char *cause = NULL;
	int rc;

	r = preflight_repo(ctx->cfg.repo_dir, ctx->cfg.repo_found, &cause);
	if (r == PREFLIGHT_REPO_OK)
		return 0;
	if (r == PREFLIGHT_REPO_NONE || r == PREFLIGHT_REPO_EMPTY) {
		if ((rc = offer_init(ctx, r, cause)) != 0 || ctx->sp.dry_run)
			return rc;
		/* What git made must now pass every check. */
		r = preflight_repo(ctx->cfg.repo_dir, 1, &cause);
		if (r == PREFLIGHT_REPO_OK)
			return 0;
	}
	return ae_cause(ctx, cause);
}

/*
 * Hard errors (a missing tool, an unfit repository) come first; the
 * warnings about this machine only once the repository passed, so the
 * first line a user reads names what stops them.
 */
int
cmd_launch_preflight(struct cmd_ctx *ctx, int *have_sbx)
{
	char *cause = NULL, *nosbx = NULL;
	struct probe virt = PROBE_INIT;
	int rc;

	*have_sbx = 1;
	if (preflight_tool("git", NULL, &cause) < 0 ||
	    (preflight_tool("sbx", NULL, &nosbx) < 0 && !ctx->sp.dry_run)) {
		rc = ae_error(ctx, "%s", cause ? cause : nosbx);
		free(cause);
		free(nosbx);
		return rc;
	}
	if ((rc = check_repo(ctx)) != 0 || (rc = cmd_launch_where(ctx)) != 0) {
		free(nosbx);
		return rc;
	}
	if (nosbx != NULL) {
		ui_warn(&ctx->ui, "%s; showing the plan anyway", nosbx);
		free(nosbx);
		*have_sbx = 0;
	}
	probe_virt(&virt);
	if (virt.level != PROBE_OK)
		ae_warn_cause(ctx, probe_message(&virt));
	probe_clear(&virt);
	return 0;
}

/*
 * `sbx run`: create with --clone, or resume by name.  sbx's status; or,
 * with defer, its argv left there for the caller to start and 0.
 */
static int
run_agent(struct cmd_ctx *ctx, int clone, char *const *args, size_t n,
    struct proc *defer)
{
	struct proc p = PROC_INIT;

	strvec_pushl(&p.args, "sbx", "run", NULL);
	if (clone)
		strvec_push(&p.args, "--clone");
	strvec_pushl(&p.args, "--name", ctx->cfg.sandbox_name, NULL);
	if (clone)
		strvec_pushl(&p.args, ctx->cfg.agent, ctx->cfg.repo_dir, NULL);
	/* Never before "--": sbx would take the agent's -p as --publish. */
	if (n > 0) {
		strvec_push(&p.args, "--");
		strvec_pushn(&p.args, args, n);
	}
	if (defer == NULL)
		return ae_run(ctx, &p);
	strvec_pushv(&defer->args, p.args.v);
	proc_clear(&p);
	return 0;
}

/*
 * The global policy is initialized once; sbx says "already" every later
 * time, which is fine.  It runs before a resume too: a `sbx policy reset`
 * leaves the policy uninitialized, and sbx then refuses to start any
 * sandbox.
 */
static int
policy_init(struct cmd_ctx *ctx)
{
	char *cause = NULL;

	if (sbx_policy_init(&ctx->sp, ctx->cfg.policy, &cause) >= 0)
		return 0;
	return ae_sbx(ctx, cause, "check the network policy with 'sbx policy "
	    "ls'");
}

/*
 * The copies need the sandbox running, and an idle sandbox stops by
 * itself: a session is held open across them, and ended on every path.
 */
static int
seed_held(struct cmd_ctx *ctx, const struct seed_list *l,
    struct strvec *notes, char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	struct sbx_hold h;
	char *why = NULL;
	int n;

	if (l->n > 0 && (sbx_hold_start(&ctx->sp, name, &h, &why) < 0 ||
	    sbx_hold_wait(&ctx->sp, &h, name, &why) < 0)) {
		ui_warn(&ctx->ui, "%s; the copies may fail if the sandbox stops",
		    why);
		free(why);
	}
	n = seed_copy(&ctx->sp, name, l, notes, cause);
	if (l->n > 0)
		sbx_hold_end(&h);
	return n;
}

static void
seed(struct cmd_ctx *ctx)
{
	struct seed_list l;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL;
	size_t i;
	int n = -1;

	if (seed_plan(ctx->cfg.agent, ctx->cfg.seed_config,
	    ctx->cfg.seed_paths, ctx_getenv(ctx, "HOME"), &l, &notes,
	    &cause) == 0) {
		n = seed_held(ctx, &l, &notes, &cause);
		if (n >= 0)
			ui_info(&ctx->ui, "seeded %d of %zu item%s into the "
			    "sandbox", n, l.n, l.n == 1 ? "" : "s");
		seed_list_clear(&l);
	}
	for (i = 0; i < notes.n; i++)
		ui_warn(&ctx->ui, "%s", notes.v[i]);
	if (n < 0)
		ui_warn(&ctx->ui, "%s; starting without seeding", cause);
	strvec_clear(&notes);
	free(cause);
}

static int
wants_seed(const struct cmd_ctx *ctx)
{
	const char *s = ctx->cfg.seed_paths;

	return ctx->cfg.seed_config ||
	    (s != NULL && strspn(s, " \t,") != strlen(s));
}

static int
create(struct cmd_ctx *ctx, char *const *args, size_t n, struct proc *defer)
{
	const struct config *c = &ctx->cfg;
	char *cause = NULL, *agents;
	int rc;

	agents = xasprintf("%s/AGENTS.md", c->repo_dir);
	if (access(agents, F_OK) < 0)
		ui_hint(&ctx->ui, "'%s' has no AGENTS.md; 'code-airlock init' "
		    "writes starter instructions for the agent", c->repo_dir);
	free(agents);
	if ((rc = policy_init(ctx)) != 0)
		return rc;
	if ((rc = review_keep_earlier(ctx)) != 0)
		return rc;
	ui_info(&ctx->ui, "the agent commits inside the sandbox; review its "
	    "work from this repo with 'code-airlock fetch', 'diff', 'review' "
	    "and 'merge'");
	if (!wants_seed(ctx))
		return run_agent(ctx, 1, args, n, defer);
	if (sbx_call(&ctx->sp, 0, &cause, "create", "--clone", "--name",
	    c->sandbox_name, c->agent, c->repo_dir, NULL) < 0)
		return ae_sbx(ctx, cause, NULL);
	seed(ctx);
	if (intr_pending())
		return ae_error(ctx, "interrupted; sandbox '%s' was created "
		    "but its agent was not started ('code-airlock up' starts "
		    "it)", c->sandbox_name);
	return run_agent(ctx, 0, args, n, defer);
}

/* An existing sandbox runs what it was created with: say so if it differs. */
static void
resume_notes(struct cmd_ctx *ctx, const struct sbx_box *b)
{
	const struct config *c = &ctx->cfg;

	if (*b->agent != '\0' && strcmp(b->agent, c->agent) != 0)
		ui_warn(&ctx->ui, "sandbox '%s' runs agent '%s', not '%s'; "
		    "'code-airlock rm' and 'up' again to switch agents",
		    c->sandbox_name, b->agent, c->agent);
	ui_info(&ctx->ui, "resuming sandbox '%s' (%s)", c->sandbox_name,
	    sbx_status_name(b->status));
}

int
cmd_launch_box(struct cmd_ctx *ctx, int have_sbx, char *const *args,
    size_t n, struct proc *defer)
{
	struct sbx_list l;
	const struct sbx_box *b;
	char *cause = NULL;
	int rc;

	memset(&l, 0, sizeof(l));
	/* A read-only probe, so it runs under dry-run too (if it can). */
	if (have_sbx && sbx_ls(&ctx->sp, &l, &cause) < 0)
		return ae_sbx(ctx, cause, "check the setup with "
		    "'code-airlock doctor'");
	if ((b = sbx_list_find(&l, ctx->cfg.sandbox_name)) != NULL) {
		/* Never another repository's sandbox of the same name. */
		if ((rc = cmd_box_ours(ctx, b)) == 0) {
			resume_notes(ctx, b);
			if ((rc = policy_init(ctx)) == 0)
				rc = run_agent(ctx, 0, args, n, defer);
		}
	} else
		rc = create(ctx, args, n, defer);
	sbx_list_clear(&l);
	return rc;
}

int
cmd_launch(struct cmd_ctx *ctx, char *const *args, size_t n)
{
	int have_sbx, rc;

	if ((rc = cmd_launch_preflight(ctx, &have_sbx)) != 0)
		return rc;
	return cmd_launch_box(ctx, have_sbx, args, n, NULL);
}
