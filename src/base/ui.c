/*
 * ui: messages on the error stream, colour on terminals only, and the
 * terminal-safe printer for text the agent wrote.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strvec.h"
#include "base/ui.h"

void
ui_init(struct ui *ui, FILE *out, FILE *err, int no_color)
{
	int color_ok = !no_color;

	memset(ui, 0, sizeof(*ui));
	ui->out = out;
	ui->err = err;
	ui->err_tty = isatty(fileno(err));
	ui->color_out = color_ok && isatty(fileno(out));
	ui->color_err = color_ok && ui->err_tty;
	ui->in_tty = isatty(STDIN_FILENO);
}

static const char *
ui_sgr(const struct ui *ui, FILE *f, const char *code)
{
	if (f == ui->out && ui->color_out)
		return code;
	if (f == ui->err && ui->color_err)
		return code;
	return "";
}

const char *ui_bold(const struct ui *ui, FILE *f)
{ return ui_sgr(ui, f, "\033[1m"); }
const char *ui_green(const struct ui *ui, FILE *f)
{ return ui_sgr(ui, f, "\033[32m"); }
const char *ui_yellow(const struct ui *ui, FILE *f)
{ return ui_sgr(ui, f, "\033[33m"); }
const char *ui_red(const struct ui *ui, FILE *f)
{ return ui_sgr(ui, f, "\033[31m"); }
const char *ui_reset(const struct ui *ui, FILE *f)
{ return ui_sgr(ui, f, "\033[0m"); }

/* The format attribute lets clang check the callers' formats instead. */
static void __attribute__((format(printf, 4, 0)))
ui_vmsg(struct ui *ui, const char *color, const char *label, const char *fmt,
    va_list ap)
{
	char *msg = NULL, *safe;

	/*
	 * Messages quote user and agent text (names, paths, sbx's own error
	 * lines); whatever a caller forgot to escape is escaped here.
	 */
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	/* Errors, warnings and hints are one line; info may span lines. */
	if (label != NULL)
		safe = ui_safe(msg ? msg : fmt, strlen(msg ? msg : fmt));
	else
		safe = ui_safe_text(msg != NULL ? msg : fmt);
	if (label != NULL)
		fprintf(ui->err, "%scode-airlock: %s:%s ",
		    ui_sgr(ui, ui->err, color), label, ui_reset(ui, ui->err));
	fputs(safe, ui->err);
	fputc('\n', ui->err);
	free(safe);
	free(msg);
	fflush(ui->err);
}

void
ui_info(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	if (ui->quiet)
		return;
	va_start(ap, fmt);
	ui_vmsg(ui, NULL, NULL, fmt, ap);
	va_end(ap);
}

void
ui_hint(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	if (ui->quiet)
		return;
	va_start(ap, fmt);
	ui_vmsg(ui, "\033[36m", "hint", fmt, ap);
	va_end(ap);
}

void
ui_warn(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmsg(ui, "\033[33m", "warning", fmt, ap);
	va_end(ap);
}

void
ui_errorf(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmsg(ui, "\033[31m", "error", fmt, ap);
	va_end(ap);
}

int
ui_confirm(struct ui *ui, const char *fmt, ...)
{
	char line[64];
	va_list ap;

	if (!ui->in_tty)
		return -1;
	va_start(ap, fmt);
	vfprintf(ui->err, fmt, ap);
	va_end(ap);
	fputs(" [y/N] ", ui->err);
	fflush(ui->err);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}
