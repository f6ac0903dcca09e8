/*
 * The ref namespaces code-airlock reads and writes, each named once.  sbx
 * adds the remote sandbox-NAME with two fetch refspecs:
 *
 *	refs/remotes/sandbox-NAME/B	the remote's copy of branch B
 *	refs/sandboxes/NAME/B		the kept copy, which survives sbx rm
 *
 * and code-airlock adds its own under refs/code-airlock/ and
 * refs/remotes/code-airlock/.  Pure string work: no libgit2 here.
 */
#ifndef AIRLOCK_GITX_REFNS_H
#define AIRLOCK_GITX_REFNS_H

#define GITX_HEADS	"refs/heads/"

/*
 * Where fetch keeps what the sandbox served (gitx_refs.h has the layout):
 * every advertised ref no refspec writes, tips kept before a move, and
 * tips no readable name can hold, each followed by NAME/.
 */
#define GITX_SERVED	"refs/code-airlock/served/"
#define GITX_REPLACED	"refs/code-airlock/replaced/"
#define GITX_KEPT	"refs/code-airlock/kept/"

/* "sandbox-NAME": the remote sbx adds for sandbox NAME (new string). */
char		*gitx_remote_of(const char *box);
/* NAME of the remote "sandbox-NAME", or NULL for any other remote. */
const char	*gitx_box_of(const char *remote);

/* Prefixes, with their trailing '/' (new strings). */
char	*gitx_ns_remote(const char *remote);	/* refs/remotes/REMOTE/ */
char	*gitx_ns_kept(const char *box);		/* refs/sandboxes/NAME/ */
char	*gitx_ns_replaced(const char *box);	/* refs/code-airlock/replaced/NAME/ */
char	*gitx_ns_served(const char *box);	/* refs/code-airlock/served/NAME/ */
char	*gitx_ns_byid(const char *box);		/* refs/code-airlock/kept/NAME/ */

/* Where a submodule's fetched bundle HEAD goes: refs/remotes/code-airlock/NAME. */
char	*gitx_ref_submodule(const char *box);

/* The branch of "refs/heads/B" (B), or ref itself when it is not one. */
const char	*gitx_branch_of(const char *ref);

#endif
