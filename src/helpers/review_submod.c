/*
 * Submodule commits (FETCH_SUBMODULES=1).  The sandbox serves only the
 * superproject, so for each initialized submodule P the agent's HEAD comes
 * back as a bundle: `sbx exec NAME git -C P bundle create /tmp/TOKEN HEAD`,
 * `sbx cp NAME:/tmp/TOKEN HOSTTMP/...`, then `git -C REPO/P fetch BUNDLE
 * HEAD:refs/remotes/code-airlock/NAME`.  A failing submodule warns and the
 * others go on; the bundles are removed on both sides whatever happens.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/interrupt.h"
#include "helpers/review.h"
#include "services/sbx/sbx.h"

/* 16 hex digits nobody can guess, so the VM path cannot be planted. */
static void
make_token(char tok[17])
{
	unsigned char b[8];
	size_t i;
	int fd, got = 0;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) >= 0) {
		got = read(fd, b, sizeof(b)) == (ssize_t)sizeof(b);
		close(fd);
	}
	if (!got) {
		unsigned long long v = (unsigned long long)time(NULL) ^
		    ((unsigned long long)getpid() << 32) ^ (uintptr_t)tok;

		memcpy(b, &v, sizeof(b));
	}
	for (i = 0; i < sizeof(b); i++)
		snprintf(tok + 2 * i, 3, "%02x", b[i]);
}

/* Run the user's git for the bundle fetch; stderr kept for the warning. */
static int
fetch_bundle(struct cmd_ctx *ctx, const char *dir, const char *bundle,
    const char *refspec, char **cause)
{
	struct proc p = PROC_INIT;
	int rc;

	strvec_pushl(&p.args, "git", "-C", dir, "fetch", bundle, refspec,
	    NULL);
	p.flags = PROC_CAPTURE | PROC_CAPTURE_ERR | PROC_NULL_IN;
	rc = proc_capture(&ctx->sp, &p, cause, "'git fetch' of the bundle "
	    "failed");
	proc_clear(&p);
	return rc < 0 ? -1 : 0;
}

/* The id the bundle's HEAD line names (v2/v3 text header), or "". */
static void
bundle_head(const char *path, char hex[GITX_HEXSZ + 1])
{
	char line[512];
	FILE *f;

	hex[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL && line[0] != '\n') {
		if (line[0] == '#' || line[0] == '@' || line[0] == '-')
			continue;
		if (strlen(line) > GITX_HEXSZ && line[GITX_HEXSZ] == ' ' &&
		    strcmp(line + GITX_HEXSZ + 1, "HEAD\n") == 0) {
			memcpy(hex, line, GITX_HEXSZ);
			hex[GITX_HEXSZ] = '\0';
			break;
		}
	}
	fclose(f);
}

/*
 * In a submodule the sandbox never checked out, `git -C P` runs in the
 * superproject and bundles its history; never file that under P.
 */
static int
check_bundle(struct review *r, const char *hostfile, char **cause)
{
	char head[GITX_HEXSZ + 1];

	bundle_head(hostfile, head);
	if (head[0] != '\0' && gitx_has_object(r->repo, head)) {
		*cause = xstrdup("it is not checked out in the sandbox (the "
		    "bundle holds the superproject's history)");
		return -1;
	}
	return 0;
}

static void
report_moved(struct cmd_ctx *ctx, struct review *r, const char *path,
    const char *old, const char *new)
{
	if (strcmp(old, new) == 0 || new[0] == '\0')
		return;
	if (r->report == ctx->ui.err && ctx->ui.quiet)
		return;
	fputs("  submodule ", r->report);
	ui_safe_fputs(r->report, path);
	if (old[0] == '\0')
		fprintf(r->report, "  (new) %.7s\n", new);
	else
		fprintf(r->report, "  %.7s..%.7s\n", old, new);
}

static int
one_submodule(struct cmd_ctx *ctx, struct review *r, const char *path,
    const char *hostfile, char **cause)
{
	const char *name = ctx->cfg.sandbox_name;
	char tok[17], old[GITX_HEXSZ + 1], new[GITX_HEXSZ + 1];
	char *vmfile, *src, *dir, *ref, *spec, *ignore = NULL;
	int rc = -1;

	make_token(tok);
	vmfile = xasprintf("/tmp/code-airlock-%s.bundle", tok);
	src = xasprintf("%s:%s", name, vmfile);
	dir = xasprintf("%s/%s", ctx->cfg.repo_dir, path);
	ref = gitx_ref_submodule(name);
	spec = xasprintf("HEAD:%s", ref);
	gitx_dir_ref_hex(dir, ref, old);
	if (sbx_call(&ctx->sp, PROC_NULL_IN, cause, "exec", name, "git", "-C",
	    path, "bundle", "create", vmfile, "HEAD", NULL) == 0 &&
	    sbx_call(&ctx->sp, PROC_NULL_IN, cause, "cp", src, hostfile,
	    NULL) == 0 &&
	    (ctx->sp.dry_run || check_bundle(r, hostfile, cause) == 0) &&
	    fetch_bundle(ctx, dir, hostfile, spec, cause) == 0)
		rc = 0;
	/* Cleanup on both sides, whatever failed. */
	if (sbx_call(&ctx->sp, PROC_NULL_IN | PROC_CLEANUP, &ignore, "exec",
	    name, "rm", "-f", vmfile, NULL) < 0)
		free(ignore);
	if (!ctx->sp.dry_run)
		unlink(hostfile);
	if (rc == 0 && !ctx->sp.dry_run) {
		gitx_dir_ref_hex(dir, ref, new);
		report_moved(ctx, r, path, old, new);
	}
	free(spec);
	free(ref);
	free(dir);
	free(src);
	free(vmfile);
	return rc;
}

void
review_fetch_submodules(struct cmd_ctx *ctx, struct review *r)
{
	struct strvec paths = STRVEC_INIT;
	const char *tmp = ctx_getenv(ctx, "TMPDIR");
	char *hosttmp, *hostfile, *cause = NULL, *safe;
	size_t i;

	if (gitx_submodules(r->repo, &paths, &cause) < 0) {
		ae_warn_cause(ctx, cause);
		return;
	}
	if (paths.n == 0)
		return;
	hosttmp = xasprintf("%s/code-airlock.XXXXXX", tmp && *tmp ? tmp :
	    "/tmp");
	if (!ctx->sp.dry_run && mkdtemp(hosttmp) == NULL) {
		ui_warn(&ctx->ui, "cannot create a directory under '%s'; "
		    "submodules not fetched (set TMPDIR)", tmp ? tmp : "/tmp");
		goto done;
	}
	/* Interrupted: the remaining submodules wait for the next fetch. */
	for (i = 0; i < paths.n && !intr_pending(); i++) {
		hostfile = xasprintf("%s/%zu.bundle", hosttmp, i);
		if (one_submodule(ctx, r, paths.v[i], hostfile, &cause) < 0) {
			safe = ui_safe(paths.v[i], strlen(paths.v[i]));
			ae_warn_causef(ctx, cause, "submodule '%s' not fetched",
			    safe);
			free(safe);
			cause = NULL;
		}
		free(hostfile);
	}
	if (!ctx->sp.dry_run)
		rmdir(hosttmp);
done:
	free(hosttmp);
	strvec_clear(&paths);
}
