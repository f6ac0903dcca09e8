/*
 * gitx: the facts the trust rule for a repo's own sandbox.conf rests on.
 * Whether git tracks or ignores a path, and whether the agent's commits
 * carry a file with given content.  Each answer that cannot be had for
 * sure (an index libgit2 cannot read, a history too long to walk) is an
 * error, never a "no": the caller must be able to tell doubt from a fact.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

int
gitx_path_state(const char *repo_dir, const char *relpath, char **cause)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	int ignored = 0, rc = -1;

	if (gitx_open(repo_dir, &repo, cause) < 0)
		return -1;
	/*
	 * libgit2 refuses an index with extensions it does not know (a
	 * split or sparse index): that proves nothing either way.
	 */
	if (git_repository_index(&index, repo) < 0 ||
	    git_index_read(index, 0) < 0) {
		*cause = gitx_err("cannot read git's index");
		goto done;
	}
	if (git_index_get_bypath(index, relpath, 0) != NULL) {
		rc = GITX_PATH_TRACKED;
		goto done;
	}
	if (git_ignore_path_is_ignored(&ignored, repo, relpath) < 0) {
		*cause = gitx_err("cannot read git's ignore rules");
		goto done;
	}
	rc = ignored ? GITX_PATH_IGNORED : GITX_PATH_UNTRACKED;
done:
	git_index_free(index);
	git_repository_free(repo);
	return rc;
}

/*
 * Where the agent's commits are: every copy the fetches made of them,
 * branches, tips kept before a move, and what else the sandbox served
 * (a tag, a detached HEAD) or a tip kept by its id.
 */
static const char *const agent_refs[] = {
	"refs/sandboxes/", "refs/remotes/sandbox-", GITX_REPLACED,
	GITX_SERVED, GITX_KEPT, NULL
};

static int
is_agent_ref(const char *name)
{
	size_t i;

	for (i = 0; agent_refs[i] != NULL; i++)
		if (strncmp(name, agent_refs[i], strlen(agent_refs[i])) == 0)
			return 1;
	return 0;
}

/* Push the commit of every agent ref; tags and trees are left out. */
static int
push_agent_refs(git_repository *repo, git_revwalk *walk)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_oid oid;
	int error;

	if ((error = git_reference_iterator_new(&it, repo)) < 0)
		return error;
	while ((error = git_reference_next(&ref, it)) == 0) {
		if (is_agent_ref(git_reference_name(ref)) &&
		    gitx_peel(repo, git_reference_name(ref), &oid) == 0)
			error = git_revwalk_push(walk, &oid);
		git_reference_free(ref);
		if (error < 0)
			break;
	}
	git_reference_iterator_free(it);
	git_error_clear();
	return error == GIT_ITEROVER ? 0 : error;
}

/* 1 when commit's tree holds relpath as exactly blob, else 0. */
static int
carries(git_repository *repo, const git_oid *commit, const char *relpath,
    const git_oid *blob)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	int found = 0;

	if (git_commit_lookup(&c, repo, commit) < 0 ||
	    git_commit_tree(&tree, c) < 0) {
		found = -1;
		goto done;
	}
	if (git_tree_entry_bypath(&e, tree, relpath) == 0)
		found = git_oid_equal(git_tree_entry_id(e), blob);
done:
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(c);
	return found;
}

int
gitx_agent_carries(const char *repo_dir, const char *relpath,
    const void *buf, size_t len, size_t max, char **cause)
{
	git_repository *repo = NULL;
	git_revwalk *walk = NULL;
	git_oid blob, oid;
	size_t n = 0;
	int rc = -1, found = 0, error;

	if (gitx_open(repo_dir, &repo, cause) < 0)
		return -1;
	if (git_odb_hash(&blob, buf, len, GIT_OBJECT_BLOB) < 0 ||
	    git_revwalk_new(&walk, repo) < 0 ||
	    push_agent_refs(repo, walk) < 0) {
		*cause = gitx_err("cannot list the sandbox refs");
		goto done;
	}
	/*
	 * What HEAD holds the user has taken into their branch: only the
	 * commits beyond it are the agent's alone.
	 */
	if (git_revwalk_hide_ref(walk, "HEAD") < 0)
		git_error_clear();
	while (!found && (error = git_revwalk_next(&oid, walk)) == 0) {
		if (++n > max) {
			*cause = xasprintf("the sandbox refs hold more than "
			    "%zu commits of their own, too many to check", max);
			goto done;
		}
		if ((found = carries(repo, &oid, relpath, &blob)) < 0) {
			*cause = gitx_err("cannot read a commit of the sandbox "
			    "refs");
			goto done;
		}
	}
	if (!found && error != GIT_ITEROVER) {
		*cause = gitx_err("cannot walk the sandbox refs");
		goto done;
	}
	rc = found;
done:
	git_revwalk_free(walk);
	git_repository_free(repo);
	return rc;
}

/* The user's own git config files, as git finds them (GIT_CONFIG_*). */
static int
user_config(git_config **out)
{
	const char *g = getenv("GIT_CONFIG_GLOBAL"), *ns, *sys;
	git_buf path = { NULL, 0, 0 };
	git_config *cfg = NULL;
	int error;

	if ((g == NULL || *g == '\0') && getenv("GIT_CONFIG_SYSTEM") == NULL &&
	    getenv("GIT_CONFIG_NOSYSTEM") == NULL)
		return git_config_open_default(out);
	if ((error = git_config_new(&cfg)) < 0)
		return error;
	ns = getenv("GIT_CONFIG_NOSYSTEM");
	sys = getenv("GIT_CONFIG_SYSTEM");
	if (ns == NULL || strcmp(ns, "0") == 0 || strcmp(ns, "false") == 0) {
		if (sys != NULL && *sys != '\0')
			error = git_config_add_file_ondisk(cfg, sys,
			    GIT_CONFIG_LEVEL_SYSTEM, NULL, 0);
		else if (git_config_find_system(&path) == 0)
			error = git_config_add_file_ondisk(cfg, path.ptr,
			    GIT_CONFIG_LEVEL_SYSTEM, NULL, 0);
		git_buf_dispose(&path);
	}
	if (error == 0 && g != NULL && *g != '\0')
		error = git_config_add_file_ondisk(cfg, g,
		    GIT_CONFIG_LEVEL_GLOBAL, NULL, 0);
	else if (error == 0 && git_config_find_global(&path) == 0)
		error = git_config_add_file_ondisk(cfg, path.ptr,
		    GIT_CONFIG_LEVEL_GLOBAL, NULL, 0);
	git_buf_dispose(&path);
	if (error < 0 && error != GIT_ENOTFOUND) {
		git_config_free(cfg);
		return error;
	}
	*out = cfg;
	return 0;
}

int
gitx_user_config_has(const char *key, char **cause)
{
	git_config *cfg = NULL, *snap = NULL;
	git_config_entry *e = NULL;
	int rc = -1, error;

	gitx_global_init();
	/* The global, XDG and system files: never a repository's own. */
	if (user_config(&cfg) < 0 || git_config_snapshot(&snap, cfg) < 0) {
		*cause = gitx_err("cannot read your git configuration");
		goto done;
	}
	error = git_config_get_entry(&e, snap, key);
	if (error == 0 || error == GIT_ENOTFOUND)
		rc = error == 0;
	else
		*cause = gitx_err("cannot read '%s' from your git "
		    "configuration", key);
	git_error_clear();
done:
	git_config_entry_free(e);
	git_config_free(snap);
	git_config_free(cfg);
	return rc;
}

int
gitx_tracks_under(const char *repo_dir, const char *rel, char **cause)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	char *prefix = xasprintf("%s/", rel);
	size_t pos;
	int rc = -1, error;

	if (gitx_open(repo_dir, &repo, cause) < 0)
		goto done;
	if (git_repository_index(&index, repo) < 0) {
		*cause = gitx_err("cannot read git's index");
		goto done;
	}
	error = git_index_find_prefix(&pos, index, prefix);
	if (error == 0 || error == GIT_ENOTFOUND)
		rc = error == 0;
	else
		*cause = gitx_err("cannot search git's index");
	git_error_clear();
done:
	git_index_free(index);
	git_repository_free(repo);
	free(prefix);
	return rc;
}
