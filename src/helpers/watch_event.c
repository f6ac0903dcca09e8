/*
 * watch's engine (watch.h): what a poll turns into events, and the fetch
 * of a sandbox whose heads moved.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/watch.h"
#include "watch_int.h"

struct watch_event *
watch_ev_push(struct watch_events *ev, enum watch_kind kind,
    const struct watch_box *b)
{
	struct watch_event *e;

	ev->v = xrealloc(ev->v, (ev->n + 1) * sizeof(*ev->v));
	e = &ev->v[ev->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->sandbox = b->name;
	e->branch = xstrdup(b->last_branch != NULL ? b->last_branch : "");
	memcpy(e->commit, b->last_commit, sizeof(e->commit));
	e->short_id = xstrdup("");
	e->subject = xstrdup("");
	return e;
}

void
watch_events_clear(struct watch_events *ev)
{
	size_t i;

	for (i = 0; i < ev->n; i++) {
		free(ev->v[i].branch);
		free(ev->v[i].short_id);
		free(ev->v[i].subject);
	}
	free(ev->v);
	ev->v = NULL;
	ev->n = 0;
}

/*
 * Listed already (on another branch, or by an earlier poll)?  Else note
 * it.  The ring is fixed, so memory stays flat however long watch runs.
 */
static int
seen_before(struct watch *w, const char *hex)
{
	size_t i;

	for (i = 0; i < WATCH_SEEN; i++)
		if (strcmp(w->seen[i], hex) == 0)
			return 1;
	memcpy(w->seen[w->seen_next], hex, GITX_HEXSZ + 1);
	w->seen_next = (w->seen_next + 1) % WATCH_SEEN;
	return 0;
}

static void
push_commit(struct watch *w, struct watch_box *b, const char *hex,
    const char *short_id, const char *subject, struct watch_events *ev)
{
	struct watch_event *e;

	if (seen_before(w, hex))
		return;
	e = watch_ev_push(ev, WATCH_COMMIT, b);
	memcpy(e->commit, hex, sizeof(e->commit));
	free(e->short_id);
	free(e->subject);
	e->short_id = short_id != NULL ? xstrdup(short_id) :
	    xstrndup(hex, 7);
	e->subject = xstrdup(subject != NULL ? subject : "");
}

/*
 * The commits an update brought to one branch, oldest first: those not
 * in its old tip, or for a new branch those not in BASE.
 */
static void
commit_events(struct watch *w, struct watch_box *b, const char *branch,
    const struct gitx_update *up, struct watch_events *ev)
{
	struct gitx_commits log = { NULL, 0 };
	const char *base = up->old[0] != '\0' ? up->old : w->base;
	char *cause = NULL;
	size_t i, first, n0 = ev->n;

	free(b->last_branch);
	b->last_branch = xstrdup(branch);
	memcpy(b->last_commit, up->new, sizeof(b->last_commit));
	if (base == NULL || gitx_log(w->repo, base, up->new, &log,
	    &cause) < 0) {
		/* At least the tip, without its subject. */
		free(cause);
		push_commit(w, b, up->new, NULL, NULL, ev);
		return;
	}
	first = log.n > WATCH_COMMITS_MAX ? WATCH_COMMITS_MAX : log.n;
	for (i = first; i-- > 0;)
		push_commit(w, b, log.v[i].id, log.v[i].short_id,
		    log.v[i].subject, ev);
	if (ev->n > n0)
		ev->v[n0].skipped = log.n - first;
	gitx_commits_clear(&log);
}

void
watch_warn_once(struct watch *w, char *cause)
{
	if (w->warned++ == 0)
		ae_warn_cause(w->ctx, cause);
	else
		free(cause);
}

/*
 * A head moved: fetch with the remote's refspecs and list what came.  A
 * daemon that cannot prove it is the sandbox's (a port reused) is
 * fetched only once sbx says the sandbox runs, which also means sbx has
 * rewritten the URL.
 */
void
watch_fetch_box(struct watch *w, struct watch_box *b,
    struct watch_events *ev)
{
	struct gitx_fetch_result res;
	enum sbx_status st = SBX_ABSENT;
	const char *argv[] = { "git", "-C", w->ctx->cfg.repo_dir, "fetch",
	    b->remote, NULL };
	const char *branch;
	char *cause = NULL, *pfx;
	size_t i;
	int rc, pass;

	if (proc_echo_only(&w->ctx->sp, argv))
		return;
	memset(&res, 0, sizeof(res));
	rc = gitx_fetch_guarded(w->repo, b->remote, NULL, NULL, &res, &cause);
	if (rc == GITX_EUNVERIFIED) {
		free(cause);
		cause = NULL;
		gitx_fetch_result_clear(&res);
		memset(&res, 0, sizeof(res));
		rc = sbx_status_of(&w->ctx->sp, b->name, &st, &cause);
		if (rc == 0 && st == SBX_RUNNING)
			rc = gitx_fetch(w->repo, b->remote, NULL, NULL, &res,
			    &cause);
	}
	if (rc < 0)
		watch_warn_once(w, cause != NULL ? cause :
		    xasprintf("cannot fetch sandbox '%s'", b->name));
	/* Moved branches first: a new one shares their commits. */
	pfx = xasprintf("refs/remotes/%s/", b->remote);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; rc == 0 && i < res.nup; i++)
			if ((res.up[i].old[0] == '\0') == pass &&
			    skip_prefix(res.up[i].ref, pfx, &branch))
				commit_events(w, b, branch, &res.up[i], ev);
	free(pfx);
	gitx_fetch_result_clear(&res);
}
