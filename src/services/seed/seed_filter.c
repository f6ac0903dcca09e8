/*
 * seed: the filter that decides what may never leave the host.  It errs on
 * the side of leaving things behind: a skill called "tokenizer" stays home
 * too, which costs the user a file, while the opposite mistake would hand
 * a credential to the agent.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services/seed/seed.h"
#include "base/strvec.h"
#include "seed_int.h"

/* Anywhere in a name. */
static const char *const refused_parts[] = {
	"auth", "credential", "creds", "token", "session", "history", "cache",
	"node_modules", "secret", "password", "passwd", "passphrase", "cookie",
	"keyring", "keychain", "private_key", "private-key", "privkey",
	"apikey", "api_key", "api-key", "secring",
	/* ssh keys under names of their own: deploy_rsa, github_ed25519 */
	"_rsa", "-rsa", "_dsa", "-dsa", "ed25519", "ecdsa", NULL
};

/* The whole name. */
static const char *const refused_names[] = {
	".ssh", "ssh", ".gnupg", "gnupg", ".gpg", ".netrc", ".npmrc",
	".pypirc", ".git", ".aws", ".azure", ".kube", ".docker", "gcloud",
	".password-store", "known_hosts", NULL
};

/* ".env" covers .env.local, .env~ and direnv's .envrc alike. */
static const char *const refused_prefixes[] = { ".env", "id_", NULL };

/*
 * Extensions, at the end of the name or followed by another one or a
 * backup mark: "tls.key", "tls.key.bak", "tls.key~", "state.db-wal".
 */
static const char *const refused_exts[] = {
	".env", ".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx",
	".gpg", ".asc", ".kbx", ".ppk", ".db", ".sqlite", ".sqlite3", NULL
};

/*
 * Credential files of well-known tools, by their path below $HOME: a
 * file, or a directory and all below it.  Their names say nothing the
 * name filter could catch, and some (~/.pgpass) hold nothing the content
 * scan would recognise.
 */
static const char *const refused_home[] = {
	".pgpass", ".my.cnf", ".mylogin.cnf", ".s3cfg", ".boto", ".dockercfg",
	".terraformrc", ".fetchmailrc", ".msmtprc", ".config/hub",
	".config/gh/hosts.yml", ".config/glab-cli", ".config/rclone",
	".config/sops", ".config/age", ".config/hcloud", ".config/doctl",
	".config/configstore", ".config/op", ".config/heroku",
	".config/filezilla", ".config/atuin", ".ngrok2", ".config/ngrok",
	".cargo/credentials", ".cargo/credentials.toml",
	".local/share/keyrings",
	".pki", ".mozilla", ".thunderbird", ".config/google-chrome",
	".config/chromium", ".config/BraveSoftware", ".config/Slack",
	".config/Code/User/globalStorage", ".oci", ".aliyun", ".bluemix",
	".minikube", ".config/doppler", NULL
};

/* The same tools' files wherever they are, by their name alone. */
static const char *const refused_basenames[] = {
	".pgpass", ".my.cnf", ".mylogin.cnf", ".s3cfg", ".boto", ".dockercfg",
	"rclone.conf", ".terraformrc", ".fetchmailrc", ".msmtprc",
	"sitemanager.xml", "recentservers.xml", NULL
};

/* What a configuration file must not mention to be copied. */
static const char *const refused_words[] = {
	"apikey", "api_key", "api-key", "token", "secret", "password",
	"passwd", "bearer", "authorization", "private_key", "credential", NULL
};

static const char *const config_suffixes[] = {
	".json", ".jsonc", ".json5", ".toml", ".yaml", ".yml", ".ini",
	".conf", ".cfg", ".env", ".properties", ".xml", NULL
};

static int
has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

static int
has_ext(const char *name, const char *ext)
{
	size_t lx = strlen(ext);
	const char *p;

	for (p = name; (p = strcasestr(p, ext)) != NULL; p++)
		if (!isalnum((unsigned char)p[lx]))
			return 1;
	return 0;
}

/*
 * A word boundary between b[-1] and b[0]: not a letter on one side, or a
 * capital after a small letter ("debugLog").
 */
static int
boundary(const char *name, const char *b)
{
	unsigned char l = b == name ? '\0' : (unsigned char)b[-1];
	unsigned char r = (unsigned char)*b;

	return !isalpha(l) || !isalpha(r) || (islower(l) && isupper(r));
}

/* "log" or "logs" as a word: "debug.log", "logs", "errorLog", not "catalog". */
static int
has_log_word(const char *name)
{
	const char *p;

	for (p = name; (p = strcasestr(p, "log")) != NULL; p++) {
		if (!boundary(name, p))
			continue;
		if (boundary(name, p + 3) || (tolower((unsigned char)p[3]) ==
		    's' && boundary(name, p + 4)))
			return 1;
	}
	return 0;
}

int
seed_name_refused(const char *name)
{
	size_t i;

	for (i = 0; refused_parts[i] != NULL; i++)
		if (strcasestr(name, refused_parts[i]) != NULL)
			return 1;
	for (i = 0; refused_names[i] != NULL; i++)
		if (strcasecmp(name, refused_names[i]) == 0)
			return 1;
	for (i = 0; refused_prefixes[i] != NULL; i++)
		if (strncasecmp(name, refused_prefixes[i],
		    strlen(refused_prefixes[i])) == 0)
			return 1;
	for (i = 0; refused_exts[i] != NULL; i++)
		if (has_ext(name, refused_exts[i]))
			return 1;
	return has_log_word(name);
}

int
seed_home_refused(const char *homerel)
{
	const char *base = strrchr(homerel, '/');
	size_t i, n;

	base = base != NULL ? base + 1 : homerel;
	for (i = 0; refused_basenames[i] != NULL; i++)
		if (strcmp(base, refused_basenames[i]) == 0)
			return 1;
	for (i = 0; refused_home[i] != NULL; i++) {
		n = strlen(refused_home[i]);
		if (strncmp(homerel, refused_home[i], n) == 0 &&
		    (homerel[n] == '\0' || homerel[n] == '/'))
			return 1;
	}
	return 0;
}

int
seed_path_refused(const char *relpath)
{
	char *copy = xstrdup(relpath), *part, *save = NULL;
	int refused = 0;

	for (part = strtok_r(copy, "/", &save); part != NULL && !refused;
	    part = strtok_r(NULL, "/", &save))
		refused = seed_name_refused(part);
	free(copy);
	return refused;
}

int
seed_is_config(const char *name)
{
	size_t i;

	for (i = 0; config_suffixes[i] != NULL; i++)
		if (has_suffix(name, config_suffixes[i]))
			return 1;
	return 0;
}

int
seed_text_refused(const char *name, const char *text, size_t len)
{
	char *s;
	size_t i;
	int refused = 0;

	if (!seed_is_config(name))
		return 0;
	/* A NUL-terminated copy, NULs turned into spaces, to search in. */
	s = xmalloc(len + 1);
	memcpy(s, text, len);
	s[len] = '\0';
	for (i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = ' ';
	for (i = 0; refused_words[i] != NULL && !refused; i++)
		refused = strcasestr(s, refused_words[i]) != NULL;
	free(s);
	return refused;
}
