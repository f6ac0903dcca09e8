/*
 * Internals shared by seed_stage.c (directories) and seed_file.c (files).
 */
#ifndef AIRLOCK_SEED_INT_H
#define AIRLOCK_SEED_INT_H

#include <sys/types.h>

#include "base/strvec.h"

struct stage {
	const char	*root;		/* real path of the copied item */
	const char	*label;		/* "~/..." of the item */
	struct strvec	*notes;
	char		*cause;		/* first hard failure */
};

/*
 * The modes of staged copies.  `sbx cp` keeps them, and who owns the
 * copy inside the VM is not known: readable by everyone (the VM's only
 * user is the agent), executable where the original was.  The staging
 * directory above them stays private to this user on the host.
 */
#define SEED_DIR_MODE	0755
#define seed_file_mode(m) ((mode_t)(((m) & 0111) ? 0755 : 0644))

/*
 * Called, when set, after an entry has been checked and before it is
 * opened (rel "" for the item itself), so that a test can change the
 * entry in that very window.  Only tests set it.
 */
extern void	(*seed_race_hook)(const char *rel);

/*
 * Open the absolute path following no symlink in any component, the last
 * one opened with flags: path was resolved when it was checked, so a
 * symlink anywhere in it now was swapped in since.  -1 with errno.
 */
int	seed_open_nofollow(const char *path, int flags);

/* 1 when the name is that of a configuration file (json, toml, ...). */
int	seed_is_config(const char *name);

/* Note that rel (inside the item, "" for itself) was left behind. */
void	seed_skip(struct stage *, const char *rel, const char *why);

/*
 * Copy the open regular file in into ddir/name (srcname: its name at the
 * source).  0, also when it was left behind (noted); -1 with s->cause.
 */
int	seed_copy_file(struct stage *, int in, int ddir, const char *name,
	    const char *srcname, const char *rel, mode_t mode);

/* The item itself is the open regular file in: copy it to dst (named name). */
int	seed_stage_single(struct stage *, int in, mode_t mode, const char *dst,
	    const char *name);

#endif
