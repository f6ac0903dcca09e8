/*
 * seed: the content scan every seeded file passes.  A name says little
 * (a skill's SKILL.md may hold a pasted private key), so the bytes are
 * read and searched, line by line, for what a secret looks like: a PEM
 * private key block, a URL with a password, the token formats services
 * print (GitHub, GitLab, AWS, Slack, OpenAI, Anthropic, Google, npm,
 * PyPI, Hugging Face, Stripe, age), an Authorization header, and a value
 * assigned to a name that ends like KEY, TOKEN, SECRET or PASSWORD.  It
 * errs on the side of leaving a file behind; what it reports names the
 * line and the kind of secret, never the secret.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services/seed/seed.h"
#include "base/strvec.h"

/* A token format: prefix, then at least min characters of set. */
struct token {
	const char	*prefix;
	size_t		 min;
	const char	*set;
	const char	*what;
};

#define ALNUM	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define UPNUM	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define B64URL	ALNUM "_-"

static const struct token tokens[] = {
	{ "ghp_", 30, ALNUM, "a GitHub token" },
	{ "gho_", 30, ALNUM, "a GitHub token" },
	{ "ghu_", 30, ALNUM, "a GitHub token" },
	{ "ghs_", 30, ALNUM, "a GitHub token" },
	{ "ghr_", 30, ALNUM, "a GitHub token" },
	{ "github_pat_", 20, ALNUM "_", "a GitHub token" },
	{ "glpat-", 20, B64URL, "a GitLab token" },
	{ "AKIA", 16, UPNUM, "an AWS access key" },
	{ "ASIA", 16, UPNUM, "an AWS access key" },
	{ "xoxb-", 10, ALNUM "-", "a Slack token" },
	{ "xoxp-", 10, ALNUM "-", "a Slack token" },
	{ "xoxa-", 10, ALNUM "-", "a Slack token" },
	{ "xoxe-", 10, ALNUM "-", "a Slack token" },
	{ "xoxr-", 10, ALNUM "-", "a Slack token" },
	{ "xoxs-", 10, ALNUM "-", "a Slack token" },
	{ "hooks.slack.com/services/", 8, ALNUM "/", "a Slack webhook" },
	{ "sk-ant-", 20, B64URL, "an Anthropic key" },
	{ "sk-", 20, B64URL, "an OpenAI key" },
	{ "AIza", 30, B64URL, "a Google API key" },
	{ "npm_", 30, ALNUM, "an npm token" },
	{ "pypi-AgE", 20, B64URL, "a PyPI token" },
	{ "hf_", 30, ALNUM, "a Hugging Face token" },
	{ "sk_live_", 16, ALNUM, "a Stripe key" },
	{ "rk_live_", 16, ALNUM, "a Stripe key" },
	{ "AGE-SECRET-KEY-1", 20, UPNUM, "an age secret key" },
	{ "eyJ", 20, B64URL, "a JSON web token" },
	{ "PuTTY-User-Key-File-", 1, ALNUM, "a PuTTY private key" },
	{ NULL, 0, NULL, NULL }
};

/* Names ending like one of these hold a secret when given a value. */
static const char *const secret_names[] = {
	"key", "token", "secret", "password", "passwd", "passphrase", "pass",
	"pwd", "credential", "credentials", "apikey", NULL
};

/* The same glued to a word without a separator: "apikey", "authtoken". */
static const char *const glued[] = {
	"apikey", "accesskey", "secretkey", "privatekey", "authtoken",
	"accesstoken", "apitoken", "refreshtoken", "clientsecret", NULL
};

static int
ident(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Does a token of format t start at p (line ends at e)? */
static int
token_at(const char *b, const char *p, const char *e, const struct token *t)
{
	size_t pl = strlen(t->prefix), n = 0;

	if ((size_t)(e - p) < pl || memcmp(p, t->prefix, pl) != 0 ||
	    (p > b && isalnum((unsigned char)p[-1])))
		return 0;
	for (p += pl; p < e && *p != '\0' && strchr(t->set, *p) != NULL; p++)
		n++;
	return n >= t->min;
}

static const char *
scan_tokens(const char *b, const char *e)
{
	const char *p;
	size_t i;

	for (p = b; p < e; p++)
		for (i = 0; tokens[i].prefix != NULL; i++)
			if (*p == tokens[i].prefix[0] &&
			    token_at(b, p, e, &tokens[i]))
				return tokens[i].what;
	return NULL;
}

/* scheme://user:password@ or, for http(s), a long user alone. */
static const char *
scan_url(const char *b, const char *e)
{
	const char *p, *s, *u, *at, *colon;

	for (p = b; p + 3 <= e; p++) {
		if (memcmp(p, "://", 3) != 0)
			continue;
		for (s = p; s > b && (isalnum((unsigned char)s[-1]) ||
		    s[-1] == '+' || s[-1] == '.' || s[-1] == '-'); s--)
			;
		u = p + 3;
		at = u + strcspn(u, "@/?# \t\"'<>\n");
		if (at >= e || *at != '@' || at == u)
			continue;
		colon = memchr(u, ':', (size_t)(at - u));
		if (colon != NULL && colon + 1 < at)
			return "a URL with a password";
		if (colon == NULL && at - u >= 16 && p - s >= 4 &&
		    strncasecmp(s, "http", 4) == 0)
			return "a URL with a token for a user name";
	}
	return NULL;
}

/* "Authorization: Basic ..." or "Bearer <token>". */
static const char *
scan_auth(const char *b, const char *e)
{
	const char *p;
	size_t n;

	for (p = b; p + 13 <= e; p++)
		if (strncasecmp(p, "authorization", 13) == 0) {
			p += 13;
			p += strspn(p, " \t\"'");
			if (p < e && (*p == ':' || *p == '=') &&
			    p + 1 + strspn(p + 1, " \t\"'") < e)
				return "an Authorization header";
		}
	for (p = b; p + 7 <= e; p++)
		if (strncasecmp(p, "bearer ", 7) == 0) {
			n = strspn(p + 7, B64URL ".~+/=");
			if (n >= 16)
				return "a bearer token";
		}
	return NULL;
}

/* Does the identifier [s, t) end like a secret's name? */
static int
secret_name(const char *s, const char *t)
{
	size_t n = (size_t)(t - s), l, i;
	const char *x;

	for (i = 0; glued[i] != NULL; i++)
		if (n >= (l = strlen(glued[i])) &&
		    strncasecmp(t - l, glued[i], l) == 0)
			return 1;
	for (i = 0; secret_names[i] != NULL; i++) {
		l = strlen(secret_names[i]);
		if (n < l || strncasecmp(x = t - l, secret_names[i], l) != 0)
			continue;
		if (n == l)
			return strcmp(secret_names[i], "key") != 0;
		if (x[-1] == '_' || x[-1] == '-' || x[-1] == '.' ||
		    (isupper((unsigned char)x[0]) &&
		    (islower((unsigned char)x[-1]) ||
		    isdigit((unsigned char)x[-1]))))
			return 1;
	}
	return 0;
}

/* Is the value at v (to e) a literal, not empty nor a reference? */
static int
literal(const char *v, const char *e)
{
	static const char *const refs[] = { "$", "%", "<", "process.env",
	    "os.environ", "os.getenv", "getenv", "env.", "env(", "ENV[",
	    NULL };
	static const char *const words[] = { "true", "false", "null", "none",
	    "nil", "yes", "no", "required", "optional", NULL };
	char q = *v == '"' || *v == '\'' ? *v : '\0';
	size_t n, i;

	if (q != '\0')
		v++;
	n = q != '\0' ? strcspn(v, q == '"' ? "\"\n" : "'\n") :
	    strcspn(v, " \t,;\n\r");
	if (v + n > e)
		n = (size_t)(e - v);
	if (n == 0 || (q == '\0' && n < 4) || strchr("{[(", *v) != NULL)
		return 0;
	for (i = 0; refs[i] != NULL; i++)
		if (strncmp(v, refs[i], strlen(refs[i])) == 0)
			return 0;
	for (i = 0; words[i] != NULL; i++)
		if (n == strlen(words[i]) && strncasecmp(v, words[i], n) == 0)
			return 0;
	return 1;
}

/* NAME = value, NAME: value, "NAME": "value", NAME := value, NAME => v. */
static const char *
scan_assign(const char *b, const char *e)
{
	const char *p = b, *s, *o;

	while (p < e) {
		if (!ident((unsigned char)*p) || (p > b &&
		    ident((unsigned char)p[-1]))) {
			p++;
			continue;
		}
		for (s = p; p < e && ident((unsigned char)*p); p++)
			;
		if (!secret_name(s, p))
			continue;
		o = p + ((p < e && (*p == '"' || *p == '\'')) ? 1 : 0);
		o += strspn(o, " \t");
		if (o >= e || (*o != '=' && *o != ':') || o[1] == *o)
			continue;
		o += o[1] == '=' || o[1] == '>' ? 2 : 1;
		o += strspn(o, " \t");
		if (o < e && literal(o, e))
			return "a value given to a name like KEY, TOKEN, "
			    "SECRET or PASSWORD";
	}
	return NULL;
}

static const char *
scan_line(const char *b, const char *e)
{
	const char *why;

	if ((why = scan_tokens(b, e)) != NULL || (why = scan_url(b, e)) !=
	    NULL || (why = scan_auth(b, e)) != NULL)
		return why;
	for (; b + 11 <= e; b++)
		if (memcmp(b, "-----BEGIN ", 11) == 0 &&
		    memmem(b, (size_t)(e - b), "PRIVATE KEY", 11) != NULL)
			return "a PEM private key block";
	return NULL;
}

char *
seed_secret_scan(const char *text, size_t len)
{
	char *s = xmalloc(len + 1), *b, *e, *end = s + len;
	const char *why = NULL;
	int line = 0;

	/* A NUL-terminated copy, NULs made blanks, to search line by line. */
	memcpy(s, text, len);
	s[len] = '\0';
	for (b = s; b < end; b++)
		if (*b == '\0')
			*b = ' ';
	for (b = s; why == NULL && b < end; b = e + 1) {
		line++;
		e = b + strcspn(b, "\n");
		if ((why = scan_line(b, e)) == NULL)
			why = scan_assign(b, e);
	}
	free(s);
	return why != NULL ? xasprintf("line %d looks like %s", line, why) :
	    NULL;
}
