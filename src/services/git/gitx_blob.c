/*
 * gitx: reading one blob within bounds, and the lines a change adds.  The
 * size comes from the object header, so measuring a blob costs nothing
 * whatever its size; the content is read only up to the caller's bound,
 * and the binary test looks at a bounded prefix (gitx_pack.c reads one
 * without inflating the rest).  A 1.5 GB blob that compresses to a few
 * megabytes on the wire must not cost 1.5 GB of memory here.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

static int
read_header(git_repository *repo, const git_oid *oid,
    unsigned long long *size, char **cause)
{
	git_object_t type;
	git_odb *odb = NULL;
	size_t len;
	int error;

	if ((error = git_repository_odb(&odb, repo)) == 0)
		error = git_odb_read_header(&len, &type, odb, oid);
	git_odb_free(odb);
	if (error < 0) {
		*cause = gitx_err("cannot read object %.12s", git_oid_tostr_s(
		    oid));
		return -1;
	}
	if (type != GIT_OBJECT_BLOB) {
		*cause = xasprintf("object %.12s is not a blob",
		    git_oid_tostr_s(oid));
		return -1;
	}
	*size = len;
	return 0;
}

/* Git's rule (buffer_is_binary): a NUL byte in the first 8000 bytes. */
int
gitx_is_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < GITX_SNIFF_BYTES ? len :
	    GITX_SNIFF_BYTES) != NULL;
}

/* Binary or not from a bounded prefix: 1, 0, or -1 when none is at hand. */
static int
sniff(git_repository *repo, const char *hex, char **cause)
{
	char buf[GITX_SNIFF_BYTES];
	size_t got = 0;
	int rc;

	rc = gitx_blob_prefix(repo, hex, buf, sizeof(buf), &got, cause);
	if (rc == GITX_UNSURE)
		return -1;
	if (rc < 0)
		return -2;
	return gitx_is_binary(buf, got);
}

int
gitx_blob_open(git_repository *repo, const char *hex, size_t max,
    struct gitx_blob *b, char **cause)
{
	git_blob *blob = NULL;
	git_oid oid;
	int bin;

	memset(b, 0, sizeof(*b));
	b->binary = -1;
	if (git_oid_fromstr(&oid, hex) < 0) {
		*cause = xasprintf("'%s' is not an object id", hex);
		return -1;
	}
	if (read_header(repo, &oid, &b->size, cause) < 0)
		return -1;
	if (b->size > max) {
		if ((bin = sniff(repo, hex, cause)) < -1)
			return -1;
		b->binary = bin;
		return 0;
	}
	if (git_blob_lookup(&blob, repo, &oid) < 0) {
		*cause = gitx_err("cannot read blob %.12s", hex);
		return -1;
	}
	b->priv = blob;
	b->data = git_blob_rawcontent(blob);
	b->len = (size_t)git_blob_rawsize(blob);
	b->binary = gitx_is_binary(b->data, b->len);
	return 0;
}

void
gitx_blob_clear(struct gitx_blob *b)
{
	git_blob_free(b->priv);
	memset(b, 0, sizeof(*b));
}

struct lines {
	gitx_line_fn	 fn;
	void		*arg;
	int		 stop;
};

static int
on_line(const git_diff_delta *d, const git_diff_hunk *h,
    const git_diff_line *l, void *payload)
{
	struct lines *ls = payload;
	size_t len = l->content_len;

	(void)d;
	(void)h;
	/* libgit2 finishes the hunk before it sees the stop. */
	if (ls->stop)
		return 1;
	if (l->origin != GIT_DIFF_LINE_ADDITION || l->new_lineno < 0)
		return 0;
	if (len > 0 && l->content[len - 1] == '\n')
		len--;
	if ((ls->stop = ls->fn(l->content, len, (size_t)l->new_lineno,
	    ls->arg)) != 0)
		return 1;	/* stops the diff; not an error */
	return 0;
}

int
gitx_added_lines(const struct gitx_blob *old, const struct gitx_blob *new,
    gitx_line_fn fn, void *arg, char **cause)
{
	struct lines ls = { fn, arg, 0 };
	git_diff_options opts;
	int error;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.flags = GIT_DIFF_FORCE_TEXT;
	error = git_diff_buffers(old->data, old->len, NULL, new->data,
	    new->len, NULL, &opts, NULL, NULL, NULL, on_line, &ls);
	if (error < 0 && !ls.stop) {
		*cause = gitx_err("cannot compare two versions of a file");
		return -1;
	}
	git_error_clear();
	return 0;
}
