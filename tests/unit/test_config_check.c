/*
 * The configuration validators on their own: booleans, policies, sandbox
 * names, the network allowlist, typo suggestions, the derived sandbox name
 * and the key table that documentation and completion are built from.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "services/config/config.h"
#include "base/strvec.h"
#include "testutil.h"

static void
test_bool(void **state)
{
	static const char *yes[] = { "1", "true", "TRUE", "Yes", "yes" };
	static const char *no[] = { "0", "false", "False", "NO", "no" };
	static const char *bad[] = { "", "2", "on", "off", "y", " 1", "truee" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_int_equal(cfg_parse_bool(yes[i]), 1);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(cfg_parse_bool(no[i]), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cfg_parse_bool(bad[i]), -1);
}

static void
test_policy(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_int_equal(cfg_check_policy("allow-all", &cause), 0);
	assert_int_equal(cfg_check_policy("balanced", &cause), 0);
	assert_int_equal(cfg_check_policy("deny-all", &cause), 0);
	assert_null(cause);
	assert_int_equal(cfg_check_policy("Balanced", &cause), -1);
	assert_string_equal(cause, "invalid GLOBAL_NETWORK_POLICY 'Balanced': "
	    "use allow-all, balanced or deny-all");
	free(cause);
}

static void
test_sandbox_name(void **state)
{
	static const char *good[] = { "ab", "a1", "1a", "a.b-c", "sbx--x",
	    "sbx-my.repo", "X-" };
	static const char *bad[] = { "", "a", "-a", ".a", "a_b", "a b", "a/b",
	    "\xc3\xa4x", "a:b" };
	char *cause = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (cfg_check_sandbox_name(good[i], &cause) != 0)
			fail_msg("'%s': %s", good[i], cause);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(cfg_check_sandbox_name(bad[i], &cause), -1);
		assert_non_null(strstr(cause, "invalid sandbox name '"));
		assert_non_null(strstr(cause, "starting with a letter or "
		    "digit"));
		free(cause);
	}
	assert_int_equal(cfg_check_sandbox_name("a\nb", &cause), -1);
	assert_null(strchr(cause, '\n'));
	free(cause);
}

static void
test_allow_good(void **state)
{
	static const char *good[] = { "example.com", "*.example.com",
	    "example.com:443", "*.example.com:8443", "1.2.3.4", "1.2.3.4:80",
	    "10.0.0.0/8", "0.0.0.0/0", "::1", "2001:db8::1", "2001:db8::/32",
	    "[::1]", "[::1]:8080", "localhost", "my_host.internal",
	    "xn--bcher-kva.example", "a.com,b.org,*.c.net" };
	char *cause = NULL;
	size_t i;

	(void)state;
	assert_int_equal(cfg_check_allow(cfg_keys[CFG_ALLOW].deflt, &cause),
	    0);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (cfg_check_allow(good[i], &cause) != 0)
			fail_msg("'%s': %s", good[i], cause);
}

static void
test_allow_bad(void **state)
{
	static const struct {
		const char	*list;
		const char	*msg;
	} bad[] = {
		{ "", "ALLOW is empty; list at least one host" },
		{ "a.com,", "empty ALLOW entry; remove the extra comma" },
		{ ",a.com", "empty ALLOW entry" },
		{ "a.com,,b.com", "empty ALLOW entry" },
		{ "https://a.com", "invalid ALLOW entry 'https://a.com': remove "
		    "the scheme" },
		{ "a.com/path", "invalid ALLOW entry 'a.com/path': remove the "
		    "path" },
		{ "a.com, b.com", "invalid ALLOW entry ' b.com': remove the "
		    "space" },
		{ "a.com;b.com", "separate entries with ',' not ';'" },
		{ "*", "a bare '*' would allow every host" },
		{ "*.*.com", "'*' is only allowed as a leading '*.'" },
		{ "a*.com", "'*' is only allowed as a leading '*.'" },
		{ "*.", "expected host, *.host, host:port, IP address or CIDR" },
		{ "a.com:0", "the port must be a number from 1 to 65535" },
		{ "a.com:65536", "the port must be" },
		{ "a.com:", "the port must be" },
		{ "a.com:http", "the port must be" },
		{ "1.2.3.999", "'1.2.3.999': not a valid IPv4 address" },
		{ "10.0.0.0/33", "the CIDR prefix length must be" },
		{ "::1/129", "the CIDR prefix length must be" },
		{ "10.0.0.0/", "the CIDR prefix length must be" },
		{ "[::1", "expected [IPv6 address]" },
		{ "[zz]:1", "not a valid IPv6 address" },
		{ "[::1]:0", "the port must be" },
		{ "1:2:3", "not a valid IPv6 address" },
		{ "a..com", "not a valid host name" },
		{ "-a.com", "not a valid host name" },
		{ ".a.com", "not a valid host name" },
		{ "a.com.", "not a valid host name" },
		{ "a-.com", "not a valid host name" },
		{ "a$b.com", "not a valid host name" },
		{ "a.com\tb", "ALLOW contains a control character" },
	};
	char *cause = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cfg_check_allow(bad[i].list, &cause) != -1)
			fail_msg("'%s' accepted", bad[i].list);
		if (strstr(cause, bad[i].msg) == NULL)
			fail_msg("'%s': got '%s'", bad[i].list, cause);
		free(cause);
		cause = NULL;
	}
}

static void
test_suggest(void **state)
{
	static const struct {
		const char	*typo;
		const char	*want;	/* NULL: no suggestion */
	} s[] = {
		{ "AGNT", "AGENT" },
		{ "agent", "AGENT" },
		{ "Repo_Dir", "REPO_DIR" },
		{ "REPO-DIR", "REPO_DIR" },
		{ "REVIEWTOOL", "REVIEW_TOOL" },
		{ "SANDBOXNAME", "SANDBOX_NAME" },
		{ "GLOBAL_NETWORK_POLICIES", "GLOBAL_NETWORK_POLICY" },
		{ "ALOW", "ALLOW" },
		{ "DRYRUN", "DRY_RUN" },
		{ "SEED_PATH", "SEED_PATHS" },
		{ "FOO", NULL },
		{ "NAME", NULL },
		{ "", NULL },
	};
	const char *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		got = cfg_suggest(s[i].typo);
		if (s[i].want == NULL && got != NULL)
			fail_msg("'%s': unexpected '%s'", s[i].typo, got);
		if (s[i].want != NULL && (got == NULL ||
		    strcmp(got, s[i].want) != 0))
			fail_msg("'%s': got '%s'", s[i].typo, got ? got : "");
	}
}

static void
test_default_name(void **state)
{
	static const struct {
		const char	*dir;
		const char	*want;
	} s[] = {
		{ "/home/u/project", "sbx-project" },
		{ "/home/u/my repo", "sbx-my-repo" },
		{ "/home/u/my_repo.v2", "sbx-my-repo.v2" },
		{ "/home/u/_x", "sbx--x" },
		{ "/home/u/trailing/", "sbx-trailing" },
		{ "/home/u/caf\xc3\xa9", "sbx-caf--" },
		{ "relative", "sbx-relative" },
	};
	char *name, *cause = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		name = cfg_default_name(s[i].dir);
		assert_string_equal(name, s[i].want);
		/* Whatever the folder, the result passes sbx's rules. */
		if (cfg_check_sandbox_name(name, &cause) != 0)
			fail_msg("'%s': %s", name, cause);
		free(name);
	}
}

static void
test_key_table(void **state)
{
	int k, j;
	size_t len;

	(void)state;
	for (k = 0; k < CFG_NKEYS; k++) {
		assert_non_null(cfg_keys[k].name);
		assert_non_null(cfg_keys[k].help);
		len = strlen(cfg_keys[k].help);
		/* Help lines follow the message style: no full stop. */
		assert_true(len > 0 && cfg_keys[k].help[len - 1] != '.');
		assert_int_equal(strspn(cfg_keys[k].name,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_"), strlen(cfg_keys[k].name));
		for (j = 0; j < k; j++)
			assert_string_not_equal(cfg_keys[j].name,
			    cfg_keys[k].name);
	}
	assert_string_equal(cfg_keys[CFG_AGENT].deflt, "claude");
	assert_string_equal(cfg_keys[CFG_GLOBAL_NETWORK_POLICY].deflt,
	    "balanced");
	assert_null(cfg_keys[CFG_SANDBOX_NAME].deflt);
}

/* What the risk summary leaves out as covered: exactly what ALLOW says. */
static void
test_allow_covers(void **state)
{
	static const char allow[] = "github.com,*.npmjs.org,api.x.io:8443,"
	    "10.0.0.0/8,192.168.1.7,[2001:db8::1]:443,2001:db8:1::/48";
	static const struct {
		const char	*host;
		unsigned	 port;
		int		 covered;
	} cases[] = {
		{ "github.com", 443, 1 },
		{ "GitHub.COM", 0, 1 },
		{ "api.github.com", 443, 0 },
		{ "evilgithub.com", 443, 0 },
		{ "github.com.evil.net", 443, 0 },
		{ "registry.npmjs.org", 443, 1 },
		{ "npmjs.org", 443, 0 },
		{ "a.b.npmjs.org", 443, 0 },
		{ "api.x.io", 8443, 1 },
		{ "api.x.io", 443, 0 },
		{ "api.x.io", 0, 0 },
		{ "10.20.30.40", 80, 1 },
		{ "11.0.0.1", 80, 0 },
		{ "192.168.1.7", 22, 1 },
		{ "192.168.1.8", 22, 0 },
		{ "2001:db8::1", 443, 1 },
		{ "2001:db8::1", 80, 0 },
		{ "2001:db8:1:2::5", 80, 1 },
		{ "2001:db8:2::5", 80, 0 },
		{ "", 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (cfg_allow_covers(allow, cases[i].host, cases[i].port) !=
		    cases[i].covered)
			fail_msg("%s:%u: expected %d", cases[i].host,
			    cases[i].port, cases[i].covered);
	assert_int_equal(cfg_allow_covers("**", "anything.example", 1), 1);
	assert_int_equal(cfg_allow_covers("**.corp.net", "a.b.corp.net", 1),
	    1);
	assert_int_equal(cfg_allow_covers(NULL, "github.com", 443), 0);
	assert_int_equal(cfg_allow_covers(cfg_keys[CFG_ALLOW].deflt,
	    "objects.githubusercontent.com", 443), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_sandbox_name),
		cmocka_unit_test(test_allow_good),
		cmocka_unit_test(test_allow_bad),
		cmocka_unit_test(test_allow_covers),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_default_name),
		cmocka_unit_test(test_key_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
