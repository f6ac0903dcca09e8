/*
 * Resolving the configuration: built-in defaults, the user file, the repo
 * file, $CODE_AIRLOCK_CONFIG, the environment and the command line, in
 * rising precedence.  config_source.c gathers each source into a layer
 * (checking every value as it goes); here the highest layer that set a key
 * wins, and the derived defaults (sandbox name, tmux session, PR branch)
 * are filled in from the result.
 */
#include <stdlib.h>
#include <string.h>

#include "services/config/config.h"
#include "services/git/gitx.h"
#include "base/strvec.h"
#include "config_int.h"

extern char **environ;

void
cfg_layer_set(struct cfg_layer *l, enum cfg_key k, const char *val,
    const char *origin)
{
	free(l->val[k]);
	free(l->origin[k]);
	l->val[k] = xstrdup(val);
	l->origin[k] = xstrdup(origin);
}

void
cfg_layer_clear(struct cfg_layer *l)
{
	int k;

	for (k = 0; k < CFG_NKEYS; k++) {
		free(l->val[k]);
		free(l->origin[k]);
	}
	memset(l, 0, sizeof(*l));
}


/* The highest layer that set k, or -1. */
int
cfg_layer_top(struct cfg_layer *ls, enum cfg_key k)
{
	int i;

	for (i = CFG_L_N - 1; i >= 0; i--)
		if (ls[i].val[k] != NULL)
			return i;
	return -1;
}

/* "code-airlock/" + name, made a valid ref: no "..", '.' or ".lock" end. */
static char *
derive_branch(const char *name)
{
	char *b = xasprintf("code-airlock/%s", name), *p;
	size_t len;

	for (p = b; *p != '\0'; p++)
		if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
			*p = '-';
	len = strlen(b);
	if (len >= 5 && strcmp(b + len - 5, ".lock") == 0)
		b[len - 5] = '-';
	return b;
}

/* tmux turns '.' and ':' in session names into '_'; do it first. */
static char *
derive_session(const char *name)
{
	char *s = xasprintf("code-airlock-%s", name), *p;

	for (p = s; *p != '\0'; p++)
		if (*p == '.' || *p == ':')
			*p = '_';
	return s;
}

static char *
pick(struct config *cfg, enum cfg_key k)
{
	return xstrdup(cfg->raw[k] != NULL ? cfg->raw[k] : cfg_keys[k].deflt);
}

static int
pick_bool(struct config *cfg, enum cfg_key k)
{
	return cfg_parse_bool(cfg->raw[k] != NULL ? cfg->raw[k] :
	    cfg_keys[k].deflt);
}

/*
 * SEED_CONFIG and SEED_USER_CONFIG are one setting under two names: the
 * highest source that set either decides, so SEED_CONFIG=0 in the
 * environment turns off seeding a file asked for under the other name.
 * Within one source either name set to 1 turns it on.
 */
static int
pick_seed(struct cfg_layer *ls)
{
	int a = cfg_layer_top(ls, CFG_SEED_CONFIG);
	int b = cfg_layer_top(ls, CFG_SEED_USER_CONFIG);

	if (a < 0 && b < 0)
		return cfg_parse_bool(cfg_keys[CFG_SEED_CONFIG].deflt) == 1;
	if (a > b)
		return cfg_parse_bool(ls[a].val[CFG_SEED_CONFIG]) == 1;
	if (b > a)
		return cfg_parse_bool(ls[b].val[CFG_SEED_USER_CONFIG]) == 1;
	return cfg_parse_bool(ls[a].val[CFG_SEED_CONFIG]) == 1 ||
	    cfg_parse_bool(ls[b].val[CFG_SEED_USER_CONFIG]) == 1;
}

/* NOTIFY runs a command on this machine: never from the repo's file. */
static void
drop_repo_notify(struct config *cfg, struct cfg_layer *repo)
{
	if (repo->val[CFG_NOTIFY] == NULL)
		return;
	strvec_pushf(&cfg->warnings, "%s: NOTIFY is ignored in the repo's "
	    "own sandbox.conf, since it runs a command on this machine; set "
	    "it in the user file, CODE_AIRLOCK_CONFIG or the environment",
	    repo->origin[CFG_NOTIFY]);
	free(repo->val[CFG_NOTIFY]);
	free(repo->origin[CFG_NOTIFY]);
	repo->val[CFG_NOTIFY] = repo->origin[CFG_NOTIFY] = NULL;
}

static int
merge(struct config *cfg, struct cfg_layer *ls, char **cause)
{
	int k, i;

	drop_repo_notify(cfg, &ls[CFG_L_REPO]);

	for (k = 0; k < CFG_NKEYS; k++) {
		if ((i = cfg_layer_top(ls, k)) < 0)
			continue;
		cfg->raw[k] = xstrdup(ls[i].val[k]);
		cfg->origin[k] = xstrdup(ls[i].origin[k]);
	}
	cfg->sandbox_name = cfg->raw[CFG_SANDBOX_NAME] != NULL ?
	    xstrdup(cfg->raw[CFG_SANDBOX_NAME]) :
	    cfg_default_name(cfg->repo_dir);
	cfg->agent = pick(cfg, CFG_AGENT);
	cfg->policy = pick(cfg, CFG_GLOBAL_NETWORK_POLICY);
	cfg->review_tool = pick(cfg, CFG_REVIEW_TOOL);
	cfg->review_rules = pick(cfg, CFG_REVIEW_RULES);
	cfg->tmux_session = cfg->raw[CFG_TMUX_SESSION] != NULL ?
	    xstrdup(cfg->raw[CFG_TMUX_SESSION]) :
	    derive_session(cfg->sandbox_name);
	cfg->tmux_attach = pick_bool(cfg, CFG_TMUX_ATTACH);
	cfg->seed_config = pick_seed(ls);
	cfg->seed_paths = pick(cfg, CFG_SEED_PATHS);
	cfg->fetch_submodules = pick_bool(cfg, CFG_FETCH_SUBMODULES);
	cfg->fetch_timeout = cfg_parse_seconds(cfg->raw[CFG_FETCH_TIMEOUT] !=
	    NULL ? cfg->raw[CFG_FETCH_TIMEOUT] :
	    cfg_keys[CFG_FETCH_TIMEOUT].deflt);
	cfg->allow = pick(cfg, CFG_ALLOW);
	cfg->verify = pick(cfg, CFG_VERIFY);
	cfg->verify_timeout = cfg->raw[CFG_VERIFY_TIMEOUT] != NULL ?
	    atoi(cfg->raw[CFG_VERIFY_TIMEOUT]) : CFG_VERIFY_TIMEOUT_DEFAULT;
	cfg->require_verify = pick_bool(cfg, CFG_REQUIRE_VERIFY);
	cfg->sbx_timeout = cfg->raw[CFG_SBX_TIMEOUT] != NULL ?
	    atoi(cfg->raw[CFG_SBX_TIMEOUT]) : CFG_SBX_TIMEOUT_DEFAULT;
	cfg->dry_run = pick_bool(cfg, CFG_DRY_RUN);
	cfg->use_tmux = pick_bool(cfg, CFG_USE_TMUX);
	cfg->notify = pick(cfg, CFG_NOTIFY);
	if (cfg->raw[CFG_PR_BRANCH] != NULL) {
		cfg->pr_branch = xstrdup(cfg->raw[CFG_PR_BRANCH]);
		return 0;
	}
	cfg->pr_branch = derive_branch(cfg->sandbox_name);
	if (gitx_branch_name_valid(cfg->pr_branch))
		return 0;
	*cause = xasprintf("the default PR_BRANCH '%s' is not a valid branch "
	    "name; set PR_BRANCH", cfg->pr_branch);
	return -1;
}

int
cfg_set_sandbox_name(struct config *cfg, const char *name, char **cause)
{
	char *branch = NULL;

	if (cfg_check_sandbox_name(name, cause) < 0)
		return -1;
	if (cfg->raw[CFG_PR_BRANCH] == NULL) {
		branch = derive_branch(name);
		if (!gitx_branch_name_valid(branch)) {
			*cause = xasprintf("the default PR_BRANCH '%s' is not "
			    "a valid branch name; set PR_BRANCH", branch);
			free(branch);
			return -1;
		}
		free(cfg->pr_branch);
		cfg->pr_branch = branch;
	}
	if (cfg->raw[CFG_TMUX_SESSION] == NULL) {
		free(cfg->tmux_session);
		cfg->tmux_session = derive_session(name);
	}
	free(cfg->sandbox_name);
	cfg->sandbox_name = xstrdup(name);
	return 0;
}

int
cfg_load(struct config *cfg, const struct cfg_cli *cli, char *const *env,
    char **cause)
{
	struct cfg_layer ls[CFG_L_N];
	int i, rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	memset(ls, 0, sizeof(ls));
	strvec_init(&cfg->warnings);
	strvec_init(&cfg->files);
	if (cfg_sources_read(cfg, ls, cli, env != NULL ? env : environ,
	    cause) < 0 || merge(cfg, ls, cause) < 0)
		goto done;
	rc = 0;
done:
	for (i = 0; i < CFG_L_N; i++)
		cfg_layer_clear(&ls[i]);
	if (rc < 0)
		cfg_clear(cfg);
	return rc;
}

void
cfg_clear(struct config *cfg)
{
	int k;

	free(cfg->sandbox_name);
	free(cfg->agent);
	free(cfg->repo_dir);
	free(cfg->policy);
	free(cfg->review_tool);
	free(cfg->review_rules);
	free(cfg->tmux_session);
	free(cfg->seed_paths);
	free(cfg->pr_branch);
	free(cfg->allow);
	free(cfg->verify);
	free(cfg->notify);
	for (k = 0; k < CFG_NKEYS; k++) {
		free(cfg->origin[k]);
		free(cfg->raw[k]);
	}
	strvec_clear(&cfg->warnings);
	strvec_clear(&cfg->files);
	memset(cfg, 0, sizeof(*cfg));
}
