/*
 * Spawn layer: quoting round-trips through a real sh for any bytes, dry-run
 * echoes instead of running, probes still run, exit codes and signals are
 * reported, a missing program is an error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/spawn.h"
#include "testutil.h"

static const char *const nasty[] = {
	"plain", "", "with space", "it's", "'", "''", "\"double\"",
	"$HOME", "${HOME}", "$(touch /tmp/airlock-pwned)", "`id`", "a\\b",
	"new\nline", "tab\there", "*", "?", "[a]", "~", "~/x", "#hash",
	"a;b", "a|b", "a&b", "<in", ">out", "!bang", "{a,b}", "-p",
	"--flag=value", "x=y", "caf\xc3\xa9", "\xe2\x80\xae" "rtl",
	"\x1b[31mred", "\xff\xfe", "%s%n", NULL
};

/* Paste "+ ..." back into sh and read the argv it produces. */
static void
test_quote_roundtrip(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; nasty[i] != NULL; i++) {
		struct spawner sp = { 0, 0, NULL, NULL, 0 };
		struct proc p = PROC_INIT;
		char *q = proc_quote(nasty[i]), *script, *cause = NULL;

		/* printf %s\0 of "$1": the exact bytes of the one word. */
		script = xasprintf("set -- %s; [ $# -eq 1 ] || exit 9; "
		    "printf '%%s' \"$1\"", q);
		strvec_pushl(&p.args, "sh", "-c", script, NULL);
		p.flags = PROC_CAPTURE;
		assert_int_equal(proc_run(&sp, &p, &cause), 0);
		assert_int_equal(p.status, 0);
		assert_int_equal(p.out_len, strlen(nasty[i]));
		if (p.out_len)
			assert_memory_equal(p.out, nasty[i], p.out_len);
		proc_clear(&p);
		free(script);
		free(q);
	}
}

static void
test_quote_bare(void **state)
{
	char *q;

	(void)state;
	q = proc_quote("sbx-my.repo_1/a:b,c@d%e+f=g");
	assert_string_equal(q, "sbx-my.repo_1/a:b,c@d%e+f=g");
	free(q);
	q = proc_quote("");
	assert_string_equal(q, "''");
	free(q);
	q = proc_quote("it's");
	assert_string_equal(q, "'it'\\''s'");
	free(q);
	q = proc_quote("~");
	assert_string_equal(q, "'~'");
	free(q);
}

static void
test_dry_run_echoes(void **state)
{
	struct proc p = PROC_INIT;
	struct spawner sp;
	char *buf = NULL, *cause = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sp = (struct spawner){ 1, 0, f, NULL, 0 };
	strvec_pushl(&p.args, "sh", "-c", "exit 3", NULL);
	assert_int_equal(proc_run(&sp, &p, &cause), 0);
	assert_int_equal(p.status, 0);
	assert_true(p.dry);
	fclose(f);
	assert_string_equal(buf, "+ sh -c 'exit 3'\n");
	free(buf);
	proc_clear(&p);
}

static void
test_probe_runs_under_dry_run(void **state)
{
	struct proc p = PROC_INIT;
	struct spawner sp;
	char *buf = NULL, *cause = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sp = (struct spawner){ 1, 0, f, NULL, 0 };
	strvec_pushl(&p.args, "sh", "-c", "echo out; echo err >&2; exit 4",
	    NULL);
	p.flags = PROC_PROBE | PROC_CAPTURE | PROC_CAPTURE_ERR;
	assert_int_equal(proc_run(&sp, &p, &cause), 0);
	assert_int_equal(p.status, 4);
	assert_string_equal(p.out, "out\n");
	assert_string_equal(p.err, "err\n");
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
	proc_clear(&p);
}

static void
test_signal_status(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL;

	(void)state;
	strvec_pushl(&p.args, "sh", "-c", "kill -TERM $$", NULL);
	assert_int_equal(proc_run(&sp, &p, &cause), 0);
	assert_int_equal(p.status, 128 + 15);
	proc_clear(&p);
}

static void
test_missing_program(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL;

	(void)state;
	strvec_push(&p.args, "airlock-no-such-program");
	assert_int_equal(proc_run(&sp, &p, &cause), -1);
	assert_non_null(strstr(cause, "cannot run 'airlock-no-such-program'"));
	free(cause);
	proc_clear(&p);
}

static void
test_verbose_traces(void **state)
{
	struct proc p = PROC_INIT;
	struct spawner sp;
	char *buf = NULL, *cause = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sp = (struct spawner){ 0, 1, NULL, f, 0 };
	strvec_pushl(&p.args, "true", "a b", NULL);
	assert_int_equal(proc_run(&sp, &p, &cause), 0);
	fclose(f);
	assert_string_equal(buf, "+ true 'a b'\n");
	free(buf);
	proc_clear(&p);
}

static void
test_which(void **state)
{
	char *w;

	(void)state;
	w = proc_which("sh");
	assert_non_null(w);
	free(w);
	assert_null(proc_which("airlock-no-such-program"));
}

/* A whole small file, or NULL. */
static char *
read_file(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

/* Is process pid still there (a zombie counts as gone)? */
static int
alive(long pid)
{
	char path[64], *stat = NULL, *p;
	int yes = 0;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((stat = read_file(path)) == NULL)
		return 0;
	if ((p = strrchr(stat, ')')) != NULL)
		yes = p[1] == ' ' && p[2] != 'Z';
	free(stat);
	return yes;
}

/* Past its bound the child and what it started in the background die. */
static void
test_timeout_kills_group(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *dir = tu_mkdtemp(), *pidf, *script, *cause = NULL, *text;
	long grandchild;
	int i;

	(void)state;
	pidf = xasprintf("%s/pid", dir);
	script = xasprintf("sleep 30 & echo $! >'%s'; echo started; "
	    "sleep 30", pidf);
	strvec_pushl(&p.args, "sh", "-c", script, NULL);
	p.flags = PROC_CAPTURE | PROC_CAPTURE_ERR;
	p.timeout = 1;
	assert_int_equal(proc_run(&sp, &p, &cause), -1);
	assert_true(p.timed_out);
	assert_non_null(strstr(cause, "did not finish within 1 s"));
	assert_string_equal(p.out, "started\n");
	text = read_file(pidf);
	assert_non_null(text);
	grandchild = atol(text);
	for (i = 0; i < 200 && alive(grandchild); i++)
		usleep(10000);
	assert_false(alive(grandchild));
	free(text);
	free(cause);
	free(script);
	free(pidf);
	tu_rmrf(dir);
	free(dir);
	proc_clear(&p);
}

/* Within its bound a command runs as usual, reading /dev/null. */
static void
test_timeout_not_reached(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL;

	(void)state;
	strvec_pushl(&p.args, "sh", "-c", "cat; echo done; exit 3", NULL);
	p.flags = PROC_CAPTURE;
	p.timeout = 30;
	assert_int_equal(proc_run(&sp, &p, &cause), 0);
	assert_false(p.timed_out);
	assert_int_equal(p.status, 3);
	assert_string_equal(p.out, "done\n");
	proc_clear(&p);
}

/* A background command: its first line, then stopped with its group. */
static void
test_background_line_and_stop(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL, *line = NULL;
	long pid;

	(void)state;
	strvec_pushl(&p.args, "sh", "-c", "echo ready; exec sleep 30", NULL);
	assert_int_equal(proc_start(&sp, &p, &cause), 0);
	assert_int_equal(proc_read_line(&p, 10000, &line), 1);
	assert_string_equal(line, "ready");
	free(line);
	assert_int_equal(proc_read_line(&p, 100, &line), -1);
	assert_null(line);
	pid = p.pid;
	assert_true(alive(pid));
	proc_stop(&p);
	assert_false(alive(pid));
	assert_int_equal(p.status, 128 + 15);
	proc_stop(&p);		/* harmless twice */
	proc_clear(&p);
}

/* One that ends before its line: its status and stderr. */
static void
test_background_ends_first(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL, *line = NULL;

	(void)state;
	strvec_pushl(&p.args, "sh", "-c", "echo 'ERROR: no such sandbox' >&2; "
	    "exit 3", NULL);
	p.flags = PROC_CAPTURE_ERR;
	assert_int_equal(proc_start(&sp, &p, &cause), 0);
	assert_int_equal(proc_read_line(&p, 10000, &line), 0);
	assert_null(line);
	assert_int_equal(p.status, 3);
	assert_string_equal(p.err, "ERROR: no such sandbox\n");
	proc_clear(&p);
}

/*
 * Lines that arrive in one read come out one by one, none lost; a long
 * line comes in 4 KiB pieces; a last line without a newline stays in
 * p.out for the caller.
 */
static void
test_background_lines(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 0 };
	struct proc p = PROC_INIT;
	char *cause = NULL, *line = NULL;
	const char *want[] = { "one", "two", "", "three" };
	size_t i, n = 0;

	(void)state;
	strvec_pushl(&p.args, "sh", "-c", "printf 'one\\ntwo\\n\\nthree\\n'; "
	    "head -c 5000 /dev/zero | tr '\\0' x; printf '\\nend'", NULL);
	assert_int_equal(proc_start(&sp, &p, &cause), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(proc_read_line(&p, 10000, &line), 1);
		assert_string_equal(line, want[i]);
		free(line);
	}
	assert_int_equal(proc_read_line(&p, 10000, &line), 1);
	assert_int_equal(strlen(line), 4096);
	free(line);
	assert_int_equal(proc_read_line(&p, 10000, &line), 1);
	n = strlen(line);
	free(line);
	assert_int_equal(n, 5000 - 4096);
	assert_int_equal(proc_read_line(&p, 10000, &line), 0);
	assert_int_equal(p.status, 0);
	assert_string_equal(p.out, "end");
	proc_clear(&p);
}

/* Under dry-run a background command is only echoed. */
static void
test_background_dry_run(void **state)
{
	struct proc p = PROC_INIT;
	struct spawner sp;
	char *buf = NULL, *cause = NULL, *line = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sp = (struct spawner){ 1, 0, f, NULL, 0 };
	strvec_pushl(&p.args, "sleep", "30", NULL);
	assert_int_equal(proc_start(&sp, &p, &cause), 0);
	assert_true(p.dry);
	assert_int_equal(proc_read_line(&p, 10, &line), 0);
	fclose(f);
	assert_string_equal(buf, "+ sleep 30\n");
	free(buf);
	proc_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_roundtrip),
		cmocka_unit_test(test_quote_bare),
		cmocka_unit_test(test_dry_run_echoes),
		cmocka_unit_test(test_probe_runs_under_dry_run),
		cmocka_unit_test(test_signal_status),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_verbose_traces),
		cmocka_unit_test(test_which),
		cmocka_unit_test(test_timeout_kills_group),
		cmocka_unit_test(test_timeout_not_reached),
		cmocka_unit_test(test_background_line_and_stop),
		cmocka_unit_test(test_background_ends_first),
		cmocka_unit_test(test_background_dry_run),
		cmocka_unit_test(test_background_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
