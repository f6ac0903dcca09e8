/*
 * gitx: which paths deserve a reviewer's attention by their name alone.
 * Anything that runs on the reviewer's machine or in CI without being
 * asked (pipelines, hooks, build and install scripts, editor tasks) or that
 * pulls in code from elsewhere (dependency manifests, lockfiles, .gitmodules)
 * is flagged.  Over-flagging is cheap; missing one is not.
 */
#include <string.h>

#include "services/git/gitx.h"

/* Directories at the top of the tree. */
static const char *const ci_dirs[] = {
	".github/workflows/", ".github/actions/", ".circleci/",
	".buildkite/", ".azure-pipelines/", ".woodpecker/", ".gitlab/",
	".devcontainer/", ".vscode/", ".idea/", ".gitea/workflows/",
	".forgejo/workflows/", NULL
};

/* File names anywhere in the tree. */
static const char *const ci_files[] = {
	".gitlab-ci.yml", "Jenkinsfile", ".travis.yml", "azure-pipelines.yml",
	"bitbucket-pipelines.yml", ".drone.yml", "appveyor.yml",
	".appveyor.yml", ".woodpecker.yml", "cloudbuild.yaml",
	"cloudbuild.yml", ".pre-commit-config.yaml", "CODEOWNERS",
	"dependabot.yml", "renovate.json", ".gitpod.yml", ".mergify.yml",
	NULL
};

static const char *const git_files[] = {
	".gitmodules", ".gitattributes", ".gitignore", ".lfsconfig", NULL
};

static const char *const build_files[] = {
	"Makefile", "makefile", "GNUmakefile", "Makefile.am", "Makefile.in",
	"CMakeLists.txt", "configure", "configure.ac", "configure.in",
	"meson.build", "meson_options.txt", "setup.py", "setup.cfg",
	"pyproject.toml", "build.gradle", "build.gradle.kts",
	"settings.gradle", "settings.gradle.kts", "gradlew", "pom.xml",
	"build.xml", "build.rs", "Rakefile", "Dockerfile", "Containerfile",
	"docker-compose.yml", "docker-compose.yaml", "compose.yaml",
	"justfile", "Justfile", "Taskfile.yml", "BUILD", "BUILD.bazel",
	"WORKSPACE", "SConstruct", "conftest.py", "noxfile.py", "tox.ini",
	".envrc", ".npmrc", ".yarnrc", ".yarnrc.yml", "Brewfile", NULL
};

static const char *const build_suffixes[] = {
	".sh", ".bash", ".zsh", ".cmake", ".mk", ".ps1", ".bat", ".cmd", NULL
};

/* Hook directories: any component, or only at the top for "hooks". */
static const char *const hook_dirs[] = {
	".husky", ".githooks", ".git-hooks", NULL
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
	"stack.yaml", "cabal.project", "elm.json", NULL
};

static const char *const dep_suffixes[] = {
	".gemspec", ".csproj", ".fsproj", ".vbproj", ".cabal", NULL
};

static int
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static int
has_prefix(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strncmp(s, *list, strlen(*list)) == 0)
			return 1;
	return 0;
}

static int
has_suffix(const char *s, const char *const *list)
{
	size_t len = strlen(s), n;

	for (; *list != NULL; list++) {
		n = strlen(*list);
		if (len > n && strcmp(s + len - n, *list) == 0)
			return 1;
	}
	return 0;
}

/* Does a directory component of path appear in list? */
static int
has_dir(const char *path, const char *const *list)
{
	const char *p = path, *slash;
	size_t i;

	while ((slash = strchr(p, '/')) != NULL) {
		for (i = 0; list[i] != NULL; i++)
			if ((size_t)(slash - p) == strlen(list[i]) &&
			    strncmp(p, list[i], slash - p) == 0)
				return 1;
		p = slash + 1;
	}
	return 0;
}

static int
is_requirements(const char *base, const char *path)
{
	if (strncmp(base, "requirements", 12) == 0 &&
	    (has_suffix(base, (const char *const[]){ ".txt", ".in", NULL })))
		return 1;
	return strstr(path, "requirements/") != NULL &&
	    has_suffix(base, (const char *const[]){ ".txt", NULL });
}

unsigned
gitx_path_risk(const char *path)
{
	const char *base = strrchr(path, '/');
	unsigned risk = 0;

	base = base != NULL ? base + 1 : path;
	if (has_prefix(path, ci_dirs) || in_list(base, ci_files) ||
	    strncmp(base, "Jenkinsfile.", 12) == 0)
		risk |= GITX_RISK_CI;
	if (in_list(base, git_files))
		risk |= GITX_RISK_GITMETA;
	if (in_list(base, build_files) || has_suffix(base, build_suffixes) ||
	    has_dir(path, hook_dirs) || strncmp(path, "hooks/", 6) == 0 ||
	    strncmp(path, "git-hooks/", 10) == 0)
		risk |= GITX_RISK_BUILD;
	if (in_list(base, dep_files) || has_suffix(base, dep_suffixes) ||
	    is_requirements(base, path))
		risk |= GITX_RISK_DEPS;
	return risk;
}

static const struct {
	unsigned	 bit;
	const char	*key;
	const char	*label;
} kinds[GITX_RISK_NKINDS] = {
	{ GITX_RISK_CI, "ci", "CI and automation config" },
	{ GITX_RISK_GITMETA, "git_metadata", "git metadata" },
	{ GITX_RISK_BUILD, "build", "build and install scripts" },
	{ GITX_RISK_DEPS, "dependencies", "dependency manifests and lockfiles" },
	{ GITX_RISK_SYMLINK, "symlinks", "new or changed symlinks" },
	{ GITX_RISK_EXEC, "executable", "files that became executable" },
	{ GITX_RISK_BINARY, "binary", "binary files" },
	{ GITX_RISK_LARGE, "large", "files over 1 MiB" },
	{ GITX_RISK_SUBMODULE, "submodules", "submodule commits" },
};

const char *
gitx_risk_label(unsigned bit)
{
	size_t i;

	for (i = 0; i < GITX_RISK_NKINDS; i++)
		if (kinds[i].bit == bit)
			return kinds[i].label;
	return "other";
}

const char *
gitx_risk_key(unsigned bit)
{
	size_t i;

	for (i = 0; i < GITX_RISK_NKINDS; i++)
		if (kinds[i].bit == bit)
			return kinds[i].key;
	return "other";
}
