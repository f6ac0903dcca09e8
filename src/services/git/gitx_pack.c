/*
 * gitx: the first bytes of a blob without the rest.  libgit2 can stream a
 * loose object but reads a packed one whole, and a fetch leaves every
 * object packed; a 1.5 GB blob of zeros arrives as under 2 MB of pack and
 * would be inflated into 1.5 GB of memory just to look at its start.  So
 * for a pack entry that is stored whole (not as a delta), this finds it
 * through the pack's .idx (version 2) and inflates only as much as asked.
 * Git itself never deltifies blobs over core.bigFileThreshold, so that is
 * how large blobs arrive; anything else is GITX_UNSURE and the caller
 * decides.  Every offset read from the files is checked against their
 * sizes before use.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <zlib.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

#define IDX_HEAD	8		/* magic and version */
#define IDX_FANOUT	(256 * 4)
#define OBJ_BLOB	3

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	while (len > 0) {
		if ((n = pread(fd, buf, len, (off_t)off)) <= 0)
			return -1;
		buf = (char *)buf + n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Offset of the object in the pack: 0 and *off, or 1 when not there. */
static int
idx_lookup(int fd, uint64_t fsize, const unsigned char *id, uint64_t *off)
{
	unsigned char head[IDX_HEAD], b[8], name[GIT_OID_RAWSZ];
	uint32_t lo = 0, hi, n, mid, o;
	int c;

	if (fsize < IDX_HEAD + IDX_FANOUT || pread_all(fd, head, IDX_HEAD,
	    0) < 0 || memcmp(head, "\377tOc\0\0\0\2", IDX_HEAD) != 0)
		return 1;
	if (pread_all(fd, b, 4, IDX_HEAD + 255 * 4) < 0)
		return 1;
	n = be32(b);
	if ((uint64_t)n * (GIT_OID_RAWSZ + 8) + IDX_HEAD + IDX_FANOUT > fsize)
		return 1;
	if (id[0] > 0 && pread_all(fd, b, 4, IDX_HEAD + (id[0] - 1) * 4) == 0)
		lo = be32(b);
	if (pread_all(fd, b, 4, IDX_HEAD + id[0] * 4) < 0)
		return 1;
	hi = be32(b);
	if (hi > n || lo > hi)
		return 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pread_all(fd, name, sizeof(name), IDX_HEAD + IDX_FANOUT +
		    (uint64_t)mid * GIT_OID_RAWSZ) < 0)
			return 1;
		if ((c = memcmp(id, name, sizeof(name))) == 0)
			break;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo >= hi)
		return 1;
	if (pread_all(fd, b, 4, IDX_HEAD + IDX_FANOUT + (uint64_t)n *
	    (GIT_OID_RAWSZ + 4) + (uint64_t)mid * 4) < 0)
		return 1;
	o = be32(b);
	if (!(o & 0x80000000u)) {
		*off = o;
		return 0;
	}
	if (pread_all(fd, b, 8, IDX_HEAD + IDX_FANOUT + (uint64_t)n *
	    (GIT_OID_RAWSZ + 8) + (uint64_t)(o & 0x7fffffffu) * 8) < 0)
		return 1;
	*off = (uint64_t)be32(b) << 32 | be32(b + 4);
	return 0;
}

/* Inflate the start of a whole (not deltified) blob entry at off. */
static int
entry_prefix(int fd, uint64_t fsize, uint64_t off, char *buf, size_t cap,
    size_t *got)
{
	unsigned char in[16384];
	z_stream z;
	size_t i = 1, n;
	int zr, rc = GITX_UNSURE;

	if (off + sizeof(in) > fsize)
		n = off < fsize ? (size_t)(fsize - off) : 0;
	else
		n = sizeof(in);
	if (n < 2 || pread_all(fd, in, n, off) < 0)
		return GITX_UNSURE;
	if (((in[0] >> 4) & 7) != OBJ_BLOB)
		return GITX_UNSURE;
	while (i < n && i < 10 && (in[i - 1] & 0x80))
		i++;
	if (i >= n || (in[i - 1] & 0x80))
		return GITX_UNSURE;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return GITX_UNSURE;
	z.next_in = in + i;
	z.avail_in = (uInt)(n - i);
	z.next_out = (unsigned char *)buf;
	z.avail_out = (uInt)cap;
	off += n;
	for (;;) {
		zr = inflate(&z, Z_NO_FLUSH);
		if (z.avail_out == 0 || zr == Z_STREAM_END) {
			rc = 0;
			break;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			break;
		if (z.avail_in > 0 || off >= fsize)
			break;	/* no progress possible */
		n = fsize - off < sizeof(in) ? (size_t)(fsize - off) :
		    sizeof(in);
		if (pread_all(fd, in, n, off) < 0)
			break;
		off += n;
		z.next_in = in;
		z.avail_in = (uInt)n;
	}
	*got = cap - z.avail_out;
	inflateEnd(&z);
	return rc;
}

static int
open_sized(const char *path, uint64_t *size)
{
	struct stat sb;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -1;
	}
	*size = (uint64_t)sb.st_size;
	return fd;
}

/* Look for the object in one pack: 0 with the prefix, else GITX_UNSURE. */
static int
pack_prefix(const char *dir, const char *idx, const unsigned char *id,
    char *buf, size_t cap, size_t *got)
{
	char *path = xasprintf("%s/%s", dir, idx), *pack;
	uint64_t isize, psize, off;
	int ifd, pfd, rc = GITX_UNSURE;

	if ((ifd = open_sized(path, &isize)) < 0)
		goto done;
	if (idx_lookup(ifd, isize, id, &off) == 0) {
		pack = xasprintf("%.*s.pack", (int)(strlen(path) - 4), path);
		free(path);
		path = pack;
		if ((pfd = open_sized(path, &psize)) >= 0) {
			rc = entry_prefix(pfd, psize, off, buf, cap, got);
			close(pfd);
		}
	}
	close(ifd);
done:
	free(path);
	return rc;
}

static int
packed_prefix(git_repository *repo, const git_oid *oid, char *buf,
    size_t cap, size_t *got)
{
	char *dir = xasprintf("%sobjects/pack", git_repository_commondir(
	    repo));
	const char *name;
	struct dirent *de;
	DIR *d;
	size_t len;
	int rc = GITX_UNSURE;

	if ((d = opendir(dir)) != NULL) {
		while (rc == GITX_UNSURE && (de = readdir(d)) != NULL) {
			name = de->d_name;
			len = strlen(name);
			if (len > 4 && strcmp(name + len - 4, ".idx") == 0)
				rc = pack_prefix(dir, name, oid->id, buf, cap,
				    got);
		}
		closedir(d);
	}
	free(dir);
	return rc;
}

static int
loose_prefix(git_repository *repo, const git_oid *oid, char *buf,
    size_t cap, size_t *got)
{
	git_odb_stream *st = NULL;
	git_object_t type;
	git_odb *odb = NULL;
	size_t len;
	int n = 0, rc = GITX_UNSURE;

	if (git_repository_odb(&odb, repo) < 0)
		return GITX_UNSURE;
	if (git_odb_open_rstream(&st, &len, &type, odb, oid) == 0) {
		*got = 0;
		while (*got < cap && (n = git_odb_stream_read(st, buf + *got,
		    cap - *got)) > 0)
			*got += (size_t)n;
		rc = n >= 0 || *got == cap ? 0 : GITX_UNSURE;
		git_odb_stream_free(st);
	}
	git_odb_free(odb);
	git_error_clear();
	return rc;
}

int
gitx_blob_prefix(git_repository *repo, const char *hex, char *buf,
    size_t cap, size_t *got, char **cause)
{
	git_oid oid;

	*got = 0;
	if (git_oid_fromstr(&oid, hex) < 0) {
		*cause = xasprintf("'%s' is not an object id", hex);
		return -1;
	}
	if (loose_prefix(repo, &oid, buf, cap, got) == 0)
		return 0;
	*got = 0;
	return packed_prefix(repo, &oid, buf, cap, got);
}
