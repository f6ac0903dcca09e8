/*
 * Internals shared by config.c (sources and precedence), config_file.c (the
 * sandbox.conf reader) and config_check.c (value validation).
 */
#ifndef AIRLOCK_CONFIG_INT_H
#define AIRLOCK_CONFIG_INT_H

#include "services/config/config.h"

/* The sources that are layers, lowest precedence first. */
enum { CFG_L_USER, CFG_L_REPO, CFG_L_EXTRA, CFG_L_ENV, CFG_L_CLI, CFG_L_N };

/* The values one source set, with where each came from. */
struct cfg_layer {
	char	*val[CFG_NKEYS];
	char	*origin[CFG_NKEYS];	/* "file:line", "environment", "--x" */
};

/* 1 when s holds a control character (C0 or DEL). */
int	cfg_has_ctl(const char *s);

void	cfg_layer_set(struct cfg_layer *, enum cfg_key, const char *val,
	    const char *origin);
void	cfg_layer_clear(struct cfg_layer *);
/* The highest of the CFG_L_N layers that set k, or -1. */
int	cfg_layer_top(struct cfg_layer *, enum cfg_key);

/*
 * Fill the CFG_L_N layers from every source, and cfg->repo_dir,
 * cfg->repo_found, cfg->files and cfg->warnings.
 */
int	cfg_sources_read(struct config *, struct cfg_layer *,
	    const struct cfg_cli *, char *const *env, char **cause);

/* The value of name in an environ-style array; "" counts as unset. */
const char *cfg_env_get(char *const *env, const char *name);

/* The key with exactly this name, or -1. */
int	cfg_key_lookup(const char *);
/* ALLOW and SEED_PATHS: comma lists that may continue on indented lines. */
int	cfg_key_is_list(enum cfg_key);
/* REPO_DIR and SEED_PATHS: $HOME, ${HOME} and ~/ are expanded. */
int	cfg_key_is_path(enum cfg_key);

/*
 * Expand $HOME, ${HOME} and a leading ~ (of each comma-separated item when
 * list is set).  home may be NULL: expansion is then an error.
 */
int	cfg_expand(const char *, const char *home, int list, char **out,
	    char **cause);

/* Validate one value for key; *cause does not say where it came from. */
int	cfg_check_value(enum cfg_key, const char *, const char *home,
	    char **cause);

/* The largest configuration file read (bytes). */
#define CFG_FILE_MAX	(256 * 1024)

/*
 * Read a whole configuration file into *buf (NUL-terminated, *len bytes):
 * regular files only, at most CFG_FILE_MAX bytes, a symlink refused when
 * nofollow is set.  0, 1 when it does not exist, -1 with *cause.
 */
int	cfg_file_slurp(const char *path, int nofollow, char **buf,
	    size_t *len, char **cause);

/*
 * Parse the text of one sandbox.conf (read from path) into layer, as
 * cfg_file_read() does.  0 or -1 with *cause.
 */
int	cfg_file_parse(struct cfg_layer *, const char *path, const char *text,
	    size_t len, const char *home, int repo_file,
	    struct strvec *warnings, char **cause);

/*
 * Read one sandbox.conf into layer.  Returns 0, 1 when the file does not
 * exist, -1 with *cause ("path:line: ...").  In the repo's own file
 * (repo_file set) REPO_DIR is ignored with a warning.
 */
int	cfg_file_read(struct cfg_layer *, const char *path, const char *home,
	    int repo_file, struct strvec *warnings, char **cause);

#endif
