/*
 * Fuzz the terminal-safe printer with the bytes an agent could put in a
 * commit message, branch or file name.  Properties:
 *   - ui_safe() output is valid UTF-8 and holds no C0 control, DEL, C1
 *     control or bidi formatting character;
 *   - text with none of those in the first place comes out unchanged;
 *   - ui_json_str() output is one JSON string that jansson reads, holds
 *     no raw control or bidi character either, and reads back as the
 *     input when the input was already clean.
 * The UTF-8 decoder and the unsafe set are written here, not shared with
 * ui_safe.c, so the test does not inherit its mistakes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/ui.h"
#include "fuzz.h"

/* Strict UTF-8: length of the sequence at s, 0 when invalid. */
static size_t
decode(const unsigned char *s, size_t n, unsigned *cp)
{
	static const struct { unsigned char lo, hi; } second[] = {
		/* per leading byte 0xe0..0xf4: allowed range of byte 2 */
		{ 0xa0, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf },
		{ 0x80, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf },
		{ 0x80, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf },
		{ 0x80, 0xbf }, { 0x80, 0x9f }, { 0x80, 0xbf }, { 0x80, 0xbf },
		{ 0x90, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf }, { 0x80, 0xbf },
		{ 0x80, 0x8f },
	};
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	if (len > 2 && (s[1] < second[s[0] - 0xe0].lo ||
	    s[1] > second[s[0] - 0xe0].hi))
		return 0;
	*cp = s[0] & (0xff >> (len + 1));
	for (i = 1; i < len; i++) {
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

/* C0, DEL, C1 and the Unicode Bidi_Control characters. */
static int
unsafe(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x61c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* 1 when s is valid UTF-8 without unsafe characters (allow: also ok). */
static int
clean(const char *s, size_t len, const char *allow, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		if ((n = decode(p + i, len - i, &cp)) == 0 || (unsafe(cp) &&
		    (cp == 0 || cp >= 0x80 || allow == NULL ||
		    strchr(allow, (int)cp) == NULL))) {
			*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

static void
check_safe(const uint8_t *data, size_t size)
{
	char *out = ui_safe((const char *)data, size);
	size_t len = strlen(out), bad = 0;
	int in_clean = clean((const char *)data, size, NULL, &bad);

	if (!clean(out, len, NULL, &bad))
		fuzz_fail("ui_safe output holds an unsafe byte at %zu (0x%02x)",
		    bad, (unsigned char)out[bad]);
	if (in_clean && (len != size || memcmp(out, data, size) != 0))
		fuzz_fail("ui_safe changed text that was already safe");
	free(out);
}

static void
check_json(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size), *buf = NULL;
	size_t len = 0, bad = 0;
	FILE *f = open_memstream(&buf, &len);
	json_error_t jerr;
	json_t *j;

	if (f == NULL)
		abort();
	ui_json_str(f, in);
	fclose(f);
	if (!clean(buf, len, NULL, &bad))
		fuzz_fail("ui_json_str output holds a raw unsafe byte at %zu",
		    bad);
	j = json_loadb(buf, len, JSON_DECODE_ANY, &jerr);
	if (j == NULL || !json_is_string(j))
		fuzz_fail("ui_json_str output is not a JSON string: %s [%s]",
		    j == NULL ? jerr.text : "other type", buf);
	/* Newline and tab are kept (escaped the JSON way); JSON says so. */
	if (clean(in, strlen(in), "\n\t", &bad) &&
	    strcmp(json_string_value(j), in) != 0)
		fuzz_fail("ui_json_str changed text that was already safe");
	json_decref(j);
	free(buf);
	free(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_safe(data, size);
	check_json(data, size);
	return 0;
}
