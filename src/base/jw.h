/*
 * The one JSON writer behind every --json (git's json-writer.c): a
 * command opens and closes objects and arrays in order and names each
 * member; commas, nesting and quoting are the writer's.  Every string
 * goes through ui_json_str(), so agent text can neither break the
 * document nor drive the terminal that shows it.  Output is compact and
 * the outermost jw_end() ends the document with a newline.
 *
 *	struct jw jw;
 *
 *	jw_init(&jw, ctx->ui.out);
 *	jw_object_begin(&jw);
 *	jw_object_string(&jw, "repo", repo);
 *	jw_object_inline_begin_array(&jw, "branches");
 *	...
 *	jw_end(&jw);			(the array)
 *	jw_end(&jw);			(the object, then "\n")
 */
#ifndef AIRLOCK_JW_H
#define AIRLOCK_JW_H

#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH	8

struct jw {
	FILE		*f;
	int		 depth;
	unsigned char	 more[JW_MAX_DEPTH];	/* a value already at depth */
	char		 close[JW_MAX_DEPTH];	/* '}' or ']' */
};

void	jw_init(struct jw *, FILE *);

/* The outermost value, or the next element of the enclosing array. */
void	jw_object_begin(struct jw *);
void	jw_array_begin(struct jw *);
/* Close the innermost object or array. */
void	jw_end(struct jw *);

/* Members of the enclosing object.  A NULL string is written as null. */
void	jw_object_string(struct jw *, const char *key, const char *value);
void	jw_object_uint(struct jw *, const char *key, uintmax_t);
void	jw_object_bool(struct jw *, const char *key, int);
void	jw_object_null(struct jw *, const char *key);
void	jw_object_inline_begin_object(struct jw *, const char *key);
void	jw_object_inline_begin_array(struct jw *, const char *key);

/* Elements of the enclosing array. */
void	jw_array_string(struct jw *, const char *);
void	jw_array_inline_begin_object(struct jw *);

#endif
