/*
 * gitx: a set of object ids with a small value each (gitx_raw.h), open
 * addressing over the ids' own first bytes: they are hashes already.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/strvec.h"
#include "gitx_raw.h"

static size_t
slot_of(const struct gitx_oidset *s, const git_oid *oid)
{
	size_t h;

	/* Object ids are hashes already: their first bytes spread well. */
	memcpy(&h, oid->id, sizeof(h));
	return h & (s->cap - 1);
}

static void
grow(struct gitx_oidset *s)
{
	struct gitx_oidset big = { NULL, NULL, NULL, 0, s->cap ? s->cap * 2 :
	    64 };
	size_t i, j;

	big.keys = xcalloc(big.cap, sizeof(*big.keys));
	big.vals = xcalloc(big.cap, sizeof(*big.vals));
	big.used = xcalloc(big.cap, 1);
	for (i = 0; i < s->cap; i++) {
		if (!s->used[i])
			continue;
		for (j = slot_of(&big, &s->keys[i]); big.used[j];
		    j = (j + 1) & (big.cap - 1))
			;
		big.used[j] = 1;
		big.keys[j] = s->keys[i];
		big.vals[j] = s->vals[i];
	}
	big.n = s->n;
	gitx_oidset_clear(s);
	*s = big;
}

uint32_t *
gitx_oidset_get(const struct gitx_oidset *s, const git_oid *oid)
{
	size_t i;

	if (s->cap == 0)
		return NULL;
	for (i = slot_of(s, oid); s->used[i]; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->keys[i], oid))
			return &s->vals[i];
	return NULL;
}

uint32_t *
gitx_oidset_put(struct gitx_oidset *s, const git_oid *oid, uint32_t val,
    int *added)
{
	uint32_t *v;
	size_t i;

	*added = 0;
	if ((v = gitx_oidset_get(s, oid)) != NULL)
		return v;
	/* At most half full, so that probes stay short. */
	if ((s->n + 1) * 2 > s->cap)
		grow(s);
	for (i = slot_of(s, oid); s->used[i]; i = (i + 1) & (s->cap - 1))
		;
	s->used[i] = 1;
	git_oid_cpy(&s->keys[i], oid);
	s->vals[i] = val;
	s->n++;
	*added = 1;
	return &s->vals[i];
}

void
gitx_oidset_clear(struct gitx_oidset *s)
{
	free(s->keys);
	free(s->vals);
	free(s->used);
	memset(s, 0, sizeof(*s));
}
