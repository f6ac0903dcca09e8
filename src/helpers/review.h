/*
 * What the review commands (fetch, log, diff, review, merge, pr) and rm
 * share: fetching the sandbox remote (starting a stopped sandbox, bringing
 * back submodule commits) and choosing BASE and the sandbox branch SBREF.
 * These helpers report to the user themselves; their int results are exit
 * codes (0 when the caller goes on).
 */
#ifndef AIRLOCK_REVIEW_H
#define AIRLOCK_REVIEW_H

#include <stdio.h>
#include <time.h>

#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "services/sbx/sbx.h"

struct review {
	struct git_repository		*repo;
	char				*remote;	/* "sandbox-NAME" */
	char				*base;		/* BASE */
	struct gitx_branches		 brs;
	const struct gitx_branch	*sb;	/* SBREF, NULL: nothing new */
	struct gitx_fetch_result	 fetched;
	int				 probed;	/* dry-run: heads listed, not fetched */
	int				 live;	/* fetched: heads are current */
	FILE				*report; /* where fetch says what changed */
	struct gitx_commits		*log;	/* set: SBREF's commits */
	int				 listed; /* in *log */
	size_t				 moved;	/* refs the fetch moved, shown */
	int				 total_ms; /* bound of the whole fetch */
};

/*
 * Fetch remote sandbox-NAME into REPO (SPEC §4 fetch) and say what changed
 * on r->report (stderr unless the caller set it).  Honours --no-start.
 * Leaves the repository open in r->repo.  0, or the exit code after
 * reporting the error.
 */
int	review_fetch(struct cmd_ctx *, struct review *);

/*
 * review_fetch, then BASE (base_arg, else the current branch) and SBREF
 * (--branch, else SPEC §4's rules).  r->sb is NULL when no sandbox branch
 * holds commits not in BASE.  When the caller set r->log, the commits of
 * SBREF not in BASE come with the choice, from the same walk, and
 * r->listed says so (not under --dry-run, where they may not be here).
 * 0, or the exit code after reporting.
 */
int	review_open(struct cmd_ctx *, const char *base_arg, struct review *);
void	review_clear(struct review *);

/*
 * Under --dry-run the chosen branch's commits may not be here yet: 1 when
 * they are, else 0 after saying so (the caller shows nothing more).
 */
int	review_have_commits(struct cmd_ctx *, const struct review *);

/* Flush our output, then run a git command with the user's settings. */
int	review_git(struct cmd_ctx *, struct strvec *args, int *status);

/*
 * For rm: fetch everything (starting a stopped sandbox), then check that
 * every ref the sandbox serves (branches, HEAD, tags) is held by a host
 * ref outside refs/remotes/sandbox-NAME/ (refs/sandboxes/NAME/ and the
 * refs/code-airlock/ copies count).  0 when nothing would be lost (or
 * under --dry-run, after echoing the plan); GITX_ENOTFOUND when the
 * repo has no sandbox remote (nothing to fetch; *cause says so); -1 with
 * *cause when the fetch failed or a tip is not kept.  Progress and the
 * list of updated branches go to stderr.  st is the sandbox's state, which rm has
 * just asked sbx: the fetch does not ask again.  force bounds the whole
 * fetch by four times FETCH_TIMEOUT, so that rm --force always ends.
 */
int	review_fetch_for_rm(struct cmd_ctx *, enum sbx_status st, int force,
	    char **cause);

/*
 * For compare, which fetches several sandboxes and goes on when one
 * fails: review_fetch without reporting, the sandbox (ctx->cfg's) in
 * state st as sbx listed it.  0, GITX_ENOTFOUND (no remote) or -1, with
 * *cause (terminal-safe) unless 0.  The caller clears r.
 */
int	review_fetch_known(struct cmd_ctx *, struct review *,
	    enum sbx_status st, char **cause);

/*
 * For up, before sbx creates a sandbox NAME: when refs/sandboxes/NAME/
 * holds branches of an earlier sandbox of that name, keep each of its tips
 * that no other ref holds under refs/code-airlock/replaced/NAME/ (sbx's
 * own first fetch of the new sandbox overwrites those refs before this
 * program sees anything) and say so; under --dry-run, print the
 * update-ref commands instead.  0, or the exit code after reporting the
 * tips that could not be kept (the sandbox must not be created then).
 */
int	review_keep_earlier(struct cmd_ctx *);

/*
 * What the user has looked at (review_seen.c).  review_saw() records that
 * the tip hex of sandbox branch branch was shown (after a live fetch, not
 * under --dry-run); a failure only warns.  review_saw_sbref() records
 * SBREF's tip (log, diff, review, verify), review_saw_fetched() every
 * sandbox branch the fetch moved (fetch).
 */
void	review_saw(struct cmd_ctx *, const struct review *,
	    const char *branch, const char *hex);
void	review_saw_sbref(struct cmd_ctx *, const struct review *);
void	review_saw_fetched(struct cmd_ctx *, const struct review *);

/*
 * The commit merge and pr take, r->sb being set (SPEC §4): --commit ID
 * when given (it must be in SBREF's history); else the tip the last look
 * recorded, which must still be SBREF's tip (else the branch moved: an
 * error naming review); else, with no earlier look, SBREF's tip, listing
 * the commits taken.  0 with hex, or the exit code after reporting.
 */
int	review_pick_commit(struct cmd_ctx *, const struct review *,
	    char hex[GITX_HEXSZ + 1]);

/* What a fetch shows (review_report.c). */
struct review_progress {
	struct ui	*ui;
	const char	*remote;
	struct timespec	 t0, last;
	int		 shown;
};
/* A gitx_progress_fn drawing one line on ui->err; arg is the above. */
void	review_progress(const struct gitx_progress *, void *arg);
/*
 * "  BRANCH  old..new  (N new commits)" per moved sandbox branch, then per
 * other ref the sandbox serves (HEAD, tags) that moved.
 */
size_t	review_report_updates(struct cmd_ctx *, struct review *);
/*
 * One line per tip the fetch kept, stale ref it removed, tip it kept by
 * id or could not keep; a warning for commits libgit2 cannot read.
 */
void	review_report_kept(struct cmd_ctx *, const struct gitx_fetch_result *);

/* Fetch submodule commits (FETCH_SUBMODULES); failures only warn. */
void	review_fetch_submodules(struct cmd_ctx *, struct review *);

/*
 * The risk summary (review_risk.h) of BASE...SBREF as text or JSON on
 * stdout (review_summary.c, review_json.c).
 */
struct risk_report;
void	review_print_summary(struct cmd_ctx *, const struct review *,
	    const struct risk_report *);
/* Open a JSON object with the "schema", "base", "branch" and "ref" members. */
struct jw;
void	review_json_head(struct jw *, const struct review *);
void	review_print_json(struct cmd_ctx *, const struct review *,
	    const struct risk_report *);

/*
 * REVIEW_RULES, resolved against REPO_DIR and read (review_gate.c): 0 with
 * *out (NULL when the key is empty), or 2 after reporting a missing or
 * bad file, or one inside the repository that git does not ignore.
 */
struct risk_rules;
int	review_rules_open(struct cmd_ctx *, struct risk_rules **out);
/*
 * The categories of --fail-on (0 when it is not given): 0, or 2 after
 * reporting an unknown name.
 */
int	review_fail_on(struct cmd_ctx *, unsigned *mask);

/* The exit status of review when a --fail-on category is flagged. */
#define REVIEW_EXIT_FLAGGED	3

/*
 * The github.com compare URL for a push of branch to origin url, or NULL
 * when url is not a github.com remote.
 */
char	*review_compare_url(const char *url, const char *base,
	    const char *branch);

#endif
