/*
 * Gathering the configuration sources into layers: the user file and
 * $CODE_AIRLOCK_CONFIG, the environment and the command line, then REPO_DIR
 * from the highest of those (else the current directory), and last the
 * repo's own sandbox.conf -- only when git ignores it and no commit of the
 * agent's carries it: a tracked file arrives with whatever upstream the
 * repository was cloned from, and an untracked one may be the agent's
 * work applied to the tree.
 *
 * The environment comes in as an array (never getenv) so tests and the
 * tmux re-entry can hand over exactly what they mean.  An environment
 * variable set to the empty string counts as unset.  Values from files and
 * the environment get $HOME expansion in path keys; command-line values
 * are taken as given (the shell has already expanded them).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services/config/config.h"
#include "services/git/gitx.h"
#include "base/strvec.h"
#include "config_int.h"

const char *
cfg_env_get(char *const *env, const char *name)
{
	size_t len = strlen(name);

	for (; env != NULL && *env != NULL; env++)
		if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
			return (*env)[len + 1] != '\0' ? *env + len + 1 : NULL;
	return NULL;
}

/* "environment" is only the origin; errors name the variable. */
static char *
where(enum cfg_key k, const char *origin)
{
	if (strcmp(origin, "environment") == 0)
		return xasprintf("environment variable %s", cfg_keys[k].name);
	return xstrdup(origin);
}

static int
fail_at(enum cfg_key k, const char *origin, char *msg, char **cause)
{
	char *w = where(k, origin);

	*cause = xasprintf("%s: %s", w, msg);
	free(w);
	free(msg);
	return -1;
}

static int
set_checked(struct cfg_layer *l, enum cfg_key k, const char *v,
    const char *origin, const char *home, char **cause)
{
	char *x = NULL, *msg = NULL;
	int rc;

	if (cfg_key_is_path(k) && strcmp(origin, "environment") == 0 &&
	    cfg_expand(v, home, cfg_key_is_list(k), &x, &msg) < 0)
		return fail_at(k, origin, msg, cause);
	rc = cfg_check_value(k, x != NULL ? x : v, home, &msg);
	if (rc == 0)
		cfg_layer_set(l, k, x != NULL ? x : v, origin);
	free(x);
	return rc < 0 ? fail_at(k, origin, msg, cause) : 0;
}

static int
read_env(struct cfg_layer *l, char *const *env, const char *home,
    char **cause)
{
	const char *v;
	int k;

	for (k = 0; k < CFG_NKEYS; k++)
		if ((v = cfg_env_get(env, cfg_keys[k].name)) != NULL &&
		    set_checked(l, k, v, "environment", home, cause) < 0)
			return -1;
	return 0;
}

static int
read_cli(struct cfg_layer *l, const struct cfg_cli *cli, const char *home,
    char **cause)
{
	if (cli == NULL)
		return 0;
	if ((cli->sandbox_name != NULL && set_checked(l, CFG_SANDBOX_NAME,
	    cli->sandbox_name, "--name", home, cause) < 0) ||
	    (cli->agent != NULL && set_checked(l, CFG_AGENT, cli->agent,
	    "--agent", home, cause) < 0) ||
	    (cli->repo_dir != NULL && set_checked(l, CFG_REPO_DIR,
	    cli->repo_dir, "--repo", home, cause) < 0))
		return -1;
	if (cli->dry_run >= 0)
		cfg_layer_set(l, CFG_DRY_RUN, cli->dry_run ? "1" : "0",
		    "--dry-run");
	if (cli->use_tmux >= 0)
		cfg_layer_set(l, CFG_USE_TMUX, cli->use_tmux ? "1" : "0",
		    cli->tmux_attach == 0 ? "--tmux-detached" : "--tmux");
	if (cli->tmux_attach >= 0)
		cfg_layer_set(l, CFG_TMUX_ATTACH, cli->tmux_attach ? "1" : "0",
		    "--tmux-detached");
	if (cli->seed_config >= 0)
		cfg_layer_set(l, CFG_SEED_CONFIG, cli->seed_config ? "1" : "0",
		    "--seed-config");
	return 0;
}

/*
 * REPO_DIR from the highest source that set it, else the current
 * directory; inside a git repository it becomes the top level.
 */
static int
resolve_repo(struct config *cfg, struct cfg_layer *ls, char **cause)
{
	int i = cfg_layer_top(ls, CFG_REPO_DIR), rc;
	char cwd[PATH_MAX], *dir, *real, *msg = NULL;
	const char *v = i >= 0 ? ls[i].val[CFG_REPO_DIR] : NULL;
	struct stat sb;

	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		*cause = xasprintf("cannot find the current directory: %s",
		    strerror(errno));
		return -1;
	}
	dir = v == NULL ? xstrdup(cwd) : *v == '/' ? xstrdup(v) :
	    xasprintf("%s/%s", cwd, v);
	if ((real = realpath(dir, NULL)) == NULL || stat(real, &sb) < 0)
		msg = errno == ENOENT ? xasprintf("REPO_DIR '%s' does not "
		    "exist; fix the path", dir) : xasprintf("cannot use "
		    "REPO_DIR '%s': %s", dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		msg = xasprintf("REPO_DIR '%s' is not a directory; name the "
		    "repository's directory", dir);
	free(dir);
	if (msg == NULL) {
		rc = gitx_discover_toplevel(real, &cfg->repo_dir, &msg);
		cfg->repo_found = rc == 0;
		if (rc == GITX_ENOTFOUND)
			cfg->repo_dir = xstrdup(real);
	}
	free(real);
	if (msg == NULL)
		return 0;
	if (v == NULL) {
		*cause = msg;
		return -1;
	}
	return fail_at(CFG_REPO_DIR, ls[i].origin[CFG_REPO_DIR], msg, cause);
}

static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The most agent commits the trust check walks before it gives up. */
#define CFG_TRUST_MAXWALK	20000

/*
 * Why the repo's own sandbox.conf (text, len bytes) must not be honoured,
 * or NULL when it may be (SPEC §3): git ignores it, so the user put it
 * there as a local file; and none of the agent's commits carries it, so
 * it did not arrive with a `git apply` of the agent's diff or a merge.
 * Any doubt is a reason.
 */
static char *
distrust(const struct config *cfg, const char *text, size_t len)
{
	char *why = NULL, *r;
	int st;

	if ((st = gitx_path_state(cfg->repo_dir, "sandbox.conf", &why)) < 0)
		r = xasprintf("cannot tell whether git tracks it (%s)", why);
	else if (st == GITX_PATH_TRACKED)
		return xstrdup("it is tracked by git and may come from an "
		    "untrusted upstream; keep local settings in an untracked, "
		    "git-ignored sandbox.conf");
	else if (st == GITX_PATH_UNTRACKED)
		return xstrdup("git does not ignore it, so it may have come "
		    "with the agent's work (a 'git apply' or a merge); if it "
		    "is yours, add 'sandbox.conf' to .git/info/exclude");
	else if ((st = gitx_agent_carries(cfg->repo_dir, "sandbox.conf",
	    text, len, CFG_TRUST_MAXWALK, &why)) < 0)
		r = xasprintf("cannot tell whether the agent's commits carry "
		    "it (%s)", why);
	else if (st == 1)
		return xstrdup("a sandbox branch carries this very file, so "
		    "it came from the agent; set what you need in your user "
		    "file or CODE_AIRLOCK_CONFIG");
	else
		return NULL;
	free(why);
	return r;
}

/* The repo's sandbox.conf: 0 when read or left out, -1 on a bad file. */
static int
read_repo_file(struct config *cfg, struct cfg_layer *l, const char *home,
    char **cause)
{
	char *path, *text = NULL, *why = NULL;
	struct stat sb;
	size_t i, len;
	int rc = 0;

	path = xasprintf("%s/sandbox.conf", strcmp(cfg->repo_dir, "/") == 0 ?
	    "" : cfg->repo_dir);
	for (i = 0; i < cfg->files.n; i++)
		if (same_file(path, cfg->files.v[i]))
			goto done;	/* already read, by name */
	if (lstat(path, &sb) < 0)
		goto done;
	if (!cfg->repo_found)
		why = xstrdup("REPO_DIR is not a git repository, so git "
		    "cannot vouch for it");
	else if (!S_ISREG(sb.st_mode))
		why = xstrdup("it is not a regular file");
	else if (cfg_file_slurp(path, 1, &text, &len, &why) != 0) {
		if (why == NULL)
			goto done;	/* gone meanwhile */
	} else
		why = distrust(cfg, text, len);
	if (why != NULL) {
		strvec_pushf(&cfg->warnings, "ignoring '%s': %s", path, why);
		goto done;
	}
	if ((rc = cfg_file_parse(l, path, text, len, home, 1, &cfg->warnings,
	    cause)) == 0)
		strvec_push(&cfg->files, path);
done:
	free(why);
	free(text);
	free(path);
	return rc;
}

static int
read_user_files(struct config *cfg, struct cfg_layer *ls, char *const *env,
    const char *home, char **cause)
{
	const char *xdg = cfg_env_get(env, "XDG_CONFIG_HOME");
	const char *extra = cfg_env_get(env, "CODE_AIRLOCK_CONFIG");
	char *path = NULL;
	int rc = 0;

	/* XDG says to ignore a relative XDG_CONFIG_HOME. */
	if (xdg != NULL && *xdg == '/')
		path = xasprintf("%s/code-airlock/sandbox.conf", xdg);
	else if (home != NULL)
		path = xasprintf("%s/.config/code-airlock/sandbox.conf", home);
	if (path != NULL && (rc = cfg_file_read(&ls[CFG_L_USER], path, home, 0,
	    &cfg->warnings, cause)) == 0)
		strvec_push(&cfg->files, path);
	free(path);
	if (rc < 0 || extra == NULL)
		return rc < 0 ? -1 : 0;
	rc = cfg_file_read(&ls[CFG_L_EXTRA], extra, home, 0, &cfg->warnings, cause);
	if (rc == 1)
		*cause = xasprintf("environment variable CODE_AIRLOCK_CONFIG: "
		    "'%s' does not exist; fix the path or unset it", extra);
	else if (rc == 0)
		strvec_push(&cfg->files, extra);
	return rc == 0 ? 0 : -1;
}


int
cfg_sources_read(struct config *cfg, struct cfg_layer *ls,
    const struct cfg_cli *cli, char *const *env, char **cause)
{
	const char *home = cfg_env_get(env, "HOME");

	if (read_user_files(cfg, ls, env, home, cause) < 0 ||
	    read_env(&ls[CFG_L_ENV], env, home, cause) < 0 ||
	    read_cli(&ls[CFG_L_CLI], cli, home, cause) < 0 ||
	    resolve_repo(cfg, ls, cause) < 0 ||
	    read_repo_file(cfg, &ls[CFG_L_REPO], home, cause) < 0)
		return -1;
	return 0;
}
