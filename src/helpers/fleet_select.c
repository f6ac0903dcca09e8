/*
 * Choosing the sandbox a command acts on when no name is given
 * (cmd_select_box() in cmd_sbx.h), as SBREF selection chooses a branch:
 * the obvious one, or a usage error listing the candidates with the
 * option that picks one.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd.h"
#include "helpers/cmd_sbx.h"
#include "helpers/fleet.h"
#include "services/git/gitx.h"

static int
read_remotes(struct cmd_ctx *ctx, struct strvec *remotes)
{
	struct git_repository *repo = NULL;
	char *cause = NULL;
	int rc = 0;

	if (gitx_open(ctx->cfg.repo_dir, &repo, &cause) < 0 ||
	    gitx_sandbox_remotes(repo, remotes, &cause) < 0) {
		free(cause);
		rc = -1;
	}
	gitx_close(repo);
	return rc;
}

static int
has(const struct strvec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 1;
	return 0;
}

static int
use(struct cmd_ctx *ctx, const char *name)
{
	char *cause = NULL;

	if (cfg_set_sandbox_name(&ctx->cfg, name, &cause) < 0) {
		ae_cause(ctx, cause);
		return 2;
	}
	ui_info(&ctx->ui, "using sandbox '%s', this repository's only one",
	    name);
	return 0;
}

/* Several candidates: name them all, and the option that picks one. */
static int
several(struct cmd_ctx *ctx, const struct fleet *f)
{
	char *list = xstrdup(""), *tmp;
	size_t i;
	int rc;

	for (i = 0; i < f->n; i++) {
		if (!f->v[i].listed)
			continue;
		tmp = list;
		list = xasprintf("%s%s%s", tmp, *tmp ? ", " : "",
		    f->v[i].name);
		free(tmp);
	}
	rc = ae_usage(ctx, "several sandboxes work on this repository and "
	    "none is named '%s': %s; choose one with --name NAME",
	    ctx->cfg.sandbox_name, list);
	free(list);
	return rc;
}

/* Among the members sbx lists: the default's name, else the only one. */
static int
choose(struct cmd_ctx *ctx, const struct fleet *f)
{
	const struct fleet_box *m;
	size_t i;

	if ((m = fleet_find(f, ctx->cfg.sandbox_name)) != NULL && m->listed)
		return 0;
	switch (fleet_listed(f)) {
	case 0:
		return 0;
	case 1:
		for (i = 0; !f->v[i].listed; i++)
			;
		return use(ctx, f->v[i].name);
	default:
		return several(ctx, f);
	}
}

int
cmd_select_box(struct cmd_ctx *ctx)
{
	struct strvec remotes = STRVEC_INIT;
	struct fleet f = FLEET_INIT;
	struct sbx_list *l;
	char *cause = NULL;
	int rc = 0;

	if (ctx->cfg.origin[CFG_SANDBOX_NAME] != NULL || !ctx->cfg.repo_found)
		return 0;
	/* The default's remote is here: it exists, and sbx is not asked. */
	if (read_remotes(ctx, &remotes) < 0 ||
	    has(&remotes, ctx->cfg.sandbox_name))
		goto done;
	l = xcalloc(1, sizeof(*l));
	if (sbx_ls(&ctx->sp, l, &cause) < 0) {
		/* The command asks sbx again and reports what it says. */
		free(cause);
		free(l);
		goto done;
	}
	ctx->boxes = l;
	fleet_decide(ctx->cfg.repo_dir, l, &remotes, &f);
	rc = choose(ctx, &f);
done:
	fleet_clear(&f);
	strvec_clear(&remotes);
	return rc;
}
