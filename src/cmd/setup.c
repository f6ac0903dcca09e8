/*
 * setup: install the prerequisites doctor finds missing, one step at a
 * time.  Each step shows the exact command and runs it only after the user
 * says yes on a terminal.  Without a terminal the commands are printed on
 * stdout as a script to read and paste, and nothing runs; the exit status
 * is then 1 when anything is missing, so scripts can tell.  Under --dry-run
 * the steps are echoed as plan lines.
 *
 * Linux with apt: Docker's apt repository (Docker's own script, a shell
 * pipeline, run with `sh -c` only after confirmation and shown verbatim),
 * `sudo apt-get install docker-sbx`, and `sudo usermod -aG kvm USER` when
 * /dev/kvm exists but is not usable.  Elsewhere: the official guide.  Then
 * what sbx's own answer calls for: `sbx login`, `sbx daemon start` for a
 * daemon that is not running, `sbx daemon restart` for an unavailable
 * backend, both restart and login when sbx does not answer in time.
 * Never `sbx setup`, an experimental wizard that imports secrets.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/cmd.h"
#include "services/sbx/sbx.h"
#include "helpers/preflight.h"

#define SBX_GUIDE	"https://docs.docker.com/ai/sandboxes/"
#define DOCKER_REPO \
	"curl -fsSL https://get.docker.com | sudo REPO_ONLY=1 sh"

struct step {
	const char	*why;		/* what is missing */
	char		*shown;		/* the command as the user reads it */
	struct strvec	 argv;		/* empty: only the user can do it */
	int		 if_login;	/* only if sbx still needs a login */
};

struct plan {
	struct step	 v[8];
	size_t		 n;
};

static struct step *
add(struct plan *p, const char *why, const char *shown)
{
	struct step *s = &p->v[p->n++];

	memset(s, 0, sizeof(*s));
	s->why = why;
	s->shown = xstrdup(shown);
	return s;
}

static int
docker_apt_repo(void)
{
	return access("/etc/apt/sources.list.d/docker.list", F_OK) == 0 ||
	    access("/etc/apt/sources.list.d/docker.sources", F_OK) == 0;
}

/* What sbx says about its login: 0 fine, else the problem. */
static enum sbx_problem
sbx_state(const struct spawner *sp, int *ok)
{
	struct sbx_list l;
	char *cause = NULL;
	enum sbx_problem pr;

	if (sbx_ls(sp, &l, &cause) == 0) {
		sbx_list_clear(&l);
		*ok = 1;
		return SBX_PROBLEM_OTHER;
	}
	*ok = 0;
	pr = sbx_problem_of(cause);
	free(cause);
	return pr;
}

static void
plan_sbx(struct cmd_ctx *ctx, struct plan *p)
{
	char *path = proc_which("sbx"), *apt = proc_which("apt-get");
	struct step *s;
	enum sbx_problem pr = SBX_PROBLEM_OTHER;
	int ok = 0;

	if (path == NULL && preflight_is_linux() && !preflight_is_wsl() && apt) {
		if (!docker_apt_repo()) {
			s = add(p, "Docker's apt repository is not set up",
			    DOCKER_REPO);
			strvec_pushl(&s->argv, "sh", "-c", DOCKER_REPO, NULL);
		}
		s = add(p, "sbx is not installed",
		    "sudo apt-get install docker-sbx");
		strvec_pushl(&s->argv, "sudo", "apt-get", "install",
		    "docker-sbx", NULL);
	} else if (path == NULL)
		add(p, "sbx is not installed", "follow the official guide at "
		    SBX_GUIDE);
	if (path != NULL)
		pr = sbx_state(&ctx->sp, &ok);
	if (!ok && pr == SBX_PROBLEM_DAEMON) {
		s = add(p, "the sbx daemon is not running", "sbx daemon start");
		strvec_pushl(&s->argv, "sbx", "daemon", "start", NULL);
	} else if (!ok && (pr == SBX_PROBLEM_BACKEND ||
	    pr == SBX_PROBLEM_TIMEOUT)) {
		s = add(p, pr == SBX_PROBLEM_BACKEND ? "the sbx backend is "
		    "unavailable" : "sbx does not answer (it may wait for a "
		    "sign-in, or hang)", "sbx daemon restart");
		strvec_pushl(&s->argv, "sbx", "daemon", "restart", NULL);
	}
	if (path == NULL || pr == SBX_PROBLEM_LOGIN ||
	    pr == SBX_PROBLEM_TIMEOUT) {
		s = add(p, "sbx is not logged in", "sbx login");
		strvec_pushl(&s->argv, "sbx", "login", NULL);
		s->if_login = path == NULL;
	} else if (!ok && pr == SBX_PROBLEM_OTHER)
		ui_warn(&ctx->ui, "sbx does not answer; see 'code-airlock "
		    "doctor'");
	free(path);
	free(apt);
}

static void
plan_kvm(struct cmd_ctx *ctx, struct plan *p)
{
	struct passwd *pw = getpwuid(geteuid());
	struct probe virt = PROBE_INIT;
	struct step *s;
	char *shown;

	if (!preflight_is_linux())
		return;
	probe_virt(&virt);
	if (virt.level != PROBE_OK && preflight_kvm_state() == 0 &&
	    pw != NULL) {
		shown = xasprintf("sudo usermod -aG kvm %s", pw->pw_name);
		s = add(p, "/dev/kvm is not usable by this user", shown);
		strvec_pushl(&s->argv, "sudo", "usermod", "-aG", "kvm",
		    pw->pw_name, NULL);
		free(shown);
	} else if (virt.level != PROBE_OK)
		ae_warn_causef(ctx, probe_message(&virt), "setup cannot do "
		    "this for you");
	probe_clear(&virt);
}

/* Run one step after asking: 0 done, 1 skipped, -1 failed (reported). */
static int
run_step(struct cmd_ctx *ctx, struct step *s)
{
	struct proc p = PROC_INIT;
	char *cause = NULL;
	int ok, rc = -1;

	if (s->if_login && !ctx->sp.dry_run &&
	    (sbx_state(&ctx->sp, &ok) != SBX_PROBLEM_LOGIN || ok))
		return 0;
	if (s->argv.n == 0) {
		ui_info(&ctx->ui, "%s: %s", s->why, s->shown);
		return 1;
	}
	if (!ctx->sp.dry_run) {
		fprintf(ctx->ui.err, "%s; to fix it, run:\n    %s\n", s->why,
		    s->shown);
		if (ui_confirm(&ctx->ui, "run it now?") <= 0)
			return 1;
	}
	strvec_pushv(&p.args, s->argv.v);
	if (proc_run(&ctx->sp, &p, &cause) < 0)
		ae_cause(ctx, cause);
	else if (p.status != 0)
		ae_error(ctx, "'%s' failed with exit status %d", s->shown,
		    p.status);
	else
		rc = 0;
	proc_clear(&p);
	return rc;
}

/* Without a terminal: the steps as a script to read, nothing run. */
static void
print_steps(struct cmd_ctx *ctx, const struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		fprintf(ctx->ui.out, "# %s\n%s%s\n", p->v[i].why,
		    p->v[i].argv.n ? "" : "# ", p->v[i].shown);
	ui_info(&ctx->ui, "no terminal to ask on, so nothing was run; run "
	    "the commands above yourself, or 'code-airlock setup' in a "
	    "terminal");
}

static int
cmd_setup_exec(struct cmd_ctx *ctx)
{
	struct plan p;
	size_t i, skipped = 0;
	int rc = 0, r, usermod = 0;

	p.n = 0;
	plan_sbx(ctx, &p);
	plan_kvm(ctx, &p);
	if (p.n == 0)
		ui_info(&ctx->ui, "nothing to set up: sbx is installed and "
		    "logged in%s", preflight_is_linux() ? ", /dev/kvm is usable" :
		    "");
	else if (!ctx->ui.in_tty && !ctx->sp.dry_run) {
		print_steps(ctx, &p);
		rc = 1;
	} else
		for (i = 0; i < p.n && rc == 0; i++) {
			if ((r = run_step(ctx, &p.v[i])) < 0)
				rc = 1;
			skipped += r > 0;
			usermod |= r == 0 && p.v[i].argv.n > 1 &&
			    strcmp(p.v[i].argv.v[1], "usermod") == 0;
		}
	for (i = 0; i < p.n; i++) {
		free(p.v[i].shown);
		strvec_clear(&p.v[i].argv);
	}
	if (usermod && !ctx->sp.dry_run)
		ui_info(&ctx->ui, "log out and back in so that the kvm group "
		    "applies");
	if (rc == 0 && skipped > 0) {
		ui_info(&ctx->ui, "%zu step%s left to do; 'code-airlock "
		    "doctor' shows what is still missing", skipped,
		    skipped == 1 ? "" : "s");
		rc = 1;
	}
	return rc;
}

const struct cmd_entry cmd_setup_entry = {
	.name = "setup",
	.usage = "",
	.summary = "install missing prerequisites, asking before each step",
	.args_min = 0,
	.args_max = 0,
	.flags = 0,
	.opts = NULL,
	.exec = cmd_setup_exec,
};
