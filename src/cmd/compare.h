/*
 * Shared by compare.c and compare_row.c.  Not a public interface.
 */
#ifndef AIRLOCK_CMD_COMPARE_H
#define AIRLOCK_CMD_COMPARE_H

#include "helpers/cmd.h"
#include "helpers/fleet.h"
#include "helpers/verification.h"
#include "services/git/gitx.h"

struct risk_rules;

/* One sandbox's work against BASE, as the fetch (or the last one) left it. */
struct cmp_row {
	const struct fleet_box	*m;
	int			 fetched;	/* fetched now */
	char			*error;		/* why not, or NULL */
	char			*branch;	/* SBREF; NULL: nothing new */
	struct strvec		 several;	/* candidates when ambiguous */
	char			 commit[GITX_HEXSZ + 1];
	size_t			 commits;
	struct gitx_diffstat	 stat;
	unsigned		 flagged;	/* RISK_BIT()s */
	enum verify_status	 verification;
	long long		 last;		/* its newest commit's time */
};

/*
 * Read row r of sandbox r->m from the repository (no fetch, no sbx):
 * SBREF among its branches with commits not in base, its commits, the
 * shortstat, the review categories flagged, the verification of its tip.
 * What cannot be read goes to r->error; the row stays.
 */
void	cmp_read_row(struct cmd_ctx *, struct git_repository *,
	    const char *base, const struct risk_rules *, struct cmp_row *r);
void	cmp_row_clear(struct cmp_row *);

#endif
