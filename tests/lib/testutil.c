/*
 * Shared helpers for the unit tests.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "helpers/cmd.h"
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

static int
file_holds(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, n;
	int found;

	assert_non_null(f);
	do {
		buf = xrealloc(buf, len + 4096);
		len += n = fread(buf + len, 1, 4096, f);
	} while (n > 0);
	fclose(f);
	found = memmem(buf, len, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

static char *
tree_leak(const char *root, const char *dir, const char *needle)
{
	struct dirent *de;
	struct stat st;
	char *p, *real, *leak = NULL;
	size_t rl = strlen(root);
	DIR *d = opendir(dir);

	assert_non_null(d);
	while (leak == NULL && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		assert_int_equal(lstat(p, &st), 0);
		real = S_ISLNK(st.st_mode) ? realpath(p, NULL) : NULL;
		if ((S_ISREG(st.st_mode) && file_holds(p, needle)) ||
		    (real != NULL && (strncmp(real, root, rl) != 0 ||
		    real[rl] != '/')))
			leak = xstrdup(p);
		else if (S_ISDIR(st.st_mode))
			leak = tree_leak(root, p, needle);
		free(real);
		free(p);
	}
	closedir(d);
	return leak;
}

char *
tu_tree_leak(const char *dir, const char *needle)
{
	char *root = realpath(dir, NULL), *leak;

	assert_non_null(root);
	leak = tree_leak(root, root, needle);
	free(root);
	return leak;
}

char *
tu_at(const char *dir, const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

void
tu_put(const char *dir, const char *rel, const char *text)
{
	char *p = tu_at(dir, rel);

	tu_write(p, text);
	free(p);
}

void
tu_mkdir_at(const char *dir, const char *rel)
{
	char *p = tu_at(dir, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

void
tu_link_at(const char *dir, const char *target, const char *rel)
{
	char *p = tu_at(dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

int
tu_has_line(const struct strvec *lines, const char *needle)
{
	size_t i;

	for (i = 0; i < lines->n; i++)
		if (strstr(lines->v[i], needle) != NULL)
			return 1;
	return 0;
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
