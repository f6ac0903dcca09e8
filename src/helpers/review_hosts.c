/*
 * Network endpoints in the lines an agent added: the host of every URL
 * (scheme://[user[:password]@]host[:port]), and host names standing where
 * only a host stands -- a whole quoted string ("evil.example.net"), a
 * host:port, the host of an scp-style git@host:path.  A bare word with
 * dots is too often a file or a member access to count, so those need a
 * top-level domain that is not also a common file extension.
 *
 * Hosts that ALLOW covers (cfg_allow_covers(), the allowlist lockdown
 * gives the sandbox) are not reported, nor names that never leave the
 * machine or are reserved for examples.  A URL carrying a password is also
 * a possible secret.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "helpers/review_risk.h"
#include "services/config/config.h"
#include "review_scan.h"

#define HOST_MAX	253

static const char *const tlds[] = {
	"com", "net", "org", "io", "dev", "app", "ai", "co", "cloud", "xyz",
	"ru", "cn", "info", "biz", "top", "site", "online", "onion", "ly",
	"gg", "su", "tk", "pw", "uk", "de", "fr", "jp", "eu", "nl", "ch",
	"br", "au", "ca", "us", "tv", "me", NULL
};

/* Loopback, unspecified and the names RFC 2606 and 6761 reserve. */
static int
reserved(const char *h)
{
	static const char *const names[] = { "localhost", "example.com",
	    "example.net", "example.org", "w3.org", NULL };
	static const char *const suffixes[] = { ".localhost", ".example",
	    ".test", ".invalid", ".example.com", ".example.net",
	    ".example.org", ".w3.org", NULL };
	size_t len = strlen(h), n;
	const char *const *p;

	for (p = names; *p != NULL; p++)
		if (strcasecmp(h, *p) == 0)
			return 1;
	for (p = suffixes; *p != NULL; p++) {
		n = strlen(*p);
		if (len > n && strcasecmp(h + len - n, *p) == 0)
			return 1;
	}
	return strncmp(h, "127.", 4) == 0 || strcmp(h, "0.0.0.0") == 0 ||
	    strcmp(h, "::1") == 0 || strcmp(h, "::") == 0;
}

static int
is_ip(const char *h)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, h, buf) == 1 ||
	    inet_pton(AF_INET6, h, buf) == 1;
}

/* A dotted name of valid labels; with tld_only, a known top-level one. */
static int
host_name(const char *h, size_t n, int tld_only)
{
	const char *last = NULL, *const *t;
	size_t i, label = 0;

	if (n == 0 || n > HOST_MAX || h[0] == '.' || h[0] == '-' ||
	    h[n - 1] == '.' || h[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		if (h[i] == '.') {
			if (label == 0)
				return 0;
			label = 0;
			last = h + i + 1;
		} else if ((risk_ctype[(unsigned char)h[i]] & T_ALNUM) ||
		    h[i] == '-') {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	if (last == NULL)
		return 0;
	if (!tld_only)
		return 1;
	for (t = tlds; *t != NULL; t++)
		if ((size_t)(h + n - last) == strlen(*t) &&
		    strncmp(last, *t, strlen(*t)) == 0)
			return 1;
	return 0;
}

static void
report(const char *h, size_t n, unsigned port, int explicit_port,
    size_t lineno, const char *allow, struct risk_finds *out)
{
	char host[HOST_MAX + 1], shown[HOST_MAX + 16];

	if (n == 0 || n > HOST_MAX)
		return;
	memcpy(host, h, n);
	host[n] = '\0';
	if (reserved(host) || cfg_allow_covers(allow, host, port))
		return;
	if (explicit_port)
		snprintf(shown, sizeof(shown), strchr(host, ':') != NULL ?
		    "[%s]:%u" : "%s:%u", host, port);
	else
		snprintf(shown, sizeof(shown), "%s", host);
	risk_finds_add(out, lineno, NULL, shown);
}

static unsigned
scheme_port(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		unsigned	 port;
	} ports[] = { { "http", 80 }, { "https", 443 }, { "ws", 80 },
	    { "wss", 443 }, { "ftp", 21 }, { "ssh", 22 }, { "sftp", 22 },
	    { "git", 9418 } };
	size_t i;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (n == strlen(ports[i].name) &&
		    strncasecmp(s, ports[i].name, n) == 0)
			return ports[i].port;
	return 0;
}

/* Bytes at the start of s (n bytes) that are not in reject. */
static size_t
cspan(const char *s, size_t n, const char *reject)
{
	size_t i = 0;

	while (i < n && strchr(reject, s[i]) == NULL)
		i++;
	return i;
}

/* Digits of a port at s (up to len): the number, or 0. */
static unsigned
port_at(const char *s, size_t len, size_t *used)
{
	unsigned p = 0;
	size_t i = 0;

	while (i < len && i < 6 && s[i] >= '0' && s[i] <= '9')
		p = p * 10 + (unsigned)(s[i++] - '0');
	*used = i;
	return i > 0 && i <= 5 && p > 0 && p < 65536 ? p : 0;
}

/*
 * The host of the authority s[a..end): [IPv6], a name or an IPv4 address.
 * 0 with its start, length and what follows it, or -1 when it is none.
 */
static int
url_host(const char *s, size_t a, size_t end, size_t *h, size_t *hn,
    const char **after)
{
	const char *p;
	char ip[64];

	if (a < end && s[a] == '[') {
		p = memchr(s + a, ']', end - a);
		if (p == NULL || (size_t)(p - (s + a)) > sizeof(ip))
			return -1;
		*h = a + 1;
		*hn = (size_t)(p - (s + *h));
		*after = p + 1;
	} else {
		*h = a;
		*hn = cspan(s + a, end - a, ":");
		*after = s + a + *hn;
		if (host_name(s + a, *hn, 0))
			return 0;
		if (*hn >= sizeof(ip) || *hn == 0)
			return -1;
	}
	memcpy(ip, s + *h, *hn);
	ip[*hn] = '\0';
	return is_ip(ip) ? 0 : -1;
}

/* The URL whose "://" is at s[at]; returns where scanning goes on. */
size_t
risk_url(const char *s, size_t len, size_t at, size_t lineno, const char *allow,
    struct risk_finds *out, struct risk_finds *secrets)
{
	size_t sc = at, a = at + 3, end, h, hn, used = 0;
	const char *at_sign = NULL, *p;
	unsigned port, given;

	while (sc > 0 && (risk_ctype[(unsigned char)s[sc - 1]] & T_ALNUM ||
	    s[sc - 1] == '+' || s[sc - 1] == '.' || s[sc - 1] == '-'))
		sc--;
	if (at - sc < 2 || (at - sc == 4 && strncasecmp(s + sc, "file", 4) ==
	    0))
		return a;
	if (a > len)
		return len;
	end = a + cspan(s + a, len - a, "/?#\"'`<> \t\\()|{}^,;");
	for (p = s + a; p < s + end; p++)
		if (*p == '@')
			at_sign = p;
	if (at_sign != NULL) {
		p = memchr(s + a, ':', (size_t)(at_sign - (s + a)));
		if (p != NULL && p + 1 < at_sign && memchr(s + a, '$',
		    (size_t)(at_sign - (s + a))) == NULL)
			risk_finds_add(secrets, lineno, "password in a URL",
			    NULL);
		a = (size_t)(at_sign - s) + 1;
	}
	port = scheme_port(s + sc, at - sc);
	if (url_host(s, a, end, &h, &hn, &p) < 0)
		return end;
	if (p < s + end && *p == ':') {
		/* A port that is not a number ($PORT): the host still counts. */
		given = port_at(p + 1, (size_t)(s + end - p - 1), &used);
		port = given != 0 ? given : port;
		used = given != 0;
	}
	report(s + h, hn, port, used > 0, lineno, allow, out);
	return end;
}

/*
 * A run of host characters (start..end) with a dot: report it when it
 * stands where only a host stands.
 */
void
risk_bare(const char *s, size_t len, size_t start, size_t end, size_t lineno,
    const char *allow, struct risk_finds *out)
{
	size_t n = end - start, used = 0;
	unsigned port = 0;
	char before = start > 0 ? s[start - 1] : ' ';
	char after = end < len ? s[end] : ' ';
	char ip[16];

	if (after == ':' && end + 1 < len) {
		port = port_at(s + end + 1, len - end - 1, &used);
		if (end + 1 + used < len && (risk_ctype[(unsigned char)
		    s[end + 1 + used]] & T_ALNUM))
			port = 0;	/* "name:80abc" is no port */
	}
	if (port != 0) {
		if (n < sizeof(ip)) {
			memcpy(ip, s + start, n);
			ip[n] = '\0';
		} else
			ip[0] = '\0';
		if (is_ip(ip) || host_name(s + start, n, 1))
			report(s + start, n, port, 1, lineno, allow, out);
		return;
	}
	if (!host_name(s + start, n, 1))
		return;
	if ((before == '"' || before == '\'' || before == '`') &&
	    after == before)
		report(s + start, n, 0, 0, lineno, allow, out);
	else if (before == '@' && after == ':')
		report(s + start, n, 22, 0, lineno, allow, out);
}
