/*
 * gitx: objects read the way git reads them, not the way libgit2 does.
 *
 * libgit2 1.5 refuses a commit whose author or committer line it cannot
 * parse (a date past 64 bits, no '<' around the e-mail), while git
 * tolerates it: such a commit is an agent's commit like any other, so
 * what must never fail (connectivity, counting, choosing a branch, the
 * log) parses commits here.  Only the tree and parent lines must be well
 * formed, as git requires; everything else is read leniently and every
 * number is bounded.  Private to services/git.
 */
#ifndef AIRLOCK_GITX_RAW_H
#define AIRLOCK_GITX_RAW_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

/*
 * A set of object ids with a small value each, open addressing.  Values
 * are the caller's; 0 is a valid value.
 */
struct gitx_oidset {
	git_oid		*keys;
	uint32_t	*vals;
	unsigned char	*used;
	size_t		 n, cap;
};

void	 gitx_oidset_clear(struct gitx_oidset *);
/* The value slot of oid, or NULL. */
uint32_t *gitx_oidset_get(const struct gitx_oidset *, const git_oid *);
/* The slot of oid, added with value val when absent (*added says so). */
uint32_t *gitx_oidset_put(struct gitx_oidset *, const git_oid *,
	    uint32_t val, int *added);

/* Dates are kept within what every printer can show (years 0-9999). */
#define GITX_TIME_MAX	253402300799LL

struct gitx_rawsig {
	char		*name;
	char		*email;
	long long	 time;		/* 0 when absent or out of range */
	int		 offset;	/* minutes, within +-99:59 */
};

struct gitx_rawcommit {
	git_oid			 tree;
	git_oid			*parents;
	size_t			 nparents;
	long long		 ctime;		/* committer time */
	struct gitx_rawsig	 author;	/* filled with want_text only */
	char			*subject;	/* filled with want_text only */
};

/*
 * Parse a commit's bytes as git does.  want_text also fills the author
 * and the subject (the first paragraph, as libgit2's summary).  0, or -1
 * when the tree or a parent line is malformed (*why says which).
 */
int	gitx_raw_parse_commit(const char *buf, size_t len, int want_text,
	    struct gitx_rawcommit *, const char **why);
/* Read and parse commit id from odb: 0, GIT_ENOTFOUND, or -1. */
int	gitx_raw_commit(git_odb *, const git_oid *, int want_text,
	    struct gitx_rawcommit *);
void	gitx_rawcommit_clear(struct gitx_rawcommit *);

/*
 * Would libgit2 1.5 read this commit?  It refuses an author or committer
 * line without '<' and '>' in order or with a date that is no 64-bit
 * number; git reads both.  1 or 0.
 */
int	gitx_raw_libgit2_reads(const char *buf, size_t len);
/* The committer date of a commit's bytes, as gitx_raw_parse_commit(). */
long long gitx_raw_ctime(const char *buf, size_t len);

/*
 * The next entry of a tree's bytes at *pos: 0 with its mode and id, 1 at
 * the end, -1 when malformed.
 */
int	gitx_raw_tree_next(const char *buf, size_t len, size_t *pos,
	    unsigned *mode, git_oid *id);

/* A tag's target: "object ID" and "type T" lines.  0 or -1. */
int	gitx_raw_tag_target(const char *buf, size_t len, git_oid *id,
	    git_object_t *type);

/*
 * The commit oid names, peeling tags as git does (at most a few levels),
 * without parsing the commit: 0, or -1 when it is no commit.
 */
int	gitx_raw_peel(git_odb *, const git_oid *oid, git_oid *commit);

#endif
