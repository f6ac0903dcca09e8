/*
 * init: write a starter AGENTS.md that tells a sandboxed agent how to work so
 * the host can review the result.  Never overwrites: the file is created with
 * O_EXCL, so an existing AGENTS.md (or one appearing meanwhile) is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers/cmd.h"

static const char agents_md[] =
"# Instructions for agents working in this repository\n"
"\n"
"You are running inside a disposable sandbox with a private clone of this\n"
"repository. A person reviews your work on their own machine as git commits,\n"
"so only committed work reaches them.\n"
"\n"
"## How to work\n"
"\n"
"- Look before you change: read the README, the build files and the code\n"
"  around the task before editing anything.\n"
"- Keep each change small and focused on the task you were given. Do not\n"
"  reformat, rename or reorganise code you were not asked to touch.\n"
"- Do not add new dependencies, push to any remote, open pull requests or\n"
"  handle credentials unless the task explicitly asks for it.\n"
"- Run the checks that matter for your change (build, tests, linters) and\n"
"  fix what you broke. Say in the commit message what you ran.\n"
"- Commit finished work with a clear message explaining why the change was\n"
"  made. Uncommitted edits are not fetched and will be lost.\n"
"- If something is unclear or blocked, write down what you found in the\n"
"  commit message or a short NOTES file instead of guessing.\n"
"\n"
"## Project notes\n"
"\n"
"<!-- Add build commands, test commands and conventions for this project. -->\n";

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
cmd_init_exec(struct cmd_ctx *ctx)
{
	char *path;
	int fd, rc = 1;

	if (!ctx->cfg.repo_found)
		return ae_error(ctx, "'%s' is not a git repository; run "
		    "'code-airlock init' inside the repo or pass --repo DIR",
		    ctx->cfg.repo_dir);
	path = xasprintf("%s/AGENTS.md", ctx->cfg.repo_dir);
	if (access(path, F_OK) == 0) {
		rc = ae_error(ctx, "'%s' already exists; edit it instead", path);
		goto done;
	}
	if (ctx->sp.dry_run) {
		ui_info(&ctx->ui, "dry run: would write '%s' with:", path);
		fputs(agents_md, ctx->ui.out);
		rc = 0;
		goto done;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0) {
		rc = ae_error(ctx, "cannot create '%s': %s", path,
		    strerror(errno));
		goto done;
	}
	if (write_all(fd, agents_md, sizeof(agents_md) - 1) < 0) {
		rc = ae_error(ctx, "cannot write '%s': %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		goto done;
	}
	if (close(fd) < 0) {
		rc = ae_error(ctx, "cannot write '%s': %s", path,
		    strerror(errno));
		unlink(path);
		goto done;
	}
	ui_info(&ctx->ui, "wrote '%s'; edit its project notes, then commit "
	    "it so the sandbox clone sees it", path);
	rc = 0;
done:
	free(path);
	return rc;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "",
	.summary = "write a starter AGENTS.md into the repo",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_NEEDS_CONFIG,
	.opts = NULL,
	.exec = cmd_init_exec,
};
