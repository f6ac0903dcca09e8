/*
 * Following a repository's sandboxes (`watch`): each poll asks every
 * running sandbox's git daemon for its branch heads (libgit2, like git
 * ls-remote; no sbx call while it answers) and fetches only when a head
 * moved.  sbx is asked only when a daemon stops answering, to tell a
 * stopped sandbox from one whose port changed; a sandbox whose
 * sandbox-NAME remote is gone was removed (`sbx rm` removes it).  What
 * happened comes back as events for the command to print and act on.
 * A poll keeps nothing it does not need for the next one: memory stays
 * flat however long it runs.
 */
#ifndef AIRLOCK_WATCH_H
#define AIRLOCK_WATCH_H

#include <stddef.h>

#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "services/sbx/sbx.h"

/* Commits listed per branch and poll at most; older ones are counted. */
#define WATCH_COMMITS_MAX	100
/* Commit ids remembered so that one listed on a branch is not again. */
#define WATCH_SEEN		256

enum watch_kind {
	WATCH_COMMIT,		/* a new commit on a sandbox branch */
	WATCH_STOPPED,		/* the sandbox stopped: its agent's run ended */
	WATCH_REMOVED,		/* the sandbox and its remote are gone */
	WATCH_RUNNING,		/* a stopped sandbox runs again */
};

struct watch_event {
	enum watch_kind	 kind;
	const char	*sandbox;	/* the box's name (valid until clear) */
	char		*branch;	/* "" when none */
	char		 commit[GITX_HEXSZ + 1];	/* "" when none */
	char		*short_id;	/* "" when none */
	char		*subject;	/* "" when none */
	size_t		 skipped;	/* WATCH_COMMIT: older commits unlisted */
};

struct watch_events {
	struct watch_event	*v;
	size_t			 n;
};

enum watch_state { WATCH_UP, WATCH_DOWN, WATCH_GONE };

struct watch_box {
	char			*name;
	char			*remote;	/* sandbox-NAME */
	char			*url;		/* when it went down, or NULL */
	enum watch_state	 state;
	struct gitx_head	*heads;		/* as last seen */
	size_t			 nheads;
	char			*last_branch;	/* of the last commit event */
	char			 last_commit[GITX_HEXSZ + 1];
};

struct watch {
	struct cmd_ctx		*ctx;
	struct git_repository	*repo;
	char			*base;		/* BASE for new branches, or NULL */
	struct sbx_list		 first;		/* the one sbx ls at the start */
	struct watch_box	*v;
	size_t			 n;
	int			 warned;	/* a fetch failure was reported */
	char			 seen[WATCH_SEEN][GITX_HEXSZ + 1];
	size_t			 seen_next;
};

/*
 * One `sbx ls`, this repository's sandboxes (helpers/fleet.h), the heads
 * last fetched from each.  0, or the exit code after reporting.
 */
int	watch_open(struct cmd_ctx *, struct watch *);
/* One round over every sandbox; events appended to ev. */
void	watch_poll(struct watch *, struct watch_events *ev);
void	watch_events_clear(struct watch_events *);
void	watch_clear(struct watch *);

#endif
