/*
 * Shared by doctor.c and doctor_checks.c.  Not a public interface: the
 * probes themselves are helpers/preflight.h's, which up and setup use too.
 */
#ifndef AIRLOCK_CMD_DOCTOR_H
#define AIRLOCK_CMD_DOCTOR_H

#include "helpers/cmd.h"
#include "helpers/preflight.h"

struct doctor {
	struct probe	*v;
	size_t		 n;
};

/* Append a probe's answer; its strings become d's. */
void	doctor_add(struct doctor *, struct probe *);
/* First line of a read-only probe's stdout, NULL when it failed. */
char	*doctor_first_line(const struct spawner *, const char *const *argv);

/* The REPO probes and the config check; cfg_cause (freed) when it failed. */
void	doctor_repo(struct cmd_ctx *, struct doctor *, char *cfg_cause);

#endif
