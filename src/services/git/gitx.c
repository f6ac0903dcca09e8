/*
 * gitx: repository discovery and the small questions config asks.  The
 * discovery is read from the file system first (gitx_fsfind.c); libgit2
 * walks only where that is unsure.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"

void
gitx_global_init(void)
{
	static int done;

	if (!done) {
		git_libgit2_init();
		/*
		 * libgit2 hashes every object again when it reads one; git
		 * does not.  What a fetch brings is still checked: the
		 * indexer hashes each object of the pack as it writes it.
		 * Re-hashing on read doubled the cost of the review summary,
		 * which reads every new blob.
		 */
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
		done = 1;
	}
}

void
gitx_libgit2_version(int *major, int *minor, int *rev)
{
	git_libgit2_version(major, minor, rev);
}

int
gitx_merge_in_progress(struct git_repository *repo)
{
	return git_repository_state(repo) == GIT_REPOSITORY_STATE_MERGE;
}

static char *
gitx_cause(const char *what)
{
	const git_error *e = git_error_last();

	return xasprintf("%s: %s", what, e && e->message ? e->message :
	    "unknown libgit2 error");
}

int
gitx_discover_toplevel(const char *dir, char **top, char **cause)
{
	git_repository *repo = NULL;
	const char *wd;
	size_t len;
	int error, rc;

	if ((rc = gitx_fs_toplevel(dir, top)) != GITX_UNSURE)
		return rc;
	gitx_global_init();
	*top = NULL;
	/*
	 * Search and open in one: opening the git directory discovery
	 * names would lose the `.git` file that led there, and with it the
	 * working tree of a repository made with --separate-git-dir.
	 */
	error = git_repository_open_ext(&repo, dir, 0, NULL);
	if (error == GIT_ENOTFOUND)
		return GITX_ENOTFOUND;
	rc = -1;
	if (error < 0)
		*cause = gitx_cause(dir);
	else if ((wd = git_repository_workdir(repo)) == NULL)
		*cause = xasprintf("'%s' is a bare repository; "
		    "point --repo at a working tree", dir);
	else {
		len = strlen(wd);
		while (len > 1 && wd[len - 1] == '/')
			len--;
		*top = xstrndup(wd, len);
		rc = 0;
	}
	git_repository_free(repo);
	return rc;
}
