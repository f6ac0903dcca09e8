/*
 * Seeding: copying a few of the user's own agent files (instructions,
 * commands, skills) and the SEED_PATHS into a new sandbox, and never
 * anything that could be a secret.  A path is refused when any component
 * of it, below $HOME, looks like credentials or private state; anything
 * that resolves outside $HOME is refused; a directory reaches the VM only
 * as a private staging copy with such entries, special files and symlinks
 * leading out of it left behind.  Never prints: what was skipped and why
 * is added to a notes vector for the command to show.
 */
#ifndef AIRLOCK_SEED_H
#define AIRLOCK_SEED_H

#include <stddef.h>

#include "base/spawn.h"
#include "base/strvec.h"

struct seed_item {
	char	*src;		/* as named, absolute, under $HOME */
	char	*real;		/* with symlinks resolved, still under $HOME */
	char	*label;		/* "~/..." for messages */
	char	*base;		/* its last component */
	char	*dest_dir;	/* VM directory that receives it */
};

struct seed_list {
	struct seed_item	*v;
	size_t			 n;
};

/*
 * 1 when a file name must never be copied (credentials, keys, tokens,
 * sessions, history, logs, caches, node_modules, .env, .ssh, .gnupg, ...),
 * else 0.  Case does not matter.
 */
int	seed_name_refused(const char *name);
/* The same for every component of a relative path. */
int	seed_path_refused(const char *relpath);
/*
 * 1 when homerel, a path relative to $HOME, is or lies in a well-known
 * tool's credential file or directory (~/.pgpass, ~/.config/rclone, a
 * browser profile, ...), or has such a file's name anywhere.
 */
int	seed_home_refused(const char *homerel);

/*
 * Why text looks like it holds a secret ("line 3 looks like a GitHub
 * token"), as a new string, or NULL.  Never quotes the secret.  Every
 * seeded file passes this scan (seed_scan.c).
 */
char	*seed_secret_scan(const char *text, size_t len);

/*
 * 1 when a configuration file (json, toml, yaml, ini, ...) named name
 * holds text that looks like a credential (api keys, tokens, passwords).
 */
int	seed_text_refused(const char *name, const char *text, size_t len);

/* The curated files of an agent under home (existing or not). */
void	seed_agent_paths(const char *agent, const char *home,
	    struct strvec *out);

/*
 * What to copy: the agent's curated files when seed_config is set (missing
 * ones silently left out), then each SEED_PATHS item (absolute or relative
 * to home).  Refused items are described in notes.  0, or -1 with *cause
 * when home cannot be used at all.
 */
int	seed_plan(const char *agent, int seed_config, const char *seed_paths,
	    const char *home, struct seed_list *, struct strvec *notes,
	    char **cause);
void	seed_list_clear(struct seed_list *);

/*
 * Stage one item at dst (which must not exist): real is opened following
 * no symlink in any component (one there now was swapped in after the
 * check); a regular file is copied, a directory copied entry by entry
 * without following symlinks, leaving out refused names, special files
 * and symlinks that lead out of it.  0, or -1 with *cause; skipped
 * entries go to notes.
 */
int	seed_stage(const char *real, const char *label, const char *dst,
	    struct strvec *notes, char **cause);

/*
 * Copy every item into the sandbox: stage it in a private directory
 * (mode 0700, removed afterwards whatever happens), `sbx exec NAME mkdir
 * -p DEST_DIR`, `sbx cp STAGED NAME:DEST_DIR`.  A failing item is noted
 * and the others go on.  Returns the number copied, or -1 with *cause
 * when no staging directory can be made.
 */
int	seed_copy(const struct spawner *, const char *name,
	    const struct seed_list *, struct strvec *notes, char **cause);

#endif
