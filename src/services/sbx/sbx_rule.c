/*
 * sbx: the resources of network rules, as sbx matches them.  An exact host
 * matches itself only; "*.example.com" one more label ("api.example.com");
 * "**.example.com" any number of labels; "**" everything; "host:port" that
 * port only (a rule without a port matches every port); an IP address or
 * CIDR block the addresses in it.  These are facts about sbx's syntax; the
 * lockdown decides what to do with them, and `sbx policy check` has the
 * last word on every conclusion drawn here.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "services/sbx/sbx.h"

#define PROBE_LABEL	"code-airlock-check"

/* "host:port" (or "[v6]:port"): the port in *port, the host's length. */
static int
split_port(const char *s, size_t *hostlen, int *port)
{
	const char *c = strrchr(s, ':');
	char *end;
	long n;

	*port = 0;
	*hostlen = strlen(s);
	if (*s == '[') {
		const char *rb = strchr(s, ']');

		if (rb == NULL)
			return -1;
		if (rb[1] == '\0')
			return 0;
		if (rb[1] != ':')
			return -1;
		c = rb + 1;
	} else if (c == NULL || strchr(s, ':') != c)
		return 0;	/* no port, or a bare IPv6 address */
	n = strtol(c + 1, &end, 10);
	if (c[1] == '\0' || *end != '\0' || n < 1 || n > 65535)
		return -1;
	*port = (int)n;
	*hostlen = (size_t)(c - s);
	return 0;
}

/* An address or CIDR block (host already without port and brackets). */
static int
parse_net(const char *h, struct sbx_pat *p)
{
	char addr[64];
	const char *slash = strchr(h, '/');
	size_t n = slash ? (size_t)(slash - h) : strlen(h);
	int max;

	if (n >= sizeof(addr))
		return -1;
	memcpy(addr, h, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, p->addr) == 1)
		p->kind = SBX_PAT_NET4, max = 32;
	else if (inet_pton(AF_INET6, addr, p->addr) == 1)
		p->kind = SBX_PAT_NET6, max = 128;
	else
		return slash != NULL ? -1 : 1;	/* 1: a host name */
	p->prefix = max;
	if (slash != NULL) {
		if (slash[1] == '\0' || strspn(slash + 1, "0123456789") !=
		    strlen(slash + 1) || atoi(slash + 1) > max)
			return -1;
		p->prefix = atoi(slash + 1);
	}
	return 0;
}

int
sbx_pat_parse(const char *res, struct sbx_pat *p)
{
	char host[SBX_PAT_HOSTMAX];
	size_t n, i;
	int rc;

	memset(p, 0, sizeof(*p));
	if (strcmp(res, "**") == 0) {
		p->kind = SBX_PAT_ALL;
		return 0;
	}
	if (split_port(res, &n, &p->port) < 0 || n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, res, n);
	host[n] = '\0';
	if (host[0] == '[') {
		if (n < 3 || host[n - 1] != ']')
			return -1;
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
	}
	if ((rc = parse_net(host, p)) <= 0)
		return rc;
	for (i = 0; host[i] != '\0'; i++)
		host[i] = (char)tolower((unsigned char)host[i]);
	if (strcmp(host, "**") == 0)
		p->kind = SBX_PAT_ALL;
	else if (strncmp(host, "**.", 3) == 0 && host[3] != '\0')
		p->kind = SBX_PAT_ANY, strcpy(p->host, host + 3);
	else if (strncmp(host, "*.", 2) == 0 && host[2] != '\0')
		p->kind = SBX_PAT_ONE, strcpy(p->host, host + 2);
	else if (strchr(host, '*') == NULL)
		p->kind = SBX_PAT_EXACT, strcpy(p->host, host);
	else
		return -1;
	/* Host names only: anything else is no rule sbx would write. */
	return strspn(p->host, "abcdefghijklmnopqrstuvwxyz0123456789.-_") ==
	    strlen(p->host) ? 0 : -1;
}

/* Does h end with "." + s (at least one label before it)? */
static int
below(const char *h, const char *s)
{
	size_t hl = strlen(h), sl = strlen(s);

	return hl > sl + 1 && h[hl - sl - 1] == '.' && strcmp(h + hl - sl,
	    s) == 0;
}

/* Exactly one label before s? */
static int
one_below(const char *h, const char *s)
{
	size_t hl = strlen(h), sl = strlen(s);

	return below(h, s) && memchr(h, '.', hl - sl - 1) == NULL;
}

/* Is the block of b inside that of a (same family)? */
static int
net_in(const struct sbx_pat *a, const struct sbx_pat *b)
{
	int bits = a->prefix, i;
	unsigned char mask;

	if (a->kind != b->kind || b->prefix < a->prefix)
		return 0;
	for (i = 0; bits >= 8; i++, bits -= 8)
		if (a->addr[i] != b->addr[i])
			return 0;
	mask = (unsigned char)(0xff << (8 - bits));
	return bits == 0 || (a->addr[i] & mask) == (b->addr[i] & mask);
}

static int
is_net(const struct sbx_pat *p)
{
	return p->kind == SBX_PAT_NET4 || p->kind == SBX_PAT_NET6;
}

/* Host part only: does a match every host b matches? */
static int
host_covers(const struct sbx_pat *a, const struct sbx_pat *b)
{
	if (a->kind == SBX_PAT_ALL)
		return 1;
	if (b->kind == SBX_PAT_ALL)
		return 0;
	if (is_net(a) || is_net(b))
		return is_net(a) && net_in(a, b);
	switch (a->kind) {
	case SBX_PAT_EXACT:
		return b->kind == SBX_PAT_EXACT && !strcmp(a->host, b->host);
	case SBX_PAT_ONE:
		return (b->kind == SBX_PAT_EXACT && one_below(b->host,
		    a->host)) || (b->kind == SBX_PAT_ONE && !strcmp(a->host,
		    b->host));
	default:	/* SBX_PAT_ANY */
		return !strcmp(a->host, b->host) ? b->kind != SBX_PAT_EXACT :
		    below(b->host, a->host);
	}
}

int
sbx_pat_covers(const struct sbx_pat *a, const struct sbx_pat *b)
{
	if (a->port != 0 && a->port != b->port)
		return 0;
	return host_covers(a, b);
}

/* Host part only: is there a host both match? */
static int
host_overlaps(const struct sbx_pat *a, const struct sbx_pat *b)
{
	const struct sbx_pat *t;

	if (a->kind == SBX_PAT_ALL || b->kind == SBX_PAT_ALL)
		return 1;
	if (is_net(a) || is_net(b))
		return is_net(a) && is_net(b) && (net_in(a, b) ||
		    net_in(b, a));
	if (b->kind == SBX_PAT_EXACT)
		t = a, a = b, b = t;
	if (a->kind == SBX_PAT_EXACT)
		return host_covers(b, a);
	if (a->kind == SBX_PAT_ANY && b->kind == SBX_PAT_ONE)
		t = a, a = b, b = t;
	if (a->kind == SBX_PAT_ONE && b->kind == SBX_PAT_ONE)
		return !strcmp(a->host, b->host);
	if (a->kind == SBX_PAT_ONE)	/* b: ANY */
		return !strcmp(a->host, b->host) || below(a->host, b->host);
	return !strcmp(a->host, b->host) || below(a->host, b->host) ||
	    below(b->host, a->host);
}

int
sbx_pat_overlaps(const struct sbx_pat *a, const struct sbx_pat *b)
{
	if (a->port != 0 && b->port != 0 && a->port != b->port)
		return 0;
	return host_overlaps(a, b);
}

char *
sbx_pat_probe(const struct sbx_pat *p)
{
	char addr[INET6_ADDRSTRLEN], *host, *out;

	switch (p->kind) {
	case SBX_PAT_ALL:
		host = xstrdup("example.com");
		break;
	case SBX_PAT_ONE:
	case SBX_PAT_ANY:
		host = xasprintf(PROBE_LABEL ".%s", p->host);
		break;
	case SBX_PAT_NET4:
		inet_ntop(AF_INET, p->addr, addr, sizeof(addr));
		host = xstrdup(addr);
		break;
	case SBX_PAT_NET6:
		inet_ntop(AF_INET6, p->addr, addr, sizeof(addr));
		host = p->port ? xasprintf("[%s]", addr) : xstrdup(addr);
		break;
	default:
		host = xstrdup(p->host);
		break;
	}
	if (p->port == 0)
		return host;
	out = xasprintf("%s:%d", host, p->port);
	free(host);
	return out;
}
