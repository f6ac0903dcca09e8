/*
 * The network lockdown of one sandbox, shared by lockdown and unlock: what
 * rules restrict sandbox NAME to ALLOW without touching the global policy
 * or another sandbox, and the record of the rules lockdown added, so that
 * unlock removes exactly those.
 *
 * Deny always wins over allow in sbx, so "only ALLOW" is built from
 * per-sandbox deny rules for what the sandbox can reach through a global
 * allow rule and ALLOW does not cover, plus per-sandbox allow rules for
 * ALLOW.  A global allow rule wider than something ALLOW (or the
 * sandbox's own agent kit) needs cannot be denied without denying that
 * too: then there is no such set of rules, and the plan says why.
 */
#ifndef AIRLOCK_NETLOCK_H
#define AIRLOCK_NETLOCK_H

#include <stddef.h>

#include "base/strvec.h"
#include "services/sbx/sbx.h"

struct netlock_rule {
	char	*resource;
	int	 deny;
};

struct netlock_set {
	struct netlock_rule	*v;
	size_t			 n;
};

void	netlock_set_add(struct netlock_set *, const char *resource, int deny);
int	netlock_set_has(const struct netlock_set *, const char *resource,
	    int deny);
void	netlock_set_clear(struct netlock_set *);

/*
 * Where the rules lockdown added for sandbox name are recorded: the
 * repository's git directory, code-airlock/lockdown/NAME, one "allow R"
 * or "deny R" per line.
 */
int	netlock_record_path(const char *repo_dir, const char *name,
	    char **path, char **cause);
/* Read it (no file: an empty set); 0 or -1 with *cause. */
int	netlock_read(const char *path, struct netlock_set *, char **cause);
/* Write it (an empty set removes the file); 0 or -1 with *cause. */
int	netlock_write(const char *path, const struct netlock_set *,
	    char **cause);

/* The sandbox is gone, its rules with it: drop the record, if any. */
void	netlock_forget(const char *repo_dir, const char *name);

struct netlock_plan {
	struct netlock_set	 want;		/* the rules lockdown owns */
	struct strvec		 allowed;	/* targets that must pass */
	struct strvec		 denied;	/* targets that must not */
	struct strvec		 kept;		/* the sandbox's own allows */
};

/*
 * The rules that restrict the sandbox to allow (ALLOW, validated) given
 * the rules in effect for it (rules; those in ours, added by an earlier
 * lockdown, left out), and the targets that prove it.  0, or -1 with
 * *cause when no set of rules can do it.
 */
int	netlock_plan(const struct sbx_rules *rules,
	    const struct netlock_set *ours, const char *allow,
	    struct netlock_plan *, char **cause);
void	netlock_plan_clear(struct netlock_plan *);

#endif
