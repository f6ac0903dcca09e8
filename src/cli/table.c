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
	&cmd_fetch_entry,
	&cmd_log_entry,
	&cmd_diff_entry,
	&cmd_review_entry,
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
	{ "--agent", "NAME", "agent to run (claude, codex, opencode, ...)" },
	{ "--name", "NAME", "sandbox name" },
	{ "--repo", "DIR", "repository the agent works on" },
	{ "--dry-run", NULL, "print the commands instead of running them" },
	{ "--tmux", NULL, "run 'up' in a new tmux session and attach" },
	{ "--tmux-detached", NULL, "run 'up' in a new detached tmux session" },
	{ "--seed-config", NULL, "copy curated agent config into a new sandbox" },
	{ "--json", NULL, "machine-readable output (where supported)" },
	{ "--quiet", NULL, "only errors and primary output (also -q)" },
	{ "--verbose", NULL, "echo every external command (also -v)" },
	{ "--no-color", NULL, "never colour the output" },
	{ "--version", NULL, "print the version and exit" },
	{ "--help", NULL, "show help (also -h)" },
	{ NULL, NULL, NULL }
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

