/*
 * sbx: the network policy rules, read and changed.  `sbx policy ls NAME
 * --json` has no documented shape (its table changed between releases), so
 * records are read at any depth: an object with a decision and resources
 * ("resources", "resource" or "hosts") is a rule, its scope comes from
 * "scope", "applies_to", "sandbox" or "origin" on it or on an object that
 * holds it, and rules of another type (filesystem) or marked inactive are
 * left out.  `sbx policy check network` is the ground truth after a change.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/ui.h"
#include "services/sbx/sbx.h"

#define MAX_DEPTH	32
#define MAX_RULES	20000

struct walk {
	const char		*name;
	struct sbx_rules	*rules;
};

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "all", "local", "sandbox:NAME", or a bare name under "sandbox". */
static enum sbx_scope
scope_of(const char *s, int bare_name, const char *name)
{
	if (s == NULL)
		return SBX_SCOPE_GLOBAL;
	if (strncmp(s, "sandbox:", 8) == 0)
		return strcmp(s + 8, name) == 0 ? SBX_SCOPE_THIS :
		    SBX_SCOPE_OTHER;
	if (bare_name && *s != '\0' && strcasecmp(s, "all") != 0)
		return strcmp(s, name) == 0 ? SBX_SCOPE_THIS : SBX_SCOPE_OTHER;
	return SBX_SCOPE_GLOBAL;
}

/* The scope an object states, or -1. */
static int
own_scope(json_t *o, const char *name)
{
	static const char *const keys[] = { "scope", "applies_to",
	    "appliesTo", "origin", NULL };
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		if (jstr(o, keys[i]) != NULL)
			return (int)scope_of(jstr(o, keys[i]), 0, name);
	if (jstr(o, "sandbox") != NULL)
		return (int)scope_of(jstr(o, "sandbox"), 1, name);
	return -1;
}

static void
add(struct walk *w, const char *res, int deny, enum sbx_scope scope)
{
	struct sbx_rules *r = w->rules;
	struct sbx_rule *x;

	if (r->n >= MAX_RULES)
		return;
	r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
	x = &r->v[r->n++];
	x->resource = xstrdup(res);
	x->deny = deny;
	x->scope = scope;
}

/* A rule object: add its resources.  1 when it was one. */
static int
rule(struct walk *w, json_t *o, const char *decision, const char *type,
    enum sbx_scope scope)
{
	static const char *const keys[] = { "resources", "resource", "hosts",
	    NULL };
	json_t *v = NULL, *e;
	size_t i;
	int deny;

	for (i = 0; keys[i] != NULL && v == NULL; i++)
		v = json_object_get(o, keys[i]);
	if (v == NULL || decision == NULL)
		return 0;
	w->rules->records++;
	if ((type != NULL && strcasestr(type, "network") == NULL) ||
	    (jstr(o, "status") != NULL && strcasecmp(jstr(o, "status"),
	    "inactive") == 0))
		return 1;
	if (strcasecmp(decision, "allow") == 0)
		deny = 0;
	else if (strcasecmp(decision, "deny") == 0)
		deny = 1;
	else
		return 1;
	if (json_is_string(v))
		add(w, json_string_value(v), deny, scope);
	json_array_foreach(v, i, e)
		if (json_is_string(e))
			add(w, json_string_value(e), deny, scope);
	return 1;
}

static void
walk(struct walk *w, json_t *v, int depth, const char *decision,
    const char *type, enum sbx_scope scope)
{
	const char *key;
	json_t *e;
	size_t i;
	int s;

	if (depth > MAX_DEPTH)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			walk(w, e, depth + 1, decision, type, scope);
		return;
	}
	if (!json_is_object(v))
		return;
	if ((s = own_scope(v, w->name)) >= 0)
		scope = (enum sbx_scope)s;
	if (jstr(v, "decision") != NULL)
		decision = jstr(v, "decision");
	if (jstr(v, "type") != NULL)
		type = jstr(v, "type");
	if (rule(w, v, decision, type, scope))
		return;
	json_object_foreach(v, key, e)
		walk(w, e, depth + 1, decision, type, scope);
}

int
sbx_policy_parse(const char *text, size_t len, const char *name,
    struct sbx_rules *r, char **cause)
{
	struct walk w = { name, r };
	const char *start;
	json_error_t jerr;
	json_t *root;
	char *why;

	memset(r, 0, sizeof(*r));
	if (text == NULL || (start = sbx_json_start(text, len)) == NULL) {
		*cause = xstrdup("'sbx policy ls --json' printed no JSON");
		return -1;
	}
	root = json_loadb(start, len - (size_t)(start - text), 0, &jerr);
	if (root == NULL) {
		why = ui_safe(jerr.text, strlen(jerr.text));
		*cause = xasprintf("cannot read 'sbx policy ls --json' output: "
		    "%s (line %d)", why, jerr.line);
		free(why);
		return -1;
	}
	walk(&w, root, 0, NULL, NULL, SBX_SCOPE_GLOBAL);
	json_decref(root);
	return 0;
}

void
sbx_rules_clear(struct sbx_rules *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].resource);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

int
sbx_policy_rules(const struct spawner *sp, const char *name,
    struct sbx_rules *r, char **cause)
{
	struct proc p = PROC_INIT;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	strvec_pushl(&p.args, "sbx", "policy", "ls", name, "--json", NULL);
	p.flags = PROC_PROBE | PROC_CAPTURE | PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, &p, 0, cause) < 0 ||
	    proc_status_cause(&p, cause, "'sbx policy ls' failed") < 0)
		goto done;
	rc = sbx_policy_parse(p.out, p.out_len, name, r, cause);
done:
	proc_clear(&p);
	return rc;
}

/* "Allowed" or "Denied", whichever sbx said first: 1, 0, or -1. */
static int
decision_in(const char *out)
{
	const char *a = out ? strcasestr(out, "allowed") : NULL;
	const char *d = out ? strcasestr(out, "denied") : NULL;

	if (a == NULL && d == NULL)
		return -1;
	return d == NULL || (a != NULL && a < d);
}

int
sbx_policy_check(const struct spawner *sp, const char *name,
    const char *target, char **cause)
{
	struct proc p = PROC_INIT;
	char *why;
	int rc = -1, d;

	strvec_pushl(&p.args, "sbx", "policy", "check", "network",
	    "--sandbox", name, target, NULL);
	p.flags = PROC_PROBE | PROC_CAPTURE | PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, &p, 0, cause) < 0)
		goto done;
	/* Denied exits 1 as errors do: the verdict must agree with it. */
	d = decision_in(p.out);
	if (d >= 0 && d == (p.status == 0))
		rc = d;
	else {
		why = proc_err_line(p.err);
		*cause = xasprintf("'sbx policy check' gave no verdict for "
		    "'%s': %s", target, why ? why : "no message");
		free(why);
	}
done:
	proc_clear(&p);
	return rc;
}

int
sbx_policy_rm(const struct spawner *sp, const char *name,
    const char *resource, char **cause)
{
	struct proc p = PROC_INIT;
	char *why;
	int rc = -1;

	strvec_pushl(&p.args, "sbx", "policy", "rm", "network", "--sandbox",
	    name, "--resource", resource, NULL);
	p.flags = PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, &p, 0, cause) < 0)
		goto done;
	rc = 0;
	if (p.status == 0)
		goto done;
	why = proc_err_line(p.err);
	/* Gone already (removed by hand, or by a reset): nothing to do. */
	if (why != NULL && (strcasestr(why, "not found") != NULL ||
	    strcasestr(why, "no network rule") != NULL ||
	    strcasestr(why, "no rule") != NULL ||
	    strcasestr(why, "no matching") != NULL))
		rc = 1;
	else {
		*cause = xasprintf("'sbx policy rm' failed: %s", why ? why :
		    "no message");
		rc = -1;
	}
	free(why);
done:
	proc_clear(&p);
	return rc;
}
