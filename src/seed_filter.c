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

#include "airlock/seed.h"
#include "airlock/strvec.h"
#include "seed_int.h"

/* Anywhere in a name. */
static const char *const refused_parts[] = {
	"auth", "credential", "token", "session", "history", "cache",
	"node_modules", "secret", "password", "passwd", "cookie", "keyring",
	"keychain", "private_key", "private-key", "privkey", NULL
};

/* The whole name. */
static const char *const refused_names[] = {
	".env", ".ssh", ".gnupg", ".gpg", ".netrc", ".npmrc", ".pypirc",
	".git", ".aws", ".azure", ".kube", ".docker", "gcloud",
	".password-store", "known_hosts", NULL
};

static const char *const refused_prefixes[] = { ".env.", "id_", NULL };

static const char *const refused_suffixes[] = {
	".env", ".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx",
	".gpg", ".asc", ".ppk", ".db", ".sqlite", ".sqlite3", NULL
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

/* "log" or "logs" standing alone: "debug.log", "logs", not "catalog". */
static int
has_log_word(const char *name)
{
	const char *p;
	size_t n;

	for (p = name; (p = strcasestr(p, "log")) != NULL; p++) {
		n = strncasecmp(p + 3, "s", 1) == 0 ? 4 : 3;
		if ((p == name || !isalpha((unsigned char)p[-1])) &&
		    !isalpha((unsigned char)p[n]))
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
	for (i = 0; refused_suffixes[i] != NULL; i++)
		if (has_suffix(name, refused_suffixes[i]))
			return 1;
	return has_log_word(name);
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
