/*
 * A repository's sandboxes (fleet.h): which of the sandboxes sbx lists,
 * and which of the repository's sandbox-NAME remotes, work on REPO_DIR.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/cmd_sbx.h"
#include "helpers/fleet.h"
#include "services/config/config.h"
#include "services/git/gitx.h"

static void
add(struct fleet *f, const char *name, const struct sbx_box *b, int how)
{
	struct fleet_box *m;

	f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
	m = &f->v[f->n++];
	m->name = xstrdup(name);
	m->agent = xstrdup(b != NULL ? b->agent : "");
	m->status_text = xstrdup(b != NULL ? b->status_text : "");
	m->status = b != NULL ? b->status : SBX_ABSENT;
	m->listed = b != NULL;
	m->how = how;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct fleet_box *)a)->name,
	    ((const struct fleet_box *)b)->name);
}

/* Does sbx list repo_dir among b's workspaces? */
static int
works_here(const char *repo_dir, const struct sbx_box *b)
{
	size_t i;

	for (i = 0; i < b->workspaces.n; i++)
		if (cmd_same_dir(b->workspaces.v[i], repo_dir))
			return 1;
	return 0;
}

/* A name this tool would refuse as --name is no member: none acts on it. */
static int
name_ok(const char *name)
{
	char *cause = NULL;

	if (cfg_check_sandbox_name(name, &cause) == 0)
		return 1;
	free(cause);
	return 0;
}

static int
has_remote(const struct strvec *remotes, const char *name)
{
	size_t i;

	for (i = 0; i < remotes->n; i++)
		if (strcmp(remotes->v[i], name) == 0)
			return 1;
	return 0;
}

int
fleet_member(const char *repo_dir, const struct sbx_box *b,
    const struct strvec *remotes)
{
	int how = works_here(repo_dir, b) ? FLEET_BY_WORKSPACE : 0;

	/* A stale remote does not make another repository's ours. */
	if (has_remote(remotes, b->name) &&
	    (how != 0 || b->workspaces.n == 0))
		how |= FLEET_BY_REMOTE;
	return how;
}

void
fleet_decide(const char *repo_dir, const struct sbx_list *l,
    const struct strvec *remotes, struct fleet *f)
{
	const struct sbx_box *b;
	size_t i;
	int how;

	fleet_clear(f);
	for (i = 0; i < l->n; i++) {
		b = &l->boxes[i];
		/* sbx lists a name once; a second entry changes nothing. */
		if (!name_ok(b->name) || fleet_find(f, b->name) != NULL)
			continue;
		if ((how = fleet_member(repo_dir, b, remotes)) != 0)
			add(f, b->name, b, how);
	}
	for (i = 0; i < remotes->n; i++)
		if (name_ok(remotes->v[i]) &&
		    sbx_list_find(l, remotes->v[i]) == NULL &&
		    fleet_find(f, remotes->v[i]) == NULL)
			add(f, remotes->v[i], NULL, FLEET_BY_REMOTE);
	if (f->n > 1)
		qsort(f->v, f->n, sizeof(*f->v), by_name);
}

int
fleet_read(const char *repo_dir, const struct sbx_list *l, struct fleet *f,
    char **cause)
{
	struct git_repository *repo = NULL;
	struct strvec remotes = STRVEC_INIT;
	int rc = -1;

	fleet_clear(f);
	if (gitx_open(repo_dir, &repo, cause) == 0 &&
	    gitx_sandbox_remotes(repo, &remotes, cause) == 0) {
		fleet_decide(repo_dir, l, &remotes, f);
		rc = 0;
	}
	gitx_close(repo);
	strvec_clear(&remotes);
	return rc;
}

const struct fleet_box *
fleet_find(const struct fleet *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return &f->v[i];
	return NULL;
}

size_t
fleet_listed(const struct fleet *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->v[i].listed != 0;
	return n;
}

void
fleet_clear(struct fleet *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].agent);
		free(f->v[i].status_text);
	}
	free(f->v);
	*f = (struct fleet)FLEET_INIT;
}
