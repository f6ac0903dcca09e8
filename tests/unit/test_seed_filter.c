/*
 * Seeding: every secret pattern of SPEC §4 and every extra one the filter
 * knows, each tried as a file name, as a directory in the middle of a
 * path, in capitals and capitalised, with the prefixes and suffixes real
 * tools use; and the look-alikes that must still be copied.  Then the same
 * names planted in a directory that is staged, to show the staging copy
 * applies the filter at every depth.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "services/seed/seed.h"
#include "base/strvec.h"
#include "testutil.h"

/* Refused whatever their case. */
static const char *const refused[] = {
	/* auth */
	"auth", "auth.json", "oauth_creds.json", "AuthState", "gh-auth.md",
	/* credential */
	"credentials", ".credentials.json", ".git-credentials", "creds.txt",
	/* token */
	"token", "tokens.db", "access_token.txt", "refresh-token",
	/* session */
	"session", "sessions", "session-1.json", "web_session.md",
	/* history */
	"history", "history.jsonl", ".bash_history", "command_history",
	/* log, as a word */
	"log", "logs", "debug.log", "error_log.txt", "log-2024.txt",
	"app.log.1", "log2", "logs.old",
	/* cache */
	"cache", ".cache", "statsig-cache", "Caches",
	"node_modules",
	/* .env and its variants */
	".env", ".env.local", ".env.production", ".envrc", ".env~",
	"prod.env", "app.env.bak",
	/* ssh */
	".ssh", "ssh", "known_hosts", "id_rsa", "id_rsa.pub", "id_ed25519",
	"id_ed25519.pub", "id_ecdsa", "id_dsa", "deploy_rsa", "github_ed25519",
	"work-ecdsa-key", "server.pem", "server.pem.bak", "tls.key",
	"tls.key~", "putty.ppk",
	/* gpg */
	".gnupg", "gnupg", "secring.gpg", "pubring.kbx", "trustdb.gpg",
	"key.asc", "private-keys-v1.d",
	/* the filter's extras */
	"secrets", "client_secret.json", "password.txt", "passwd",
	"passphrase", ".netrc", ".npmrc", ".pypirc", ".git", ".aws", ".azure",
	".kube", ".docker", "gcloud", ".password-store", "cookies.sqlite",
	"keyring", "keychain", "private_key", "privkey.txt", "vault.kdbx",
	"state.db", "state.db-wal", "cert.p12", "cert.pfx", "store.jks",
	"app.keystore", "apikey.txt", "openai_api_key", "x-api-key",
	NULL
};

/* Refused as written: a capital after a small letter starts a word. */
static const char *const refused_camel[] = {
	"debugLog.txt", "appLogs", "LogFile.md", NULL
};

/* Copied whatever their case: nothing in them is a whole pattern. */
static const char *const kept[] = {
	"CLAUDE.md", "AGENTS.md", "AGENT.md", "commands", "agents", "skills",
	"prompts", "opencode.jsonc", "SKILL.md", "review.md", "catalog.md",
	"changelog.md", "dialog", "blog.md", "login.md", "Logic.md",
	"analogy.md", "keyboard.md", "keys.md", "notes.keynote", "monkey.txt",
	"settings-template.md", "README", "env.md", "environment.md",
	"ssh-guide.md", "gpg-howto.md", "rsa-notes.md", "pem.md", "db.md",
	"my.dbx", "idea.md", "a.jsonc", "deploy.md", NULL
};

static char *
recase(const char *name, int all)
{
	char *s = xstrdup(name), *p;

	for (p = s; *p != '\0'; p++)
		if (all || p == s)
			*p = (char)toupper((unsigned char)*p);
	return s;
}

/* name as it is, as the file of a path and as a directory inside one. */
static void
check_positions(const char *name, int want)
{
	char *paths[4];
	size_t i;

	if (seed_name_refused(name) != want)
		fail_msg("name '%s' should be %s", name, want ? "refused" :
		    "kept");
	paths[0] = xasprintf("skills/x/%s", name);
	paths[1] = xasprintf("%s/sub/a.md", name);
	paths[2] = xasprintf("commands/%s/b.md", name);
	paths[3] = xasprintf(".claude/agents/%s/deep/c.md", name);
	for (i = 0; i < 4; i++) {
		if (seed_path_refused(paths[i]) != want)
			fail_msg("path '%s' should be %s", paths[i], want ?
			    "refused" : "kept");
		free(paths[i]);
	}
}

static void
check_forms(const char *name, int want)
{
	char *up = recase(name, 1), *cap = recase(name, 0);

	check_positions(name, want);
	check_positions(up, want);
	check_positions(cap, want);
	free(cap);
	free(up);
}

static void
test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; refused[i] != NULL; i++)
		check_forms(refused[i], 1);
	for (i = 0; refused_camel[i] != NULL; i++)
		check_positions(refused_camel[i], 1);
}

static void
test_kept(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; kept[i] != NULL; i++)
		check_forms(kept[i], 0);
	/* All in capitals there is no word to find. */
	assert_false(seed_name_refused("LOGFILE.MD"));
}

/* Fail when any file under dir holds marker; count the files read. */
static size_t
scan(const char *dir, const char *marker)
{
	struct dirent *de;
	struct stat st;
	char *p, buf[256];
	size_t n = 0;
	DIR *d;
	FILE *f;

	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		assert_int_equal(lstat(p, &st), 0);
		if (S_ISDIR(st.st_mode))
			n += scan(p, marker);
		else if (S_ISREG(st.st_mode)) {
			assert_non_null(f = fopen(p, "r"));
			while (fgets(buf, sizeof(buf), f) != NULL)
				if (strstr(buf, marker) != NULL)
					fail_msg("'%s' reached the copy", p);
			fclose(f);
			n++;
		}
		free(p);
	}
	closedir(d);
	return n;
}

/*
 * Each refused name as a file at the top, as a file two levels down, in
 * capitals, and as a directory holding an innocent file; each kept name
 * likewise.  Only the kept ones may be in the staging copy.
 */
static void
test_stage_all_names(void **state)
{
	struct strvec notes = STRVEC_INIT;
	char *top, *src, *dst, *cause = NULL, *p, *up;
	size_t i, nkept = 0;

	(void)state;
	top = tu_mkdtemp();
	src = xasprintf("%s/src", top);
	dst = xasprintf("%s/stage", top);
	assert_int_equal(mkdir(src, 0755), 0);
	tu_mkdir_at(src, "a");
	tu_mkdir_at(src, "a/b");
	tu_mkdir_at(src, "up");
	tu_mkdir_at(src, "dirs");
	for (i = 0; refused[i] != NULL; i++) {
		up = recase(refused[i], 1);
		p = xasprintf("SECRET %s\n", refused[i]);
		tu_put(src, refused[i], p);
		free(p);
		p = xasprintf("a/b/%s", refused[i]);
		tu_put(src, p, "SECRET deep\n");
		free(p);
		p = xasprintf("up/%s", up);
		tu_put(src, p, "SECRET upper\n");
		free(p);
		p = xasprintf("dirs/%s", refused[i]);
		tu_mkdir_at(src, p);
		free(p);
		p = xasprintf("dirs/%s/notes.md", refused[i]);
		tu_put(src, p, "SECRET inside\n");
		free(p);
		free(up);
	}
	for (i = 0; refused_camel[i] != NULL; i++) {
		p = xasprintf("a/%s", refused_camel[i]);
		tu_put(src, p, "SECRET camel\n");
		free(p);
	}
	for (i = 0; kept[i] != NULL; i++) {
		p = xasprintf("a/b/%s", kept[i]);
		tu_put(src, p, "kept\n");
		free(p);
	}
	assert_int_equal(seed_stage(src, "~/src", dst, &notes, &cause), 0);
	nkept = scan(dst, "SECRET");
	assert_int_equal(nkept, i);
	for (i = 0; kept[i] != NULL; i++) {
		p = xasprintf("%s/a/b/%s", dst, kept[i]);
		if (access(p, R_OK) != 0)
			fail_msg("'%s' is missing from the copy", kept[i]);
		free(p);
	}
	assert_true(notes.n > 0);
	strvec_clear(&notes);
	free(dst);
	free(src);
	tu_rmrf(top);
	free(top);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_stage_all_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
