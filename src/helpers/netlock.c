/*
 * netlock: the rules that lock one sandbox down to ALLOW, and the record of
 * those lockdown added (see netlock.h for why they take this shape).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "helpers/netlock.h"
#include "services/config/config.h"
#include "services/git/gitx.h"

/* Hosts that stand for "anything else": the first one that nothing the
 * sandbox keeps lets through is checked to be denied. */
static const char *const outside[] = { "example.com", "example.net",
    "example.org", "code-airlock-check.invalid", NULL };

void
netlock_set_add(struct netlock_set *s, const char *resource, int deny)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n].resource = xstrdup(resource);
	s->v[s->n].deny = deny;
	s->n++;
}

int
netlock_set_has(const struct netlock_set *s, const char *resource, int deny)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].deny == deny && strcmp(s->v[i].resource,
		    resource) == 0)
			return 1;
	return 0;
}

void
netlock_set_clear(struct netlock_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].resource);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int
netlock_record_path(const char *repo_dir, const char *name, char **path,
    char **cause)
{
	char *gd;

	if (gitx_common_dir(repo_dir, &gd, cause) < 0)
		return -1;
	*path = xasprintf("%s/code-airlock/lockdown/%s", gd, name);
	free(gd);
	return 0;
}

int
netlock_read(const char *path, struct netlock_set *s, char **cause)
{
	char line[1024], *nl;
	FILE *f;

	memset(s, 0, sizeof(*s));
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		*cause = xasprintf("cannot read '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (strncmp(line, "allow ", 6) == 0 && line[6] != '\0')
			netlock_set_add(s, line + 6, 0);
		else if (strncmp(line, "deny ", 5) == 0 && line[5] != '\0')
			netlock_set_add(s, line + 5, 1);
	}
	fclose(f);
	return 0;
}

/* mkdir -p of path's directory. */
static int
make_dirs(const char *path)
{
	char *d = xstrdup(path), *p;
	int rc = 0;

	for (p = d + 1; rc == 0 && (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(d, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(d);
	return rc;
}

int
netlock_write(const char *path, const struct netlock_set *s, char **cause)
{
	char *tmp;
	FILE *f;
	size_t i;
	int rc = -1;

	if (s->n == 0) {
		if (unlink(path) == 0 || errno == ENOENT)
			return 0;
		*cause = xasprintf("cannot remove '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	tmp = xasprintf("%s.tmp", path);
	if (make_dirs(path) < 0 || (f = fopen(tmp, "w")) == NULL) {
		*cause = xasprintf("cannot write '%s': %s", tmp,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	for (i = 0; i < s->n; i++)
		fprintf(f, "%s %s\n", s->v[i].deny ? "deny" : "allow",
		    s->v[i].resource);
	if (fclose(f) == 0 && rename(tmp, path) == 0)
		rc = 0;
	else
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
	free(tmp);
	return rc;
}

void
netlock_forget(const char *repo_dir, const char *name)
{
	char *path = NULL, *cause = NULL;

	if (netlock_record_path(repo_dir, name, &path, &cause) == 0)
		unlink(path);
	free(cause);
	free(path);
}

struct pats {
	struct sbx_pat	*v;
	const char	**src;
	size_t		 n;
	size_t		 nallow;	/* the first ones are ALLOW's */
};

static void
pats_add(struct pats *p, const char *res)
{
	struct sbx_pat x;

	if (sbx_pat_parse(res, &x) < 0)
		return;
	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->src = xrealloc(p->src, (p->n + 1) * sizeof(*p->src));
	p->v[p->n] = x;
	p->src[p->n++] = res;
}

/* The first of p covering (over) or overlapping x, or -1. */
static int
pats_find(const struct pats *p, const struct sbx_pat *x, int over)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (over ? sbx_pat_covers(&p->v[i], x) :
		    sbx_pat_overlaps(&p->v[i], x))
			return (int)i;
	return -1;
}

/* Rules in effect for the sandbox that are not lockdown's own. */
static int
foreign(const struct sbx_rule *r, const struct netlock_set *ours)
{
	return r->scope != SBX_SCOPE_OTHER && !(r->scope == SBX_SCOPE_THIS &&
	    netlock_set_has(ours, r->resource, r->deny));
}

/* Why global allow rule res cannot be denied: it covers need too. */
static char *
wider(const char *res, const char *need, int from_allow)
{
	char *why = NULL, *fix;
	int in_allow = cfg_check_allow(res, &why) == 0;

	free(why);
	fix = in_allow ? xasprintf("add '%s' to ALLOW, or replace that "
	    "global rule with narrower ones", res) : xasprintf("replace "
	    "that global rule ('sbx policy rm network --resource %s') with "
	    "narrower ones", res);
	why = xasprintf("the global rule allowing '%s' also covers '%s', "
	    "which %s; denying '%s' would block '%s' too, since deny always "
	    "wins over allow; %s", res, need, from_allow ? "is in ALLOW" :
	    "the sandbox's own rule (its agent kit) allows", res, need, fix);
	free(fix);
	return why;
}

/* One global allow rule: nothing to do, deny it, or no way (-1). */
static int
plan_global(struct netlock_plan *pl, const struct sbx_rule *r,
    const struct pats *ok, const struct pats *deny, char **cause)
{
	struct sbx_pat x;
	char *probe;
	int i;

	if (sbx_pat_parse(r->resource, &x) < 0) {
		*cause = xasprintf("cannot tell what the global rule allowing "
		    "'%s' lets through, so it cannot be narrowed", r->resource);
		return -1;
	}
	if (pats_find(deny, &x, 1) >= 0 || pats_find(ok, &x, 1) >= 0)
		return 0;
	if (x.kind == SBX_PAT_ALL && x.port == 0) {
		*cause = xstrdup("the global policy allows every host ('**', "
		    "as allow-all does), and a per-sandbox rule cannot narrow "
		    "that since deny always wins over allow; use "
		    "GLOBAL_NETWORK_POLICY=balanced or deny-all ('code-airlock "
		    "unlock --reset-all' applies it)");
		return -1;
	}
	if ((i = pats_find(ok, &x, 0)) >= 0) {
		*cause = wider(r->resource, ok->src[i], (size_t)i < ok->nallow);
		return -1;
	}
	if (!netlock_set_has(&pl->want, r->resource, 1)) {
		netlock_set_add(&pl->want, r->resource, 1);
		probe = sbx_pat_probe(&x);
		strvec_push(&pl->denied, probe);
		free(probe);
	}
	return 0;
}

/* ALLOW entries a rule denies outright: no lockdown can let them pass. */
static int
check_denied(const struct pats *allow, const struct pats *deny, char **cause)
{
	size_t i;
	int j;

	for (i = 0; i < allow->n; i++)
		if ((j = pats_find(deny, &allow->v[i], 1)) >= 0) {
			*cause = xasprintf("a rule denies '%s', so '%s' in "
			    "ALLOW can never be reached (deny always wins); "
			    "remove that rule ('sbx policy ls') or '%s' from "
			    "ALLOW", deny->src[j], allow->src[i], allow->src[i]);
			return -1;
		}
	return 0;
}

/* A host outside everything the sandbox keeps, checked to be denied. */
static void
plan_outside(struct netlock_plan *pl, const struct pats *ok)
{
	struct sbx_pat x;
	size_t i;

	for (i = 0; outside[i] != NULL; i++) {
		sbx_pat_parse(outside[i], &x);
		if (pats_find(ok, &x, 0) < 0) {
			strvec_push(&pl->denied, outside[i]);
			return;
		}
	}
}

/* Is res among the sandbox's own allow rules (kept as they are)? */
static int
kept(const struct netlock_plan *pl, const char *res)
{
	size_t i;

	for (i = 0; i < pl->kept.n; i++)
		if (strcasecmp(pl->kept.v[i], res) == 0)
			return 1;
	return 0;
}

/* ALLOW into ok (its first entries); -1 with *cause for one sbx refuses. */
static int
read_allow(const struct strvec *items, struct pats *ok, char **cause)
{
	size_t i;

	for (i = 0; i < items->n; i++) {
		pats_add(ok, items->v[i]);
		if (ok->n != i + 1) {
			*cause = xasprintf("sbx would not take '%s' from ALLOW "
			    "as a network rule; fix ALLOW", items->v[i]);
			return -1;
		}
	}
	return 0;
}

/* The rules in effect: denies into deny, the sandbox's allows into ok. */
static void
read_rules(struct netlock_plan *pl, const struct sbx_rules *rules,
    const struct netlock_set *ours, struct pats *ok, struct pats *deny)
{
	size_t i;

	for (i = 0; i < rules->n; i++) {
		const struct sbx_rule *r = &rules->v[i];

		if (!foreign(r, ours))
			continue;
		if (r->deny)
			pats_add(deny, r->resource);
		else if (r->scope == SBX_SCOPE_THIS) {
			pats_add(ok, r->resource);
			strvec_push(&pl->kept, r->resource);
		}
	}
}

int
netlock_plan(const struct sbx_rules *rules, const struct netlock_set *ours,
    const char *allow, struct netlock_plan *pl, char **cause)
{
	struct strvec items = STRVEC_INIT;
	struct pats ok = { NULL, NULL, 0, 0 }, deny = { NULL, NULL, 0, 0 };
	size_t i, nallow;
	char *t;
	int rc;

	memset(pl, 0, sizeof(*pl));
	strvec_split(&items, allow, ',');
	rc = read_allow(&items, &ok, cause);
	nallow = ok.nallow = ok.n;
	read_rules(pl, rules, ours, &ok, &deny);
	for (i = 0; rc == 0 && i < nallow; i++) {
		struct pats one = { &ok.v[i], &ok.src[i], 1, 1 };

		rc = check_denied(&one, &deny, cause);
	}
	for (i = 0; rc == 0 && i < rules->n; i++)
		if (foreign(&rules->v[i], ours) && !rules->v[i].deny &&
		    rules->v[i].scope == SBX_SCOPE_GLOBAL)
			rc = plan_global(pl, &rules->v[i], &ok, &deny, cause);
	for (i = 0; rc == 0 && i < nallow; i++) {
		t = sbx_pat_probe(&ok.v[i]);
		strvec_push(&pl->allowed, t);
		free(t);
		if (!kept(pl, ok.src[i]))
			netlock_set_add(&pl->want, ok.src[i], 0);
	}
	if (rc == 0)
		plan_outside(pl, &ok);
	free(ok.v);
	free(ok.src);
	free(deny.v);
	free(deny.src);
	strvec_clear(&items);
	if (rc < 0)
		netlock_plan_clear(pl);
	return rc;
}

void
netlock_plan_clear(struct netlock_plan *pl)
{
	netlock_set_clear(&pl->want);
	strvec_clear(&pl->allowed);
	strvec_clear(&pl->denied);
	strvec_clear(&pl->kept);
}
