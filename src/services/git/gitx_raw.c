/*
 * gitx: commits, trees and tags parsed from their bytes as git parses
 * them (gitx_raw.h says why), and a set of object ids.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/strvec.h"
#include "gitx_raw.h"

/* ---- commits --------------------------------------------------------- */

/* "WORD <40 hex>\n" at *p: 0 and past it, else -1. */
static int
id_line(const char **p, const char *end, const char *word, git_oid *id)
{
	size_t wl = strlen(word);

	if ((size_t)(end - *p) < wl + GIT_OID_HEXSZ + 1 ||
	    memcmp(*p, word, wl) != 0 || (*p)[wl + GIT_OID_HEXSZ] != '\n' ||
	    git_oid_fromstrn(id, *p + wl, GIT_OID_HEXSZ) < 0) {
		git_error_clear();
		return -1;
	}
	*p += wl + GIT_OID_HEXSZ + 1;
	return 0;
}

static char *
trimmed(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/*
 * Seconds and a zone after the '>' of a signature.  git reads digits and
 * shows 1970 for what it cannot hold; so does this, and nothing beyond
 * year 9999 is kept, so that no sum with the offset can overflow.
 */
static void
sig_date(const char *s, const char *e, long long *time, int *offset)
{
	long long t = 0;
	int tz = 0, i;
	char sign;

	*time = 0;
	*offset = 0;
	while (s < e && *s == ' ')
		s++;
	if (s == e || !isdigit((unsigned char)*s))
		return;
	for (; s < e && isdigit((unsigned char)*s); s++) {
		if (t > GITX_TIME_MAX)
			return;
		t = t * 10 + (*s - '0');
	}
	if (t > GITX_TIME_MAX)
		return;
	*time = t;
	while (s < e && *s == ' ')
		s++;
	if (e - s < 5 || (*s != '+' && *s != '-'))
		return;
	sign = *s++;
	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[i]))
			return;
		tz = tz * 10 + (s[i] - '0');
	}
	if (tz % 100 > 59)
		return;
	*offset = (tz / 100) * 60 + tz % 100;
	if (sign == '-')
		*offset = -*offset;
}

/* "Name <email> time tz" between s and e; never fails. */
static void
parse_sig(const char *s, const char *e, struct gitx_rawsig *sig)
{
	const char *lt = NULL, *gt = NULL, *q;

	/* The last '<' and '>', as libgit2 reads them, when in order. */
	for (q = s; q < e; q++) {
		if (*q == '<')
			lt = q;
		else if (*q == '>')
			gt = q;
	}
	if (lt == NULL || gt == NULL || gt < lt) {
		sig->name = trimmed(s, e);
		sig->email = xstrdup("");
		sig->time = 0;
		sig->offset = 0;
		return;
	}
	sig->name = trimmed(s, lt);
	sig->email = trimmed(lt + 1, gt);
	sig_date(gt + 1, e, &sig->time, &sig->offset);
}

/* The first paragraph, whitespace runs with a newline as one space. */
static char *
summary(const char *msg, const char *end)
{
	struct strbuf { char *p; size_t n; } b = { xmalloc((size_t)(end -
	    msg) + 1), 0 };
	const char *space = NULL, *m, *next;
	int nl = 0;

	while (msg < end && *msg == '\n')
		msg++;
	for (m = msg; m < end && *m != '\0'; m++) {
		if (*m == '\n') {
			if (m + 1 == end || m[1] == '\n')
				break;
			for (next = m + 1; next < end && *next != '\n' &&
			    isspace((unsigned char)*next); next++)
				;
			if (next == end || *next == '\n')
				break;
		}
		if (isspace((unsigned char)*m)) {
			if (space == NULL) {
				space = m;
				nl = 0;
			}
			nl |= *m == '\n';
			continue;
		}
		if (space != NULL) {
			if (nl)
				b.p[b.n++] = ' ';
			else {
				memcpy(b.p + b.n, space, (size_t)(m - space));
				b.n += (size_t)(m - space);
			}
			space = NULL;
		}
		b.p[b.n++] = *m;
	}
	b.p[b.n] = '\0';
	return b.p;
}

/* The header lines after the parents: author, committer, the message. */
static void
parse_rest(const char *p, const char *end, int want_text,
    struct gitx_rawcommit *c)
{
	struct gitx_rawsig committer;
	const char *eol;

	while (p < end && *p != '\n') {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (want_text && c->author.name == NULL &&
		    eol - p >= 7 && memcmp(p, "author ", 7) == 0)
			parse_sig(p + 7, eol, &c->author);
		else if (eol - p >= 10 && memcmp(p, "committer ", 10) == 0 &&
		    c->ctime == 0) {
			parse_sig(p + 10, eol, &committer);
			c->ctime = committer.time;
			free(committer.name);
			free(committer.email);
		}
		p = eol < end ? eol + 1 : end;
	}
	if (!want_text)
		return;
	if (c->author.name == NULL) {
		c->author.name = xstrdup("");
		c->author.email = xstrdup("");
	}
	c->subject = summary(p < end ? p + 1 : end, end);
}

int
gitx_raw_parse_commit(const char *buf, size_t len, int want_text,
    struct gitx_rawcommit *c, const char **why)
{
	const char *p = buf, *end = buf + len;
	git_oid id;

	memset(c, 0, sizeof(*c));
	if (id_line(&p, end, "tree ", &c->tree) < 0) {
		*why = "bad tree line";
		return -1;
	}
	while (p < end && *p == 'p') {
		if (id_line(&p, end, "parent ", &id) < 0) {
			*why = "bad parent line";
			gitx_rawcommit_clear(c);
			return -1;
		}
		c->parents = xrealloc(c->parents, (c->nparents + 1) *
		    sizeof(*c->parents));
		git_oid_cpy(&c->parents[c->nparents++], &id);
	}
	parse_rest(p, end, want_text, c);
	return 0;
}

int
gitx_raw_commit(git_odb *odb, const git_oid *id, int want_text,
    struct gitx_rawcommit *c)
{
	git_odb_object *o = NULL;
	const char *why;
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = git_odb_read(&o, odb, id)) < 0)
		return rc == GIT_ENOTFOUND ? GIT_ENOTFOUND : -1;
	rc = -1;
	if (git_odb_object_type(o) == GIT_OBJECT_COMMIT)
		rc = gitx_raw_parse_commit(git_odb_object_data(o),
		    git_odb_object_size(o), want_text, c, &why);
	git_odb_object_free(o);
	return rc;
}

void
gitx_rawcommit_clear(struct gitx_rawcommit *c)
{
	free(c->parents);
	free(c->author.name);
	free(c->author.email);
	free(c->subject);
	memset(c, 0, sizeof(*c));
}

/* ---- what libgit2 would refuse ------------------------------------- */

/* A decimal int64 as libgit2 reads one: blanks, a sign, digits. */
static int
lg2_number(const char *s, const char *e)
{
	unsigned long long n = 0, lim = 9223372036854775807ULL;
	int digits = 0;

	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\f' || *s == '\v'))
		s++;
	if (s < e && (*s == '-' || *s == '+'))
		lim += *s++ == '-';
	for (; s < e && isdigit((unsigned char)*s); s++, digits++) {
		if (n > (lim - (unsigned)(*s - '0')) / 10)
			return 0;
		n = n * 10 + (unsigned)(*s - '0');
	}
	return digits > 0;
}

/* One "HEADER ... <email> time zone" line as libgit2 requires it. */
static int
lg2_sig(const char **p, const char *end, const char *header)
{
	const char *eol, *lt = NULL, *gt = NULL, *q;
	size_t hl = strlen(header);

	if ((eol = memchr(*p, '\n', (size_t)(end - *p))) == NULL ||
	    *p + hl >= eol || memcmp(*p, header, hl) != 0)
		return 0;
	for (q = *p + hl; q < eol; q++) {
		if (*q == '<')
			lt = q;
		else if (*q == '>')
			gt = q;
	}
	if (lt == NULL || gt == NULL || gt <= lt ||
	    (gt + 2 < eol && !lg2_number(gt + 2, eol)))
		return 0;
	*p = eol + 1;
	return 1;
}

int
gitx_raw_libgit2_reads(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	git_oid id;

	if (len < 46)
		return 0;
	p += 46;
	while (id_line(&p, end, "parent ", &id) == 0)
		;
	while ((size_t)(end - p) >= 7 && memcmp(p, "author ", 7) == 0)
		if (!lg2_sig(&p, end, "author "))
			return 0;
	return lg2_sig(&p, end, "committer ");
}

long long
gitx_raw_ctime(const char *buf, size_t len)
{
	struct gitx_rawcommit c;
	const char *why;
	long long t = 0;

	if (gitx_raw_parse_commit(buf, len, 0, &c, &why) == 0)
		t = c.ctime;
	gitx_rawcommit_clear(&c);
	return t;
}

/* ---- trees and tags -------------------------------------------------- */

int
gitx_raw_tree_next(const char *buf, size_t len, size_t *pos,
    unsigned *mode, git_oid *id)
{
	const char *p = buf + *pos, *end = buf + len, *nul;
	unsigned m = 0;

	if (p == end)
		return 1;
	for (; p < end && *p >= '0' && *p <= '7'; p++) {
		if (m > 0777777)
			return -1;
		m = m * 8 + (unsigned)(*p - '0');
	}
	if (p == end || *p != ' ' || p == buf + *pos)
		return -1;
	p++;
	if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL || nul == p ||
	    (size_t)(end - nul - 1) < GIT_OID_RAWSZ)
		return -1;
	git_oid_fromraw(id, (const unsigned char *)nul + 1);
	*mode = m;
	*pos = (size_t)(nul + 1 + GIT_OID_RAWSZ - buf);
	return 0;
}

int
gitx_raw_tag_target(const char *buf, size_t len, git_oid *id,
    git_object_t *type)
{
	const char *p = buf, *end = buf + len, *eol;

	if (id_line(&p, end, "object ", id) < 0 || end - p < 5 ||
	    memcmp(p, "type ", 5) != 0 ||
	    (eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return -1;
	p += 5;
	*type = GIT_OBJECT_INVALID;
	if (eol - p == 6 && memcmp(p, "commit", 6) == 0)
		*type = GIT_OBJECT_COMMIT;
	else if (eol - p == 4 && memcmp(p, "tree", 4) == 0)
		*type = GIT_OBJECT_TREE;
	else if (eol - p == 4 && memcmp(p, "blob", 4) == 0)
		*type = GIT_OBJECT_BLOB;
	else if (eol - p == 3 && memcmp(p, "tag", 3) == 0)
		*type = GIT_OBJECT_TAG;
	return *type == GIT_OBJECT_INVALID ? -1 : 0;
}

int
gitx_raw_peel(git_odb *odb, const git_oid *oid, git_oid *commit)
{
	git_odb_object *o = NULL;
	git_object_t type;
	git_oid cur = *oid;
	int depth, rc = -1;
	size_t len;

	/* git gives up on tag chains too; five levels is plenty. */
	for (depth = 0; depth < 5; depth++) {
		/* A header tells a commit without inflating it. */
		if (git_odb_read_header(&len, &type, odb, &cur) < 0)
			break;
		if (type == GIT_OBJECT_COMMIT) {
			git_oid_cpy(commit, &cur);
			rc = 0;
			break;
		}
		if (type != GIT_OBJECT_TAG || git_odb_read(&o, odb, &cur) < 0 ||
		    gitx_raw_tag_target(git_odb_object_data(o),
		    git_odb_object_size(o), &cur, &type) < 0)
			break;
		git_odb_object_free(o);
		o = NULL;
	}
	git_odb_object_free(o);
	git_error_clear();
	return rc;
}
