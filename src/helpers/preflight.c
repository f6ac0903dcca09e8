/*
 * preflight: is this machine and this repository ready for a clone-mode
 * sandbox?  Answers only; `up` and `doctor` decide what to make of them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/git/gitx.h"
#include "helpers/preflight.h"
#include "base/spawn.h"
#include "base/strvec.h"

/* How to get each program; the sbx lines follow Docker's own guide. */
static const struct {
	const char	*name;
	const char	*what;
	const char	*how;
} tools[] = {
#if defined(__linux__)
	{ "sbx", "the Docker Sandboxes CLI",
	    "install it with 'curl -fsSL https://get.docker.com | sudo "
	    "REPO_ONLY=1 sh && sudo apt-get install docker-sbx' (or run "
	    "'code-airlock setup')" },
	{ "git", "git", "install it with 'sudo apt-get install git'" },
	{ "tmux", "tmux", "install it with 'sudo apt-get install tmux'" },
#else
	{ "sbx", "the Docker Sandboxes CLI",
	    "install it following Docker's official Docker Sandboxes guide "
	    "(or run 'code-airlock setup')" },
	{ "git", "git", "install it with 'xcode-select --install' or your "
	    "package manager" },
	{ "tmux", "tmux", "install it with 'brew install tmux' or your "
	    "package manager" },
#endif
};

int
preflight_tool(const char *name, char **path, char **cause)
{
	char *found;
	size_t i;

	if (path != NULL)
		*path = NULL;
	if ((found = proc_which(name)) != NULL) {
		if (path != NULL)
			*path = found;
		else
			free(found);
		return 0;
	}
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (strcmp(tools[i].name, name) == 0) {
			*cause = xasprintf("'%s' (%s) is not installed or not "
			    "on PATH; %s", name, tools[i].what, tools[i].how);
			return -1;
		}
	*cause = xasprintf("'%s' is not installed or not on PATH; install it",
	    name);
	return -1;
}

int
preflight_kvm(char **cause)
{
#if defined(__linux__)
	const char *dev = "/dev/kvm";

	if (access(dev, F_OK) < 0) {
		*cause = xasprintf("'%s' does not exist, so sbx cannot start "
		    "a microVM; enable virtualization (KVM) in the firmware "
		    "or the host's VM settings and load the kvm module", dev);
		return 1;
	}
	if (access(dev, R_OK | W_OK) < 0) {
		*cause = xasprintf("'%s' is not readable and writable by this "
		    "user (%s); add yourself to the kvm group with 'sudo "
		    "usermod -aG kvm $USER', then log in again (or run "
		    "'newgrp kvm')", dev, strerror(errno));
		return 1;
	}
#else
	(void)cause;
#endif
	return 0;
}

static enum preflight_repo
repo_worktree(const char *dir, char **cause)
{
	char *main_dir = NULL, *why = NULL;
	int rc;

	if ((rc = gitx_is_linked_worktree(dir, &main_dir, &why)) < 0) {
		*cause = why;
		return PREFLIGHT_REPO_ERROR;
	}
	if (rc == 0)
		return PREFLIGHT_REPO_OK;
	if (main_dir != NULL)
		*cause = xasprintf("'%s' is a linked git worktree, which clone "
		    "mode does not support; run from the main worktree '%s' "
		    "(or pass --repo '%s')", dir, main_dir, main_dir);
	else
		*cause = xasprintf("'%s' is a linked git worktree, which clone "
		    "mode does not support; run from the main worktree", dir);
	free(main_dir);
	return PREFLIGHT_REPO_WORKTREE;
}

enum preflight_repo
preflight_repo(const char *dir, int found, char **cause)
{
	char *why = NULL, *q;
	enum preflight_repo rc;
	int yes;

	q = proc_quote(dir);
	rc = PREFLIGHT_REPO_OK;
	if (!found) {
		*cause = xasprintf("'%s' is not a git repository; clone mode "
		    "needs one with a commit: run 'git -C %s init' and commit, "
		    "or pass --repo DIR", dir, q);
		rc = PREFLIGHT_REPO_NONE;
	} else if ((yes = gitx_has_commit(dir, &why)) != 1) {
		*cause = yes < 0 ? why : xasprintf("'%s' has no commits yet; "
		    "clone mode needs one: run 'git -C %s commit --allow-empty "
		    "-m \"Initial commit\"'", dir, q);
		rc = yes < 0 ? PREFLIGHT_REPO_ERROR : PREFLIGHT_REPO_EMPTY;
	} else if ((rc = repo_worktree(dir, cause)) != PREFLIGHT_REPO_OK)
		;
	else if ((yes = gitx_is_shallow(dir, &why)) != 0) {
		*cause = yes < 0 ? why : xasprintf("'%s' is a shallow clone, "
		    "which clone mode cannot copy; fetch the whole history "
		    "first: 'git -C %s fetch --unshallow'", dir, q);
		rc = yes < 0 ? PREFLIGHT_REPO_ERROR : PREFLIGHT_REPO_SHALLOW;
	}
	free(q);
	return rc;
}
