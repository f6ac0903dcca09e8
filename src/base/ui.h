/*
 * Messages, colour and terminal-safe printing.  Info, warnings and errors go
 * to the error stream; primary output to the output stream.  Anything the
 * agent authored goes through ui_safe_* so it cannot drive the terminal.
 */
#ifndef AIRLOCK_UI_H
#define AIRLOCK_UI_H

#include <stdio.h>
#include <stddef.h>

struct ui {
	FILE	*out;		/* primary output: diffs, logs, JSON, plans */
	FILE	*err;		/* progress, info, warnings, errors */
	int	 color_out;	/* colour allowed on out */
	int	 color_err;	/* colour allowed on err */
	int	 quiet;		/* drop info lines */
	int	 verbose;	/* echo external commands */
	int	 err_tty;	/* err is a terminal (progress lines) */
	int	 in_tty;	/* stdin is a terminal (prompts allowed) */
};

/* Colour only on terminals; no_color covers NO_COLOR and --no-color. */
void	ui_init(struct ui *, FILE *out, FILE *err, int no_color);

void	ui_info(struct ui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	ui_warn(struct ui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	ui_errorf(struct ui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	ui_hint(struct ui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Colour wrappers: return the escape or "" depending on the stream. */
const char *ui_bold(const struct ui *, FILE *);
const char *ui_green(const struct ui *, FILE *);
const char *ui_yellow(const struct ui *, FILE *);
const char *ui_red(const struct ui *, FILE *);
const char *ui_reset(const struct ui *, FILE *);

/*
 * Terminal-safe printing of untrusted text: control bytes (C0, DEL, C1 and
 * ESC) and invalid UTF-8 become visible escapes (\e, \n, \x9b, ...); valid
 * printable UTF-8 is kept.  Returns a new string.
 */
char	*ui_safe(const char *s, size_t len);
void	 ui_safe_fputs(FILE *, const char *);
/* The same, but keeping newlines and tabs: for whole messages. */
char	*ui_safe_text(const char *);

/* JSON string literal (with quotes) for untrusted text; invalid UTF-8 escaped. */
void	 ui_json_str(FILE *, const char *);

/*
 * Ask a yes/no question on the error stream.  Only when stdin is a terminal;
 * returns 1 for yes, 0 for no, -1 when no terminal is available.
 */
int	 ui_confirm(struct ui *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
