/*
 * Reporting an sbx failure the same way from every command: sbx's own
 * message first, then the one step most likely to fix it.
 */
#include <stdlib.h>

#include "helpers/cmd.h"
#include "services/sbx/sbx.h"

int
ae_sbx(struct cmd_ctx *ctx, char *cause, const char *next)
{
	const char *fix = sbx_fix_for(cause);

	ae_error(ctx, "%s", cause ? cause : "sbx failed");
	if (fix != NULL)
		ui_hint(&ctx->ui, "%s, then try again", fix);
	else if (next != NULL)
		ui_hint(&ctx->ui, "%s", next);
	free(cause);
	return 1;
}
