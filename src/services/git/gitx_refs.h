/*
 * gitx: moving the refs a fetch writes, so that no commit the sandbox
 * served or a ref held is ever left unreachable (gitx_refplan.c plans,
 * gitx_refapply.c does it).  Private to services/git.
 *
 * Where things go, for sandbox NAME (docs/robustness.md has the layout):
 *   the remote's refspecs        refs/remotes/sandbox-NAME/B and
 *                                refs/sandboxes/NAME/B (sbx's, for branches)
 *   every other advertised ref   refs/code-airlock/served/NAME/HEAD,
 *                                refs/code-airlock/served/NAME/refs/tags/T...
 *   a tip a move or removal      refs/code-airlock/replaced/NAME/B/<12 hex>
 *     would orphan
 *   a tip no readable name can   refs/code-airlock/kept/NAME/<40 hex>, a
 *     hold (a name conflict)     namespace of ids alone: nothing there can
 *                                conflict with anything
 */
#ifndef AIRLOCK_GITX_REFS_H
#define AIRLOCK_GITX_REFS_H

#include <stddef.h>

#include <git2.h>

#include "base/strvec.h"
#include "services/git/gitx_refns.h"

/* A ref to write (a want) or one already there (a have). */
enum rp_state {
	RP_WRITE,		/* want: move or create it */
	RP_SAME,		/* want: already at its commit */
	RP_DIVERT,		/* want: its name conflicts; keep it by id */
	RP_CANCEL,		/* keeping the old tip failed: do not move */
	RP_DUP,			/* want: listed twice, at the same commit */
	RP_STAY,		/* have: untouched */
	RP_BLOCKER		/* have: stale, in the way of a want */
};

struct rp_ref {
	char		*name;
	char		*label;		/* what the sandbox calls it: "main" */
	git_oid		 oid;		/* want: new; have: current */
	git_oid		 old;		/* want: the current value */
	int		 had;		/* want: the ref exists */
	int		 keep;		/* its old value needs keeping */
	enum rp_state	 state;
	char		*blocks;	/* have: the want it is in the way of */
};

struct gitx_fetch_result;

struct refplan {
	git_repository		*repo;
	const char		*box;		/* NAME */
	struct rp_ref		*w;		/* wants, sorted by name */
	size_t			 nw;
	struct rp_ref		*e;		/* haves, sorted by name */
	size_t			 ne;
	struct strvec		 ns;		/* namespaces written */
	char			*rprefix;	/* refs/remotes/REMOTE/ */
	struct gitx_fetch_result *res;
};

/*
 * Plan the refs for what res lists as advertised (heads and others),
 * through remote's fetch refspecs: wants, the haves they replace or find
 * in their way, and which old tips need keeping.  0 or -1 with *cause.
 */
int	gitx_refplan(struct refplan *, git_remote *remote, char **cause);
/*
 * Do it: keep first, then remove what is in the way, then move.  Fills
 * res (up, kept, removed, diverted, lost).  0, or -1 with *cause when a
 * tip could not be kept anywhere (res->lost names each).
 */
int	gitx_refapply(struct refplan *, char **cause);
void	gitx_refplan_clear(struct refplan *);

/* The ref named name among the n sorted refs of v, or NULL. */
struct rp_ref *rp_find(struct rp_ref *v, size_t n, const char *name);
/*
 * The commits the host holds on refs that outlive sbx rm (rest: every ref
 * outside the namespaces) or on an advertised branch, into held.
 */
struct gitx_oidset;
void	gitx_refplan_held(const struct refplan *, const git_oid *rest,
	    size_t nrest, struct gitx_oidset *held);
/* Mark the wants and haves whose old tip needs keeping. */
void	gitx_refplan_keeps(struct refplan *, git_oid *rest, size_t nrest);

/*
 * Keep oid under refs/code-airlock/replaced/BOX/LABEL/<12 hex> (all 40
 * when that name holds another commit), or under refs/code-airlock/kept/
 * BOX/<40 hex> when the readable name cannot be made.  0 with *ref (a new
 * string), or -1 with *why.  byid skips the readable name.
 */
int	gitx_keep_ref(git_repository *, const char *box, const char *label,
	    const git_oid *oid, int byid, char **ref, char **why);

/* "main" for refs/sandboxes/NAME/main under remote's refspecs. */
char	*gitx_ref_label(git_remote *, const char *box, const char *ref);

#endif
