/*
 * preflight: is this machine ready for a clone-mode sandbox?  The tools
 * and virtualization probes, and the platform facts setup needs too.
 * Answers only; up, doctor and setup decide what to make of them.
 */
#include <sys/types.h>
#include <sys/utsname.h>
#ifdef __APPLE__
#include <sys/sysctl.h>
#endif

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/preflight.h"
#include "base/spawn.h"
#include "base/strvec.h"

#define SBX_GUIDE "https://docs.docker.com/ai/sandboxes/"

/* How to get each program; the sbx lines follow Docker's own guide. */
static const struct {
	const char	*name;
	const char	*what;
	const char	*how;
} tools[] = {
#if defined(__linux__)
	{ "sbx", "the Docker Sandboxes CLI",
	    "install it with 'curl -fsSL https://get.docker.com | sudo "
	    "REPO_ONLY=1 sh && sudo apt-get install docker-sbx' (or run "
	    "'code-airlock setup')" },
	{ "git", "git", "install it with 'sudo apt-get install git'" },
	{ "tmux", "tmux", "install it with 'sudo apt-get install tmux'" },
#else
	{ "sbx", "the Docker Sandboxes CLI",
	    "install it following Docker's official Docker Sandboxes guide "
	    "(or run 'code-airlock setup')" },
	{ "git", "git", "install it with 'xcode-select --install' or your "
	    "package manager" },
	{ "tmux", "tmux", "install it with 'brew install tmux' or your "
	    "package manager" },
#endif
};

void
probe_clear(struct probe *p)
{
	free(p->detail);
	free(p->hint);
	*p = (struct probe)PROBE_INIT;
}

char *
probe_message(const struct probe *p)
{
	if (p->hint == NULL)
		return xstrdup(p->detail);
	return xasprintf("%s; %s", p->detail, p->hint);
}

static void
probe_set(struct probe *p, const char *name, enum probe_level level,
    char *detail, char *hint)
{
	p->name = name;
	p->level = level;
	p->detail = detail;
	p->hint = hint;
}

void
probe_tool(struct probe *p, const char *name, enum probe_level missing)
{
	char *found;
	size_t i;

	if ((found = proc_which(name)) != NULL) {
		probe_set(p, name, PROBE_OK, found, NULL);
		return;
	}
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (strcmp(tools[i].name, name) == 0) {
			probe_set(p, name, missing, xasprintf("'%s' (%s) is "
			    "not installed or not on PATH", name,
			    tools[i].what), xstrdup(tools[i].how));
			return;
		}
	probe_set(p, name, missing, xasprintf("'%s' is not installed or not "
	    "on PATH", name), xstrdup("install it"));
}

int
preflight_tool(const char *name, char **path, char **cause)
{
	struct probe p = PROBE_INIT;

	if (path != NULL)
		*path = NULL;
	probe_tool(&p, name, PROBE_FAIL);
	if (p.level != PROBE_OK) {
		*cause = probe_message(&p);
		probe_clear(&p);
		return -1;
	}
	if (path != NULL) {
		*path = p.detail;
		p.detail = NULL;
	}
	probe_clear(&p);
	return 0;
}

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

int preflight_is_linux(void) { return uname_has('s', "Linux"); }
int preflight_is_macos(void) { return uname_has('s', "Darwin"); }
int preflight_is_wsl(void) { return uname_has('r', "microsoft"); }

int
preflight_kvm_state(void)
{
	if (access("/dev/kvm", F_OK) < 0)
		return -1;
	return access("/dev/kvm", R_OK | W_OK) == 0;
}

static void
virt_linux(struct probe *p)
{
	const char *wsl = preflight_is_wsl() ? "; under WSL2, sbx can also "
	    "run on the Windows side, see " SBX_GUIDE : "";
	struct passwd *pw = getpwuid(geteuid());
	int state = preflight_kvm_state(), e = errno;

	switch (state) {
	case 1:
		probe_set(p, "virtualization", PROBE_OK, xasprintf("/dev/kvm "
		    "is usable by %s%s", pw ? pw->pw_name : "this user",
		    preflight_is_wsl() ? " (WSL2)" : ""), NULL);
		break;
	case 0:
		probe_set(p, "virtualization", PROBE_WARN, xasprintf(
		    "'/dev/kvm' is not readable and writable by this user "
		    "(%s)", strerror(e)), xasprintf("add yourself to the "
		    "kvm group with 'sudo usermod -aG kvm $USER', then log in "
		    "again (or run 'newgrp kvm')%s", wsl));
		break;
	default:
		probe_set(p, "virtualization", PROBE_WARN, xstrdup("'/dev/kvm' "
		    "does not exist, so sbx cannot start a microVM"),
		    xasprintf("enable virtualization (KVM) in the firmware or "
		    "the host's VM settings and load the kvm module%s", wsl));
	}
}

static void
virt_macos(struct probe *p)
{
	int hv = 0;
#ifdef __APPLE__
	size_t len = sizeof(hv);

	if (sysctlbyname("kern.hv_support", &hv, &len, NULL, 0) < 0)
		hv = 0;
#endif
	if (uname_has('m', "arm64"))
		probe_set(p, "virtualization", PROBE_OK,
		    xstrdup("Apple Silicon"), NULL);
	else if (hv)
		probe_set(p, "virtualization", PROBE_OK, xstrdup("the "
		    "Hypervisor framework is supported (kern.hv_support)"),
		    NULL);
	else
		probe_set(p, "virtualization", PROBE_FAIL, xstrdup("this Mac "
		    "has no Hypervisor framework support"), xstrdup("sandboxes "
		    "need Apple Silicon or an Intel Mac with VT-x; see "
		    SBX_GUIDE));
}

void
probe_virt(struct probe *p)
{
	if (preflight_is_macos())
		virt_macos(p);
	else if (preflight_is_linux())
		virt_linux(p);
	else
		probe_set(p, "virtualization", PROBE_WARN, xstrdup("cannot "
		    "check virtualization on this platform"), xstrdup("sbx "
		    "runs on Linux, macOS and Windows; see " SBX_GUIDE));
}
