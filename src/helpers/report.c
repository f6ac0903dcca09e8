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

#define CAUSE_TEXT(c) ((c) != NULL ? (c) : "operation failed")

/* "FMT: CAUSE"; a NULL cause reads "operation failed". */
static char * __attribute__((format(printf, 2, 0)))
cause_msg(const char *cause, const char *fmt, va_list ap)
{
	char *what = xvasprintf(fmt, ap), *msg;

	msg = xasprintf("%s: %s", what, CAUSE_TEXT(cause));
	free(what);
	return msg;
}

int
ae_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ae_cause(ctx, xvasprintf(fmt, ap));
	va_end(ap);
	return 1;
}

int
ae_usage(struct cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ae_cause(ctx, xvasprintf(fmt, ap));
	va_end(ap);
	if (ctx->entry != NULL)
		cmd_print_usage(ctx->ui.err, ctx->entry);
	return 2;
}

/* Print msg as an error or a warning; free it and the cause.  1. */
static int
emit(struct cmd_ctx *ctx, int warn, char *msg, char *cause)
{
	if (warn)
		ui_warn(&ctx->ui, "%s", msg);
	else
		ui_errorf(&ctx->ui, "%s", msg);
	free(msg);
	free(cause);
	return 1;
}

int
ae_cause(struct cmd_ctx *ctx, char *cause)
{
	return emit(ctx, 0, xstrdup(CAUSE_TEXT(cause)), cause);
}

int
ae_causef(struct cmd_ctx *ctx, char *cause, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = cause_msg(cause, fmt, ap);
	va_end(ap);
	return emit(ctx, 0, msg, cause);
}

void
ae_warn_cause(struct cmd_ctx *ctx, char *cause)
{
	emit(ctx, 1, xstrdup(CAUSE_TEXT(cause)), cause);
}

void
ae_warn_causef(struct cmd_ctx *ctx, char *cause, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = cause_msg(cause, fmt, ap);
	va_end(ap);
	emit(ctx, 1, msg, cause);
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
