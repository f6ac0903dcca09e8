/*
 * Terminal-safe rendering of untrusted text.  Commit messages, branch and
 * file names come from the agent; printed raw they could move the cursor,
 * rewrite earlier lines, set the window title or hide text (bidi overrides).
 * Every such byte is shown as a visible escape instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strvec.h"
#include "base/ui.h"

/* Length of a valid UTF-8 sequence at s (max n bytes) and its code point. */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/*
 * Code points that change how a terminal shows what follows: C0, DEL, C1
 * and Unicode's Bidi_Control set (U+061C, U+200E-F, U+202A-E, U+2066-9).
 */
static int
cp_unsafe(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0x61c ||
	    (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

static size_t
esc_ascii(char *o, unsigned char c)
{
	switch (c) {
	case '\n': return (size_t)sprintf(o, "\\n");
	case '\r': return (size_t)sprintf(o, "\\r");
	case '\t': return (size_t)sprintf(o, "\\t");
	case 0x1b: return (size_t)sprintf(o, "\\e");
	default:   return (size_t)sprintf(o, "\\x%02x", c);
	}
}

/*
 * keep_lines lets \n and \t through: used for whole messages, which may
 * span lines by design; names and subjects always use ui_safe().
 */
static char *
safe_render(const char *s, size_t len, int keep_lines)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(len * 6 + 1), *o = out;
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			o += sprintf(o, "\\x%02x", p[i]);
			i++;
		} else if (keep_lines && (cp == '\n' || cp == '\t')) {
			*o++ = (char)cp;
			i++;
		} else if (cp_unsafe(cp)) {
			if (n == 1)
				o += esc_ascii(o, p[i]);
			else
				o += sprintf(o, "\\u%04x", cp);
			i += n;
		} else {
			memcpy(o, p + i, n);
			o += n;
			i += n;
		}
	}
	*o = '\0';
	return out;
}

char *
ui_safe(const char *s, size_t len)
{
	return safe_render(s, len, 0);
}

char *
ui_safe_text(const char *s)
{
	return safe_render(s, strlen(s), 1);
}

void
ui_safe_fputs(FILE *f, const char *s)
{
	char *t = ui_safe(s, strlen(s));

	fputs(t, f);
	free(t);
}

void
ui_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n;
	unsigned cp;

	fputc('"', f);
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			/* Not UTF-8: keep the byte visible, JSON stays valid. */
			fprintf(f, "\\\\x%02x", p[i++]);
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp_unsafe(cp))
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(p + i, 1, n, f);
		i += n;
	}
	fputc('"', f);
}
