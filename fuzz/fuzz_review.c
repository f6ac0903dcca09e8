/*
 * Fuzz what the risk summary reads from the agent's files: the line
 * scanners for secrets and hosts, the manifest readers behind
 * dependencies by name, and REVIEW_RULES patterns against a path.  The
 * input is the agent's, so each must stay in bounds and within its
 * limits: at most RISK_FINDS_MAX findings and RISK_DEPS_MAX changes kept,
 * hosts made only of host characters, every finding on a line that
 * exists.
 */
#include <string.h>

#include "helpers/review_risk.h"
#include "base/strvec.h"
#include "fuzz.h"

static const char *const manifests[] = {
	"package.json", "requirements.txt", "pyproject.toml", "Cargo.toml",
	"go.mod", NULL
};

static void
check_finds(const struct risk_finds *f, size_t lines, int hosts)
{
	const char *h;
	size_t i;

	if (f->n > RISK_FINDS_MAX)
		fuzz_fail("%zu findings kept", f->n);
	for (i = 0; i < f->n; i++) {
		if (f->v[i].line == 0 || f->v[i].line > lines)
			fuzz_fail("finding on line %zu of %zu", f->v[i].line,
			    lines);
		if (!hosts)
			continue;
		for (h = f->v[i].host; *h != '\0'; h++)
			if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
			    "QRSTUVWXYZ0123456789.-:[]", *h) == NULL)
				fuzz_fail("host [%s] holds 0x%02x",
				    f->v[i].host, (unsigned char)*h);
	}
}

static void
scan(const char *s, size_t n)
{
	struct risk_finds sec = { NULL, 0, 0 }, hosts = { NULL, 0, 0 };
	const char *end = s + n, *e;
	size_t line = 0;

	for (; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			e = end;
		line++;
		risk_scan_line(s, (size_t)(e - s), line, "github.com,"
		    "*.npmjs.org,10.0.0.0/8", &sec, &hosts);
	}
	check_finds(&sec, line, 0);
	check_finds(&hosts, line, 1);
	risk_finds_clear(&sec);
	risk_finds_clear(&hosts);
}

static void
deps(const char *s, size_t n)
{
	struct risk_deps d;
	size_t half = n / 2, i;

	for (i = 0; manifests[i] != NULL; i++) {
		memset(&d, 0, sizeof(d));
		risk_deps_diff(manifests[i], s, half, s + half, n - half, &d);
		if (d.n > RISK_DEPS_MAX)
			fuzz_fail("%zu dependency changes kept", d.n);
		risk_deps_clear(&d);
	}
	(void)risk_pkg_scripts_changed(s, half, s + half, n - half);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size), *nl;

	scan((const char *)data, size);
	deps((const char *)data, size);
	/* First line a pattern, the rest a path. */
	if ((nl = strchr(text, '\n')) != NULL) {
		*nl = '\0';
		(void)risk_pattern_match(text, nl + 1);
	}
	free(text);
	return 0;
}
