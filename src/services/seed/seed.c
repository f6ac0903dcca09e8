/*
 * seed: which of the user's files go into a new sandbox, and copying them
 * there.  Only instruction and behaviour files are ever listed per agent;
 * SEED_PATHS adds the user's own picks, which pass the same filter.
 */
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/sbx/sbx.h"
#include "services/seed/seed.h"
#include "base/strvec.h"

/* The home of the VM user, agent (SPEC.md section 1). */
#define VM_HOME "/home/agent"

/* Per agent: a directory under $HOME and the entries worth copying. */
static const struct {
	const char	*agent;
	const char	*dir;
	const char	*entries[6];
} curated[] = {
	{ "claude", ".claude",
	    { "CLAUDE.md", "commands", "agents", "skills", NULL } },
	{ "codex", ".codex",
	    { "AGENTS.md", "AGENT.md", "agents", "skills", "prompts", NULL } },
	{ "opencode", ".config/opencode",
	    { "AGENTS.md", "opencode.jsonc", "commands", "agents", "skills",
	    NULL } },
};

void
seed_agent_paths(const char *agent, const char *home, struct strvec *out)
{
	size_t i, j;

	for (i = 0; i < sizeof(curated) / sizeof(curated[0]); i++) {
		if (strcmp(curated[i].agent, agent) != 0)
			continue;
		for (j = 0; curated[i].entries[j] != NULL; j++)
			strvec_pushf(out, "%s/%s/%s", home, curated[i].dir,
			    curated[i].entries[j]);
	}
}

/*
 * The path below home that p names, cleaned ("a//./b" is "a/b"); NULL when
 * p is not below home or climbs with "..".
 */
static char *
below(const char *home, const char *p)
{
	size_t hl = strlen(home), n;
	const char *c;
	char *rel, *o;

	while (hl > 1 && home[hl - 1] == '/')
		hl--;
	if (strncmp(p, home, hl) != 0 || p[hl] != '/')
		return NULL;
	o = rel = xcalloc(1, strlen(p) + 1);
	for (c = p + hl; *c != '\0'; c += n) {
		c += strspn(c, "/");
		n = strcspn(c, "/");
		if (n == 0 || (n == 1 && *c == '.'))
			continue;
		if (n == 2 && strncmp(c, "..", 2) == 0)
			break;
		if (o != rel)
			*o++ = '/';
		memcpy(o, c, n);
		o += n;
	}
	if (*c != '\0' || o == rel) {
		free(rel);
		return NULL;
	}
	*o = '\0';
	return rel;
}

static void
push_item(struct seed_list *l, const char *src, char *real, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	struct seed_item *it;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	it = &l->v[l->n++];
	it->src = xstrdup(src);
	it->real = real;
	it->label = xasprintf("~/%s", rel);
	it->base = xstrdup(slash ? slash + 1 : rel);
	it->dest_dir = slash ? xasprintf(VM_HOME "/%.*s", (int)(slash - rel),
	    rel) : xstrdup(VM_HOME);
}

/* Check one candidate; add it, note why not, or (optional) drop it. */
static void
consider(struct seed_list *l, const char *home, const char *hreal,
    const char *p, int optional, struct strvec *notes)
{
	char *rel, *real = NULL;
	size_t hl = strlen(hreal), i;
	struct stat st;

	if ((rel = below(home, p)) == NULL) {
		strvec_pushf(notes, "not seeding '%s': only paths under $HOME "
		    "can be seeded", p);
		return;
	}
	if (seed_path_refused(rel))
		strvec_pushf(notes, "not seeding '~/%s': its name looks like "
		    "credentials or private state", rel);
	else if (seed_home_refused(rel))
		strvec_pushf(notes, "not seeding '~/%s': a well-known tool "
		    "keeps credentials there", rel);
	else if (lstat(p, &st) < 0 || (real = realpath(p, NULL)) == NULL) {
		if (!optional || errno != ENOENT)
			strvec_pushf(notes, "not seeding '~/%s': %s", rel,
			    strerror(errno));
	} else if (strncmp(real, hreal, hl) != 0 || real[hl] != '/')
		strvec_pushf(notes, "not seeding '~/%s': it resolves to '%s', "
		    "outside $HOME", rel, real);
	else if (seed_path_refused(real + hl + 1) ||
	    seed_home_refused(real + hl + 1))
		strvec_pushf(notes, "not seeding '~/%s': it resolves to '%s', "
		    "whose name looks like credentials or private state", rel,
		    real);
	else if (stat(real, &st) < 0 ||
	    (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
		strvec_pushf(notes, "not seeding '~/%s': not a regular file "
		    "or directory", rel);
	else {
		for (i = 0; i < l->n; i++)
			if (strcmp(l->v[i].real, real) == 0)
				break;
		if (i == l->n) {
			push_item(l, p, real, rel);
			real = NULL;
		}
	}
	free(real);
	free(rel);
}

int
seed_plan(const char *agent, int seed_config, const char *seed_paths,
    const char *home, struct seed_list *l, struct strvec *notes,
    char **cause)
{
	struct strvec paths = STRVEC_INIT, extra = STRVEC_INIT;
	char *hreal, *p;
	size_t i, ncurated;

	memset(l, 0, sizeof(*l));
	if (home == NULL || *home != '/' || (hreal = realpath(home, NULL)) ==
	    NULL) {
		*cause = xasprintf("cannot seed the sandbox: HOME ('%s') is "
		    "not an existing absolute directory", home ? home : "");
		return -1;
	}
	if (seed_config) {
		seed_agent_paths(agent, home, &paths);
		if (paths.n == 0)
			strvec_pushf(notes, "no curated configuration is known "
			    "for agent '%s'; SEED_CONFIG copies nothing for it",
			    agent);
	}
	ncurated = paths.n;
	strvec_split(&extra, seed_paths != NULL ? seed_paths : "", ',');
	for (i = 0; i < extra.n; i++) {
		p = *extra.v[i] == '/' ? xstrdup(extra.v[i]) :
		    xasprintf("%s/%s", home, extra.v[i]);
		strvec_push(&paths, p);
		free(p);
	}
	for (i = 0; i < paths.n; i++)
		consider(l, home, hreal, paths.v[i], i < ncurated, notes);
	strvec_clear(&extra);
	strvec_clear(&paths);
	free(hreal);
	return 0;
}

void
seed_list_clear(struct seed_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].src);
		free(l->v[i].real);
		free(l->v[i].label);
		free(l->v[i].base);
		free(l->v[i].dest_dir);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* Stage one item under stage/N and copy it into the sandbox. */
static int
copy_one(const struct spawner *sp, const char *name, const char *stage,
    size_t n, const struct seed_item *it, struct strvec *notes)
{
	char *sub, *dst, *target, *why = NULL;
	int rc = -1;

	sub = xasprintf("%s/%zu", stage, n);
	dst = xasprintf("%s/%s", sub, it->base);
	target = xasprintf("%s:%s", name, it->dest_dir);
	if (mkdir(sub, 0700) < 0)
		why = xasprintf("cannot create '%s': %s", sub, strerror(errno));
	else if (seed_stage(it->real, it->label, dst, notes, &why) == 0 &&
	    sbx_call(sp, PROC_NULL_IN, &why, "exec", name, "mkdir", "-p",
	    it->dest_dir, NULL) == 0 &&
	    sbx_call(sp, PROC_NULL_IN, &why, "cp", dst, target, NULL) == 0)
		rc = 0;
	if (rc < 0)
		strvec_pushf(notes, "could not seed '%s': %s", it->label,
		    why != NULL ? why : "unknown error");
	free(why);
	free(target);
	free(dst);
	free(sub);
	return rc;
}

int
seed_copy(const struct spawner *sp, const char *name,
    const struct seed_list *l, struct strvec *notes, char **cause)
{
	const char *tmp = getenv("TMPDIR");
	char *stage;
	size_t i;
	int copied = 0;

	if (l->n == 0)
		return 0;
	stage = xasprintf("%s/code-airlock-seed.XXXXXX",
	    tmp != NULL && *tmp == '/' ? tmp : "/tmp");
	/* mkdtemp makes it 0700: only this user can read the staging copy. */
	if (mkdtemp(stage) == NULL) {
		*cause = xasprintf("cannot create a staging directory '%s': %s",
		    stage, strerror(errno));
		free(stage);
		return -1;
	}
	for (i = 0; i < l->n; i++)
		if (copy_one(sp, name, stage, i, &l->v[i], notes) == 0)
			copied++;
	nftw(stage, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(stage);
	return copied;
}
