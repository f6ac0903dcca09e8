/*
 * Fuzz the dry-run quoter: a printed plan must paste back into sh as
 * exactly the argv that would have run.  The input is split on NUL bytes
 * into words; each word is quoted alone and the whole argv is printed the
 * way --dry-run prints it; both are read back with a small sh word splitter
 * written here from POSIX rules (not from quote.c), and must give back the
 * words byte for byte.  The splitter refuses any byte sh would act on when
 * it is left bare, so an unsafe bare character is caught too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/spawn.h"
#include "base/strvec.h"
#include "fuzz.h"

#define MAXWORDS 64

/*
 * May c stand unquoted in an argument word?  Metacharacters, quotes,
 * expansions, globs, bash's braces and history, blanks, controls and
 * non-ASCII bytes (locale-dependent) all need quoting.
 */
static int
inert(unsigned char c, int word_start)
{
	if (c <= 0x20 || c >= 0x7f)
		return 0;
	if (strchr("|&;<>()$`\\\"'*?[]{}!^", c) != NULL)
		return 0;
	if (word_start && (c == '#' || c == '~'))
		return 0;
	return 1;
}

/* Copy the '...' at s[*i] into w at *n; -1 when it never ends. */
static int
take_quoted(const char *s, size_t len, size_t *i, char *w, size_t *n)
{
	const char *e = memchr(s + *i + 1, '\'', len - *i - 1);

	if (e == NULL)
		return -1;
	memcpy(w + *n, s + *i + 1, (size_t)(e - s - *i - 1));
	*n += (size_t)(e - s - *i - 1);
	*i = (size_t)(e - s) + 1;
	return 0;
}

/*
 * Split one command line the way sh would, for the subset of syntax the
 * quoter may emit: bare inert characters, '...' and backslash escapes,
 * words separated by blanks, one newline at the very end.  Returns 0, or
 * -1 (with why) when the line holds anything else.
 */
static int
sh_split(const char *s, size_t len, struct strvec *out, const char **why)
{
	size_t i = 0, n;
	char *w = malloc(len + 1);
	int inword = 0;

	if (w == NULL)
		abort();
	n = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n') {
			if (inword) {
				w[n] = '\0';
				strvec_push(out, w);
				n = 0;
				inword = 0;
			}
			if (c == '\n' && i + 1 != len) {
				*why = "newline outside quotes before the end";
				goto bad;
			}
			i++;
		} else if (c == '\'') {
			if (take_quoted(s, len, &i, w, &n) < 0) {
				*why = "unterminated single quote";
				goto bad;
			}
			inword = 1;
		} else if (c == '\\') {
			if (i + 1 >= len || s[i + 1] == '\n') {
				*why = "backslash at the end or before newline";
				goto bad;
			}
			w[n++] = s[i + 1];
			i += 2;
			inword = 1;
		} else if (inert(c, !inword)) {
			w[n++] = (char)c;
			i++;
			inword = 1;
		} else {
			*why = "a character sh would interpret, left bare";
			goto bad;
		}
	}
	if (inword) {
		w[n] = '\0';
		strvec_push(out, w);
	}
	free(w);
	return 0;
bad:
	free(w);
	return -1;
}

static void
check_word(const char *word)
{
	struct strvec back = STRVEC_INIT;
	const char *why = NULL;
	char *q = proc_quote(word);

	if (sh_split(q, strlen(q), &back, &why) < 0)
		fuzz_fail("quoted word [%s] does not parse: %s", q, why);
	if (back.n != 1 || strcmp(back.v[0], word) != 0)
		fuzz_fail("quoted word [%s] reads back as %zu word(s)", q,
		    back.n);
	strvec_clear(&back);
	free(q);
}

static void
check_line(char *const *argv, size_t n)
{
	struct strvec back = STRVEC_INIT;
	const char *why = NULL;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		abort();
	proc_fprint_argv(f, (const char *const *)argv);
	fclose(f);
	if (len == 0 || buf[len - 1] != '\n')
		fuzz_fail("plan line does not end in a newline");
	if (sh_split(buf, len, &back, &why) < 0)
		fuzz_fail("plan line [%s] does not parse: %s", buf, why);
	if (back.n != n + 1 || strcmp(back.v[0], "+") != 0)
		fuzz_fail("plan line [%s] has %zu words, expected %zu", buf,
		    back.n, n + 1);
	for (i = 0; i < n; i++)
		if (strcmp(back.v[i + 1], argv[i]) != 0)
			fuzz_fail("plan line [%s]: word %zu differs", buf, i);
	strvec_clear(&back);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec words = STRVEC_INIT;
	const char *p = (const char *)data, *end = p + size, *z;
	char *w;
	size_t i;

	/* NUL separates words: no argv word can hold one. */
	while (words.n < MAXWORDS) {
		z = memchr(p, '\0', (size_t)(end - p));
		w = xstrndup(p, z != NULL ? (size_t)(z - p) : (size_t)(end - p));
		strvec_push(&words, w);
		free(w);
		if (z == NULL)
			break;
		p = z + 1;
	}
	for (i = 0; i < words.n; i++)
		check_word(words.v[i]);
	check_line(words.v, words.n);
	strvec_clear(&words);
	return 0;
}
