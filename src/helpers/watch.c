/*
 * watch's engine (watch.h): the state of each sandbox between polls and
 * the events one poll finds.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers/fleet.h"
#include "helpers/watch.h"
#include "watch_int.h"

static int
strvec_has(const struct strvec *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 1;
	return 0;
}

static void
heads_clear(struct watch_box *b)
{
	size_t i;

	for (i = 0; i < b->nheads; i++)
		free(b->heads[i].ref);
	free(b->heads);
	b->heads = NULL;
	b->nheads = 0;
}

/* Keep the heads a poll saw, for the next one to compare with. */
static void
heads_take(struct watch_box *b, struct gitx_fetch_result *res)
{
	heads_clear(b);
	b->heads = res->heads;
	b->nheads = res->nheads;
	res->heads = NULL;
	res->nheads = 0;
}

static int
heads_same(const struct watch_box *b, const struct gitx_fetch_result *res)
{
	size_t i, j;

	if (b->nheads != res->nheads)
		return 0;
	for (i = 0; i < res->nheads; i++) {
		for (j = 0; j < b->nheads; j++)
			if (strcmp(b->heads[j].ref, res->heads[i].ref) == 0)
				break;
		if (j == b->nheads ||
		    strcmp(b->heads[j].oid, res->heads[i].oid) != 0)
			return 0;
	}
	return 1;
}

/* The heads the last fetch left under refs/remotes/sandbox-NAME/. */
static void
heads_from_refs(struct watch *w, struct watch_box *b)
{
	struct gitx_branches brs = { NULL, 0 };
	char *cause = NULL;
	size_t i;

	if (gitx_sandbox_refs(w->repo, b->remote, &brs, &cause) < 0) {
		free(cause);
		return;
	}
	b->heads = xcalloc(brs.n + 1, sizeof(*b->heads));
	for (i = 0; i < brs.n; i++) {
		b->heads[i].ref = xasprintf("refs/heads/%s", brs.v[i].name);
		memcpy(b->heads[i].oid, brs.v[i].oid, sizeof(b->heads[i].oid));
	}
	b->nheads = brs.n;
	gitx_branches_clear(&brs);
}

static struct watch_box *
box_add(struct watch *w, const char *name, enum watch_state st)
{
	struct watch_box *b;

	w->v = xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
	b = &w->v[w->n++];
	memset(b, 0, sizeof(*b));
	b->name = xstrdup(name);
	b->remote = gitx_remote_of(name);
	b->state = st;
	heads_from_refs(w, b);
	return b;
}

/* The daemon does not answer: one sbx ls tells a stop from a new port. */
static void
went_down(struct watch *w, struct watch_box *b, const char *url,
    struct watch_events *ev)
{
	enum sbx_status st = SBX_ABSENT;
	char *cause = NULL;

	if (sbx_status_of(&w->ctx->sp, b->name, &st, &cause) < 0)
		watch_warn_once(w, cause);
	else if (st == SBX_RUNNING)
		return;		/* restarting: its new URL comes next */
	free(b->url);
	b->url = xstrdup(url);
	b->state = WATCH_DOWN;
	watch_ev_push(ev, WATCH_STOPPED, b);
}

/*
 * A running sandbox: its heads, straight from the daemon at url (no
 * remote looked up), and a fetch when one moved.
 */
static void
poll_up(struct watch *w, struct watch_box *b, const char *url,
    struct watch_events *ev)
{
	struct gitx_fetch_result res;
	char *cause = NULL;
	int rc;

	rc = gitx_url_heads(url, &res, &cause);
	if (rc == 0 && !heads_same(b, &res)) {
		watch_fetch_box(w, b, ev);
		heads_take(b, &res);
	} else if (rc == GITX_ECONNECT) {
		free(cause);
		went_down(w, b, url, ev);
	} else if (rc < 0)
		watch_warn_once(w, cause);
	gitx_fetch_result_clear(&res);
}

/*
 * A stopped one is asked again only once its URL changed (sbx rewrites
 * it on every start): its old port may be another sandbox's by now.
 */
static void
poll_down(struct watch *w, struct watch_box *b, const char *url,
    struct watch_events *ev)
{
	struct gitx_fetch_result res;
	char *cause = NULL;

	if (b->url != NULL && strcmp(url, b->url) == 0)
		return;
	free(b->url);
	b->url = xstrdup(url);
	if (gitx_url_heads(url, &res, &cause) == 0) {
		b->state = WATCH_UP;
		free(b->url);
		b->url = NULL;
		watch_ev_push(ev, WATCH_RUNNING, b);
		if (!heads_same(b, &res)) {
			watch_fetch_box(w, b, ev);
			heads_take(b, &res);
		}
	} else
		free(cause);
	gitx_fetch_result_clear(&res);
}

static struct watch_box *
box_find(struct watch *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i].name, name) == 0)
			return &w->v[i];
	return NULL;
}

/*
 * sbx rm removes the sandbox-NAME remote: a box whose remote is gone was
 * removed.  A remote we do not follow yet is a sandbox made since we
 * started; the one rule (fleet_decide) says whether it is ours.
 */
static void
check_remotes(struct watch *w, const struct strvec *names,
    struct watch_events *ev)
{
	struct fleet f = FLEET_INIT;
	struct watch_box *b;
	size_t i, fresh = 0;

	for (i = 0; i < w->n; i++)
		if (w->v[i].state != WATCH_GONE && !strvec_has(names,
		    w->v[i].name)) {
			w->v[i].state = WATCH_GONE;
			heads_clear(&w->v[i]);
			watch_ev_push(ev, WATCH_REMOVED, &w->v[i]);
		}
	for (i = 0; i < names->n; i++)
		if ((b = box_find(w, names->v[i])) == NULL ||
		    b->state == WATCH_GONE)
			fresh++;
	if (fresh > 0)
		fleet_decide(w->ctx->cfg.repo_dir, &w->first, names, &f);
	for (i = 0; i < f.n; i++) {
		if ((b = box_find(w, f.v[i].name)) == NULL)
			b = box_add(w, f.v[i].name, WATCH_DOWN);
		else if (b->state == WATCH_GONE) {
			b->state = WATCH_DOWN;
			free(b->url);
			b->url = NULL;
		}
	}
	fleet_clear(&f);
}

/*
 * One poll: the configuration read once for every remote and URL, then
 * each sandbox's daemon asked at its URL.  Nothing here looks a remote up
 * by name, which would allocate for good in libgit2 at every poll.
 */
void
watch_poll(struct watch *w, struct watch_events *ev)
{
	struct strvec names = STRVEC_INIT, urls = STRVEC_INIT;
	char *cause = NULL;
	size_t i, k;

	if (gitx_sandbox_urls(w->repo, &names, &urls, &cause) < 0) {
		watch_warn_once(w, cause);
		return;
	}
	check_remotes(w, &names, ev);
	for (i = 0; i < w->n; i++) {
		for (k = 0; k < names.n; k++)
			if (strcmp(names.v[k], w->v[i].name) == 0)
				break;
		if (k == names.n)
			continue;
		if (w->v[i].state == WATCH_UP)
			poll_up(w, &w->v[i], urls.v[k], ev);
		else if (w->v[i].state == WATCH_DOWN)
			poll_down(w, &w->v[i], urls.v[k], ev);
	}
	strvec_clear(&names);
	strvec_clear(&urls);
}

int
watch_open(struct cmd_ctx *ctx, struct watch *w)
{
	struct fleet f = FLEET_INIT;
	struct watch_box *b;
	char *cause = NULL;
	size_t i;

	memset(w, 0, sizeof(*w));
	w->ctx = ctx;
	if (sbx_ls(&ctx->sp, &w->first, &cause) < 0)
		return ae_sbx(ctx, cause, "check the setup with "
		    "'code-airlock doctor'");
	if (gitx_open(ctx->cfg.repo_dir, &w->repo, &cause) < 0 ||
	    fleet_read(ctx->cfg.repo_dir, &w->first, &f, &cause) < 0)
		return ae_cause(ctx, cause);
	if (gitx_resolve_base(w->repo, NULL, &w->base, &cause) < 0) {
		free(cause);
		w->base = NULL;
	}
	for (i = 0; i < f.n; i++) {
		b = box_add(w, f.v[i].name, f.v[i].status == SBX_RUNNING ?
		    WATCH_UP : WATCH_DOWN);
		if (b->state == WATCH_DOWN && gitx_remote_url(w->repo,
		    b->remote, &b->url, &cause) < 0) {
			free(cause);
			cause = NULL;
			b->url = xstrdup("");
		}
	}
	fleet_clear(&f);
	return 0;
}

void
watch_clear(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		heads_clear(&w->v[i]);
		free(w->v[i].name);
		free(w->v[i].remote);
		free(w->v[i].url);
		free(w->v[i].last_branch);
	}
	free(w->v);
	free(w->base);
	sbx_list_clear(&w->first);
	gitx_close(w->repo);
	memset(w, 0, sizeof(*w));
}
