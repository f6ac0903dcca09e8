/*
 * gitx: the commits of a sandbox branch that BASE does not hold, newest
 * first, as `git log BASE..REF` lists them.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_raw.h"

/*
 * One commit's entry, read as git reads it: libgit2 refuses some commits
 * git shows (a date past 64 bits, a signature without '<'), and every
 * date here is within what the printers can show.
 */
static int
commit_add(git_odb *odb, struct gitx_commits *out, const git_oid *id)
{
	struct gitx_rawcommit c;
	struct gitx_commit *e;

	if (gitx_raw_commit(odb, id, 1, &c) != 0) {
		git_error_set(GIT_ERROR_OBJECT, "cannot read commit %s",
		    git_oid_tostr_s(id));
		return -1;
	}
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	e = &out->v[out->n++];
	memset(e, 0, sizeof(*e));
	git_oid_tostr(e->id, sizeof(e->id), id);
	e->author = c.author.name;
	e->email = c.author.email;
	e->time = c.author.time;
	e->offset = c.author.offset;
	e->subject = c.subject;
	c.author.name = c.author.email = c.subject = NULL;
	gitx_rawcommit_clear(&c);
	return 0;
}

/*
 * One abbreviation for every id, long enough for each to name one object
 * in the repository: core.abbrev (7 by default) and longer only where an
 * id needs it.  Being unique at a length holds at every longer one, so a
 * single pass suffices, one prefix lookup per commit.
 */
static void
short_ids(git_repository *repo, struct gitx_commits *cs)
{
	git_config *cfg = NULL;
	git_odb *odb = NULL;
	git_oid oid;
	int32_t len = 7;
	size_t i;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_int32(&len, cfg, "core.abbrev") < 0)
		len = 7;
	git_config_free(cfg);
	if (len < 4 || len > GITX_HEXSZ)
		len = len < 4 ? 7 : GITX_HEXSZ;
	if (git_repository_odb(&odb, repo) == 0) {
		for (i = 0; i < cs->n; i++) {
			git_oid_fromstr(&oid, cs->v[i].id);
			while (len < GITX_HEXSZ && git_odb_exists_prefix(NULL,
			    odb, &oid, (size_t)len) == GIT_EAMBIGUOUS)
				len++;
		}
	}
	git_odb_free(odb);
	git_error_clear();
	for (i = 0; i < cs->n; i++)
		cs->v[i].short_id = xstrndup(cs->v[i].id, (size_t)len);
}

int
gitx_log(git_repository *repo, const char *base, const char *ref,
    struct gitx_commits *out, char **cause)
{
	git_oid oid, base_oid, *ids = NULL;
	git_odb *odb = NULL;
	size_t i, n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (gitx_peel(repo, base, &base_oid) < 0) {
		*cause = gitx_err("cannot resolve base '%s'", base);
		return -1;
	}
	if (gitx_peel(repo, ref, &oid) < 0) {
		*cause = gitx_err("cannot resolve '%s'", ref);
		return -1;
	}
	if (git_repository_odb(&odb, repo) < 0 ||
	    gitx_walk_range(repo, &base_oid, &oid, &ids, &n) < 0)
		goto fail;
	for (i = 0; i < n; i++)
		if (commit_add(odb, out, &ids[i]) < 0)
			goto fail;
	git_error_clear();
	short_ids(repo, out);
	rc = 0;
	goto done;
fail:
	*cause = gitx_err("cannot list the commits of '%s' not in '%s'", ref,
	    base);
	gitx_commits_clear(out);
done:
	free(ids);
	git_odb_free(odb);
	return rc;
}

void
gitx_commits_clear(struct gitx_commits *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].short_id);
		free(cs->v[i].author);
		free(cs->v[i].email);
		free(cs->v[i].subject);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}
