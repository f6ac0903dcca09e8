/*
 * unlock: `sbx policy reset`, which removes every network rule of every
 * sandbox (sbx has no per-sandbox reset).  The user is warned before sbx
 * asks; sbx talks to the terminal directly for its own confirmation.
 */
#include "helpers/cmd.h"
#include "services/sbx/sbx.h"

static int
cmd_unlock_exec(struct cmd_ctx *ctx)
{
	char *cause = NULL;

	ui_warn(&ctx->ui, "'sbx policy reset' removes every network policy "
	    "rule for every sandbox, not just '%s', and the default policy",
	    ctx->cfg.sandbox_name);
	if (sbx_call(&ctx->sp, SBX_INTERACTIVE, &cause, "policy", "reset",
	    (char *)NULL) < 0)
		return ae_sbx(ctx, cause, "the rules are unchanged; see "
		    "'sbx policy ls'");
	if (ctx->sp.dry_run)
		return 0;
	ui_info(&ctx->ui, "network policy reset; 'code-airlock up' applies "
	    "GLOBAL_NETWORK_POLICY (%s) again when it creates a sandbox, and "
	    "'code-airlock lockdown' restricts this one again",
	    ctx->cfg.policy);
	return 0;
}

const struct cmd_entry cmd_unlock_entry = {
	.name = "unlock",
	.usage = "",
	.summary = "reset every sbx network policy rule (sbx policy reset)",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_unlock_exec,
};
