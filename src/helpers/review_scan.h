/*
 * What review_scan.c and review_hosts.c share, and nothing else.
 */
#ifndef AIRLOCK_REVIEW_SCAN_H
#define AIRLOCK_REVIEW_SCAN_H

#include <stddef.h>

#define T_ALNUM	0x01
#define T_TOK	0x02	/* [A-Za-z0-9_.-]: inside a token or host */
#define T_B64	0x04	/* base64 and URL-safe base64 */
#define T_DOT	0x08	/* '.' */
#define T_MARK	0x10	/* ':' and '=': a URL or an assignment may follow */
#define T_FIRST	0x20	/* first character of a token format, or '-' */

/* Character classes, filled by risk_ctype_init(). */
extern unsigned char risk_ctype[256];
void	risk_ctype_init(void);

struct risk_finds;
/* Keep a finding (host: a copy is kept; the same host once per file). */
void	risk_finds_add(struct risk_finds *, size_t line, const char *kind,
	    const char *host);

/* review_hosts.c: the URL whose "://" is at s[at] (returns where the
 * scan goes on), and a run of host characters with a dot. */
size_t	risk_url(const char *s, size_t len, size_t at, size_t lineno,
	    const char *allow, struct risk_finds *hosts,
	    struct risk_finds *secrets);
void	risk_bare(const char *s, size_t len, size_t start, size_t end,
	    size_t lineno, const char *allow, struct risk_finds *hosts);

#endif
