/*
 * A bare libgit2 fetch, for the fetch section of bench/run.sh: the same
 * git_remote_fetch() that `code-airlock fetch` makes (the remote's own
 * refspecs, no pruning, no tags), without anything around it, so that
 * the benchmark can tell what the wrapper adds from what libgit2 costs
 * against git.
 *
 *	cc -O2 -o bench/out/fetch-bare bench/fetch-bare.c \
 *	    $(pkg-config --cflags --libs libgit2)
 *	fetch-bare REPO REMOTE
 */
#include <stdio.h>

#include <git2.h>

int
main(int argc, char **argv)
{
	git_fetch_options opts;
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	const git_error *e;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: fetch-bare REPO REMOTE\n");
		return 2;
	}
	git_libgit2_init();
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.prune = GIT_FETCH_NO_PRUNE;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_repository_open(&repo, argv[1]) == 0 &&
	    git_remote_lookup(&remote, repo, argv[2]) == 0 &&
	    git_remote_fetch(remote, NULL, &opts, NULL) == 0)
		rc = 0;
	if (rc != 0) {
		e = git_error_last();
		fprintf(stderr, "fetch-bare: %s\n", e && e->message ?
		    e->message : "failed");
	}
	git_remote_free(remote);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
