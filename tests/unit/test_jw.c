/*
 * The JSON writer: members and elements get their commas, nested values
 * close in order, a NULL string is null, agent text is escaped (quotes,
 * backslashes, control bytes, invalid UTF-8) and the document still
 * parses, and only the outermost end writes the newline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/jw.h"

struct doc {
	struct jw	 jw;
	FILE		*f;
	char		*buf;
	size_t		 len;
};

static void
doc_open(struct doc *d)
{
	d->f = open_memstream(&d->buf, &d->len);
	jw_init(&d->jw, d->f);
}

static char *
doc_close(struct doc *d)
{
	fclose(d->f);
	return d->buf;
}

static void
test_nesting(void **state)
{
	struct doc d;
	char *s;

	(void)state;
	doc_open(&d);
	jw_object_begin(&d.jw);
	jw_object_string(&d.jw, "a", "x");
	jw_object_null(&d.jw, "n");
	jw_object_string(&d.jw, "s", NULL);
	jw_object_inline_begin_array(&d.jw, "list");
	jw_array_string(&d.jw, "1");
	jw_array_inline_begin_object(&d.jw);
	jw_object_uint(&d.jw, "k", 18446744073709551615ULL);
	jw_object_bool(&d.jw, "t", 1);
	jw_object_bool(&d.jw, "f", 0);
	jw_end(&d.jw);
	jw_array_string(&d.jw, NULL);
	jw_end(&d.jw);
	jw_object_inline_begin_object(&d.jw, "empty");
	jw_end(&d.jw);
	jw_object_inline_begin_array(&d.jw, "none");
	jw_end(&d.jw);
	jw_end(&d.jw);
	s = doc_close(&d);
	assert_string_equal(s, "{\"a\":\"x\",\"n\":null,\"s\":null,\"list\":"
	    "[\"1\",{\"k\":18446744073709551615,\"t\":true,\"f\":false},null],"
	    "\"empty\":{},\"none\":[]}\n");
	free(s);
}

static void
test_top_array(void **state)
{
	struct doc d;
	char *s;

	(void)state;
	doc_open(&d);
	jw_array_begin(&d.jw);
	jw_array_inline_begin_object(&d.jw);
	jw_end(&d.jw);
	jw_array_begin(&d.jw);
	jw_end(&d.jw);
	jw_end(&d.jw);
	s = doc_close(&d);
	assert_string_equal(s, "[{},[]]\n");
	free(s);
}

/* Whatever the agent wrote, the document parses and shows no raw byte. */
static void
test_hostile_strings(void **state)
{
	static const char *const nasty[] = {
		"\"quoted\"", "back\\slash", "new\nline", "\033]0;title\007",
		"\xc2\x9b" "csi", "\xe2\x80\xae" "rtl", "\xff\xfe", "caf\xc3\xa9",
		"", NULL
	};
	json_error_t err;
	struct doc d;
	json_t *j;
	size_t i;
	char *s;

	(void)state;
	doc_open(&d);
	jw_object_begin(&d.jw);
	jw_object_inline_begin_array(&d.jw, "v");
	for (i = 0; nasty[i] != NULL; i++)
		jw_array_string(&d.jw, nasty[i]);
	jw_end(&d.jw);
	jw_object_string(&d.jw, "k\"ey", "v");
	jw_end(&d.jw);
	s = doc_close(&d);
	j = json_loads(s, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(j);
	assert_int_equal(json_array_size(json_object_get(j, "v")), 9);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(j, "v"), 0)), "\"quoted\"");
	assert_string_equal(json_string_value(json_object_get(j, "k\"ey")),
	    "v");
	json_decref(j);
	for (i = 0; s[i] != '\0'; i++)
		assert_true((unsigned char)s[i] >= 0x20 || s[i] == '\n');
	assert_null(strstr(s, "\xc2\x9b"));
	assert_null(strstr(s, "\xe2\x80\xae"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_top_array),
		cmocka_unit_test(test_hostile_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
