/*
 * What review_deps.c and review_toml.c share, and nothing else: a list of
 * (name, version) pairs read from one side of a manifest.
 */
#ifndef AIRLOCK_REVIEW_DEPS_H
#define AIRLOCK_REVIEW_DEPS_H

#include <stddef.h>

struct dep_list {
	struct dep_pair {
		char	*name;
		char	*ver;
	}		*v;
	size_t		 n;
};

/* Add a pair (copies; a later pair of the same name replaces it). */
void	dep_add(struct dep_list *, const char *name, size_t nlen,
	    const char *ver, size_t vlen);
/* A PEP 508 requirement ("requests[socks]>=2; python_version<'3'"). */
void	dep_add_pep508(struct dep_list *, const char *s, size_t n);

/* Cargo.toml and pyproject.toml: 0, or -1 when it cannot be read. */
int	dep_read_cargo(const char *s, size_t n, struct dep_list *);
int	dep_read_pyproject(const char *s, size_t n, struct dep_list *);

#endif
