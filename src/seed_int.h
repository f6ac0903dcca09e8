/*
 * Internals shared by seed_stage.c (directories) and seed_file.c (files).
 */
#ifndef AIRLOCK_SEED_INT_H
#define AIRLOCK_SEED_INT_H

#include <sys/types.h>

#include "airlock/strvec.h"

struct stage {
	const char	*root;		/* real path of the copied item */
	const char	*label;		/* "~/..." of the item */
	struct strvec	*notes;
	char		*cause;		/* first hard failure */
};

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

/* The item itself is a regular file: copy it to dst, named name. */
int	seed_stage_single(struct stage *, const char *dst, const char *name);

#endif
