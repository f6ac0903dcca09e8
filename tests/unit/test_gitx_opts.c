/*
 * The libgit2 settings gitx_global_init() makes.  Objects are not hashed
 * again on every read (git does not either, and it doubled the cost of
 * the review summary): a loose object file holding other content reads
 * back as that content, where libgit2's default refuses it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"

static char *
loose_path(const char *repo, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	return xasprintf("%s/.git/objects/%.2s/%s", repo, hex, hex + 2);
}

static void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[4096];
	size_t n;

	assert_non_null(in);
	chmod(to, 0644);
	assert_non_null(out = fopen(to, "wb"));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Read blob a after its file was replaced by b's: 0 and its text, or -1. */
static int
read_swapped(const char *dir, const git_oid *a, char *text, size_t len)
{
	git_repository *repo;
	git_blob *blob;
	int rc;

	assert_int_equal(git_repository_open(&repo, dir), 0);
	if ((rc = git_blob_lookup(&blob, repo, a)) == 0) {
		snprintf(text, len, "%.*s", (int)git_blob_rawsize(blob),
		    (const char *)git_blob_rawcontent(blob));
		git_blob_free(blob);
	}
	git_repository_free(repo);
	return rc < 0 ? -1 : 0;
}

static void
test_no_rehash_on_read(void **state)
{
	char *dir = tu_mkdtemp(), *pa, *pb, text[32];
	git_repository *repo;
	git_oid a, b;

	(void)state;
	gitx_global_init();
	assert_int_equal(git_repository_init(&repo, dir, 0), 0);
	assert_int_equal(git_blob_create_from_buffer(&a, repo, "first\n", 6),
	    0);
	assert_int_equal(git_blob_create_from_buffer(&b, repo, "other\n", 6),
	    0);
	git_repository_free(repo);
	pa = loose_path(dir, &a);
	pb = loose_path(dir, &b);
	copy_file(pb, pa);
	assert_int_equal(read_swapped(dir, &a, text, sizeof(text)), 0);
	assert_string_equal(text, "other\n");
	/* libgit2's default would have refused it. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	assert_int_equal(read_swapped(dir, &a, text, sizeof(text)), -1);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	free(pa);
	free(pb);
	tu_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rehash_on_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
