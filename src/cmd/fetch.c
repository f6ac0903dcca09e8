/*
 * fetch: bring the sandbox's commits into REPO.  Fetches remote
 * sandbox-NAME with libgit2 and its own refspecs (refs/remotes/sandbox-NAME/
 * and refs/sandboxes/NAME/), starting a stopped sandbox first unless
 * --no-start, then the initialized submodules' commits when
 * FETCH_SUBMODULES=1.  Prints each sandbox branch that moved.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/review.h"

static const struct cmd_opt fetch_opts[] = {
	OPT_DECL_NO_START,
	OPT_END
};

static int
cmd_fetch_exec(struct cmd_ctx *ctx)
{
	struct review r;
	int rc;

	memset(&r, 0, sizeof(r));
	/* What changed is this command's result: stdout. */
	r.report = ctx->ui.out;
	if ((rc = review_fetch(ctx, &r)) == 0 && !ctx->sp.dry_run) {
		if (r.moved == 0)
			ui_info(&ctx->ui, "%s: already up to date", r.remote);
		/* The tips shown above are what merge will take. */
		review_saw_fetched(ctx, &r);
	}
	review_clear(&r);
	return rc;
}

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "",
	.summary = "bring the sandbox's commits into the repo",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG | CMD_NEEDS_BOX,
	.opts = fetch_opts,
	.exec = cmd_fetch_exec,
};
