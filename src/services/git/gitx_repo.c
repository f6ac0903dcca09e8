/*
 * gitx: opening a repository, reading remotes and refs, moving a branch and
 * listing submodules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"

char *
gitx_err(const char *fmt, ...)
{
	const git_error *e = git_error_last();
	va_list ap;
	char *what, *msg;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		abort();
	va_end(ap);
	msg = xasprintf("%s: %s", what, e != NULL && e->message != NULL ?
	    e->message : "unknown libgit2 error");
	free(what);
	return msg;
}

/*
 * A ref name (full or short) is resolved without parsing the commit it
 * names, so that a commit libgit2 cannot parse still resolves; anything
 * else ("main~2", an id) goes through libgit2's revparse.
 */
int
gitx_peel(git_repository *repo, const char *rev, git_oid *oid)
{
	git_object *obj = NULL, *commit = NULL;
	git_reference *ref = NULL, *res = NULL;
	git_odb *odb = NULL;
	int error;

	if (git_reference_dwim(&ref, repo, rev) == 0 &&
	    git_reference_resolve(&res, ref) == 0 &&
	    git_repository_odb(&odb, repo) == 0) {
		error = gitx_raw_peel(odb, git_reference_target(res), oid);
		git_odb_free(odb);
		git_reference_free(res);
		git_reference_free(ref);
		if (error == 0)
			return 0;
		git_error_set_str(GIT_ERROR_REFERENCE, "the ref does not name "
		    "a commit");
		return GIT_EPEEL;
	}
	git_reference_free(res);
	git_reference_free(ref);
	git_error_clear();
	if ((error = git_revparse_single(&obj, repo, rev)) < 0)
		return error;
	if ((error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) == 0)
		git_oid_cpy(oid, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return error;
}

int
gitx_open(const char *dir, git_repository **repo, char **cause)
{
	gitx_global_init();
	*repo = NULL;
	if (git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0) {
		*cause = gitx_err("cannot open git repository '%s' (check "
		    "REPO_DIR or --repo)", dir);
		return -1;
	}
	return 0;
}

int
gitx_common_dir(const char *dir, char **path, char **cause)
{
	git_repository *repo;
	size_t n;

	if (gitx_open(dir, &repo, cause) < 0)
		return -1;
	*path = xstrdup(git_repository_commondir(repo));
	n = strlen(*path);
	while (n > 1 && (*path)[n - 1] == '/')
		(*path)[--n] = '\0';
	git_repository_free(repo);
	return 0;
}

void
gitx_close(git_repository *repo)
{
	/* NULL may come before libgit2 was ever initialised. */
	if (repo != NULL)
		git_repository_free(repo);
}

int
gitx_remote_url(git_repository *repo, const char *name, char **url,
    char **cause)
{
	git_remote *remote = NULL;
	const char *u;
	int error;

	*url = NULL;
	error = git_remote_lookup(&remote, repo, name);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC)
		return GITX_ENOTFOUND;
	if (error < 0) {
		*cause = gitx_err("cannot read remote '%s'", name);
		return -1;
	}
	u = git_remote_url(remote);
	*url = xstrdup(u != NULL ? u : "");
	git_remote_free(remote);
	return 0;
}

int
gitx_sandbox_remotes(git_repository *repo, struct strvec *boxes,
    char **cause)
{
	git_strarray names = { NULL, 0 };
	const char *box;
	size_t i;

	if (git_remote_list(&names, repo) < 0) {
		*cause = gitx_err("cannot list the remotes");
		return -1;
	}
	for (i = 0; i < names.count; i++)
		if ((box = gitx_box_of(names.strings[i])) != NULL &&
		    *box != '\0')
			strvec_push(boxes, box);
	git_strarray_dispose(&names);
	return 0;
}

int
gitx_sandbox_urls(git_repository *repo, struct strvec *boxes,
    struct strvec *urls, char **cause)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	const char *rest, *dot;
	char *box;
	int error;

	/* Every entry, matched here: no regex, whose matching allocates. */
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_iterator_new(&it, cfg) < 0) {
		git_config_free(cfg);
		*cause = gitx_err("cannot read the repository's configuration");
		return -1;
	}
	while ((error = git_config_next(&e, it)) == 0) {
		if (!skip_prefix(e->name, "remote.sandbox-", &rest) ||
		    (dot = strrchr(rest, '.')) == NULL || dot == rest ||
		    strcmp(dot, ".url") != 0)
			continue;
		box = xstrndup(rest, (size_t)(dot - rest));
		strvec_push(boxes, box);
		strvec_push(urls, e->value != NULL ? e->value : "");
		free(box);
	}
	git_config_iterator_free(it);
	git_config_free(cfg);
	if (error != GIT_ITEROVER) {
		*cause = gitx_err("cannot read the repository's configuration");
		return -1;
	}
	git_error_clear();
	return 0;
}

int
gitx_rev_hex(git_repository *repo, const char *rev,
    char hex[GITX_HEXSZ + 1], char **cause)
{
	git_oid oid;
	int error;

	hex[0] = '\0';
	error = gitx_peel(repo, rev, &oid);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC ||
	    error == GIT_EAMBIGUOUS)
		return GITX_ENOTFOUND;
	if (error < 0) {
		*cause = gitx_err("cannot resolve '%s'", rev);
		return -1;
	}
	git_oid_tostr(hex, GITX_HEXSZ + 1, &oid);
	return 0;
}

int
gitx_has_object(git_repository *repo, const char *hex)
{
	git_odb *odb = NULL;
	git_oid oid;
	int found = 0;

	if (git_oid_fromstrn(&oid, hex, strlen(hex)) == 0 &&
	    strlen(hex) == GITX_HEXSZ && git_repository_odb(&odb, repo) == 0)
		found = git_odb_exists(odb, &oid);
	git_odb_free(odb);
	return found;
}

int
gitx_dir_ref_hex(const char *dir, const char *ref, char hex[GITX_HEXSZ + 1])
{
	git_repository *repo = NULL;
	git_oid oid;
	int rc = GITX_ENOTFOUND;

	gitx_global_init();
	hex[0] = '\0';
	if (git_repository_open(&repo, dir) < 0)
		return -1;
	if (git_reference_name_to_id(&oid, repo, ref) == 0) {
		git_oid_tostr(hex, GITX_HEXSZ + 1, &oid);
		rc = 0;
	}
	git_repository_free(repo);
	return rc;
}

static int
branch_name_ok(const char *branch, char **cause)
{
	int valid = 0;

	if (git_branch_name_is_valid(&valid, branch) < 0 || !valid ||
	    branch[0] == '-') {
		*cause = xasprintf("'%s' is not a valid branch name; pick "
		    "another (see 'git check-ref-format --branch')", branch);
		return -1;
	}
	return 0;
}

int
gitx_branch_facts(git_repository *repo, const char *branch,
    char tip[GITX_HEXSZ + 1], int *checked_out, char **cause)
{
	git_reference *ref = NULL;
	git_oid oid;
	int error, rc = -1;

	tip[0] = '\0';
	*checked_out = 0;
	if (branch_name_ok(branch, cause) < 0)
		return -1;
	error = git_branch_lookup(&ref, repo, branch, GIT_BRANCH_LOCAL);
	if (error == GIT_ENOTFOUND) {
		git_error_clear();
		return GITX_ENOTFOUND;
	}
	/* HEAD of the main worktree or of any linked one. */
	if (error < 0 || (*checked_out = git_branch_is_checked_out(ref)) < 0 ||
	    git_reference_name_to_id(&oid, repo, git_reference_name(ref)) < 0)
		*cause = gitx_err("cannot read branch '%s'", branch);
	else {
		git_oid_tostr(tip, GITX_HEXSZ + 1, &oid);
		rc = 0;
	}
	git_reference_free(ref);
	return rc;
}

int
gitx_branch_update(git_repository *repo, const char *branch,
    const char *hex, const char *old, char **cause)
{
	git_reference *ref = NULL;
	git_commit *commit = NULL;
	git_oid oid, was;
	char *name, *msg;
	int rc = -1;

	if (branch_name_ok(branch, cause) < 0)
		return -1;
	if (git_oid_fromstr(&oid, hex) < 0 || (old != NULL &&
	    git_oid_fromstr(&was, old) < 0) ||
	    git_commit_lookup(&commit, repo, &oid) < 0) {
		*cause = gitx_err("cannot find commit '%s'", hex);
		return -1;
	}
	name = xasprintf("refs/heads/%s", branch);
	msg = xasprintf("code-airlock: %s %.12s", old ? "move to" : "create at",
	    hex);
	/* Compare and swap: a branch that moved meanwhile is left alone. */
	if ((old == NULL ? git_reference_create(&ref, repo, name, &oid, 0,
	    msg) : git_reference_create_matching(&ref, repo, name, &oid, 1,
	    &was, msg)) < 0)
		*cause = gitx_err("cannot %s branch '%s'", old ? "move" :
		    "create", branch);
	else
		rc = 0;
	free(msg);
	free(name);
	git_reference_free(ref);
	git_commit_free(commit);
	return rc;
}

struct subs {
	git_config	*cfg;
	struct strvec	*paths;
};

static int
submodule_cb(git_submodule *sm, const char *name, void *payload)
{
	struct subs *s = payload;
	git_repository *sub = NULL;
	git_config_entry *e = NULL;
	char *key;
	int inited;

	/* Initialized means submodule.NAME.url is in the repo's config. */
	key = xasprintf("submodule.%s.url", name);
	inited = git_config_get_entry(&e, s->cfg, key) == 0;
	git_config_entry_free(e);
	free(key);
	/* ...and checked out: its repository opens. */
	if (!inited || git_submodule_open(&sub, sm) < 0) {
		git_error_clear();
		return 0;
	}
	git_repository_free(sub);
	strvec_push(s->paths, git_submodule_path(sm));
	return 0;
}

static int
any_entry(const git_config_entry *e, void *payload)
{
	(void)e;
	*(int *)payload = 1;
	return GIT_ITEROVER;	/* one is enough */
}

int
gitx_submodules(git_repository *repo, struct strvec *paths, char **cause)
{
	struct subs s = { NULL, paths };
	int rc = -1, any = 0;

	if (git_repository_config_snapshot(&s.cfg, repo) < 0) {
		*cause = gitx_err("cannot read the configuration");
		return -1;
	}
	/*
	 * Listing submodules reads .gitmodules, the index and every tree of
	 * HEAD; an initialized one has submodule.NAME.url in the config, so
	 * without any such entry there is nothing to list.
	 */
	if (git_config_foreach_match(s.cfg, "^submodule\\..*\\.url$",
	    any_entry, &any) < 0 && !any) {
		*cause = gitx_err("cannot read the configuration");
		goto done;
	}
	git_error_clear();
	if (!any) {
		rc = 0;
		goto done;
	}
	if (git_submodule_foreach(repo, submodule_cb, &s) < 0) {
		*cause = gitx_err("cannot list submodules (check .gitmodules)");
		goto done;
	}
	rc = 0;
done:
	git_config_free(s.cfg);
	return rc;
}
