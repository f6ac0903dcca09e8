/*
 * The command table, listed once.  Help, usage errors and shell completion
 * are generated from it and from the global option table below.
 */
#include <string.h>

#include "helpers/cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_up_entry,
	&cmd_run_entry,
	&cmd_attach_entry,
	&cmd_shell_entry,
	&cmd_status_entry,
	&cmd_ls_entry,
	&cmd_compare_entry,
	&cmd_watch_entry,
	&cmd_fetch_entry,
	&cmd_log_entry,
	&cmd_diff_entry,
	&cmd_review_entry,
	&cmd_verify_entry,
	&cmd_merge_entry,
	&cmd_pr_entry,
	&cmd_stop_entry,
	&cmd_rm_entry,
	&cmd_lockdown_entry,
	&cmd_unlock_entry,
	&cmd_net_entry,
	&cmd_doctor_entry,
	&cmd_setup_entry,
	&cmd_init_entry,
	&cmd_completion_entry,
	&cmd_help_entry,
	NULL
};

const struct cmd_opt cmd_global_opts[] = {
	{ OPT_AGENT, "--agent", 0, "NAME",
	    "agent to run (claude, codex, opencode, ...)" },
	{ OPT_NAME, "--name", 0, "NAME", "sandbox name" },
	{ OPT_REPO, "--repo", 0, "DIR", "repository the agent works on" },
	{ OPT_DRY_RUN, "--dry-run", 0, NULL,
	    "print the commands instead of running them" },
	{ OPT_TMUX, "--tmux", 0, NULL,
	    "run 'up' in a new tmux session and attach" },
	{ OPT_TMUX_DETACHED, "--tmux-detached", 0, NULL,
	    "run 'up' in a new detached tmux session" },
	{ OPT_SEED_CONFIG, "--seed-config", 0, NULL,
	    "copy curated agent config into a new sandbox" },
	{ OPT_JSON, "--json", 0, NULL,
	    "machine-readable output (where supported)" },
	{ OPT_QUIET, "--quiet", 'q', NULL, "only errors and primary output" },
	{ OPT_VERBOSE, "--verbose", 'v', NULL,
	    "echo every external command" },
	{ OPT_NO_COLOR, "--no-color", 0, NULL, "never colour the output" },
	{ OPT_VERSION, "--version", 0, NULL, "print the version and exit" },
	{ OPT_HELP, "--help", 'h', NULL, "show help" },
	OPT_END
};

const char *const cmd_agents[] = {
	"claude", "codex", "copilot", "cursor", "docker-agent", "droid",
	"gemini", "kiro", "opencode", "shell", NULL
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

