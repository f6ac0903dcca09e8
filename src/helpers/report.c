/*
 * Reporting, once, from a command: ae_error() and ae_usage() for the
 * command's own words, ae_cause() and friends for a lower layer's cause,
 * which they always free (tmux's cmdq_error(item, "%s", cause);
 * free(cause)), and ae_sbx() for a failed sbx call with its fix.  Every
 * message passes through ui_vmsg(), which makes it terminal-safe.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "helpers/cmd.h"
#include "services/sbx/sbx.h"

/* "FMT: CAUSE", "CAUSE" without fmt; a NULL cause reads "operation failed". */
static char * __attribute__((format(printf, 2, 0)))
cause_msg(const char *cause, const char *fmt, va_list ap)
{
	char *what, *msg;

	if (cause == NULL)
		cause = "operation failed";
	if (fmt == NULL)
		return xstrdup(cause);
	if (vasprintf(&what, fmt, ap) < 0)
		return xstrdup(cause);
	msg = xasprintf("%s: %s", what, cause);
	free(what);
	return msg;
}

int
ae_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	ui_errorf(&ctx->ui, "%s", msg ? msg : fmt);
	free(msg);
	return 1;
}

int
ae_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	ui_errorf(&ctx->ui, "%s", msg ? msg : fmt);
	free(msg);
	if (ctx->entry != NULL)
		cmd_print_usage(ctx->ui.err, ctx->entry);
	return 2;
}

int
ae_cause(struct cmd_ctx *ctx, char *cause)
{
	ui_errorf(&ctx->ui, "%s", cause != NULL ? cause : "operation failed");
	free(cause);
	return 1;
}

int
ae_causef(struct cmd_ctx *ctx, char *cause, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = cause_msg(cause, fmt, ap);
	va_end(ap);
	ui_errorf(&ctx->ui, "%s", msg);
	free(msg);
	free(cause);
	return 1;
}

void
ae_warn_cause(struct cmd_ctx *ctx, char *cause)
{
	ui_warn(&ctx->ui, "%s", cause != NULL ? cause : "operation failed");
	free(cause);
}

void
ae_warn_causef(struct cmd_ctx *ctx, char *cause, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = cause_msg(cause, fmt, ap);
	va_end(ap);
	ui_warn(&ctx->ui, "%s", msg);
	free(msg);
	free(cause);
}

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
