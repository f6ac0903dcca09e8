/*
 * Choosing SBREF with as few walks as the choice needs
 * (gitx_select_sbref): --branch and a branch named like BASE with new
 * commits are taken without counting the others, the commits log lists
 * come from the walk that counted them, and the choice always equals
 * gitx_choose_sbref() on fully counted branches.  Also the one
 * abbreviation length of gitx_log's short ids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"
#include "gitx_fixture.h"

#define SB(b)	"refs/remotes/sandbox-x/" b

/* Sandbox: other = main (nothing new), agent/fix = main + 2 commits. */
static void
branches(struct fx *fx)
{
	struct gitx_fetch_result res;
	git_object *o;
	git_reference *r;

	assert_int_equal(git_revparse_single(&o, fx->sb, "main"), 0);
	assert_int_equal(git_reference_create(&r, fx->sb, "refs/heads/other",
	    git_object_id(o), 1, NULL), 0);
	git_reference_free(r);
	git_object_free(o);
	commit1(fx->sb, "refs/heads/agent/fix", "refs/heads/main", "f", "1\n",
	    "fix 1");
	commit1(fx->sb, "refs/heads/agent/fix", "refs/heads/agent/fix", "f",
	    "2\n", "fix 2");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
}

static struct gitx_branch *
named(struct gitx_branches *brs, const char *name)
{
	size_t i;

	for (i = 0; i < brs->n; i++)
		if (strcmp(brs->v[i].name, name) == 0)
			return &brs->v[i];
	fail_msg("no branch '%s'", name);
	return NULL;
}

/* gitx_select_sbref on fresh refs; the counted branches are left in *brs. */
static int
pick(struct fx *fx, struct gitx_branches *brs, const char *base,
    const char *want, const struct gitx_branch **b, struct gitx_commits *cs,
    char **cause)
{
	assert_int_equal(gitx_sandbox_refs(fx->host, "sandbox-x", brs, cause),
	    0);
	return gitx_select_sbref(fx->host, brs, base, want, b, cs, cause);
}

static void
same_commits(struct fx *fx, const char *base, const char *ref,
    const struct gitx_commits *cs)
{
	struct gitx_commits want;
	char *cause = NULL;
	size_t i;

	assert_int_equal(gitx_log(fx->host, base, ref, &want, &cause), 0);
	assert_int_equal(cs->n, want.n);
	for (i = 0; i < cs->n; i++) {
		assert_string_equal(cs->v[i].id, want.v[i].id);
		assert_string_equal(cs->v[i].short_id, want.v[i].short_id);
		assert_string_equal(cs->v[i].subject, want.v[i].subject);
	}
	gitx_commits_clear(&want);
}

static void
test_branch_wins_alone(void **state)
{
	struct fx *fx = *state;
	struct gitx_branches brs;
	const struct gitx_branch *b;
	struct gitx_commits cs;
	char *cause = NULL;

	branches(fx);
	assert_int_equal(pick(fx, &brs, "main", "agent/fix", &b, &cs,
	    &cause), 0);
	assert_string_equal(b->name, "agent/fix");
	assert_int_equal(b->ahead, 2);
	same_commits(fx, "main", SB("agent/fix"), &cs);
	/* Nothing else was walked. */
	assert_true(named(&brs, "main")->ahead == GITX_AHEAD_UNKNOWN);
	assert_true(named(&brs, "other")->ahead == GITX_AHEAD_UNKNOWN);
	gitx_commits_clear(&cs);
	gitx_branches_clear(&brs);

	/* --branch naming a branch with nothing new: chosen, empty log. */
	assert_int_equal(pick(fx, &brs, "main", "other", &b, &cs, &cause),
	    0);
	assert_string_equal(b->name, "other");
	assert_int_equal(cs.n, 0);
	assert_true(named(&brs, "agent/fix")->ahead == GITX_AHEAD_UNKNOWN);
	gitx_branches_clear(&brs);
}

static void
test_named_like_base_first(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_branches brs;
	const struct gitx_branch *b;
	struct gitx_commits cs;
	char *cause = NULL;

	branches(fx);
	/* main has nothing new: the others are counted, agent/fix wins. */
	assert_int_equal(pick(fx, &brs, "main", NULL, &b, &cs, &cause), 0);
	assert_string_equal(b->name, "agent/fix");
	same_commits(fx, "main", SB("agent/fix"), &cs);
	assert_int_equal(named(&brs, "main")->ahead, 0);
	assert_int_equal(named(&brs, "other")->ahead, 0);
	gitx_commits_clear(&cs);
	gitx_branches_clear(&brs);

	/* Now main has a commit: taken without counting the others. */
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "m", "m\n", "m");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(pick(fx, &brs, "refs/heads/main", NULL, &b, &cs,
	    &cause), 0);
	assert_string_equal(b->name, "main");
	same_commits(fx, "main", SB("main"), &cs);
	assert_true(named(&brs, "agent/fix")->ahead == GITX_AHEAD_UNKNOWN);
	gitx_commits_clear(&cs);
	gitx_branches_clear(&brs);

	/* Without a log the count is all it takes. */
	assert_int_equal(pick(fx, &brs, "main", NULL, &b, NULL, &cause), 0);
	assert_string_equal(b->name, "main");
	assert_int_equal(b->ahead, 1);
	gitx_branches_clear(&brs);
}

/* Every base and --branch: the same answer as counting everything. */
static void
test_same_choice(void **state)
{
	static const char *const bases[] = { "main", "refs/heads/main",
	    "main~0", "HEAD" };
	static const char *const wants[] = { NULL, "main", "other",
	    "agent/fix", SB("agent/fix"), "nope" };
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_branches all, brs;
	const struct gitx_branch *a, *b;
	struct gitx_commits cs;
	char *ca = NULL, *cb = NULL;
	size_t i, j, round;
	int ra, rb;

	branches(fx);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++)
			for (j = 0; j < sizeof(wants) / sizeof(wants[0]); j++) {
				assert_int_equal(gitx_sandbox_branches(fx->host,
				    "sandbox-x", bases[i], &all, &ca), 0);
				ra = gitx_choose_sbref(&all, bases[i],
				    wants[j], &a, &ca);
				rb = pick(fx, &brs, bases[i], wants[j], &b,
				    &cs, &cb);
				assert_int_equal(ra, rb);
				if (ra == 0)
					assert_string_equal(a->ref, b->ref);
				if (ra < 0) {
					assert_string_equal(ca, cb);
					free(ca);
					free(cb);
					ca = cb = NULL;
				}
				gitx_commits_clear(&cs);
				gitx_branches_clear(&brs);
				gitx_branches_clear(&all);
			}
		/* Then with two candidates, main named like BASE. */
		commit1(fx->sb, "refs/heads/main", "refs/heads/main", "m",
		    "m\n", "m");
		fetch_ok(fx, &res);
		gitx_fetch_result_clear(&res);
	}
}

/* An object sharing a commit's first hex digits: the ids grow. */
static void
test_short_ids(void **state)
{
	struct fx *fx = *state;
	struct gitx_fetch_result res;
	struct gitx_commits cs;
	git_config *cfg;
	git_odb *odb;
	git_oid id, blob;
	char *cause = NULL, text[32], hex[GITX_HEXSZ + 1];
	size_t i, n;

	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "a", "1\n", "a");
	commit1(fx->sb, "refs/heads/main", "refs/heads/main", "b", "2\n", "b");
	fetch_ok(fx, &res);
	gitx_fetch_result_clear(&res);
	assert_int_equal(git_repository_config(&cfg, fx->host), 0);
	assert_int_equal(git_config_set_int32(cfg, "core.abbrev", 4), 0);
	assert_int_equal(gitx_log(fx->host, "main", SB("main"), &cs, &cause),
	    0);
	for (i = 0; i < cs.n; i++)
		assert_int_equal(strlen(cs.v[i].short_id), 4);
	/* A blob whose id starts like the newest commit's. */
	git_oid_fromstr(&id, cs.v[0].id);
	for (n = 0;; n++) {
		snprintf(text, sizeof(text), "%zu\n", n);
		assert_int_equal(git_odb_hash(&blob, text, strlen(text),
		    GIT_OBJECT_BLOB), 0);
		if (git_oid_ncmp(&blob, &id, 4) == 0)
			break;
	}
	assert_int_equal(git_repository_odb(&odb, fx->host), 0);
	assert_int_equal(git_odb_write(&blob, odb, text, strlen(text),
	    GIT_OBJECT_BLOB), 0);
	git_odb_free(odb);
	gitx_commits_clear(&cs);
	assert_int_equal(gitx_log(fx->host, "main", SB("main"), &cs, &cause),
	    0);
	/* Long enough for the ambiguous one, and the same for all. */
	git_oid_tostr(hex, sizeof(hex), &blob);
	n = strlen(cs.v[0].short_id);
	assert_true(n > 4);
	assert_true(strncmp(hex, cs.v[0].id, n) != 0);
	for (i = 0; i < cs.n; i++) {
		assert_int_equal(strlen(cs.v[i].short_id), n);
		assert_memory_equal(cs.v[i].short_id, cs.v[i].id, n);
	}
	gitx_commits_clear(&cs);
	/* The default is git's: seven. */
	assert_int_equal(git_config_delete_entry(cfg, "core.abbrev"), 0);
	git_config_free(cfg);
	assert_int_equal(gitx_log(fx->host, "main", SB("main"), &cs, &cause),
	    0);
	assert_int_equal(strlen(cs.v[0].short_id), 7);
	gitx_commits_clear(&cs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_branch_wins_alone, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_named_like_base_first,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_same_choice, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_short_ids, fx_setup,
		    fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
