/*
 * doctor: check sbx, virtualization, login, git and the repo.  Not built yet: says so and fails.
 */
#include "airlock/cmd.h"

static int
cmd_doctor_exec(struct cmd_ctx *ctx)
{
	return ae_error(ctx, "'doctor' is not implemented yet");
}

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "",
	.summary = "check sbx, virtualization, login, git and the repo",
	.args_min = 0,
	.args_max = 0,
	.flags = CMD_JSON,
	.opts = NULL,
	.exec = cmd_doctor_exec,
};
