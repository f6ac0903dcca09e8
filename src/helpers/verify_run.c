/*
 * verify: run VERIFY inside the sandbox on exactly SBREF's tip, in a
 * throwaway worktree of the sandbox's clone (services/sbx/sbx_check.c),
 * while one session holds the sandbox up.  Every line of the check's
 * output is the sandbox's and so the agent's to shape: it is printed
 * through ui_safe and kept, cut, in the record's tail.  The time bound
 * is kept here (the command is stopped at VERIFY_TIMEOUT) and, as a
 * backstop, inside the VM.  An interruption stops the command, removes
 * the worktree and records nothing: a check that was cut short says
 * nothing about the commit, and an earlier record of it still stands.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "helpers/verify.h"
#include "services/sbx/sbx_check.h"

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One line of the check's output: shown live and kept for the record. */
static void
show_line(FILE *out, struct verification *v, const char *line, size_t len)
{
	char *safe = ui_safe(line, len);

	fprintf(out, "%s\n", safe);
	fflush(out);
	free(safe);
	verification_add_line(v, line, len);
}

/* What sbx says went wrong, else the last line before ours, else status. */
static char *
why_not_started(const struct proc *p, const char *last)
{
	char *why = proc_err_line(p->err);

	if (why != NULL)
		return why;
	if (last != NULL && *last != '\0')
		return ui_safe(last, strlen(last));
	return xasprintf("'sbx exec' exited with status %d", p->status);
}

struct stream {
	int		 ready;		/* the wrapper's line came */
	int		 ended;		/* the command ended by itself */
	int		 timed_out;	/* the check ran past its bound */
	int		 no_start;	/* sbx did not start it in time */
	char		*last;		/* the last line before ready */
	long long	 t0;		/* ms, when it started */
};

/*
 * Read the check's output until it ends, times out or we are stopped.
 * VERIFY_TIMEOUT bounds the check itself, from its first line on; sbx
 * starting it is bounded as any sbx call that starts a sandbox.
 */
static void
stream(struct cmd_ctx *ctx, struct sbx_check *c, FILE *out,
    struct verification *v, struct stream *s)
{
	long long deadline, left;
	char *line = NULL;
	int rc;

	deadline = now_ms() + 1000LL * (ctx->sp.timeout > 0 ?
	    ctx->sp.timeout * SBX_LONG_FACTOR : 3600);
	for (;;) {
		left = deadline - now_ms();
		rc = proc_read_line(&c->p, left > 0 ? (int)(left < 3600000 ?
		    left : 3600000) : 0, &line);
		if (rc == 1 && !s->ready) {
			if ((s->ready = strcmp(line, SBX_CHECK_READY) == 0)) {
				s->t0 = now_ms();
				deadline = s->t0 + 1000LL *
				    ctx->cfg.verify_timeout;
			}
			free(s->last);
			s->last = line;
		} else if (rc == 1) {
			show_line(out, v, line, strlen(line));
			free(line);
		} else if (rc == 0) {
			s->ended = 1;
			break;
		} else if (intr_pending() || now_ms() >= deadline) {
			s->timed_out = !intr_pending() && s->ready;
			s->no_start = !intr_pending() && !s->ready;
			break;
		}
		line = NULL;
	}
	/* A last line without a newline, kept by the reader. */
	if (s->ready && c->p.out != NULL && c->p.out_len > 0)
		show_line(out, v, c->p.out, strlen(c->p.out));
}

/* How the check ended, into v; a message when it did not run at all. */
static void
conclude(struct cmd_ctx *ctx, struct sbx_check *c, struct stream *s,
    struct verification *v)
{
	char *sbxerr = NULL;

	v->duration_ms = s->ready ? now_ms() - s->t0 : 0;
	v->exit_code = -1;
	if (s->ended && c->p.status != 0)
		sbxerr = proc_err_line(c->p.err);
	if (intr_pending()) {
		v->status = VERIFY_NONE;
	} else if (s->timed_out) {
		v->status = VERIFY_TIMEOUT;
	} else if (s->no_start) {
		v->status = VERIFY_ERROR;
		ae_warn_cause(ctx, xasprintf("'sbx exec %s' did not start the "
		    "check within %d s (SBX_TIMEOUT)", ctx->cfg.sandbox_name,
		    ctx->sp.timeout * SBX_LONG_FACTOR));
	} else if (!s->ready || sbxerr != NULL) {
		/* sbx could not run it, or lost the sandbox midway. */
		v->status = VERIFY_ERROR;
		ae_warn_causef(ctx, sbxerr ? sbxerr : why_not_started(&c->p,
		    s->last), "the check did not run to its end in sandbox "
		    "'%s'", ctx->cfg.sandbox_name);
		sbxerr = NULL;
	} else if ((c->p.status == 124 || c->p.status == 137) &&
	    v->duration_ms >= (long long)ctx->cfg.verify_timeout * 1000) {
		v->status = VERIFY_TIMEOUT;	/* the VM's own bound */
	} else {
		v->exit_code = c->p.status;
		v->status = c->p.status == 0 ? VERIFY_PASS : VERIFY_FAIL;
	}
	free(sbxerr);
}

static void
start_line(struct cmd_ctx *ctx, const struct review *r)
{
	char *cmd = ui_safe(ctx->cfg.verify, strlen(ctx->cfg.verify));
	char *br = ui_safe(r->sb->name, strlen(r->sb->name));

	ui_info(&ctx->ui, "verify: running '%s' in sandbox '%s' on %.12s "
	    "(%s/%s), at most %d s", cmd, ctx->cfg.sandbox_name, r->sb->oid,
	    r->remote, br, ctx->cfg.verify_timeout);
	free(cmd);
	free(br);
}

/* The sandbox's agent and sbx's version, for the record. */
static void
describe(struct cmd_ctx *ctx, struct verification *v)
{
	char *line = NULL, *cause = NULL;
	int ver[3];

	v->command = xstrdup(ctx->cfg.verify);
	v->sandbox = xstrdup(ctx->cfg.sandbox_name);
	v->agent = xstrdup(ctx->cfg.agent);
	if (sbx_version(&ctx->sp, ver, &line, &cause) == 0)
		v->sbx_version = xasprintf("%d.%d.%d", ver[0], ver[1], ver[2]);
	free(line);
	free(cause);
}

/* Add the worktree, run the check in it, read it to its end. */
static void
check(struct cmd_ctx *ctx, struct sbx_check *c, FILE *out,
    struct verification *v)
{
	struct stream s;
	char token[64], *cause = NULL;

	memset(&s, 0, sizeof(s));
	if (ctx->sp.dry_run)
		snprintf(token, sizeof(token), "%.12s", c->commit);
	else
		snprintf(token, sizeof(token), "%.12s-%ld", c->commit,
		    (long)getpid());
	if (sbx_check_add(&ctx->sp, c, token, &cause) < 0 ||
	    sbx_check_start(&ctx->sp, c, ctx->cfg.verify,
	    ctx->cfg.verify_timeout, &cause) < 0) {
		v->status = intr_pending() ? VERIFY_NONE : VERIFY_ERROR;
		ae_warn_cause(ctx, cause);
		return;
	}
	if (ctx->sp.dry_run)
		return;
	stream(ctx, c, out, v, &s);
	proc_stop(&c->p);
	conclude(ctx, c, &s, v);
	free(s.last);
}

int
verify_run(struct cmd_ctx *ctx, const struct review *r, FILE *out,
    struct verification *v)
{
	struct sbx_check c;
	struct sbx_hold h;
	char *cause = NULL;

	memset(&c, 0, sizeof(c));
	c.name = ctx->cfg.sandbox_name;
	c.workspace = ctx->cfg.repo_dir;
	c.commit = r->sb->oid;
	memcpy(v->commit, r->sb->oid, sizeof(v->commit));
	describe(ctx, v);
	/* The sandbox stops by itself between sessions: hold one open. */
	if (sbx_hold_start(&ctx->sp, ctx->cfg.sandbox_name, &h, &cause) < 0 ||
	    sbx_hold_wait(&ctx->sp, &h, ctx->cfg.sandbox_name, &cause) < 0) {
		v->status = VERIFY_ERROR;
		return ae_sbx(ctx, cause, NULL);
	}
	start_line(ctx, r);
	check(ctx, &c, out, v);
	if (sbx_check_remove(&ctx->sp, &c, &cause) < 0)
		ae_warn_causef(ctx, cause, "the check's worktree in sandbox "
		    "'%s' may be left behind", ctx->cfg.sandbox_name);
	sbx_hold_end(&h);
	v->time = (long long)time(NULL);
	return 0;
}
