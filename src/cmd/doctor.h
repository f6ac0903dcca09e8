/*
 * Shared by doctor.c and doctor_checks.c (and setup.c, which installs what
 * these checks find missing).  Not a public interface.
 */
#ifndef AIRLOCK_CMD_DOCTOR_H
#define AIRLOCK_CMD_DOCTOR_H

#include "helpers/cmd.h"

enum doctor_level { DOCTOR_OK, DOCTOR_WARN, DOCTOR_FAIL };

struct doctor_check {
	const char		*name;
	enum doctor_level	 level;
	char			*detail;
	char			*hint;		/* NULL when nothing to do */
};

struct doctor {
	struct doctor_check	*v;
	size_t			 n;
};

/* Append a check; detail and hint (may be NULL) become d's. */
void	doctor_add(struct doctor *, const char *name, enum doctor_level,
	    char *detail, char *hint);
/* First line of a read-only probe's stdout, NULL when it failed. */
char	*doctor_first_line(const struct spawner *, const char *const *argv);

/* The virtualization check for this platform. */
void	doctor_virt(struct cmd_ctx *, struct doctor *);
/* The REPO checks and the config check; cfg_cause (freed) when it failed. */
void	doctor_repo(struct cmd_ctx *, struct doctor *, char *cfg_cause);

/* Platform facts, also for setup. */
int	doctor_is_linux(void);
int	doctor_is_wsl(void);
int	doctor_is_macos(void);
/* /dev/kvm: 1 usable, 0 present but not read-writable, -1 absent. */
int	doctor_kvm(void);

#endif
