/*
 * gitx: up's three questions about a repository (has it a commit, is it
 * shallow, is it a linked worktree) answered from its files, as
 * gitx_fs.c explains; each gives GITX_UNSURE where only libgit2 can
 * tell.  The answers match libgit2's (tests/unit/test_gitx_fs.c compares them
 * on every shape of repository).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_fs.h"

/* 1 when s is a full object id followed by nothing but a newline. */
static int
is_oid(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == GITX_HEXSZ && (s[n] == '\0' || strcmp(s + n, "\n") == 0) &&
	    strspn(s, "0") != GITX_HEXSZ;
}

/* Is ref in common/packed-refs?  1, 0, or GITX_UNSURE. */
static int
packed(const char *common, const char *ref)
{
	char *path = fs_join(common, "packed-refs"), *text = NULL, *line;
	char *next;
	size_t len = strlen(ref);
	struct stat sb;
	int rc = 0;

	if (stat(path, &sb) < 0)
		rc = errno == ENOENT || errno == ENOTDIR ? 0 : GITX_UNSURE;
	else if ((text = fs_slurp(path, 256u << 20)) == NULL)
		rc = GITX_UNSURE;
	free(path);
	for (line = text; text != NULL && line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strlen(line) == GITX_HEXSZ + 1 + len &&
		    line[GITX_HEXSZ] == ' ' &&
		    strcmp(line + GITX_HEXSZ + 1, ref) == 0) {
			line[GITX_HEXSZ] = '\0';
			rc = is_oid(line) ? 1 : GITX_UNSURE;
			break;
		}
	}
	free(text);
	return rc;
}

/*
 * Follow HEAD to an object id: 1 when it names one, 0 on an unborn branch,
 * GITX_UNSURE for anything but a branch under refs/heads/ or an id.  The
 * object itself is not read: a branch naming a missing commit is a broken
 * repository, which cloning it reports.
 */
static int
head_resolves(const struct fs_repo *r)
{
	char *path = fs_join(r->gitdir, "HEAD"), *text, *nl;
	const char *ref, *branch;
	struct stat sb;
	int depth, loose, rc = GITX_UNSURE;

	text = fs_slurp(path, 4096);
	free(path);
	for (depth = 0; text != NULL && depth < 5; depth++) {
		if (is_oid(text)) {
			rc = 1;
			break;
		}
		if (!skip_prefix(text, "ref: ", &ref) ||
		    !skip_prefix(ref, GITX_HEADS, &branch))
			break;
		if ((nl = strchr(text, '\n')) != NULL && nl[1] != '\0')
			break;
		text[strcspn(text, "\n")] = '\0';
		if (!gitx_branch_name_valid(branch))
			break;
		/* Branches live in the common directory. */
		path = fs_join(r->common, ref);
		loose = stat(path, &sb) == 0;
		if (!loose && errno != ENOENT && errno != ENOTDIR) {
			free(path);
			break;
		}
		if (!loose || S_ISDIR(sb.st_mode)) {
			/* No loose ref: packed, or an unborn branch. */
			rc = packed(r->common, ref);
			free(path);
			break;
		}
		free(text);
		text = S_ISREG(sb.st_mode) ? fs_slurp(path, 4096) : NULL;
		free(path);
	}
	free(text);
	return rc;
}

int
gitx_fs_has_commit(const char *top)
{
	struct fs_repo r;
	int rc;

	if (fs_repo_of_top(top, &r) != 1)
		return GITX_UNSURE;
	rc = head_resolves(&r);
	fs_repo_clear(&r);
	return rc;
}

int
gitx_fs_is_shallow(const char *top)
{
	struct fs_repo r;
	struct stat sb;
	char *path;
	int rc;

	if (fs_repo_of_top(top, &r) != 1)
		return GITX_UNSURE;
	/* libgit2 looks in the git directory, lstat, empty is not shallow. */
	path = fs_join(r.gitdir, "shallow");
	if (lstat(path, &sb) == 0)
		rc = sb.st_size > 0;
	else
		rc = errno == ENOENT ? 0 : GITX_UNSURE;
	free(path);
	fs_repo_clear(&r);
	return rc;
}

int
gitx_fs_is_linked_worktree(const char *top, char **main_dir)
{
	struct fs_repo r;
	char *real = NULL, *link;
	struct stat sb;
	size_t len;
	int rc = GITX_UNSURE;

	*main_dir = NULL;
	if (fs_repo_of_top(top, &r) != 1)
		return GITX_UNSURE;
	link = fs_join(r.gitdir, "gitdir");
	if (!r.commondir)
		rc = 0;
	else if ((real = realpath(r.gitdir, NULL)) != NULL &&
	    strcmp(real, r.common) != 0 && stat(link, &sb) == 0) {
		/* The main worktree: the common directory less "/.git". */
		rc = 1;
		len = strlen(r.common);
		if (len > 5 && strcmp(r.common + len - 5, "/.git") == 0)
			len -= 5;
		*main_dir = xstrndup(r.common, len);
	}
	free(link);
	free(real);
	fs_repo_clear(&r);
	return rc;
}
