/*
 * gitx: ref name rules, so configuration can reject a branch name before
 * any command tries to create it.
 */
#include <git2.h>

#include "airlock/gitx.h"

int
gitx_branch_name_valid(const char *name)
{
	int valid = 0;

	gitx_global_init();
	/* libgit2 also refuses "HEAD" and a leading '-', as git does. */
	if (git_branch_name_is_valid(&valid, name) < 0)
		return 0;
	return valid != 0;
}
