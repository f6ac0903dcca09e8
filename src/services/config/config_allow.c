/*
 * The network allowlist (ALLOW, used by 'lockdown').  Entries are host,
 * *.host, host:port, an IPv4 or IPv6 address (IPv6 with a port in
 * brackets) or a CIDR block.  Anything that looks like a URL, a path or a
 * list in another syntax is refused with the fix, because sbx would either
 * reject it later or, worse, allow something other than what was meant.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services/config/config.h"
#include "config_int.h"
#include "base/strvec.h"

/* 1 when s is an IPv4 (af 4) or IPv6 (af 6) address. */
static int
is_ip(const char *s, int af)
{
	unsigned char buf[16];

	return inet_pton(af == 4 ? AF_INET : AF_INET6, s, buf) == 1;
}

static const char *
check_cidr(const char *e, const char *slash)
{
	char *addr = xstrndup(e, (size_t)(slash - e));
	const char *p = slash + 1;
	int af, max;

	af = is_ip(addr, 4) ? 4 : is_ip(addr, 6) ? 6 : 0;
	free(addr);
	if (af == 0)
		return "remove the path";
	max = af == 4 ? 32 : 128;
	if (*p == '\0' || strlen(p) > 3 || strspn(p, "0123456789") !=
	    strlen(p) || atoi(p) > max)
		return "the CIDR prefix length must be 0-32 for IPv4 or "
		    "0-128 for IPv6";
	return NULL;
}

static const char *
check_port(const char *p)
{
	if (*p == '\0' || strlen(p) > 5 || strspn(p, "0123456789") !=
	    strlen(p) || atoi(p) < 1 || atoi(p) > 65535)
		return "the port must be a number from 1 to 65535";
	return NULL;
}

static const char *
check_host(const char *h, size_t len)
{
	char *host = xstrndup(h, len), *s = host, *label, *save = NULL;
	const char *why = NULL;

	if (strncmp(s, "*.", 2) == 0)
		s += 2;
	if (strchr(s, '*') != NULL)
		why = "'*' is only allowed as a leading '*.'";
	else if (*s == '\0' || len > 253)
		why = "expected host, *.host, host:port, IP address or CIDR";
	else if (strspn(s, "0123456789.") == strlen(s)) {
		if (!is_ip(s, 4) || s != host)
			why = "not a valid IPv4 address";
	} else if (s[strlen(s) - 1] == '.' || strstr(s, "..") != NULL ||
	    *s == '.')
		why = "not a valid host name";
	for (label = strtok_r(s, ".", &save); why == NULL &&
	    label != NULL; label = strtok_r(NULL, ".", &save))
		if (strlen(label) > 63 || *label == '-' ||
		    label[strlen(label) - 1] == '-' || strspn(label,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-_") != strlen(label))
			why = "not a valid host name";
	free(host);
	return why;
}

/* Why one allowlist entry is bad, or NULL. */
static const char *
check_allow_entry(const char *e)
{
	const char *p;

	if (strpbrk(e, " \t") != NULL)
		return "remove the space";
	if (strstr(e, "://") != NULL)
		return "remove the scheme";
	if (strchr(e, ';') != NULL)
		return "separate entries with ',' not ';'";
	if (strcmp(e, "*") == 0)
		return "a bare '*' would allow every host; name the hosts";
	if ((p = strchr(e, '/')) != NULL)
		return check_cidr(e, p);
	if (*e == '[') {
		char *addr;
		int ok;

		if ((p = strchr(e, ']')) == NULL)
			return "expected [IPv6 address] or [IPv6 address]:port";
		addr = xstrndup(e + 1, (size_t)(p - e - 1));
		ok = is_ip(addr, 6);
		free(addr);
		if (!ok)
			return "not a valid IPv6 address";
		if (p[1] == '\0')
			return NULL;
		return p[1] == ':' ? check_port(p + 2) :
		    "expected [IPv6 address] or [IPv6 address]:port";
	}
	if (is_ip(e, 6))
		return NULL;
	if ((p = strchr(e, ':')) != NULL) {
		if (strchr(p + 1, ':') != NULL)
			return "not a valid IPv6 address";
		if (check_port(p + 1) != NULL)
			return check_port(p + 1);
		return check_host(e, (size_t)(p - e));
	}
	return check_host(e, strlen(e));
}

int
cfg_check_allow(const char *list, char **cause)
{
	const char *s = list, *e, *why;
	char *entry;

	if (cfg_has_ctl(list)) {
		*cause = xstrdup("ALLOW contains a control character; "
		    "remove it");
		return -1;
	}
	if (*list == '\0') {
		*cause = xstrdup("ALLOW is empty; list at least one host");
		return -1;
	}
	for (;;) {
		e = s + strcspn(s, ",");
		entry = xstrndup(s, (size_t)(e - s));
		if (*entry == '\0') {
			*cause = xstrdup("empty ALLOW entry; remove the extra "
			    "comma");
			free(entry);
			return -1;
		}
		if ((why = check_allow_entry(entry)) != NULL) {
			*cause = xasprintf("invalid ALLOW entry '%s': %s",
			    entry, why);
			free(entry);
			return -1;
		}
		free(entry);
		if (*e == '\0')
			return 0;
		s = e + 1;
	}
}

/* 1 when ip (text) lies in the CIDR block or equals the address e. */
static int
ip_in(const char *ip, const char *e, size_t elen)
{
	unsigned char a[16], b[16];
	char *net = xstrndup(e, elen), *slash = strchr(net, '/');
	int af, bits, full, i, ok = 0;

	if (slash != NULL)
		*slash++ = '\0';
	af = strchr(net, ':') != NULL ? AF_INET6 : AF_INET;
	full = af == AF_INET6 ? 128 : 32;
	bits = slash != NULL ? atoi(slash) : full;
	if (bits < 0 || bits > full || inet_pton(af, net, b) != 1 ||
	    inet_pton(af, ip, a) != 1)
		goto done;
	for (i = 0; i < bits / 8; i++)
		if (a[i] != b[i])
			goto done;
	ok = bits % 8 == 0 || ((a[i] ^ b[i]) & (0xff00 >> (bits % 8))) == 0;
done:
	free(net);
	return ok;
}

/* Does one entry (host, *.host, host:port, address, CIDR) cover it? */
static int
entry_covers(const char *e, size_t len, const char *host, unsigned port)
{
	const char *colon = NULL, *p;
	size_t hlen = strlen(host), n;
	unsigned want = 0;

	if (len == 2 && strncmp(e, "**", 2) == 0)
		return 1;
	if (*e == '[' && (p = memchr(e, ']', len)) != NULL) {
		if ((size_t)(p - e) + 1 < len && p[1] == ':')
			want = (unsigned)atoi(p + 2);
		return (want == 0 || want == port) &&
		    ip_in(host, e + 1, (size_t)(p - e - 1));
	}
	for (p = e, n = 0; p < e + len; p++)
		n += *p == ':';
	if (memchr(e, '/', len) != NULL || n > 1)
		return ip_in(host, e, len);	/* CIDR or bare IPv6 */
	if ((colon = memchr(e, ':', len)) != NULL) {
		want = (unsigned)atoi(colon + 1);
		len = (size_t)(colon - e);
	}
	if (want != 0 && want != port)
		return 0;
	if (len > 3 && strncmp(e, "**.", 3) == 0) {
		n = len - 3;
		return hlen > n + 1 && host[hlen - n - 1] == '.' &&
		    strncasecmp(host + hlen - n, e + 3, n) == 0;
	}
	if (len > 2 && strncmp(e, "*.", 2) == 0) {
		/* One label in front, as the narrower reading of sbx's rule. */
		n = len - 2;
		return hlen > n + 1 && host[hlen - n - 1] == '.' &&
		    strncasecmp(host + hlen - n, e + 2, n) == 0 &&
		    memchr(host, '.', hlen - n - 1) == NULL;
	}
	return hlen == len && strncasecmp(host, e, len) == 0;
}

int
cfg_allow_covers(const char *allow, const char *host, unsigned port)
{
	const char *s = allow, *e;

	if (allow == NULL || host == NULL || *host == '\0')
		return 0;
	for (;;) {
		e = s + strcspn(s, ",");
		if (e > s && entry_covers(s, (size_t)(e - s), host, port))
			return 1;
		if (*e == '\0')
			return 0;
		s = e + 1;
	}
}
