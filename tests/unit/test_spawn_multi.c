/*
 * Several children at once (spawn_multi): every line comes back whole and
 * attributed to its child however the children interleave their writes,
 * a line longer than the bound comes in pieces of the bound, a last line
 * without a newline still comes, one child that cannot start does not
 * stop the others, exit codes come back per child, and an interruption
 * stops children that would run for minutes.
 */
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/interrupt.h"
#include "base/spawn_multi.h"
#include "testutil.h"

struct got {
	struct strvec	 lines[4];	/* per child */
	size_t		 longest;
	int		 raise_on_line;	/* ^C once a line came */
};

static void
on_line(void *arg, size_t i, const char *line, size_t len)
{
	struct got *g = arg;
	char *s = xstrndup(line, len);

	strvec_push(&g->lines[i], s);
	free(s);
	if (len > g->longest)
		g->longest = len;
	if (g->raise_on_line)
		raise(SIGINT);
}

static void
sh(struct proc *p, const char *script)
{
	proc_init(p);
	strvec_pushl(&p->args, "sh", "-c", script, NULL);
}

static void
got_clear(struct got *g)
{
	size_t i;

	for (i = 0; i < 4; i++)
		strvec_clear(&g->lines[i]);
}

/* Two writers of many short pieces: each line whole, in its order. */
static void
test_lines_stay_whole(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc_multi m = PROC_MULTI_INIT;
	struct proc p[3];
	struct got g;
	char *cause = NULL, want[32];
	size_t i;

	(void)state;
	memset(&g, 0, sizeof(g));
	/* printf of one piece at a time: a line is split across writes. */
	sh(&p[0], "i=0; while [ $i -lt 200 ]; do printf 'a%d' $i; "
	    "printf ' end\\n' >&2; i=$((i+1)); done");
	sh(&p[1], "i=0; while [ $i -lt 200 ]; do printf 'b%d' $i; "
	    "printf ' end\\n'; i=$((i+1)); done; printf 'no newline'; exit 3");
	sh(&p[2], "true");
	strvec_clear(&p[2].args);
	strvec_pushl(&p[2].args, "/nonexistent/airlock-agent", NULL);
	assert_int_equal(proc_multi_start(&sp, &m, 0, &p[0], &cause), 0);
	assert_int_equal(proc_multi_start(&sp, &m, 1, &p[1], &cause), 0);
	assert_int_equal(proc_multi_start(&sp, &m, 2, &p[2], &cause), -1);
	assert_non_null(strstr(cause, "cannot run"));
	free(cause);
	assert_int_equal(proc_multi_wait(&m, on_line, &g), 1);
	assert_int_equal(p[0].status, 0);
	assert_int_equal(p[1].status, 3);
	assert_int_equal(g.lines[0].n, 200);
	assert_int_equal(g.lines[1].n, 201);
	for (i = 0; i < 200; i++) {
		snprintf(want, sizeof(want), "a%zu end", i);
		assert_string_equal(g.lines[0].v[i], want);
		snprintf(want, sizeof(want), "b%zu end", i);
		assert_string_equal(g.lines[1].v[i], want);
	}
	assert_string_equal(g.lines[1].v[200], "no newline");
	assert_int_equal(g.lines[2].n, 0);
	proc_multi_clear(&m);
	got_clear(&g);
	for (i = 0; i < 3; i++)
		proc_clear(&p[i]);
}

/* 10000 bytes without a newline: pieces of the bound, nothing lost. */
static void
test_long_line_bounded(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc_multi m = PROC_MULTI_INIT;
	struct proc p;
	struct got g;
	char *cause = NULL;
	size_t i, total = 0;

	(void)state;
	memset(&g, 0, sizeof(g));
	sh(&p, "head -c 10000 /dev/zero | tr '\\0' x; echo; echo tail");
	assert_int_equal(proc_multi_start(&sp, &m, 0, &p, &cause), 0);
	assert_int_equal(proc_multi_wait(&m, on_line, &g), 1);
	assert_int_equal(g.longest, PROC_MULTI_LINE_MAX);
	for (i = 0; i + 1 < g.lines[0].n; i++)
		total += strlen(g.lines[0].v[i]);
	assert_int_equal(total, 10000);
	assert_string_equal(g.lines[0].v[g.lines[0].n - 1], "tail");
	proc_multi_clear(&m);
	got_clear(&g);
	proc_clear(&p);
}

/* Under dry-run: echoed, nothing runs. */
static void
test_dry_run(void **state)
{
	struct proc_multi m = PROC_MULTI_INIT;
	struct spawner sp = { 1, 0, NULL, NULL, 0 };
	struct proc p;
	struct got g;
	char *buf = NULL, *cause = NULL;
	size_t len = 0;

	(void)state;
	memset(&g, 0, sizeof(g));
	sp.plan = open_memstream(&buf, &len);
	sh(&p, "touch /tmp/airlock-multi-pwned");
	assert_int_equal(proc_multi_start(&sp, &m, 0, &p, &cause), 0);
	fclose(sp.plan);
	assert_string_equal(buf, "+ sh -c 'touch /tmp/airlock-multi-pwned'\n");
	assert_int_equal(p.dry, 1);
	assert_int_equal(proc_multi_wait(&m, on_line, &g), 0);
	proc_multi_clear(&m);
	proc_clear(&p);
	free(buf);
}

/* A recorded ^C stops children that would run for minutes, and quickly. */
static void
test_interrupt_stops_all(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc_multi m = PROC_MULTI_INIT;
	struct timespec t0, t1;
	struct proc p[2];
	struct got g;
	char *cause = NULL;

	(void)state;
	memset(&g, 0, sizeof(g));
	sh(&p[0], "echo started; exec sleep 300");
	sh(&p[1], "sleep 300 & wait");
	assert_int_equal(proc_multi_start(&sp, &m, 0, &p[0], &cause), 0);
	assert_int_equal(proc_multi_start(&sp, &m, 1, &p[1], &cause), 0);
	/* The ^C comes once the first child wrote: both are running. */
	intr_arm();
	g.raise_on_line = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(proc_multi_wait(&m, on_line, &g), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	intr_disarm();
	assert_true(t1.tv_sec - t0.tv_sec < 60);
	assert_int_equal(p[0].status, 128 + SIGTERM);
	assert_int_equal(p[1].status, 128 + SIGTERM);
	assert_string_equal(g.lines[0].v[0], "started");
	proc_multi_clear(&m);
	got_clear(&g);
	proc_clear(&p[0]);
	proc_clear(&p[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_stay_whole),
		cmocka_unit_test(test_long_line_bounded),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_interrupt_stops_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
