/*
 * The JSON writer of jw.h.  Nesting deeper than JW_MAX_DEPTH, or an end
 * without a begin, is a bug in the caller's code, not in its data: it
 * aborts rather than write a document that does not parse.
 */
#include <stdlib.h>

#include "base/jw.h"
#include "base/ui.h"

void
jw_init(struct jw *jw, FILE *f)
{
	*jw = (struct jw){ .f = f };
}

/* The comma before a value at the current depth, when one came before. */
static void
sep(struct jw *jw)
{
	if (jw->depth == 0)
		return;
	if (jw->more[jw->depth - 1])
		fputc(',', jw->f);
	jw->more[jw->depth - 1] = 1;
}

static void
key(struct jw *jw, const char *k)
{
	sep(jw);
	ui_json_str(jw->f, k);
	fputc(':', jw->f);
}

static void
open_(struct jw *jw, char open, char close)
{
	if (jw->depth >= JW_MAX_DEPTH)
		abort();
	fputc(open, jw->f);
	jw->close[jw->depth] = close;
	jw->more[jw->depth] = 0;
	jw->depth++;
}

void
jw_object_begin(struct jw *jw)
{
	sep(jw);
	open_(jw, '{', '}');
}

void
jw_array_begin(struct jw *jw)
{
	sep(jw);
	open_(jw, '[', ']');
}

void
jw_end(struct jw *jw)
{
	if (jw->depth == 0)
		abort();
	jw->depth--;
	fputc(jw->close[jw->depth], jw->f);
	if (jw->depth == 0)
		fputc('\n', jw->f);
}

static void
str_or_null(FILE *f, const char *s)
{
	if (s != NULL)
		ui_json_str(f, s);
	else
		fputs("null", f);
}

void
jw_object_string(struct jw *jw, const char *k, const char *value)
{
	key(jw, k);
	str_or_null(jw->f, value);
}

void
jw_object_uint(struct jw *jw, const char *k, uintmax_t n)
{
	key(jw, k);
	fprintf(jw->f, "%ju", n);
}

void
jw_object_bool(struct jw *jw, const char *k, int b)
{
	key(jw, k);
	fputs(b ? "true" : "false", jw->f);
}

void
jw_object_null(struct jw *jw, const char *k)
{
	key(jw, k);
	fputs("null", jw->f);
}

void
jw_object_inline_begin_object(struct jw *jw, const char *k)
{
	key(jw, k);
	open_(jw, '{', '}');
}

void
jw_object_inline_begin_array(struct jw *jw, const char *k)
{
	key(jw, k);
	open_(jw, '[', ']');
}

void
jw_array_string(struct jw *jw, const char *s)
{
	sep(jw);
	str_or_null(jw->f, s);
}

void
jw_array_inline_begin_object(struct jw *jw)
{
	jw_object_begin(jw);
}
