/*
 * Fuzz the readers of `sbx ls --json` and of the plain `sbx ls` table:
 * sbx output is not ours, and an sbx update or a broken install can print
 * anything.  Both must return 0 or -1 with a cause, never crash or leak
 * (LeakSanitizer runs at exit), and every sandbox they do return must have
 * a non-empty name and non-NULL fields.
 */
#include <stdlib.h>
#include <string.h>

#include "services/sbx/sbx.h"
#include "fuzz.h"

static void
check_list(const struct sbx_list *l, const char *what)
{
	size_t i, j;

	if (l->boxes == NULL)
		fuzz_fail("%s: no boxes array", what);
	for (i = 0; i < l->n; i++) {
		const struct sbx_box *b = &l->boxes[i];

		if (b->name == NULL || *b->name == '\0' || b->agent == NULL ||
		    b->status_text == NULL)
			fuzz_fail("%s: sandbox %zu has a missing field", what,
			    i);
		if (b->status != SBX_RUNNING && b->status != SBX_STOPPED &&
		    b->status != SBX_UNKNOWN)
			fuzz_fail("%s: '%s' listed as absent", what, b->name);
		for (j = 0; j < b->workspaces.n; j++)
			if (b->workspaces.v[j] == NULL)
				fuzz_fail("%s: NULL workspace", what);
		if (sbx_list_find(l, b->name) == NULL)
			fuzz_fail("%s: cannot find '%s' again", what, b->name);
	}
}

static void
run(int (*parse)(const char *, size_t, struct sbx_list *, char **),
    const uint8_t *data, size_t size, const char *what)
{
	struct sbx_list l;
	char *cause = NULL, *c;

	if (parse((const char *)data, size, &l, &cause) < 0) {
		if (cause == NULL)
			fuzz_fail("%s: failed without a cause", what);
		/* The cause is printed as is: it must be one clean line. */
		for (c = cause; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				fuzz_fail("%s: cause holds byte 0x%02x: [%s]",
				    what, (unsigned char)*c, cause);
		free(cause);
		return;
	}
	if (cause != NULL)
		fuzz_fail("%s: success with a cause", what);
	check_list(&l, what);
	sbx_list_clear(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(sbx_parse_ls, data, size, "sbx_parse_ls");
	run(sbx_parse_ls_text, data, size, "sbx_parse_ls_text");
	return 0;
}
