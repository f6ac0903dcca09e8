/*
 * Verification records as git notes: written and read back exactly, the
 * newest replacing the older, bounded when read, bound to the one commit
 * they describe, and refused when they are not a record at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <git2.h>

#include "helpers/verification.h"
#include "services/git/gitx.h"
#include "base/strvec.h"
#include "testutil.h"
#include "gitx_fixture.h"

static void
head_hex(struct fx *fx, char hex[GITX_HEXSZ + 1])
{
	char *cause = NULL;

	assert_int_equal(gitx_rev_hex(fx->host, "refs/heads/main", hex,
	    &cause), 0);
}

static void
sample(struct verification *v, const char *hex, enum verify_status st)
{
	*v = (struct verification)VERIFICATION_INIT;
	memcpy(v->commit, hex, GITX_HEXSZ + 1);
	v->status = st;
	v->command = xstrdup("make test");
	v->exit_code = st == VERIFY_PASS ? 0 : 2;
	v->duration_ms = 1234;
	v->sandbox = xstrdup("sbx-x");
	v->agent = xstrdup("claude");
	v->sbx_version = xstrdup("v0.45.1");
	v->time = 1764500000;
	verification_add_line(v, "ok 1 - \x1b[31mred\x1b[0m", 19);
	verification_add_line(v, "done", 4);
}

static void
test_round_trip(void **state)
{
	struct fx *fx = *state;
	struct verification v, r = VERIFICATION_INIT;
	char hex[GITX_HEXSZ + 1], *cause = NULL;

	head_hex(fx, hex);
	assert_int_equal(verification_read(fx->host, hex, &r, &cause),
	    GITX_ENOTFOUND);
	assert_int_equal(r.status, VERIFY_NONE);
	sample(&v, hex, VERIFY_FAIL);
	assert_int_equal(verification_write(fx->host, &v, &cause), 0);
	assert_int_equal(verification_read(fx->host, hex, &r, &cause), 0);
	assert_int_equal(r.status, VERIFY_FAIL);
	assert_string_equal(r.commit, hex);
	assert_string_equal(r.command, "make test");
	assert_int_equal(r.exit_code, 2);
	assert_int_equal(r.duration_ms, 1234);
	assert_string_equal(r.sbx_version, "v0.45.1");
	assert_int_equal(r.time, 1764500000);
	assert_int_equal(r.tail.n, 2);
	/* The text comes back as it was; escaping is the printer's job. */
	assert_string_equal(r.tail.v[0], "ok 1 - \x1b[31mred\x1b[0m");
	verification_clear(&v);

	/* The newest record replaces the older one. */
	sample(&v, hex, VERIFY_PASS);
	assert_int_equal(verification_write(fx->host, &v, &cause), 0);
	assert_int_equal(verification_read(fx->host, hex, &r, &cause), 0);
	assert_int_equal(r.status, VERIFY_PASS);
	assert_int_equal(r.exit_code, 0);
	verification_clear(&v);
	verification_clear(&r);
}

static void
test_tail_is_bounded(void **state)
{
	struct verification v = VERIFICATION_INIT;
	char line[VERIFY_LINE_MAX * 2];
	int i;

	(void)state;
	memset(line, 'x', sizeof(line));
	for (i = 0; i < VERIFY_TAIL_LINES * 3; i++) {
		snprintf(line, 16, "line %d", i);
		line[strlen(line)] = 'x';
		verification_add_line(&v, line, sizeof(line));
	}
	assert_int_equal(v.tail.n, VERIFY_TAIL_LINES);
	assert_int_equal(strlen(v.tail.v[0]), VERIFY_LINE_MAX);
	assert_memory_equal(v.tail.v[VERIFY_TAIL_LINES - 1], "line 149", 8);
	verification_clear(&v);
}

static void
test_foreign_or_bad_notes(void **state)
{
	struct fx *fx = *state;
	struct verification v = VERIFICATION_INIT, r = VERIFICATION_INIT;
	char hex[GITX_HEXSZ + 1], *cause = NULL, *big;
	static const char *const bad[] = {
		"not json", "[]", "{\"schema\":1}",
		"{\"schema\":2,\"status\":\"pass\"}",
		"{\"schema\":1,\"status\":\"none\"}",
		"{\"schema\":1,\"status\":\"maybe\"}",
		"{\"schema\":1,\"status\":\"pass\",\"status\":\"fail\"}",
	};
	size_t i;

	head_hex(fx, hex);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(gitx_note_write(fx->host, VERIFY_NOTES_REF,
		    hex, bad[i], &cause), 0);
		assert_int_equal(verification_read(fx->host, hex, &r,
		    &cause), -1);
		assert_non_null(strstr(cause, "verify"));
		free(cause);
		cause = NULL;
	}
	/* A record copied from another commit speaks for that one only. */
	sample(&v, "0123456789012345678901234567890123456789", VERIFY_PASS);
	big = verification_to_json(&v);
	assert_int_equal(gitx_note_write(fx->host, VERIFY_NOTES_REF, hex, big,
	    &cause), 0);
	free(big);
	assert_int_equal(verification_read(fx->host, hex, &r, &cause), -1);
	assert_non_null(strstr(cause, "another commit"));
	free(cause);
	cause = NULL;
	verification_clear(&v);
	/* A note larger than the bound is refused, not read. */
	big = xmalloc(VERIFY_NOTE_MAX + 2);
	memset(big, ' ', VERIFY_NOTE_MAX + 1);
	big[VERIFY_NOTE_MAX + 1] = '\0';
	big[0] = '{';
	assert_int_equal(gitx_note_write(fx->host, VERIFY_NOTES_REF, hex, big,
	    &cause), 0);
	free(big);
	assert_int_equal(verification_read(fx->host, hex, &r, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	assert_int_equal(gitx_note_read(fx->host, VERIFY_NOTES_REF, "zz",
	    10, &big, &cause), -1);
	free(cause);
}

/*
 * The worst tail a check can leave (every kept byte a control character,
 * which JSON spells in six) still reads back: hostile output must not
 * turn a pass into an unreadable record.
 */
static void
test_worst_tail_reads_back(void **state)
{
	struct fx *fx = *state;
	struct verification v = VERIFICATION_INIT, r = VERIFICATION_INIT;
	char hex[GITX_HEXSZ + 1], line[VERIFY_LINE_MAX], *cause = NULL;
	size_t i;

	head_hex(fx, hex);
	sample(&v, hex, VERIFY_PASS);
	memset(line, 0x1b, sizeof(line));
	for (i = 0; i < VERIFY_TAIL_LINES; i++)
		verification_add_line(&v, line, sizeof(line));
	assert_int_equal(verification_write(fx->host, &v, &cause), 0);
	assert_int_equal(verification_read(fx->host, hex, &r, &cause), 0);
	assert_int_equal(r.status, VERIFY_PASS);
	assert_int_equal(r.tail.n, VERIFY_TAIL_LINES);
	assert_int_equal(strlen(r.tail.v[0]), VERIFY_LINE_MAX);
	verification_clear(&v);
	verification_clear(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_tail_is_bounded),
		cmocka_unit_test_setup_teardown(test_worst_tail_reads_back,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_foreign_or_bad_notes,
		    fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
