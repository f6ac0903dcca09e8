/*
 * The ref namespaces of gitx_refns.h: the one place that spells them.
 */
#include "base/strvec.h"
#include "services/git/gitx_refns.h"

#define SANDBOX_REMOTE	"sandbox-"

char *
gitx_remote_of(const char *box)
{
	return xasprintf(SANDBOX_REMOTE "%s", box);
}

const char *
gitx_box_of(const char *remote)
{
	const char *box;

	return skip_prefix(remote, SANDBOX_REMOTE, &box) ? box : NULL;
}

char *gitx_ns_remote(const char *remote)
{ return xasprintf("refs/remotes/%s/", remote); }
char *gitx_ns_kept(const char *box)
{ return xasprintf("refs/sandboxes/%s/", box); }
char *gitx_ns_replaced(const char *box)
{ return xasprintf(GITX_REPLACED "%s/", box); }
char *gitx_ns_served(const char *box)
{ return xasprintf(GITX_SERVED "%s/", box); }
char *gitx_ns_byid(const char *box)
{ return xasprintf(GITX_KEPT "%s/", box); }
char *gitx_ref_submodule(const char *box)
{ return xasprintf("refs/remotes/code-airlock/%s", box); }

const char *
gitx_branch_of(const char *ref)
{
	const char *b;

	return skip_prefix(ref, GITX_HEADS, &b) ? b : ref;
}
