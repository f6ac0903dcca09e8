/*
 * The configuration keys: one table that also drives the documentation, the
 * man page and shell completion, plus the small helpers that work on key
 * names and values (typo suggestions, the derived sandbox name, $HOME
 * expansion).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "services/config/config.h"
#include "base/strvec.h"
#include "config_int.h"

const struct cfg_keyinfo cfg_keys[CFG_NKEYS] = {
	[CFG_SANDBOX_NAME] = { "SANDBOX_NAME", NULL,
	    "sandbox name; defaults to sbx- and the repo folder name, with "
	    "characters outside A-Za-z0-9.- replaced by '-'" },
	[CFG_AGENT] = { "AGENT", "claude",
	    "agent to run in the sandbox, such as claude, codex, opencode, "
	    "gemini, copilot, cursor, droid, kiro or shell" },
	[CFG_REPO_DIR] = { "REPO_DIR", NULL,
	    "repository the agent works on; defaults to the git top level of "
	    "the current directory (ignored in the repo's own sandbox.conf)" },
	[CFG_GLOBAL_NETWORK_POLICY] = { "GLOBAL_NETWORK_POLICY", "balanced",
	    "network policy set once with 'sbx policy init': allow-all, "
	    "balanced or deny-all" },
	[CFG_REVIEW_TOOL] = { "REVIEW_TOOL", "vscode",
	    "git difftool that 'review' opens on the agent's changes: a "
	    "name git knows or your git config defines, never a path" },
	[CFG_REVIEW_RULES] = { "REVIEW_RULES", "",
	    "file of CATEGORY PATTERN lines (gitignore-style patterns) that "
	    "add paths to a category of the risk summary, or ignore them; "
	    "relative to REPO_DIR" },
	[CFG_TMUX_SESSION] = { "TMUX_SESSION", NULL,
	    "tmux session used by --tmux; defaults to code-airlock- and the "
	    "sandbox name, with '.' replaced by '_'" },
	[CFG_TMUX_ATTACH] = { "TMUX_ATTACH", "1",
	    "attach to the tmux session after a tmux-backed 'up'" },
	[CFG_SEED_CONFIG] = { "SEED_CONFIG", "0",
	    "copy curated user-level agent instructions, commands and skills "
	    "(never credentials) into a new sandbox" },
	[CFG_SEED_USER_CONFIG] = { "SEED_USER_CONFIG", "0",
	    "same as SEED_CONFIG" },
	[CFG_SEED_PATHS] = { "SEED_PATHS", "",
	    "comma-separated files or directories under $HOME to copy to the "
	    "same place under /home/agent, the VM user's home, in a new "
	    "sandbox" },
	[CFG_FETCH_SUBMODULES] = { "FETCH_SUBMODULES", "1",
	    "also bring back commits made in initialized submodules" },
	[CFG_FETCH_TIMEOUT] = { "FETCH_TIMEOUT", "30",
	    "seconds a fetch waits for the sandbox's git daemon to connect, "
	    "to list its refs or to send more data (1 to 3600)" },
	[CFG_PR_BRANCH] = { "PR_BRANCH", NULL,
	    "branch that 'pr' pushes; defaults to code-airlock/ and the "
	    "sandbox name" },
	[CFG_ALLOW] = { "ALLOW",
	    "api.anthropic.com,*.anthropic.com,api.openai.com,*.openai.com,"
	    "github.com,*.github.com,codeload.github.com,"
	    "objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org",
	    "comma-separated hosts a sandbox may reach after 'lockdown': "
	    "host, *.host, host:port, IP address or CIDR" },
	[CFG_SBX_TIMEOUT] = { "SBX_TIMEOUT", "30",
	    "seconds any sbx call may take before it is stopped (1-86400); "
	    "calls that create, start, stop, copy into or remove a sandbox "
	    "get ten times as long, and the sessions of up, run, shell and "
	    "attach have no limit" },
	[CFG_VERIFY] = { "VERIFY", "",
	    "check command that 'verify' runs with sh -c inside the sandbox, "
	    "in a throwaway worktree at the sandbox branch's tip, such as "
	    "'make test'; read only from trusted sources" },
	[CFG_VERIFY_TIMEOUT] = { "VERIFY_TIMEOUT", "1800",
	    "seconds the VERIFY command may run before it is killed "
	    "(1-86400)" },
	[CFG_REQUIRE_VERIFY] = { "REQUIRE_VERIFY", "0",
	    "merge and pr also refuse a tip that 'verify' has not passed "
	    "(--no-verify overrides)" },
	[CFG_DRY_RUN] = { "DRY_RUN", "0",
	    "print the commands that would run instead of running them "
	    "(same as --dry-run)" },
	[CFG_USE_TMUX] = { "USE_TMUX", "0",
	    "run 'up' inside a tmux session (same as --tmux)" },
	[CFG_NOTIFY] = { "NOTIFY", "",
	    "command 'watch' runs with sh -c when an agent's run ends or a "
	    "sandbox goes away, the event in CODE_AIRLOCK_* variables; "
	    "ignored in the repo's own sandbox.conf" },
};

int
cfg_key_lookup(const char *name)
{
	int k;

	for (k = 0; k < CFG_NKEYS; k++)
		if (strcmp(cfg_keys[k].name, name) == 0)
			return k;
	return -1;
}

int
cfg_key_is_list(enum cfg_key k)
{
	return k == CFG_ALLOW || k == CFG_SEED_PATHS;
}

int
cfg_key_is_path(enum cfg_key k)
{
	return k == CFG_REPO_DIR || k == CFG_SEED_PATHS ||
	    k == CFG_REVIEW_RULES;
}

/* Case-insensitive edit distance; names are short, two rows suffice. */
static size_t
editdist(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[64], cur[64];
	size_t del, ins, sub;

	if (la >= 64 || lb >= 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			sub = prev[j - 1] + (toupper((unsigned char)a[i - 1]) !=
			    toupper((unsigned char)b[j - 1]));
			del = prev[j] + 1;
			ins = cur[j - 1] + 1;
			cur[j] = sub < del ? sub : del;
			if (ins < cur[j])
				cur[j] = ins;
		}
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb];
}

const char *
cfg_suggest(const char *name)
{
	size_t d, best = (size_t)-1, limit;
	const char *pick = NULL;
	int k;

	/* Longer names tolerate one more slip. */
	limit = strlen(name) >= 10 ? 3 : 2;
	for (k = 0; k < CFG_NKEYS; k++) {
		if (strcasecmp(cfg_keys[k].name, name) == 0)
			return cfg_keys[k].name;
		d = editdist(name, cfg_keys[k].name);
		if (d <= limit && d < best) {
			best = d;
			pick = cfg_keys[k].name;
		}
	}
	return pick;
}

char *
cfg_default_name(const char *repo_dir)
{
	const char *end, *base;
	char *name, *p;

	end = repo_dir + strlen(repo_dir);
	while (end > repo_dir + 1 && end[-1] == '/')
		end--;
	base = end;
	while (base > repo_dir && base[-1] != '/')
		base--;
	name = xasprintf("sbx-%.*s", (int)(end - base), base);
	for (p = name + 4; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			*p = '-';
	return name;
}

/* Length of a $HOME or ${HOME} reference at s, else 0. */
static size_t
home_ref(const char *s)
{
	if (strncmp(s, "${HOME}", 7) == 0)
		return 7;
	if (strncmp(s, "$HOME", 5) == 0 && !isalnum((unsigned char)s[5]) &&
	    s[5] != '_')
		return 5;
	return 0;
}

/* A ~ that stands for $HOME: at an item start, alone or before '/'. */
static int
tilde_ref(const char *v, const char *s, int list)
{
	const char *b = s;

	if (*s != '~' || (s[1] != '\0' && s[1] != '/' && !(list &&
	    s[1] == ',')))
		return 0;
	while (b > v && (b[-1] == ' ' || b[-1] == '\t'))
		b--;
	return b == v || (list && b[-1] == ',');
}

int
cfg_expand(const char *v, const char *home, int list, char **out,
    char **cause)
{
	size_t n, len = 0, cap = strlen(v) + 1;
	const char *s;
	char *buf;

	buf = xmalloc(cap);
	for (s = v; *s != '\0'; s += n) {
		n = home_ref(s);
		if (n == 0 && tilde_ref(v, s, list))
			n = 1;
		if (n == 0) {
			n = 1;
			buf[len++] = *s;
			continue;
		}
		if (home == NULL) {
			free(buf);
			*cause = xasprintf("cannot expand '%s': HOME is not "
			    "set; use an absolute path", v);
			return -1;
		}
		cap += strlen(home);
		buf = xrealloc(buf, cap);
		memcpy(buf + len, home, strlen(home));
		len += strlen(home);
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}
