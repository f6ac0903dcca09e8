/*
 * gitx: repository discovery and the small questions config asks.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "airlock/gitx.h"
#include "airlock/strvec.h"

void
gitx_global_init(void)
{
	static int done;

	if (!done) {
		git_libgit2_init();
		done = 1;
	}
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
	git_buf buf = { 0 };
	git_repository *repo = NULL;
	const char *wd;
	size_t len;
	int error, rc = -1;

	gitx_global_init();
	*top = NULL;
	error = git_repository_discover(&buf, dir, 0, NULL);
	if (error == GIT_ENOTFOUND)
		return 1;
	if (error < 0) {
		*cause = gitx_cause(dir);
		goto done;
	}
	if ((error = git_repository_open(&repo, buf.ptr)) < 0) {
		*cause = gitx_cause(buf.ptr);
		goto done;
	}
	if ((wd = git_repository_workdir(repo)) == NULL) {
		*cause = xasprintf("'%s' is a bare repository; "
		    "point --repo at a working tree", dir);
		goto done;
	}
	len = strlen(wd);
	while (len > 1 && wd[len - 1] == '/')
		len--;
	*top = xstrndup(wd, len);
	rc = 0;
done:
	git_repository_free(repo);
	git_buf_dispose(&buf);
	return rc;
}

int
gitx_path_tracked(const char *repo_dir, const char *relpath)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	int tracked = 0;

	gitx_global_init();
	if (git_repository_open(&repo, repo_dir) < 0)
		goto done;
	if (git_repository_index(&index, repo) < 0)
		goto done;
	tracked = git_index_get_bypath(index, relpath, 0) != NULL;
done:
	git_index_free(index);
	git_repository_free(repo);
	return tracked;
}
