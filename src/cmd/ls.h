/*
 * Shared by ls.c and ls_repo.c (the --repo view).  Not a public
 * interface.
 */
#ifndef AIRLOCK_CMD_LS_H
#define AIRLOCK_CMD_LS_H

#include "helpers/cmd.h"
#include "services/sbx/sbx.h"

/* The sbx state's word: "running", "stopped", "absent" or "unknown". */
const char	*ls_status_word(enum sbx_status st, int listed);

/*
 * `ls --repo`: this repository's sandboxes among l, each with what the
 * last fetch brought; text or JSON on ctx's output.  Returns the exit
 * code (0, or 1 after reporting).
 */
int	ls_repo(struct cmd_ctx *, const struct sbx_list *l);

#endif
