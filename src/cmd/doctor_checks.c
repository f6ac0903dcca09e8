/*
 * doctor's platform and repository checks.  Virtualization differs per
 * platform: Linux needs /dev/kvm read-writable by this user, a Mac needs
 * Apple Silicon or the Hypervisor framework, and under WSL2 sbx belongs on
 * the Windows side unless nested virtualization gives WSL a /dev/kvm.
 */
#include <sys/types.h>
#include <sys/utsname.h>
#ifdef __APPLE__
#include <sys/sysctl.h>
#endif

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/cmd.h"
#include "services/git/gitx.h"
#include "helpers/preflight.h"
#include "doctor.h"

#define SBX_GUIDE "https://docs.docker.com/ai/sandboxes/"

static int
uname_has(int field, const char *what)
{
	struct utsname u;

	if (uname(&u) < 0)
		return 0;
	switch (field) {
	case 's': return strcmp(u.sysname, what) == 0;
	case 'm': return strcmp(u.machine, what) == 0;
	default: return strcasestr(u.release, what) != NULL;
	}
}

int doctor_is_linux(void) { return uname_has('s', "Linux"); }
int doctor_is_macos(void) { return uname_has('s', "Darwin"); }
int doctor_is_wsl(void) { return uname_has('r', "microsoft"); }

int
doctor_kvm(void)
{
	if (access("/dev/kvm", F_OK) < 0)
		return -1;
	return access("/dev/kvm", R_OK | W_OK) == 0;
}

static const char *
user_name(void)
{
	struct passwd *pw = getpwuid(geteuid());

	return pw != NULL ? pw->pw_name : "this user";
}

static void
virt_linux(struct doctor *d)
{
	const char *wsl = doctor_is_wsl() ? "; under WSL2, sbx can also run "
	    "on the Windows side, see " SBX_GUIDE : "";
	char *cause = NULL;
	int kvm = doctor_kvm();

	if (preflight_kvm(&cause) == 0) {
		doctor_add(d, "virtualization", DOCTOR_OK, xasprintf(
		    "/dev/kvm is usable by %s%s", user_name(),
		    doctor_is_wsl() ? " (WSL2)" : ""), NULL);
		return;
	}
	doctor_add(d, "virtualization", DOCTOR_WARN, cause, kvm == 0 ?
	    xasprintf("sudo usermod -aG kvm $USER, then log out and back "
	    "in%s", wsl) : xasprintf("enable virtualization (VT-x/AMD-V) in "
	    "the firmware, or nested virtualization in a VM%s", wsl));
}

static void
virt_macos(struct doctor *d)
{
	int hv = 0;
#ifdef __APPLE__
	size_t len = sizeof(hv);

	if (sysctlbyname("kern.hv_support", &hv, &len, NULL, 0) < 0)
		hv = 0;
#endif
	if (uname_has('m', "arm64"))
		doctor_add(d, "virtualization", DOCTOR_OK,
		    xstrdup("Apple Silicon"), NULL);
	else if (hv)
		doctor_add(d, "virtualization", DOCTOR_OK, xstrdup("the "
		    "Hypervisor framework is supported (kern.hv_support)"),
		    NULL);
	else
		doctor_add(d, "virtualization", DOCTOR_FAIL, xstrdup("this Mac "
		    "has no Hypervisor framework support"), xstrdup("sandboxes "
		    "need Apple Silicon or an Intel Mac with VT-x; see "
		    SBX_GUIDE));
}

void
doctor_virt(struct cmd_ctx *ctx, struct doctor *d)
{
	(void)ctx;
	if (doctor_is_macos())
		virt_macos(d);
	else if (doctor_is_linux())
		virt_linux(d);
	else
		doctor_add(d, "virtualization", DOCTOR_WARN, xstrdup("cannot "
		    "check virtualization on this platform"), xstrdup("sbx "
		    "runs on Linux, macOS and Windows; see " SBX_GUIDE));
}

/* The repo to check: REPO_DIR when the configuration loaded, else --repo
 * or the current directory.  *top is NULL when it is not a repository. */
static char *
repo_to_check(struct cmd_ctx *ctx, char **top)
{
	const char *dir = ctx->cli.repo_dir ? ctx->cli.repo_dir : ".";
	char *cause = NULL;

	*top = NULL;
	if (ctx->cfg.repo_dir != NULL) {
		if (ctx->cfg.repo_found)
			*top = xstrdup(ctx->cfg.repo_dir);
		return xstrdup(ctx->cfg.repo_dir);
	}
	if (gitx_discover_toplevel(dir, top, &cause) != 0)
		*top = NULL;
	free(cause);
	return xstrdup(dir);
}

/* 1: add a FAIL with detail/hint; 0: OK with ok_text; -1: FAIL cause. */
static void
repo_check(struct doctor *d, const char *name, int rc, char *cause,
    const char *ok_text, char *detail, char *hint)
{
	if (rc == 0) {
		doctor_add(d, name, DOCTOR_OK, xstrdup(ok_text), NULL);
		free(detail);
		free(hint);
	} else if (rc > 0)
		doctor_add(d, name, DOCTOR_FAIL, detail, hint);
	else {
		doctor_add(d, name, DOCTOR_FAIL, cause, NULL);
		cause = NULL;
		free(detail);
		free(hint);
	}
	free(cause);
}

static void
check_repo(struct doctor *d, const char *top)
{
	char *cause = NULL, *main_dir = NULL;
	int rc;

	rc = gitx_has_commit(top, &cause);
	repo_check(d, "repo-commit", rc < 0 ? -1 : !rc, cause, "has a commit",
	    xasprintf("'%s' has no commits yet", top), xstrdup("commit "
	    "something first, e.g. git add -A && git commit -m 'initial "
	    "commit'"));
	cause = NULL;
	rc = gitx_is_shallow(top, &cause);
	repo_check(d, "repo-shallow", rc, cause, "not shallow", xasprintf(
	    "'%s' is a shallow clone; clone mode would see an empty "
	    "workspace", top), xstrdup("git fetch --unshallow"));
	cause = NULL;
	rc = gitx_is_linked_worktree(top, &main_dir, &cause);
	repo_check(d, "repo-worktree", rc, cause, "not a linked worktree",
	    xasprintf("'%s' is a linked worktree, which clone mode rejects",
	    top), xasprintf("run code-airlock in the main worktree%s%s",
	    main_dir ? " " : "", main_dir ? main_dir : ""));
	free(main_dir);
}

static void
check_config(struct cmd_ctx *ctx, struct doctor *d, char *cfg_cause)
{
	const struct config *c = &ctx->cfg;
	char *files = NULL, *tmp;
	size_t i;

	if (cfg_cause != NULL) {
		doctor_add(d, "config", DOCTOR_FAIL, cfg_cause, xstrdup("fix "
		    "the setting named above; every key is described in "
		    "sandbox.conf.example"));
		return;
	}
	for (i = 0; i < c->files.n; i++) {
		tmp = files;
		files = xasprintf("%s%s%s", tmp ? tmp : "", tmp ? ", " : "",
		    c->files.v[i]);
		free(tmp);
	}
	if (c->warnings.n > 0)
		doctor_add(d, "config", DOCTOR_WARN, xstrdup(c->warnings.v[0]),
		    NULL);
	else
		doctor_add(d, "config", DOCTOR_OK, files ? xasprintf("valid "
		    "(%s)", files) : xstrdup("valid (built-in defaults)"),
		    NULL);
	free(files);
}

void
doctor_repo(struct cmd_ctx *ctx, struct doctor *d, char *cfg_cause)
{
	char *top, *dir = repo_to_check(ctx, &top);

	if (top == NULL)
		doctor_add(d, "repo", DOCTOR_FAIL, xasprintf("'%s' is not a "
		    "git repository", dir), xstrdup("run code-airlock inside "
		    "your project or pass --repo DIR ('git init' starts a new "
		    "one)"));
	else {
		doctor_add(d, "repo", DOCTOR_OK, xasprintf("%s", top), NULL);
		check_repo(d, top);
	}
	check_config(ctx, d, cfg_cause);
	free(top);
	free(dir);
}
