/*
 * Unit tests of what lockdown stands on: the resource syntax of sbx's
 * network rules (what covers and what overlaps what), reading `sbx policy
 * ls --json` in the shapes clients meet, the sbx version in both formats,
 * and the plan that restricts one sandbox to ALLOW or says why it cannot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers/netlock.h"
#include "services/sbx/sbx.h"
#include "testutil.h"

static struct sbx_pat
pat(const char *s)
{
	struct sbx_pat p;

	if (sbx_pat_parse(s, &p) != 0)
		fail_msg("cannot parse '%s'", s);
	return p;
}

static int
covers(const char *a, const char *b)
{
	struct sbx_pat x = pat(a), y = pat(b);

	return sbx_pat_covers(&x, &y);
}

static int
overlaps(const char *a, const char *b)
{
	struct sbx_pat x = pat(a), y = pat(b);

	assert_int_equal(sbx_pat_overlaps(&x, &y), sbx_pat_overlaps(&y, &x));
	return sbx_pat_overlaps(&x, &y);
}

static void
test_pat_parse(void **state)
{
	static const char *const bad[] = { "", "*x.com", "a*.b.com", "*.",
	    "**.", "[::1", "[::1]x", "host:0", "host:99999", "host:",
	    "10.0.0.0/33", "x.com/8", "a.*.com", "a b.com", "a/b",
	    "x\x1b.com", NULL };
	struct sbx_pat p;
	size_t i;

	(void)state;
	p = pat("API.Example.COM:8443");
	assert_int_equal(p.kind, SBX_PAT_EXACT);
	assert_string_equal(p.host, "api.example.com");
	assert_int_equal(p.port, 8443);
	assert_int_equal(pat("**").kind, SBX_PAT_ALL);
	assert_int_equal(pat("**:22").kind, SBX_PAT_ALL);
	assert_int_equal(pat("*.x.org").kind, SBX_PAT_ONE);
	assert_int_equal(pat("**.x.org").kind, SBX_PAT_ANY);
	assert_int_equal(pat("10.1.0.0/16").kind, SBX_PAT_NET4);
	assert_int_equal(pat("10.1.2.3").prefix, 32);
	assert_int_equal(pat("fd00::/8").kind, SBX_PAT_NET6);
	p = pat("[::1]:8080");
	assert_int_equal(p.kind, SBX_PAT_NET6);
	assert_int_equal(p.port, 8080);
	for (i = 0; bad[i] != NULL; i++)
		if (sbx_pat_parse(bad[i], &p) == 0)
			fail_msg("'%s' was taken", bad[i]);
}

static void
test_pat_covers(void **state)
{
	(void)state;
	assert_true(covers("**", "*.a.com"));
	assert_true(covers("**", "10.0.0.0/8"));
	assert_false(covers("*.a.com", "**"));
	assert_true(covers("a.com", "a.com"));
	assert_true(covers("a.com", "a.com:443"));
	assert_false(covers("a.com:443", "a.com"));
	assert_false(covers("a.com", "b.a.com"));
	assert_true(covers("*.a.com", "b.a.com"));
	assert_false(covers("*.a.com", "c.b.a.com"));
	assert_false(covers("*.a.com", "a.com"));
	assert_true(covers("*.a.com", "*.a.com"));
	assert_false(covers("*.a.com", "**.a.com"));
	assert_true(covers("**.a.com", "c.b.a.com"));
	assert_true(covers("**.a.com", "*.a.com"));
	assert_true(covers("**.a.com", "*.b.a.com"));
	assert_true(covers("**.a.com", "**.b.a.com"));
	assert_false(covers("**.a.com", "a.com"));
	assert_false(covers("**.a.com", "xa.com"));
	assert_true(covers("10.0.0.0/8", "10.1.0.0/16"));
	assert_true(covers("10.0.0.0/8", "10.9.9.9"));
	assert_false(covers("10.1.0.0/16", "10.0.0.0/8"));
	assert_false(covers("10.0.0.0/8", "a.com"));
	assert_true(covers("fd00::/8", "[fd12::1]:22"));
	assert_false(covers("fd00::/8", "10.0.0.1"));
}

static void
test_pat_overlaps(void **state)
{
	(void)state;
	assert_true(overlaps("**", "a.com"));
	assert_true(overlaps("a.com", "a.com:443"));
	assert_false(overlaps("a.com:22", "a.com:443"));
	assert_true(overlaps("*.a.com", "b.a.com"));
	assert_false(overlaps("*.a.com", "a.com"));
	assert_true(overlaps("*.a.com", "**.a.com"));
	assert_true(overlaps("*.b.a.com", "**.a.com"));
	assert_false(overlaps("*.a.com", "**.b.a.com"));
	assert_true(overlaps("**.a.com", "**.b.a.com"));
	assert_false(overlaps("*.a.com", "*.b.com"));
	assert_false(overlaps("a.com", "b.com"));
	assert_true(overlaps("10.0.0.0/8", "10.1.2.3"));
	assert_false(overlaps("10.0.0.0/8", "11.0.0.0/8"));
	assert_false(overlaps("10.0.0.1", "a.com"));
}

static void
test_pat_probe(void **state)
{
	static const char *const cases[][2] = {
		{ "a.com", "a.com" }, { "a.com:8443", "a.com:8443" },
		{ "*.a.com", "code-airlock-check.a.com" },
		{ "**.a.com", "code-airlock-check.a.com" },
		{ "10.1.0.0/16", "10.1.0.0" }, { "fd00::/8", "fd00::" },
		{ "[::1]:8080", "[::1]:8080" },
	};
	struct sbx_pat p, q;
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = pat(cases[i][0]);
		s = sbx_pat_probe(&p);
		assert_string_equal(s, cases[i][1]);
		/* The target is one the resource matches. */
		if (sbx_pat_parse(s, &q) == 0)
			assert_true(sbx_pat_covers(&p, &q));
		free(s);
	}
}

static void
test_version(void **state)
{
	static const int min[3] = SBX_MIN_VERSION_INIT;
	int v[3];

	(void)state;
	assert_int_equal(sbx_parse_version("sbx version: v0.45.1 4e1d2c3\n",
	    v), 0);
	assert_int_equal(v[1], 45);
	assert_int_equal(v[2], 1);
	assert_int_equal(sbx_version_cmp(v, min), 1);
	assert_int_equal(sbx_parse_version("Client Version: v0.33.0\n"
	    "Server Version: v0.33.0\n", v), 0);
	assert_int_equal(v[1], 33);
	assert_int_equal(sbx_version_cmp(v, min), -1);
	assert_int_equal(sbx_parse_version("sbx version v0.38\n", v), 0);
	assert_int_equal(sbx_version_cmp(v, min), 0);
	assert_int_equal(sbx_parse_version("Starting sandboxd daemon...\n"
	    "sbx version: v1.2.3 x\n", v), 0);
	assert_int_equal(v[0], 1);
	assert_int_equal(sbx_parse_version("sbx version: vX\n", v), -1);
	assert_int_equal(sbx_parse_version("version 0.45.1\n", v), -1);
	assert_int_equal(sbx_parse_version("", v), -1);
	assert_int_equal(sbx_parse_version(NULL, v), -1);
}

/* The rules parsed from text for sandbox "box", as "s d resource" lines
 * (s: g, t or o; d: a or d). */
static char *
parsed(const char *text, size_t *records)
{
	struct sbx_rules r;
	char *cause = NULL, *out = NULL, *t;
	size_t i;

	if (sbx_policy_parse(text, strlen(text), "box", &r, &cause) != 0)
		fail_msg("%s", cause);
	for (i = 0; i < r.n; i++) {
		t = out;
		out = xasprintf("%s%c %c %s\n", t ? t : "",
		    "gto"[r.v[i].scope], r.v[i].deny ? 'd' : 'a',
		    r.v[i].resource);
		free(t);
	}
	if (records != NULL)
		*records = r.records;
	sbx_rules_clear(&r);
	return out ? out : xstrdup("");
}

static void
test_policy_parse(void **state)
{
	size_t n;
	char *s, *cause = NULL;
	struct sbx_rules r;

	(void)state;
	s = parsed("Starting sandboxd daemon...\n{\"policies\":[{\"name\":"
	    "\"local-policy\",\"applies_to\":\"all\",\"rules\":[{\"type\":"
	    "\"filesystem:read\",\"decision\":\"allow\",\"resources\":[\"**\"]},"
	    "{\"type\":\"network\",\"decision\":\"allow\",\"resources\":"
	    "[\"a.com\",\"*.b.org\"]},{\"decision\":\"deny\",\"status\":"
	    "\"inactive\",\"resources\":[\"x.com\"]}]},{\"applies_to\":"
	    "\"sandbox:box\",\"rules\":[{\"decision\":\"deny\",\"resources\":"
	    "[\"c.com\"]}]},{\"applies_to\":\"sandbox:other\",\"rules\":[{"
	    "\"decision\":\"allow\",\"resources\":[\"d.com\"]}]}]}", &n);
	assert_string_equal(s, "g a a.com\ng a *.b.org\nt d c.com\n"
	    "o a d.com\n");
	assert_int_equal(n, 5);
	free(s);
	s = parsed("[{\"decision\":\"ALLOW\",\"resource\":\"a.com\",\"scope\":"
	    "\"all\"},{\"decision\":\"deny\",\"resource\":\"b.com\",\"scope\":"
	    "\"sandbox:box\"},{\"type\":\"filesystem:write\",\"decision\":"
	    "\"allow\",\"resource\":\"**\"}]", NULL);
	assert_string_equal(s, "g a a.com\nt d b.com\n");
	free(s);
	s = parsed("{\"rules\":[{\"decision\":\"allow\",\"hosts\":[\"a.com\"]},"
	    "{\"decision\":\"deny\",\"hosts\":\"b.com\",\"sandbox\":\"box\"},"
	    "{\"decision\":\"allow\",\"hosts\":[\"c.com\"],\"sandbox\":"
	    "\"boxes\"},{\"decision\":\"maybe\",\"hosts\":[\"e.com\"]}]}", NULL);
	assert_string_equal(s, "g a a.com\nt d b.com\no a c.com\n");
	free(s);
	s = parsed("{\"policies\":[]}", &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
	assert_int_equal(sbx_policy_parse("no json", 7, "box", &r, &cause),
	    -1);
	assert_non_null(strstr(cause, "printed no JSON"));
	free(cause);
	cause = NULL;
	assert_int_equal(sbx_policy_parse("{\"a\":", 5, "box", &r, &cause), -1);
	free(cause);
}

/* Deep nesting is read to a bound, without a crash. */
static void
test_policy_parse_deep(void **state)
{
	char *text = xstrdup(""), *t;
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++) {
		t = text;
		text = xasprintf("[%s]", i ? t : "{\"decision\":\"allow\","
		    "\"resources\":[\"deep.com\"]}");
		free(t);
	}
	t = parsed(text, NULL);
	assert_string_equal(t, "");
	free(t);
	free(text);
}

/* rules from "s d resource" lines (s: g t o; d: a d). */
static void
rules_of(const char *spec, struct sbx_rules *r)
{
	char *copy = xstrdup(spec), *line, *save = NULL;

	memset(r, 0, sizeof(*r));
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
		r->v[r->n].scope = line[0] == 'g' ? SBX_SCOPE_GLOBAL :
		    line[0] == 't' ? SBX_SCOPE_THIS : SBX_SCOPE_OTHER;
		r->v[r->n].deny = line[2] == 'd';
		r->v[r->n].resource = xstrdup(line + 4);
		r->n++;
		r->records++;
	}
	free(copy);
}

static char *
set_text(const struct netlock_set *s)
{
	char *out = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < s->n; i++) {
		t = out;
		out = xasprintf("%s%s %s\n", t, s->v[i].deny ? "deny" :
		    "allow", s->v[i].resource);
		free(t);
	}
	return out;
}

static char *
joined(const struct strvec *v)
{
	char *out = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < v->n; i++) {
		t = out;
		out = xasprintf("%s%s ", t, v->v[i]);
		free(t);
	}
	return out;
}

/* What the global policy allows and ALLOW does not cover is denied for
 * this sandbox; the kit's own allow is kept, never added again. */
static void
test_plan(void **state)
{
	struct netlock_set ours = { NULL, 0 };
	struct netlock_plan pl;
	struct sbx_rules r;
	char *cause = NULL, *s;

	(void)state;
	rules_of("g a a.com\ng a *.b.org\ng a pypi.org\ng a **.docker.io\n"
	    "g d bad.com\ng a bad.com\nt a a.com\no a x.com\n", &r);
	assert_int_equal(netlock_plan(&r, &ours, "a.com,*.b.org,c.net:8443",
	    &pl, &cause), 0);
	s = set_text(&pl.want);
	assert_string_equal(s, "deny pypi.org\ndeny **.docker.io\n"
	    "allow *.b.org\nallow c.net:8443\n");
	free(s);
	s = joined(&pl.allowed);
	assert_string_equal(s, "a.com code-airlock-check.b.org c.net:8443 ");
	free(s);
	s = joined(&pl.denied);
	assert_string_equal(s, "pypi.org code-airlock-check.docker.io "
	    "example.com ");
	free(s);
	s = joined(&pl.kept);
	assert_string_equal(s, "a.com ");
	free(s);
	netlock_plan_clear(&pl);
	sbx_rules_clear(&r);
}

/* The rules of an earlier lockdown are not taken for the sandbox's own. */
static void
test_plan_ours_left_out(void **state)
{
	struct netlock_set ours = { NULL, 0 };
	struct netlock_plan pl;
	struct sbx_rules r;
	char *cause = NULL, *s;

	(void)state;
	netlock_set_add(&ours, "old.com", 0);
	netlock_set_add(&ours, "pypi.org", 1);
	rules_of("g a pypi.org\ng a old.com\nt a old.com\nt d pypi.org\n", &r);
	assert_int_equal(netlock_plan(&r, &ours, "new.com", &pl, &cause), 0);
	s = set_text(&pl.want);
	assert_string_equal(s, "deny pypi.org\ndeny old.com\nallow new.com\n");
	free(s);
	netlock_plan_clear(&pl);
	sbx_rules_clear(&r);
	netlock_set_clear(&ours);
}

static void
plan_fails(const char *rules, const char *allow, const char *want)
{
	struct netlock_set ours = { NULL, 0 };
	struct netlock_plan pl;
	struct sbx_rules r;
	char *cause = NULL;

	rules_of(rules, &r);
	assert_int_equal(netlock_plan(&r, &ours, allow, &pl, &cause), -1);
	if (strstr(cause, want) == NULL)
		fail_msg("'%s' not in '%s'", want, cause);
	free(cause);
	sbx_rules_clear(&r);
}

/* No set of rules can do it: said, and why. */
static void
test_plan_impossible(void **state)
{
	(void)state;
	plan_fails("g a **\n", "a.com", "allows every host ('**'");
	plan_fails("g a **.example.org\n", "www.example.org",
	    "the global rule allowing '**.example.org' also covers "
	    "'www.example.org', which is in ALLOW");
	plan_fails("g a **.example.org\n", "www.example.org",
	    "sbx policy rm network --resource **.example.org");
	plan_fails("g a *.anthropic.com\nt a api.anthropic.com\n", "a.com",
	    "which the sandbox's own rule (its agent kit) allows");
	plan_fails("g a *.anthropic.com\nt a api.anthropic.com\n", "a.com",
	    "add '*.anthropic.com' to ALLOW");
	plan_fails("g d *.b.org\n", "x.b.org", "a rule denies '*.b.org', so "
	    "'x.b.org' in ALLOW can never be reached");
	plan_fails("g a not a host\n", "a.com", "cannot tell what");
}

static void
test_record(void **state)
{
	struct netlock_set s = { NULL, 0 }, back;
	char *dir = tu_mkdtemp(), *path, *cause = NULL, *text;

	(void)state;
	path = xasprintf("%s/a/b/record", dir);
	assert_int_equal(netlock_read(path, &back, &cause), 0);
	assert_int_equal(back.n, 0);
	netlock_set_add(&s, "*.x.org", 0);
	netlock_set_add(&s, "pypi.org", 1);
	assert_int_equal(netlock_write(path, &s, &cause), 0);
	assert_int_equal(netlock_read(path, &back, &cause), 0);
	text = set_text(&back);
	assert_string_equal(text, "allow *.x.org\ndeny pypi.org\n");
	free(text);
	assert_true(netlock_set_has(&back, "pypi.org", 1));
	assert_false(netlock_set_has(&back, "pypi.org", 0));
	netlock_set_clear(&back);
	netlock_set_clear(&s);
	assert_int_equal(netlock_write(path, &s, &cause), 0);
	assert_int_equal(access(path, F_OK), -1);
	tu_rmrf(dir);
	free(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pat_parse),
		cmocka_unit_test(test_pat_covers),
		cmocka_unit_test(test_pat_overlaps),
		cmocka_unit_test(test_pat_probe),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_policy_parse),
		cmocka_unit_test(test_policy_parse_deep),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_plan_ours_left_out),
		cmocka_unit_test(test_plan_impossible),
		cmocka_unit_test(test_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
