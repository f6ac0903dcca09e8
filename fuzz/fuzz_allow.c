/*
 * Fuzz the ALLOW validator.  Whatever it accepts goes to
 * `sbx policy allow network` verbatim, so each accepted entry must be a
 * host, *.host, host:port, an IP address or a CIDR block: never empty,
 * never a URL, a path, a blank, a ';' list, a control byte or a bare '*'.
 * Rejections must come with a one-line cause.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "services/config/config.h"
#include "base/strvec.h"
#include "fuzz.h"

/* "ADDR/LEN" with ADDR an IP address and LEN its prefix length. */
static int
is_cidr(const char *e, const char *slash)
{
	unsigned char buf[16];
	char addr[64];
	size_t n = (size_t)(slash - e);
	const char *p = slash + 1;
	int af;

	if (n == 0 || n >= sizeof(addr) || *p == '\0' ||
	    strspn(p, "0123456789") != strlen(p) || strlen(p) > 3)
		return 0;
	memcpy(addr, e, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, buf) == 1)
		af = 32;
	else if (inet_pton(AF_INET6, addr, buf) == 1)
		af = 128;
	else
		return 0;
	return atoi(p) <= af;
}

static void
check_entry(const char *e, const char *list)
{
	const char *s, *star;

	if (*e == '\0')
		fuzz_fail("accepted an empty entry in [%s]", list);
	for (s = e; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f || *s == ';')
			fuzz_fail("accepted entry [%s] holds byte 0x%02x", e,
			    (unsigned char)*s);
	if (strstr(e, "://") != NULL)
		fuzz_fail("accepted entry [%s] has a scheme", e);
	if ((s = strchr(e, '/')) != NULL && !is_cidr(e, s))
		fuzz_fail("accepted entry [%s] has a path", e);
	if ((star = strchr(e, '*')) != NULL && (star != e || e[1] != '.' ||
	    strchr(star + 1, '*') != NULL))
		fuzz_fail("accepted entry [%s] has a '*' other than a leading "
		    "'*.'", e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *list = fuzz_cstr(data, size), *cause = NULL, *dup;
	const char *p, *e;

	if (cfg_check_allow(list, &cause) < 0) {
		if (cause == NULL || *cause == '\0')
			fuzz_fail("rejected [%s] without a cause", list);
		if (strchr(cause, '\n') != NULL)
			fuzz_fail("cause spans lines: [%s]", cause);
		free(cause);
		free(list);
		return 0;
	}
	if (cause != NULL)
		fuzz_fail("accepted [%s] but set a cause", list);
	for (p = list;; p = e + 1) {
		e = p + strcspn(p, ",");
		dup = xstrndup(p, (size_t)(e - p));
		check_entry(dup, list);
		free(dup);
		if (*e == '\0')
			break;
	}
	free(list);
	return 0;
}
