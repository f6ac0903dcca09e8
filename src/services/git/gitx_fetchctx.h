/*
 * gitx: the state of one fetch and its steps (gitx_fetch.c runs them,
 * gitx_fetchio.c holds them).  Private to services/git.
 */
#ifndef AIRLOCK_GITX_FETCHCTX_H
#define AIRLOCK_GITX_FETCHCTX_H

#include <git2.h>

#include "services/git/gitx.h"
#include "gitx_quar.h"

/* An attempt met a commit libgit2 cannot parse: try with fewer haves. */
#define GITX_RETRY	100

struct gitx_fetch {
	git_repository			*repo;
	git_remote			*remote;	/* as configured */
	git_remote			*anon;		/* on the quarantine */
	const char			*name;		/* sandbox-NAME */
	const char			*url;
	char				*box;		/* NAME */
	int				 guarded;
	int				 verdict;	/* GITX_GUARD_ */
	struct gitx_tips		 before;	/* for the guard */
	struct gitx_quar		 q;
	git_fetch_options		 opts;
	struct gitx_fetch_result	*res;
	gitx_progress_fn		 fn;
	void				*arg;
};

int	gitx_fetch_init(struct gitx_fetch *, git_repository *, const char *name,
	    int guarded, struct gitx_fetch_result *, char **cause);
void	gitx_fetch_done(struct gitx_fetch *);
/* Forget one attempt: its quarantine, connection and listed refs. */
void	gitx_fetch_reset(struct gitx_fetch *);

/* The haves of level 0 (readable tips), 1 (host branches) or 2 (none). */
void	gitx_fetch_haves(struct gitx_fetch *, int level, git_oid **haves,
	    size_t *n);
/* Connect on the quarantine and list every ref: 0 or a failure. */
int	gitx_fetch_connect(struct gitx_fetch *, char **cause);
/* The guard before (final 0) or after the download: 0 or unverified. */
int	gitx_fetch_guard(struct gitx_fetch *, int final, char **cause);
/* The ids of every advertised ref. */
void	gitx_fetch_tips(const struct gitx_fetch_result *, git_oid **tips,
	    size_t *n);
/* Say that the daemon sent an incomplete history (rewrites *cause). */
void	gitx_fetch_incomplete(struct gitx_fetch *, char **cause);
/* Count the new commits libgit2 cannot read (res->nbad, res->bad). */
void	gitx_fetch_unreadable(struct gitx_fetch *,
	    const struct gitx_newgraph *);
/* An unproven daemon failed: GITX_EUNVERIFIED, *cause rewritten. */
int	gitx_fetch_unverified(struct gitx_fetch *, char **cause);
/* A libgit2 failure as a cause: GITX_ECONNECT or -1. */
int	gitx_fetch_failed(const char *name, const char *url, char **cause);

#endif
