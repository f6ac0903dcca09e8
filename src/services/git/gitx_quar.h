/*
 * gitx: a fetch's quarantine (gitx_quar.c), its connectivity check
 * (gitx_connect.c) and the graph of the commits it brought, which the
 * count of new commits reads (gitx_count.c).  Private to services/git.
 */
#ifndef AIRLOCK_GITX_QUAR_H
#define AIRLOCK_GITX_QUAR_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "base/strvec.h"
#include "gitx_raw.h"

struct gitx_quar {
	char		*objdir;	/* the repository's objects, absolute */
	char		*dir;		/* the quarantine repository */
	git_repository	*repo;		/* opened on dir */
	struct strvec	 keeps;		/* .keep files this fetch made */
};

/*
 * Create the quarantine of repo, offering haves (n ids) to the
 * negotiation; sweeps what dead fetches left first.  0, or -1 with
 * *cause (close it all the same).
 */
int	gitx_quar_open(git_repository *repo, const git_oid *haves, size_t n,
	    struct gitx_quar *, char **cause);
/* Move the checked packs in, each held by a .keep.  0 or -1. */
int	gitx_quar_migrate(struct gitx_quar *, char **cause);
/* The refs point at the packs now: drop the .keep files. */
void	gitx_quar_release(struct gitx_quar *);
/* Remove the quarantine (and any .keep left). */
void	gitx_quar_close(struct gitx_quar *);
/* Quarantines and .keep files of fetches whose process is gone. */
void	gitx_quar_sweep(const char *objdir);

/*
 * The objects of every pack in packdir (ids in pack order into *out, a
 * new array of *n), each added to seen with its type ORed with what
 * flags_of(id, type, arg) says.  base resolves the base of a thin pack's
 * delta.  0, or -1 when a pack cannot be read.
 */
int	gitx_pack_scan(const char *packdir, git_odb *base,
	    struct gitx_oidset *seen, git_oid **out, size_t *n,
	    uint32_t flags_of(const git_oid *, int, void *), void *arg);

/*
 * The commits a fetch brought that the repository did not have: ids,
 * and for each its parents among them (indices, -1 for none further).
 */
struct gitx_newgraph {
	struct gitx_oidset	 index;		/* id -> position in ids */
	git_oid			*ids;
	size_t			*pfirst;	/* parents of i: pl[pfirst[i]..] */
	size_t			*pcount;
	size_t			*pl;
	size_t			 n, npl;
};
void	gitx_newgraph_clear(struct gitx_newgraph *);

/*
 * Check what the quarantine holds as git checks a fetch: every object it
 * brought parses, and every object one of them names (tree, parent, tree
 * entry, tag target) is there with the type it is named as, in the
 * quarantine or the repository; and each of the n tips is there.  Fills
 * g with the new commits.  0, or -1 with *cause naming the first fault.
 */
int	gitx_connect_check(git_repository *repo, struct gitx_quar *,
	    const git_oid *tips, size_t n, struct gitx_newgraph *g,
	    char **cause);

#endif
