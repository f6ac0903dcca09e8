/*
 * Shared helpers for the unit tests.
 */
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "airlock/cmd.h"
#include "testutil.h"

char *
tu_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *d = xasprintf("%s/airlock-test.XXXXXX", tmp ? tmp : "/tmp");

	assert_non_null(mkdtemp(d));
	return d;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
tu_rmrf(const char *dir)
{
	if (dir != NULL)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

void
tu_main(struct tu_run *r, char *const *env, const char *const *argv)
{
	FILE *out, *err;
	size_t n = 0;
	char **av;

	while (argv[n] != NULL)
		n++;
	av = xcalloc(n + 2, sizeof(*av));
	av[0] = (char *)"code-airlock";
	memcpy(av + 1, argv, n * sizeof(*av));
	memset(r, 0, sizeof(*r));
	out = open_memstream(&r->out, &r->out_len);
	err = open_memstream(&r->err, &r->err_len);
	assert_non_null(out);
	assert_non_null(err);
	r->rc = cmd_main((int)n + 1, av, out, err, env, 0);
	fclose(out);
	fclose(err);
	free(av);
}

void
tu_run_free(struct tu_run *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}
