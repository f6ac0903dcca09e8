/*
 * gitx: the repository checks clone mode needs before sbx is called.  A
 * source with no commit, a shallow clone or a linked worktree makes
 * `sbx run --clone` fail late and confusingly, so `up` and `doctor` ask
 * these first.  Each takes the working-tree top level, and asks libgit2
 * only when the files alone cannot tell (gitx_fscheck.c).
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

int
gitx_has_commit(const char *dir, char **cause)
{
	git_repository *repo;
	git_oid oid;
	int rc;

	if ((rc = gitx_fs_has_commit(dir)) != GITX_UNSURE)
		return rc;
	if (gitx_open(dir, &repo, cause) < 0)
		return -1;
	/* An unborn branch, or a HEAD that names no commit, has nothing. */
	rc = git_repository_head_unborn(repo) == 1 ? 0 :
	    gitx_peel(repo, "HEAD", &oid) == 0;
	gitx_close(repo);
	return rc;
}

int
gitx_is_shallow(const char *dir, char **cause)
{
	git_repository *repo;
	int rc;

	if ((rc = gitx_fs_is_shallow(dir)) != GITX_UNSURE)
		return rc;
	if (gitx_open(dir, &repo, cause) < 0)
		return -1;
	if ((rc = git_repository_is_shallow(repo)) < 0)
		*cause = gitx_err("cannot tell whether '%s' is shallow", dir);
	gitx_close(repo);
	return rc < 0 ? -1 : rc;
}

/* The main worktree of a linked one: the common dir without "/.git". */
static char *
main_worktree(git_repository *repo)
{
	const char *common = git_repository_commondir(repo);
	size_t len;
	char *dir;

	if (common == NULL)
		return NULL;
	dir = xstrdup(common);
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	if (len > 5 && strcmp(dir + len - 5, "/.git") == 0)
		dir[len - 5] = '\0';
	return dir;
}

int
gitx_is_linked_worktree(const char *dir, char **main_dir, char **cause)
{
	git_repository *repo;
	char *found = NULL;
	int rc;

	if (main_dir != NULL)
		*main_dir = NULL;
	if ((rc = gitx_fs_is_linked_worktree(dir, &found)) != GITX_UNSURE) {
		if (main_dir != NULL)
			*main_dir = found;
		else
			free(found);
		return rc;
	}
	if (gitx_open(dir, &repo, cause) < 0)
		return -1;
	rc = git_repository_is_worktree(repo);
	if (rc == 1 && main_dir != NULL)
		*main_dir = main_worktree(repo);
	gitx_close(repo);
	return rc == 1;
}
