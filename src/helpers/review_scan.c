/*
 * Scanning the lines an agent added for possible secrets: private key
 * blocks, cloud access keys, the token formats of common services, and
 * long literals assigned to names like *TOKEN or *PASSWORD.  Only the
 * kind and the line are kept, never the value: the summary must not
 * become the leak.
 *
 * A scan runs over every added line of every text file, so it is one
 * pass: runs of token characters are found with a table lookup per byte,
 * and only a run long enough to be a secret, or an '=' or ':' after a
 * name that sounds like one, is looked at closer.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helpers/review_risk.h"
#include "base/strvec.h"
#include "review_scan.h"

unsigned char risk_ctype[256];

void
risk_ctype_init(void)
{
	int c;

	if (risk_ctype['a'] != 0)
		return;
	for (c = 0; c < 256; c++) {
		if (isalnum(c) && c < 128)
			risk_ctype[c] |= T_ALNUM | T_TOK | T_B64;
		if (c == '_' || c == '-' || c == '.')
			risk_ctype[c] |= T_TOK;
		if (c == '_' || c == '-' || c == '+' || c == '/' || c == '=')
			risk_ctype[c] |= T_B64;
		if (c == ':' || c == '=')
			risk_ctype[c] |= T_MARK;
		if (strchr("AgxsrnphdSe-", c) != NULL && c != 0)
			risk_ctype[c] |= T_FIRST;
	}
	risk_ctype['.'] |= T_DOT;
}

void
risk_finds_add(struct risk_finds *f, size_t line, const char *kind,
    const char *host)
{
	size_t i;

	for (i = 0; host != NULL && i < f->n; i++)
		if (strcasecmp(f->v[i].host, host) == 0)
			return;		/* one line per host is enough */
	if (f->n >= RISK_FINDS_MAX) {
		f->more++;
		return;
	}
	f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
	f->v[f->n].line = line;
	f->v[f->n].kind = kind;
	f->v[f->n].host = host != NULL ? xstrdup(host) : NULL;
	f->n++;
}

void
risk_finds_clear(struct risk_finds *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].host);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* n characters of class cls at s (within len), then not one more. */
static int
run_of(const char *s, size_t len, size_t min, unsigned char cls)
{
	size_t i = 0;

	while (i < len && (risk_ctype[(unsigned char)s[i]] & cls))
		i++;
	return i >= min;
}

/* Mixed case and digits, as random keys are and words are not. */
static int
looks_random(const char *s, size_t n)
{
	int up = 0, lo = 0, dig = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		up |= isupper((unsigned char)s[i]) != 0;
		lo |= islower((unsigned char)s[i]) != 0;
		dig |= isdigit((unsigned char)s[i]) != 0;
	}
	return up + lo + dig >= 2 && dig;
}

/* Token formats, each a prefix and a run of token characters after it. */
static const struct {
	const char	*prefix;
	size_t		 min;		/* characters after the prefix */
	unsigned char	 cls;
	const char	*kind;
} tokens[] = {
	{ "AKIA", 16, T_ALNUM, "AWS access key" },
	{ "ASIA", 16, T_ALNUM, "AWS access key" },
	{ "ghp_", 36, T_ALNUM, "GitHub token" },
	{ "gho_", 36, T_ALNUM, "GitHub token" },
	{ "ghu_", 36, T_ALNUM, "GitHub token" },
	{ "ghs_", 36, T_ALNUM, "GitHub token" },
	{ "ghr_", 36, T_ALNUM, "GitHub token" },
	{ "github_pat_", 40, T_TOK, "GitHub token" },
	{ "glpat-", 20, T_TOK, "GitLab token" },
	{ "xoxb-", 20, T_TOK, "Slack token" },
	{ "xoxp-", 20, T_TOK, "Slack token" },
	{ "xoxa-", 20, T_TOK, "Slack token" },
	{ "xoxr-", 20, T_TOK, "Slack token" },
	{ "xoxs-", 20, T_TOK, "Slack token" },
	{ "sk-ant-", 32, T_TOK, "Anthropic API key" },
	{ "sk_live_", 20, T_ALNUM, "Stripe key" },
	{ "rk_live_", 20, T_ALNUM, "Stripe key" },
	{ "AIza", 35, T_TOK, "Google API key" },
	{ "npm_", 36, T_ALNUM, "npm token" },
	{ "pypi-AgEIcHlwaS5vcmc", 40, T_TOK, "PyPI token" },
	{ "hf_", 34, T_ALNUM, "Hugging Face token" },
	{ "dop_v1_", 64, T_ALNUM, "DigitalOcean token" },
	{ "SG.", 60, T_TOK, "SendGrid key" },
};

/* One run of token characters that may be a secret: its kind, or NULL. */
static const char *
token_kind(const char *s, size_t n)
{
	size_t i, pl;
	const char *dot;

	for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
		if (tokens[i].prefix[0] != s[0])
			continue;
		pl = strlen(tokens[i].prefix);
		if (n >= pl + tokens[i].min && strncmp(s, tokens[i].prefix,
		    pl) == 0 && run_of(s + pl, n - pl, tokens[i].min,
		    tokens[i].cls))
			return tokens[i].kind;
	}
	if (n >= 40 && strncmp(s, "sk-", 3) == 0 && looks_random(s + 3,
	    n - 3))
		return "OpenAI API key";
	if (n >= 40 && strncmp(s, "eyJ", 3) == 0 && (dot = memchr(s, '.',
	    n)) != NULL && (size_t)(dot - s) + 4 < n &&
	    strncmp(dot, ".eyJ", 4) == 0)
		return "JSON web token";
	return NULL;
}

/* "-----BEGIN ... PRIVATE KEY" (PEM, OpenSSH, PGP), from s to end. */
static int
private_key_block(const char *s, size_t n)
{
	static const char begin[] = "-----BEGIN ";
	size_t i;

	if (n < sizeof(begin) - 1 + 11 || strncmp(s, begin, sizeof(begin) -
	    1) != 0)
		return 0;
	for (i = sizeof(begin) - 1; i + 11 <= n && i < 60; i++)
		if (strncmp(s + i, "PRIVATE KEY", 11) == 0)
			return 1;
	return 0;
}

/* Case-insensitive: is needle somewhere in the n bytes at s? */
static int
has_word(const char *s, size_t n, const char *needle)
{
	size_t nl = strlen(needle), i;

	for (i = 0; i + nl <= n; i++)
		if (tolower((unsigned char)s[i]) == needle[0] &&
		    strncasecmp(s + i, needle, nl) == 0)
			return 1;
	return 0;
}

static const char *const secret_names[] = {
	"secret", "token", "passw", "pwd", "apikey", "api_key", "api-key",
	"access_key", "accesskey", "private_key", "privatekey", "auth_key",
	"credential", NULL
};
static const char *const placeholders[] = {
	"xxx", "example", "changeme", "change_me", "your", "placeholder",
	"dummy", "redacted", "***", "<", "${", "{{", "%(", "todo", "fake",
	"sample", "secret", "password", "token", NULL
};

/* Does the name before s[at] (an '=' or ':') sound like a secret's? */
static int
secret_name(const char *s, size_t at)
{
	size_t end = at, start;
	const char *const *k;

	while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' ||
	    s[end - 1] == '"' || s[end - 1] == '\'' || s[end - 1] == ':'))
		end--;
	start = end;
	while (start > 0 && end - start < 64 && (risk_ctype[(unsigned char)
	    s[start - 1]] & T_TOK))
		start--;
	if (end - start < 3)
		return 0;
	for (k = secret_names; *k != NULL; k++)
		if (has_word(s + start, end - start, *k))
			return 1;
	return 0;
}

/*
 * The literal after the '=' or ':' at s[at], when it is long enough to be
 * a key: a quoted string of 8 or more key characters, or an unquoted run
 * of 16 or more that mixes digits with letters.  Cheap, so it goes first.
 */
static int
secret_value(const char *s, size_t len, size_t at, size_t *vs, size_t *vn)
{
	size_t i = at + 1, v, min = 16;
	char q = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && (s[i] == '"' || s[i] == '\'' || s[i] == '`')) {
		q = s[i++];
		min = 8;
	}
	for (v = i; i < len && (risk_ctype[(unsigned char)s[i]] & (T_B64 |
	    T_TOK)) && s[i] != q; i++)
		;
	*vs = v;
	*vn = i - v;
	if (*vn < min || *vn > 512 || (q != 0 && (i >= len || s[i] != q)))
		return 0;
	return q != 0 || looks_random(s + v, *vn);
}

static int
secret_assignment(const char *s, size_t len, size_t at)
{
	const char *const *p;
	size_t v, n;

	if (!secret_value(s, len, at, &v, &n) || !secret_name(s, at))
		return 0;
	for (p = placeholders; *p != NULL; p++)
		if (has_word(s + v, n, *p))
			return 0;
	return 1;
}

/* A run of token characters at start..i: a secret's kind, or NULL. */
static const char *
run_secret(const char *s, size_t len, size_t start, size_t i)
{
	if (i - start < 10 || !(risk_ctype[(unsigned char)s[start]] & T_FIRST))
		return NULL;
	if (s[start] == '-')
		return private_key_block(s + start, len - start) ?
		    "private key" : NULL;
	return token_kind(s + start, i - start);
}

void
risk_scan_line(const char *s, size_t len, size_t lineno, const char *allow,
    struct risk_finds *secrets, struct risk_finds *hosts)
{
	const char *kind = NULL, *generic = NULL;
	size_t i = 0, start;
	unsigned k, seen;

	risk_ctype_init();
	while (i < len) {
		k = risk_ctype[(unsigned char)s[i]];
		if (!(k & T_TOK)) {
			if ((k & T_MARK) && s[i] == ':' && i + 2 < len &&
			    s[i + 1] == '/' && s[i + 2] == '/') {
				i = risk_url(s, len, i, lineno, allow, hosts,
				    secrets);
				continue;
			}
			/* A known format in the value says more: go on. */
			if ((k & T_MARK) && kind == NULL && generic == NULL &&
			    i > 0 && secret_assignment(s, len, i))
				generic = "secret-like assignment";
			i++;
			continue;
		}
		start = i;
		seen = 0;
		do
			seen |= k;
		while (++i < len && ((k = risk_ctype[(unsigned char)s[i]]) &
		    T_TOK));
		if (kind == NULL && (kind = run_secret(s, len, start, i)) !=
		    NULL)
			risk_finds_add(secrets, lineno, kind, NULL);
		if ((seen & T_DOT) && i - start >= 4 && !(i + 2 < len &&
		    s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/'))
			risk_bare(s, len, start, i, lineno, allow, hosts);
	}
	if (kind == NULL && generic != NULL)
		risk_finds_add(secrets, lineno, generic, NULL);
}
