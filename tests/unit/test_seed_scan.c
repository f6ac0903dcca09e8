/*
 * The content scan of seeded files and the list of well-known credential
 * files: every secret form the scan knows, hidden the ways a real file
 * holds it (quoted, camelCase, in YAML, JSON, TOML, shell, a git config),
 * and the ordinary text of agent configuration that must still pass.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "services/seed/seed.h"
#include "base/strvec.h"
#include "testutil.h"

static char *
scan(const char *text)
{
	return seed_secret_scan(text, strlen(text));
}

static void
test_secrets_found(void **state)
{
	static const char *const found[][2] = {
		{ "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", "PEM private" },
		{ "x\n-----BEGIN OPENSSH PRIVATE KEY-----", "line 2 looks" },
		{ "-----BEGIN PGP PRIVATE KEY BLOCK-----", "PEM private" },
		{ "-----BEGIN ENCRYPTED PRIVATE KEY-----", "PEM private" },
		{ "PuTTY-User-Key-File-3: ssh-ed25519", "PuTTY" },
		{ "\"url\": \"postgres://app:hunter2@db:5432/x\"", "password" },
		{ "https://oauth2:abc@gitlab.example.com", "password" },
		{ "https://0123456789abcdef0123456789abcdef01234567@github.com/",
		    "token for a user" },
		{ "GH=ghp_0123456789abcdefghijABCDEFGHIJ0123", "GitHub" },
		{ "github_pat_11AAAAAAA0aaaaaaaaaaaaaaaaaaaaaaaa", "GitHub" },
		{ "glpat-abcdefghij0123456789", "GitLab" },
		{ "aws_id=AKIAIOSFODNN7EXAMPLE", "AWS" },
		{ "ASIAIOSFODNN7EXAMPLE", "AWS" },
		{ "xoxp-1234567890-0987654321-abc", "Slack" },
		{ "https://hooks.slack.com/services/T000/B000/XXXX", "Slack" },
		{ "\"apiKey\":\"sk-proj-abcdefghijklmnopqrstuvwxyz\"", "key" },
		{ "sk-ant-api03-abcdefghijklmnopqrstuvwxyz", "Anthropic" },
		{ "key=AIzaSyA0123456789abcdefghijklmnopqrstu", "Google" },
		{ "//registry.npmjs.org/:_authToken=npm_0123456789abcdefghij"
		    "0123456789abcdef", "" },
		{ "pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAw", "PyPI" },
		{ "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "Hugging Face" },
		{ "sk_live_0123456789abcdefghij", "Stripe" },
		{ "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ", "age" },
		{ "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.x", "JSON" },
		{ "\textraheader = AUTHORIZATION: basic eDp5", "Authorization" },
		{ "\"Authorization\": \"token abc\"", "Authorization" },
		{ "-H 'Bearer abcdefghijklmnopqrstuvwxyz0123'", "bearer" },
		{ "OPENAI_KEY=abcd1234", "name like KEY" },
		{ "export GITHUB_TOKEN=\"t0k3n\"", "name like KEY" },
		{ "password: hunter22", "name like KEY" },
		{ "db_password = 'correct horse battery staple'", "name like" },
		{ "\"clientSecret\": \"abcdef\"", "name like KEY" },
		{ "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", "name like" },
		{ "apikey: abcdef12", "name like KEY" },
		{ "ACCESSTOKEN=abcdef12", "name like KEY" },
		{ "sshKey: AAAAC3NzaC1lZDI1NTE5", "name like KEY" },
		{ "token = \"x\"", "name like KEY" },
		{ "pass = obscured0123", "name like KEY" },
		{ "a\0b\nSECRET := s3cr3tvalue", "line 2 looks" },
	};
	char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		why = strcmp(found[i][0], "a") == 0 ? seed_secret_scan(
		    "a\0b\nSECRET := s3cr3tvalue", 25) : scan(found[i][0]);
		if (why == NULL || strstr(why, found[i][1]) == NULL)
			fail_msg("'%s': %s", found[i][0], why ? why : "missed");
		/* It names the kind, never the secret. */
		assert_null(strstr(why, "hunter"));
		assert_null(strstr(why, "abcd"));
		free(why);
	}
}

static void
test_ordinary_text(void **state)
{
	static const char *const fine[] = {
		"# Review code carefully\nRun the tests first.\n",
		"\"maxTokens\": 8192,\n\"max_tokens\": 4096\n",
		"\"key\": \"ctrl+k\", \"keybindings\": {}\n",
		"monkey = banana\nhotkey = ctrl+x\n",
		"api_key = os.environ[\"OPENAI_API_KEY\"]\n",
		"token: ${GITHUB_TOKEN}\npassword: $DB_PASSWORD\n",
		"\"apiKey\": \"{env:OPENAI_API_KEY}\"\n",
		"password: \"\"\nsecret:\n  name: x\n",
		"use_token: true\npassword_required: false\n",
		"git clone ssh://git@github.com/acme/widget.git\n",
		"see https://github.com/acme/widget and http://x.example/a@b\n",
		"The Bearer scheme is described in RFC 6750.\n",
		"tokenizer: cl100k\nsecret_name: prod\n",
		"Set the API key: see below.\n",
		"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n",
		"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK user@host\n",
		"task-management and risk-assessment-for-everyone\n",
		"",
	};
	char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		if ((why = scan(fine[i])) != NULL)
			fail_msg("'%s': %s", fine[i], why);
}

static void
test_home_files(void **state)
{
	static const char *const refused[] = {
		".pgpass", ".my.cnf", ".mylogin.cnf", ".s3cfg", ".boto",
		".config/hub/hub", ".config/hub", ".config/rclone/rclone.conf",
		".config/sops/age/keys.txt", ".config/gh/hosts.yml",
		".mozilla/firefox/x.default/logins.json", ".docker",
		"notes/.pgpass", "backup/rclone.conf", ".local/share/keyrings/x",
	};
	static const char *const fine[] = {
		".claude/CLAUDE.md", ".config/opencode/AGENTS.md", ".config",
		".config/hubble", ".config/gh/config.yml", "pgpass.md",
		".config/rclone-notes.md",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (!seed_home_refused(refused[i]) &&
		    !seed_path_refused(refused[i]))
			fail_msg("'%s' not refused", refused[i]);
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		if (seed_home_refused(fine[i]))
			fail_msg("'%s' refused", fine[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secrets_found),
		cmocka_unit_test(test_ordinary_text),
		cmocka_unit_test(test_home_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
