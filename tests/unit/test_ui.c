/*
 * Terminal-safe printing: no control byte, C1 control, bidi override or
 * invalid UTF-8 survives; printable UTF-8 does.  JSON strings stay valid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/strvec.h"
#include "base/ui.h"

static void
check_safe(const char *in, size_t len, const char *want)
{
	char *s = ui_safe(in, len);

	assert_string_equal(s, want);
	free(s);
}

static void
test_safe_escapes(void **state)
{
	(void)state;
	check_safe("plain text", 10, "plain text");
	check_safe("\x1b[2J\x1b]0;title\x07", 14, "\\e[2J\\e]0;title\\x07");
	check_safe("a\rb\nc\td", 7, "a\\rb\\nc\\td");
	check_safe("del\x7f", 4, "del\\x7f");
	check_safe("\xc2\x9b" "31m", 5, "\\u009b31m");
	check_safe("\xe2\x80\xae" "evil", 7, "\\u202eevil");
	/* U+061C ARABIC LETTER MARK is a bidi control like U+200F. */
	check_safe("\xd8\x9c" "x", 3, "\\u061cx");
	check_safe("\xe2\x81\xa9", 3, "\\u2069");
	check_safe("caf\xc3\xa9 \xe2\x9c\x93", 9, "caf\xc3\xa9 \xe2\x9c\x93");
	check_safe("\xff\xc3", 2, "\\xff\\xc3");
	check_safe("\xc0\xaf", 2, "\\xc0\\xaf");		/* overlong */
	check_safe("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");	/* surrogate */
	check_safe("nul\0x", 5, "nul\\x00x");
}

static void
test_safe_never_leaks_control(void **state)
{
	unsigned char in[256];
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)i;
	s = ui_safe((const char *)in, sizeof(in));
	for (i = 0; s[i] != '\0'; i++)
		assert_false((unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] == 0x7f);
	/* Every byte >= 0x80 alone is invalid UTF-8 here, so escaped. */
	for (i = 0; s[i] != '\0'; i++)
		assert_true((unsigned char)s[i] < 0x80);
	free(s);
}

static void
test_json_str(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	ui_json_str(f, "q\"b\\\n\x1b\xff\xc3\xa9");
	fclose(f);
	assert_string_equal(buf, "\"q\\\"b\\\\\\n\\u001b\\\\xff\xc3\xa9\"");
	free(buf);
}

static void
test_no_color_off_tty(void **state)
{
	char *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *o = open_memstream(&b1, &l1), *e = open_memstream(&b2, &l2);
	struct ui ui;

	(void)state;
	ui_init(&ui, o, e, 0);
	assert_false(ui.color_out);
	assert_false(ui.color_err);
	ui_warn(&ui, "careful %d", 1);
	ui.quiet = 1;
	ui_info(&ui, "dropped");
	fclose(o);
	fclose(e);
	assert_string_equal(b2, "code-airlock: warning: careful 1\n");
	assert_int_equal(l1, 0);
	free(b1);
	free(b2);
}

static void
test_messages_are_escaped(void **state)
{
	char *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *o = open_memstream(&b1, &l1), *e = open_memstream(&b2, &l2);
	struct ui ui;

	(void)state;
	ui_init(&ui, o, e, 0);
	ui_errorf(&ui, "unknown key '%s'", "A\xc2\x9b" "2J\x1b[0m\xff");
	ui_warn(&ui, "path '%s'", "a\nb");
	ui_info(&ui, "two\n\tlines");
	fclose(o);
	fclose(e);
	assert_string_equal(b2, "code-airlock: error: unknown key "
	    "'A\\u009b2J\\e[0m\\xff'\ncode-airlock: warning: path 'a\\nb'\n"
	    "two\n\tlines\n");
	free(b1);
	free(b2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_escapes),
		cmocka_unit_test(test_safe_never_leaks_control),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_no_color_off_tty),
		cmocka_unit_test(test_messages_are_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
