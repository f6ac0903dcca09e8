/*
 * gitx: the objects of a fetched pack, in pack order, with their types,
 * read from the pack's own index and entry headers.  The connectivity
 * check (gitx_connect.c) must know the type of every object and read
 * every tree and commit: asking libgit2 object by object in id order
 * resolves each delta chain afresh (and inflates a delta to learn its
 * type), which cost more than the download itself.  In pack order a
 * delta's base comes first (an offset delta points backwards), so a
 * type is one table lookup and libgit2's delta base cache serves the
 * reads.  The indexer has checked the pack already; every read here is
 * bounds-checked all the same.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "base/strvec.h"
#include "gitx_quar.h"
#include "gitx_raw.h"

struct entry {
	uint64_t	off;
	git_oid		id;
};

struct map {
	const unsigned char	*p;
	size_t			 len;
};

static int
map_file(const char *path, struct map *m)
{
	struct stat st;
	void *p;
	int fd;

	memset(m, 0, sizeof(*m));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size < 32 ||
	    (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED) {
		close(fd);
		return -1;
	}
	close(fd);
	m->p = p;
	m->len = (size_t)st.st_size;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* A version 2 index: every id with its offset.  0 or -1. */
static int
read_idx(const struct map *m, struct entry **v, size_t *n)
{
	size_t i, cnt, ids, offs, large;
	uint32_t o;

	if (m->len < 8 + 1024 || memcmp(m->p, "\377tOc", 4) != 0 ||
	    be32(m->p + 4) != 2)
		return -1;
	cnt = be32(m->p + 8 + 255 * 4);
	ids = 8 + 1024;
	offs = ids + cnt * 20 + cnt * 4;
	large = offs + cnt * 4;
	if (cnt > m->len / 28 || large > m->len)
		return -1;
	*v = xcalloc(cnt + 1, sizeof(**v));
	for (i = 0; i < cnt; i++) {
		git_oid_fromraw(&(*v)[i].id, m->p + ids + i * 20);
		o = be32(m->p + offs + i * 4);
		if (!(o & 0x80000000u))
			(*v)[i].off = o;
		else if (large + (o & 0x7fffffffu) * 8 + 8 > m->len)
			return -1;
		else
			(*v)[i].off = (uint64_t)be32(m->p + large + (o &
			    0x7fffffffu) * 8) << 32 | be32(m->p + large +
			    (o & 0x7fffffffu) * 8 + 4);
	}
	*n = cnt;
	return 0;
}

static int
by_off(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * The type of the entry at off: its own, or its delta base's (already
 * known in pack order, or asked of base for a thin pack's base).
 */
static int
entry_type(const struct map *pk, const struct entry *v, size_t i,
    const int *types, const struct gitx_oidset *seen, git_odb *base)
{
	const unsigned char *p = pk->p + v[i].off, *end = pk->p + pk->len;
	uint64_t back = 0;
	git_object_t t;
	size_t len, lo = 0, hi = i, mid;
	const uint32_t *known;
	git_oid id;
	int type;

	if (p >= end)
		return -1;
	type = (*p >> 4) & 7;
	while ((*p & 0x80) && ++p < end)
		;
	if (++p > end)
		return -1;
	if (type >= 1 && type <= 4)
		return type;
	if (type == 7) {		/* REF_DELTA: the base by id */
		if (end - p < 20)
			return -1;
		git_oid_fromraw(&id, p);
		if ((known = gitx_oidset_get(seen, &id)) != NULL)
			return (int)(*known & 0xff);
		if (git_odb_read_header(&len, &t, base, &id) < 0)
			return -1;
		return (int)t;
	}
	if (type != 6 || p >= end)
		return -1;
	back = *p & 127;
	while ((*p & 0x80) && ++p < end)
		back = ((back + 1) << 7) | (*p & 127);
	if (back == 0 || back > v[i].off)
		return -1;
	while (lo < hi) {		/* the base, an earlier entry */
		mid = lo + (hi - lo) / 2;
		if (v[mid].off < v[i].off - back)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < i && v[lo].off == v[i].off - back ? types[lo] : -1;
}

/* One pack: its ids in pack order into out, their types into seen. */
static int
scan_pack(const char *base_path, git_odb *base, struct gitx_oidset *seen,
    git_oid **out, size_t *nout,
    uint32_t flags_of(const git_oid *, int, void *), void *arg)
{
	struct map idx, pk;
	struct entry *v = NULL;
	char *path;
	int *types = NULL, rc = -1, added;
	size_t i, n = 0;

	path = xasprintf("%s.idx", base_path);
	rc = map_file(path, &idx);
	free(path);
	if (rc < 0)
		return -1;
	path = xasprintf("%s.pack", base_path);
	rc = map_file(path, &pk);
	free(path);
	if (rc == 0 && (rc = read_idx(&idx, &v, &n)) == 0) {
		qsort(v, n, sizeof(*v), by_off);
		types = xcalloc(n + 1, sizeof(*types));
		*out = xrealloc(*out, (*nout + n + 1) * sizeof(**out));
		for (i = 0; i < n && rc == 0; i++) {
			if ((types[i] = entry_type(&pk, v, i, types, seen,
			    base)) < 0) {
				rc = -1;
				break;
			}
			gitx_oidset_put(seen, &v[i].id, (uint32_t)types[i] |
			    flags_of(&v[i].id, types[i], arg), &added);
			git_oid_cpy(&(*out)[(*nout)++], &v[i].id);
		}
	}
	free(types);
	free(v);
	if (pk.p != NULL)
		munmap((void *)pk.p, pk.len);
	munmap((void *)idx.p, idx.len);
	return rc;
}

int
gitx_pack_scan(const char *packdir, git_odb *base, struct gitx_oidset *seen,
    git_oid **out, size_t *n,
    uint32_t flags_of(const git_oid *, int, void *), void *arg)
{
	struct dirent *d;
	char *stem;
	size_t len;
	DIR *dir;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if ((dir = opendir(packdir)) == NULL)
		return -1;
	while (rc == 0 && (d = readdir(dir)) != NULL) {
		len = strlen(d->d_name);
		if (len < 6 || strcmp(d->d_name + len - 4, ".idx") != 0)
			continue;
		stem = xasprintf("%s/%.*s", packdir, (int)(len - 4),
		    d->d_name);
		rc = scan_pack(stem, base, seen, out, n, flags_of, arg);
		free(stem);
	}
	closedir(dir);
	return rc;
}
