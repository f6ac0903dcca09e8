/*
 * Which paths deserve a reviewer's attention by their name alone.  Anything
 * that steers the next agent (instruction files, agent settings), runs on
 * the reviewer's machine without being asked (direnv, editor tasks, hooks,
 * wrapper and toolchain files, build-tool config), runs in CI, or pulls in
 * code from elsewhere is flagged.  Names compare without regard to case:
 * on a case-insensitive file system `agents.md` is AGENTS.md.
 * Over-flagging is cheap; missing one is not.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helpers/review_risk.h"
#include "base/strvec.h"

/* Directory components anywhere in the path. */
static const char *const agent_dirs[] = {
	".claude", ".codex", ".cursor", ".opencode", ".gemini", ".windsurf",
	".clinerules", ".roo", ".kiro", ".junie", ".continue", ".amazonq",
	".aider", ".crush", NULL
};
static const char *const agent_files[] = {
	"AGENTS.md", "AGENT.md", "CLAUDE.md", "CLAUDE.local.md", "GEMINI.md",
	".mcp.json", "mcp.json", ".cursorrules", ".windsurfrules",
	".clinerules", ".goosehints", ".aider.conf.yml", "opencode.json",
	"opencode.jsonc", "copilot-instructions.md", NULL
};
/* Under .github/ at any depth. */
static const char *const agent_github[] = {
	"instructions", "prompts", "chatmodes", NULL
};

static const char *const autorun_dirs[] = {
	".devcontainer", ".husky", ".githooks", ".git-hooks", "githooks",
	"git-hooks", ".cargo", ".mvn", ".idea", "buildSrc", NULL
};
static const char *const autorun_files[] = {
	".envrc", ".env", ".pre-commit-config.yaml", "lefthook.yml",
	"lefthook.yaml", ".lefthook.yml", ".lefthook.yaml",
	"lefthook-local.yml", ".lefthook-local.yml", "Directory.Build.props",
	"Directory.Build.targets", "Directory.Build.rsp", ".pnpmfile.cjs",
	".pnpmfile.mjs", ".bazelrc", ".bazelversion", ".npmrc", ".yarnrc",
	".yarnrc.yml", "bunfig.toml", ".devcontainer.json", "rust-toolchain",
	"rust-toolchain.toml", ".tool-versions", ".mise.toml", "mise.toml",
	"gradle-wrapper.properties", "gradle-wrapper.jar", "gradle.properties",
	"maven-wrapper.properties", "maven-wrapper.jar", ".jvmopts",
	".sbtopts", ".eslintrc.js", ".eslintrc.cjs", ".eslintrc.mjs",
	"eslint.config.js", "eslint.config.cjs", "eslint.config.mjs",
	"eslint.config.ts", ".prettierrc.js", ".prettierrc.cjs",
	".prettierrc.mjs", "prettier.config.js", "prettier.config.cjs",
	"prettier.config.mjs", NULL
};
/* Under .vscode/: tasks run on folder open, settings name programs. */
static const char *const vscode_files[] = {
	"tasks.json", "settings.json", "launch.json", NULL
};
static const char *const autorun_suffixes[] = { ".code-workspace", NULL };

/* Git's hook names: a file so named in any hooks/ directory runs. */
static const char *const git_hooks[] = {
	"applypatch-msg", "pre-applypatch", "post-applypatch", "pre-commit",
	"pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit",
	"pre-rebase", "post-checkout", "post-merge", "pre-push",
	"pre-receive", "update", "proc-receive", "post-receive",
	"post-update", "reference-transaction", "push-to-checkout",
	"pre-auto-gc", "post-rewrite", "sendemail-validate",
	"fsmonitor-watchman", "post-index-change", NULL
};
/* Source files of a hooks/ directory that is not git's (React, ...). */
static const char *const script_src[] = {
	".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".vue", ".svelte",
	NULL
};

/* Directories at the top of the tree. */
static const char *const ci_dirs[] = {
	".github/workflows/", ".github/actions/", ".circleci/",
	".buildkite/", ".azure-pipelines/", ".woodpecker/", ".gitlab/",
	".vscode/", ".gitea/workflows/", ".forgejo/workflows/", NULL
};
static const char *const ci_files[] = {
	".gitlab-ci.yml", "Jenkinsfile", ".travis.yml", "azure-pipelines.yml",
	"bitbucket-pipelines.yml", ".drone.yml", "appveyor.yml",
	".appveyor.yml", ".woodpecker.yml", "cloudbuild.yaml",
	"cloudbuild.yml", "CODEOWNERS", "dependabot.yml", "renovate.json",
	".gitpod.yml", ".mergify.yml", NULL
};

static const char *const git_files[] = {
	".gitmodules", ".gitattributes", ".gitignore", ".lfsconfig", NULL
};

static const char *const build_files[] = {
	"Makefile", "GNUmakefile", "Makefile.am", "Makefile.in",
	"CMakeLists.txt", "configure", "configure.ac", "configure.in",
	"meson.build", "meson_options.txt", "setup.py", "setup.cfg",
	"pyproject.toml", "build.gradle", "build.gradle.kts",
	"settings.gradle", "settings.gradle.kts", "gradlew", "mvnw",
	"pom.xml", "build.xml", "build.rs", "Rakefile", "Dockerfile",
	"Containerfile", "docker-compose.yml", "docker-compose.yaml",
	"compose.yaml", "justfile", "Taskfile.yml", "BUILD", "BUILD.bazel",
	"WORKSPACE", "MODULE.bazel", "SConstruct", "conftest.py",
	"noxfile.py", "tox.ini", "Brewfile", NULL
};
static const char *const build_suffixes[] = {
	".sh", ".bash", ".zsh", ".cmake", ".mk", ".ps1", ".bat", ".cmd", NULL
};

static const char *const dep_files[] = {
	"package.json", "package-lock.json", "npm-shrinkwrap.json",
	"yarn.lock", "pnpm-lock.yaml", "pnpm-workspace.yaml", "bun.lockb",
	"bun.lock", "Cargo.toml", "Cargo.lock", "go.mod", "go.sum",
	"go.work", "go.work.sum", "Pipfile", "Pipfile.lock", "poetry.lock",
	"pdm.lock", "uv.lock", "pyproject.toml", "setup.py", "setup.cfg",
	"constraints.txt", "environment.yml", "Gemfile", "Gemfile.lock",
	"composer.json", "composer.lock", "mix.exs", "mix.lock",
	"pubspec.yaml", "pubspec.lock", "Package.swift", "Package.resolved",
	"Podfile", "Podfile.lock", "Cartfile", "Cartfile.resolved",
	"packages.config", "Directory.Packages.props", "packages.lock.json",
	"paket.dependencies", "paket.lock", "build.gradle",
	"build.gradle.kts", "gradle.lockfile", "pom.xml", "flake.nix",
	"flake.lock", "vcpkg.json", "conanfile.txt", "conanfile.py",
	"deno.json", "deno.jsonc", "deno.lock", "renv.lock", "cpanfile",
	"stack.yaml", "cabal.project", "elm.json", "nuget.config",
	"pixi.toml", "pixi.lock", NULL
};
static const char *const dep_suffixes[] = {
	".gemspec", ".csproj", ".fsproj", ".vbproj", ".cabal", NULL
};

/* Key material by its file name alone (content is scanned as well). */
static const char *const secret_files[] = {
	"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk",
	"id_ed25519_sk", ".netrc", ".pgpass", ".git-credentials", NULL
};
static const char *const secret_suffixes[] = {
	".p12", ".pfx", ".jks", ".keystore", ".kdbx", NULL
};

/* Test and fixture directories: look-alikes are expected there. */
static const char *const fixture_dirs[] = {
	"test", "tests", "testdata", "test-data", "test_data", "testing",
	"fixtures", "fixture", "__fixtures__", "__tests__", "__mocks__",
	"mocks", "spec", "specs", "e2e", NULL
};

/* Every changed path goes through these lists: reject on the first byte. */
static int
in_list(const char *s, size_t len, const char *const *list)
{
	int c = tolower((unsigned char)*s);

	for (; *list != NULL; list++)
		if (tolower((unsigned char)**list) == c &&
		    strlen(*list) == len && strncasecmp(s, *list, len) == 0)
			return 1;
	return 0;
}

static int
has_prefix(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strncasecmp(s, *list, strlen(*list)) == 0)
			return 1;
	return 0;
}

static int
has_suffix(const char *s, const char *const *list)
{
	size_t len = strlen(s), n;

	for (; *list != NULL; list++) {
		n = strlen(*list);
		if (len > n && strcasecmp(s + len - n, *list) == 0)
			return 1;
	}
	return 0;
}

/* The directory component of path that is in list, or NULL. */
static const char *
dir_in(const char *path, const char *const *list)
{
	const char *p = path, *slash;

	while ((slash = strchr(p, '/')) != NULL) {
		if (in_list(p, (size_t)(slash - p), list))
			return p;
		p = slash + 1;
	}
	return NULL;
}

static int
named(const char *base, const char *const *list)
{
	return in_list(base, strlen(base), list);
}

/* A file in a directory named hooks/ (any depth) that git could run. */
static int
is_hook(const char *path, const char *base)
{
	static const char *const hooks[] = { "hooks", NULL };

	if (dir_in(path, hooks) == NULL)
		return 0;
	return named(base, git_hooks) || !has_suffix(base, script_src);
}

static int
is_agent(const char *path, const char *base)
{
	static const char *const github[] = { ".github", NULL };
	const char *gh;

	if (dir_in(path, agent_dirs) != NULL || named(base, agent_files))
		return 1;
	if ((gh = dir_in(path, github)) == NULL)
		return 0;
	gh += strlen(".github/");
	return strchr(gh, '/') != NULL && in_list(gh, strcspn(gh, "/"),
	    agent_github);
}

static int
is_autorun(const char *path, const char *base)
{
	static const char *const vscode[] = { ".vscode", NULL };
	static const char *const yarn[] = { ".yarn/plugins/",
	    ".yarn/releases/", NULL };
	const char *v;

	if (dir_in(path, autorun_dirs) != NULL || named(base, autorun_files) ||
	    has_suffix(base, autorun_suffixes) || is_hook(path, base) ||
	    has_prefix(path, yarn))
		return 1;
	v = dir_in(path, vscode);
	return v != NULL && v + strlen(".vscode/") == base &&
	    named(base, vscode_files);
}

static int
is_requirements(const char *base, const char *path)
{
	static const char *const req[] = { "requirements", NULL };
	static const char *const txt[] = { ".txt", ".in", NULL };

	if (strncasecmp(base, "requirements", 12) == 0 && has_suffix(base, txt))
		return 1;
	return dir_in(path, req) != NULL && has_suffix(base, txt);
}

unsigned
risk_path(const char *path)
{
	const char *base = strrchr(path, '/');
	unsigned r = 0;

	base = base != NULL ? base + 1 : path;
	if (is_agent(path, base))
		r |= RISK_BIT(RISK_AGENT);
	if (is_autorun(path, base))
		r |= RISK_BIT(RISK_AUTORUN);
	if ((has_prefix(path, ci_dirs) || named(base, ci_files) ||
	    strncasecmp(base, "Jenkinsfile.", 12) == 0) &&
	    !(r & RISK_BIT(RISK_AUTORUN)))
		r |= RISK_BIT(RISK_CI);
	if (named(base, git_files))
		r |= RISK_BIT(RISK_GITMETA);
	if (named(base, build_files) || has_suffix(base, build_suffixes))
		r |= RISK_BIT(RISK_BUILD);
	if (named(base, dep_files) || has_suffix(base, dep_suffixes) ||
	    is_requirements(base, path))
		r |= RISK_BIT(RISK_DEPS);
	if (named(base, secret_files) || has_suffix(base, secret_suffixes))
		r |= RISK_BIT(RISK_SECRETS);
	return r;
}

unsigned
risk_path_rank(const char *path)
{
	const char *p;
	unsigned depth = 0;

	for (p = path; (p = strchr(p, '/')) != NULL; p++)
		if (depth < 999)
			depth++;
	return dir_in(path, fixture_dirs) != NULL ? 1000 + depth : depth;
}

static const struct {
	const char	*key;
	const char	*label;
} cats[RISK_NCATS] = {
	[RISK_SECRETS] = { "secrets", "possible secrets (path and line "
	    "only)" },
	[RISK_AGENT] = { "agent_config", "instructions and settings for "
	    "coding agents" },
	[RISK_AUTORUN] = { "autorun", "runs by itself when the repo is "
	    "opened, built or committed to" },
	[RISK_CI] = { "ci", "CI and automation config" },
	[RISK_BUILD] = { "build", "build and install scripts" },
	[RISK_DEPS] = { "dependencies", "dependency manifests and lockfiles" },
	[RISK_NETWORK] = { "network", "network endpoints ALLOW does not "
	    "cover" },
	[RISK_GITMETA] = { "git_metadata", "git metadata" },
	[RISK_SYMLINK] = { "symlinks", "new or changed symlinks" },
	[RISK_EXEC] = { "executable", "files that became executable" },
	[RISK_SUBMODULE] = { "submodules", "submodule commits" },
	[RISK_BINARY] = { "binary", "binary files" },
	[RISK_LARGE] = { "large", "files over 1 MiB" },
};

const char *
risk_key(enum risk_cat c)
{
	return c < RISK_NCATS ? cats[c].key : "other";
}

const char *
risk_label(enum risk_cat c)
{
	return c < RISK_NCATS ? cats[c].label : "other";
}

int
risk_lookup(const char *key)
{
	int c;

	for (c = 0; c < RISK_NCATS; c++)
		if (strcmp(cats[c].key, key) == 0)
			return c;
	return -1;
}

/* "secrets, agent_config, ...": every key, for messages. */
static char *
all_keys(void)
{
	char *s = xstrdup(""), *t;
	int c;

	for (c = 0; c < RISK_NCATS; c++) {
		t = xasprintf("%s%s%s", s, c > 0 ? ", " : "", cats[c].key);
		free(s);
		s = t;
	}
	return s;
}

int
risk_parse_list(const char *list, unsigned *mask, char **cause)
{
	struct strvec keys = STRVEC_INIT;
	char *known;
	size_t i;
	int c;

	*mask = 0;
	strvec_split(&keys, list, ',');
	for (i = 0; i < keys.n; i++) {
		if (strcmp(keys.v[i], "any") == 0)
			*mask |= RISK_ALL;
		else if ((c = risk_lookup(keys.v[i])) >= 0)
			*mask |= RISK_BIT(c);
		else
			break;
	}
	if (i == keys.n && *mask != 0) {
		strvec_clear(&keys);
		return 0;
	}
	known = all_keys();
	if (i < keys.n)
		*cause = xasprintf("unknown category '%s' in --fail-on; use "
		    "'any' or a comma-separated list of: %s", keys.v[i], known);
	else
		*cause = xasprintf("--fail-on needs a category list; use "
		    "'any' or a comma-separated list of: %s", known);
	free(known);
	strvec_clear(&keys);
	return -1;
}
