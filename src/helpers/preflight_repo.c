/*
 * preflight: is this repository fit to be the source of a clone-mode
 * sandbox?  A git repository with a commit, not a linked worktree (sbx
 * mounts the top level, whose .git is only a pointer), not shallow (the
 * clone would lack history).  Each probe names the fix.
 */
#include <stdlib.h>

#include "helpers/preflight.h"
#include "services/git/gitx.h"
#include "base/spawn.h"
#include "base/strvec.h"

/* rc: 1 the problem (detail, hint), 0 fine (ok), -1 unreadable (why). */
static void
answer(struct probe *p, const char *name, int rc, char *why,
    const char *ok, char *detail, char *hint)
{
	*p = (struct probe)PROBE_INIT;
	p->name = name;
	if (rc == 0)
		p->detail = xstrdup(ok);
	else if (rc > 0) {
		p->level = PROBE_FAIL;
		p->detail = detail;
		p->hint = hint;
		detail = hint = NULL;
	} else {
		p->level = PROBE_FAIL;
		p->detail = why != NULL ? why : xstrdup("cannot read the "
		    "repository");
		why = NULL;
	}
	free(why);
	free(detail);
	free(hint);
}

void
probe_repo(struct probe *p, const char *dir, int found)
{
	char *q = proc_quote(dir);

	answer(p, "repo", !found, NULL, dir, xasprintf("'%s' is not a git "
	    "repository", dir), xasprintf("clone mode needs one with a "
	    "commit: run 'git -C %s init' and commit, or pass --repo DIR",
	    q));
	free(q);
}

void
probe_repo_commit(struct probe *p, const char *top)
{
	char *why = NULL, *q = proc_quote(top);
	int yes = gitx_has_commit(top, &why);

	answer(p, "repo-commit", yes < 0 ? -1 : !yes, why, "has a commit",
	    xasprintf("'%s' has no commits yet", top), xasprintf("clone mode "
	    "needs one: run 'git -C %s commit --allow-empty -m \"Initial "
	    "commit\"'", q));
	free(q);
}

void
probe_repo_shallow(struct probe *p, const char *top)
{
	char *why = NULL, *q = proc_quote(top);
	int yes = gitx_is_shallow(top, &why);

	answer(p, "repo-shallow", yes, why, "not shallow", xasprintf("'%s' is "
	    "a shallow clone, which clone mode cannot copy", top), xasprintf(
	    "fetch the whole history first: 'git -C %s fetch --unshallow'",
	    q));
	free(q);
}

void
probe_repo_worktree(struct probe *p, const char *top)
{
	char *why = NULL, *main_dir = NULL;
	int yes = gitx_is_linked_worktree(top, &main_dir, &why);

	answer(p, "repo-worktree", yes, why, "not a linked worktree",
	    xasprintf("'%s' is a linked git worktree, which clone mode does "
	    "not support", top), main_dir != NULL ? xasprintf("run from the "
	    "main worktree '%s' (or pass --repo '%s')", main_dir, main_dir) :
	    xstrdup("run from the main worktree"));
	free(main_dir);
}

enum preflight_repo
preflight_repo(const char *dir, int found, char **cause)
{
	static const enum preflight_repo what[] = {
		PREFLIGHT_REPO_NONE, PREFLIGHT_REPO_EMPTY,
		PREFLIGHT_REPO_WORKTREE, PREFLIGHT_REPO_SHALLOW
	};
	struct probe p = PROBE_INIT;
	enum preflight_repo rc = PREFLIGHT_REPO_OK;
	int i;

	for (i = 0; i < 4 && rc == PREFLIGHT_REPO_OK; i++) {
		switch (i) {
		case 0: probe_repo(&p, dir, found); break;
		case 1: probe_repo_commit(&p, dir); break;
		case 2: probe_repo_worktree(&p, dir); break;
		default: probe_repo_shallow(&p, dir); break;
		}
		if (p.level != PROBE_OK) {
			/* A probe that could not read says so, no fix. */
			rc = p.hint != NULL ? what[i] : PREFLIGHT_REPO_ERROR;
			*cause = probe_message(&p);
		}
		probe_clear(&p);
	}
	return rc;
}
