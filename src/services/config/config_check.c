/*
 * Validation of configuration values.  Every value is checked before any
 * command runs, so a typo fails early with a message saying how to fix it
 * rather than as an odd sbx or git error half way through.  The messages
 * here do not say where a value came from; cfg_load adds that.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "services/config/config.h"
#include "services/git/gitx.h"
#include "base/strvec.h"
#include "config_int.h"

int
cfg_has_ctl(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int
cfg_parse_bool(const char *s)
{
	if (strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0 ||
	    strcasecmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "no") == 0)
		return 0;
	return -1;
}

int
cfg_parse_seconds(const char *s)
{
	int n = 0;

	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 4)
		return -1;
	for (; *s != '\0'; s++)
		n = n * 10 + (*s - '0');
	return n >= 1 && n <= 3600 ? n : -1;
}

int
cfg_check_policy(const char *s, char **cause)
{
	if (strcmp(s, "allow-all") == 0 || strcmp(s, "balanced") == 0 ||
	    strcmp(s, "deny-all") == 0)
		return 0;
	if (cfg_has_ctl(s))
		*cause = xstrdup("GLOBAL_NETWORK_POLICY contains a control "
		    "character; use allow-all, balanced or deny-all");
	else
		*cause = xasprintf("invalid GLOBAL_NETWORK_POLICY '%s': use "
		    "allow-all, balanced or deny-all", s);
	return -1;
}

/* sbx's rule: 2+ characters, a letter or digit first, then [A-Za-z0-9.-]. */
int
cfg_check_sandbox_name(const char *s, char **cause)
{
	const char *p;

	if (cfg_has_ctl(s)) {
		*cause = xstrdup("the sandbox name contains a control "
		    "character; remove it");
		return -1;
	}
	for (p = s; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && (p == s ||
		    (*p != '-' && *p != '.')))
			break;
	if (*p == '\0' && p - s >= 2)
		return 0;
	*cause = xasprintf("invalid sandbox name '%s': use 2 or more "
	    "letters, digits, '-' or '.', starting with a letter or digit", s);
	return -1;
}


/* An agent name reaches sbx as one argv word: never a flag, never odd. */
static int
check_agent(const char *s, char **cause)
{
	if (*s == '\0') {
		*cause = xstrdup("AGENT is empty; name an agent such as "
		    "claude or codex");
		return -1;
	}
	if (isalnum((unsigned char)*s) && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(s))
		return 0;
	*cause = xasprintf("invalid AGENT '%s': use letters, digits, '.', '_' "
	    "or '-', starting with a letter or digit", s);
	return -1;
}

static int
has_dotdot(const char *s)
{
	const char *p;

	for (p = s; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == s || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
	return 0;
}

/* One SEED_PATHS item: absolute under $HOME, or relative to $HOME. */
static int
check_seed_item(const char *item, const char *home, char **cause)
{
	size_t hl;

	if (has_dotdot(item)) {
		*cause = xasprintf("invalid SEED_PATHS item '%s': remove the "
		    "'..'; name a path under $HOME directly", item);
		return -1;
	}
	if (*item != '/') {
		if (strspn(item, "./") != strlen(item))
			return 0;
		*cause = xasprintf("invalid SEED_PATHS item '%s': it names "
		    "$HOME itself; name files or directories under it", item);
		return -1;
	}
	if (home == NULL) {
		*cause = xasprintf("cannot check SEED_PATHS item '%s': HOME is "
		    "not set", item);
		return -1;
	}
	hl = strlen(home);
	while (hl > 1 && home[hl - 1] == '/')
		hl--;
	if (strncmp(item, home, hl) == 0 && item[hl] == '/' &&
	    strspn(item + hl, "/") != strlen(item + hl))
		return 0;
	*cause = xasprintf("invalid SEED_PATHS item '%s': only files under "
	    "$HOME (%.*s) can be seeded", item, (int)hl, home);
	return -1;
}

static int
check_seed_paths(const char *list, const char *home, char **cause)
{
	const char *s, *b, *e;
	char *item;
	int rc;

	if (strspn(list, " \t") == strlen(list))
		return 0;
	/* Items are trimmed; an empty one is a stray comma, so a typo. */
	for (s = list;; s = e + 1) {
		e = s + strcspn(s, ",");
		for (b = s; b < e && (*b == ' ' || *b == '\t'); b++)
			;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (b == e) {
			*cause = xstrdup("empty SEED_PATHS item; remove the "
			    "extra comma");
			return -1;
		}
		item = xstrndup(b, (size_t)(e - b));
		rc = check_seed_item(item, home, cause);
		free(item);
		if (rc != 0)
			return -1;
		e += strcspn(e, ",");
		if (*e == '\0')
			return 0;
	}
}

static int
check_text(enum cfg_key k, const char *s, char **cause)
{
	const char *name = cfg_keys[k].name;

	if (*s == '\0') {
		*cause = xasprintf("%s is empty; set a value or remove the "
		    "setting", name);
		return -1;
	}
	if (*s == '-') {
		*cause = xasprintf("invalid %s '%s': it must not start with "
		    "'-'", name, s);
		return -1;
	}
	if (k == CFG_REVIEW_TOOL && (!isalnum((unsigned char)*s) ||
	    s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._+-")] != '\0')) {
		/* git difftool sources mergetools/NAME: a path is code. */
		*cause = xasprintf("invalid REVIEW_TOOL '%s': name a git "
		    "difftool (such as vscode or meld), never a path or "
		    "command; define your own as difftool.NAME.cmd in your "
		    "git config", s);
		return -1;
	}
	if (k == CFG_TMUX_SESSION && strpbrk(s, ".:") != NULL) {
		*cause = xasprintf("invalid TMUX_SESSION '%s': tmux does not "
		    "keep '.' or ':' in session names; use '-' or '_'", s);
		return -1;
	}
	if (k == CFG_PR_BRANCH && !gitx_branch_name_valid(s)) {
		*cause = xasprintf("invalid PR_BRANCH '%s': not a valid git "
		    "branch name", s);
		return -1;
	}
	return 0;
}

/*
 * A directory's name may hold any byte but NUL and '/' does not split
 * it, so REPO_DIR from --repo or the environment may hold a newline or a
 * tab when such a directory exists.  A path that names nothing is not
 * echoed: whatever it holds, the message stays one line.  Files refuse
 * control characters before this (config_file.c).
 */
static int
check_repo_dir(const char *v, char **cause)
{
	struct stat sb;

	if (*v == '\0') {
		*cause = xstrdup("REPO_DIR is empty; name a directory or "
		    "remove the setting");
		return -1;
	}
	if (!cfg_has_ctl(v) || (stat(v, &sb) == 0 && S_ISDIR(sb.st_mode)))
		return 0;
	*cause = xstrdup("REPO_DIR holds a control character and names no "
	    "directory; check the path");
	return -1;
}

/* Whole seconds from 1 to max, digits only. */
static int
check_timeout(enum cfg_key k, const char *s, int max, char **cause)
{
	size_t n = strspn(s, "0123456789");

	if (*s != '\0' && s[n] == '\0' && n <= 5 && atol(s) >= 1 &&
	    atol(s) <= max)
		return 0;
	*cause = xasprintf("invalid %s '%s': use a whole number of seconds "
	    "from 1 to %d", cfg_keys[k].name, s, max);
	return -1;
}

/*
 * VERIFY is a shell script for the VM's sh: it may span lines (from the
 * environment) and hold tabs, but no other control character, which
 * could only be a mistake or an attempt to hide part of it.
 */
static int
check_verify(const char *v, char **cause)
{
	const unsigned char *s;

	for (s = (const unsigned char *)v; *s != '\0'; s++)
		if ((*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7f) {
			*cause = xstrdup("VERIFY contains a control character "
			    "other than a newline or a tab; remove it");
			return -1;
		}
	return 0;
}

int
cfg_check_value(enum cfg_key k, const char *v, const char *home,
    char **cause)
{
	if (k == CFG_REPO_DIR)
		return check_repo_dir(v, cause);
	if (k == CFG_VERIFY)
		return check_verify(v, cause);
	if (cfg_has_ctl(v)) {
		*cause = xasprintf("%s contains a control character; remove it",
		    cfg_keys[k].name);
		return -1;
	}
	switch (k) {
	case CFG_SANDBOX_NAME:
		return cfg_check_sandbox_name(v, cause);
	case CFG_AGENT:
		return check_agent(v, cause);
	case CFG_GLOBAL_NETWORK_POLICY:
		return cfg_check_policy(v, cause);
	case CFG_ALLOW:
		return cfg_check_allow(v, cause);
	case CFG_SEED_PATHS:
		return check_seed_paths(v, home, cause);
	case CFG_REVIEW_RULES:
		return 0;	/* a path; empty: no rules */
	case CFG_SBX_TIMEOUT:
		return check_timeout(k, v, CFG_SBX_TIMEOUT_MAX, cause);
	case CFG_VERIFY_TIMEOUT:
		return check_timeout(k, v, CFG_VERIFY_TIMEOUT_MAX, cause);
	case CFG_REVIEW_TOOL:
	case CFG_TMUX_SESSION:
	case CFG_PR_BRANCH:
		return check_text(k, v, cause);
	case CFG_FETCH_TIMEOUT:
		if (cfg_parse_seconds(v) > 0)
			return 0;
		*cause = xasprintf("invalid FETCH_TIMEOUT '%s': use whole "
		    "seconds from 1 to 3600", v);
		return -1;
	case CFG_NOTIFY:
		return 0;	/* a command for sh -c; empty: none */
	default:
		if (cfg_parse_bool(v) >= 0)
			return 0;
		*cause = xasprintf("invalid boolean '%s' for %s: use 1/0, "
		    "true/false or yes/no", v, cfg_keys[k].name);
		return -1;
	}
}
