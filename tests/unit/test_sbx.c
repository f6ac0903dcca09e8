/*
 * Unit tests for the sbx layer: reading `sbx ls --json` in both of its
 * shapes, the plain table of an sbx without --json, and sbx's error lines.
 * The parsers read text another program printed, so odd and hostile input
 * must give an error or a safe result, never a crash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "services/sbx/sbx.h"

static void
parse_ok(const char *text, struct sbx_list *l)
{
	char *cause = NULL;

	assert_int_equal(sbx_parse_ls(text, strlen(text), l, &cause), 0);
	assert_null(cause);
}

static void
parse_fails(const char *text, const char *want)
{
	struct sbx_list l;
	char *cause = NULL;

	assert_int_equal(sbx_parse_ls(text, strlen(text), &l, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, want));
	free(cause);
}

static void
test_object_form(void **state)
{
	struct sbx_list l;
	const struct sbx_box *b;

	(void)state;
	parse_ok("{\"sandboxes\":[{\"name\":\"sbx-app\",\"agent\":\"claude\","
	    "\"status\":\"running\",\"workspaces\":[\"/src/app\"],"
	    "\"extra\":{\"x\":1}},{\"name\":\"other\",\"agent\":\"codex\","
	    "\"status\":\"stopped\",\"workspaces\":[\"/a\",\"/b\"]}]}", &l);
	assert_int_equal(l.n, 2);
	b = sbx_list_find(&l, "sbx-app");
	assert_non_null(b);
	assert_string_equal(b->agent, "claude");
	assert_int_equal(b->status, SBX_RUNNING);
	assert_int_equal(b->workspaces.n, 1);
	assert_string_equal(b->workspaces.v[0], "/src/app");
	b = sbx_list_find(&l, "other");
	assert_int_equal(b->status, SBX_STOPPED);
	assert_string_equal(b->status_text, "stopped");
	assert_int_equal(b->workspaces.n, 2);
	assert_null(sbx_list_find(&l, "sbx-ap"));
	sbx_list_clear(&l);
}

static void
test_array_form(void **state)
{
	struct sbx_list l;

	(void)state;
	parse_ok("[{\"name\":\"old\",\"agent\":\"claude\",\"status\":"
	    "\"exited\",\"workspaces\":[{\"path\":\"/w\"}]}]\n", &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.boxes[0].status, SBX_STOPPED);
	assert_string_equal(l.boxes[0].workspaces.v[0], "/w");
	sbx_list_clear(&l);
}

static void
test_empty_forms(void **state)
{
	static const char *const empty[] = {
		"{\"sandboxes\":[]}", "{\"sandboxes\":null}", "[]", "{}",
		"", "  \n", NULL
	};
	struct sbx_list l;
	size_t i;

	(void)state;
	for (i = 0; empty[i] != NULL; i++) {
		parse_ok(empty[i], &l);
		assert_int_equal(l.n, 0);
		assert_null(sbx_list_find(&l, "x"));
		sbx_list_clear(&l);
	}
}

static void
test_garbage(void **state)
{
	(void)state;
	parse_fails("not json", "'sbx ls --json' printed no JSON (it said "
	    "'not json')");
	parse_fails("{\"sandboxes\":[", "cannot read");
	parse_fails("42", "printed no JSON");
	parse_fails("\"sandboxes\"", "printed no JSON");
	parse_fails("{\"sandboxes\":{\"name\":\"x\"}}", "is not a list");
	parse_fails("{\"sandboxes\":\"x\"}", "is not a list");
	parse_fails("{\"a\":1,\"a\":2}", "cannot read");
}

/*
 * jansson quotes the bytes near a syntax error; the cause is printed on a
 * terminal, so they must come out escaped.
 */
/* Output with no NUL after it: the cause reads its first line within len. */
static void
test_no_json_unterminated(void **state)
{
	static const char said[] = "Starting sandboxd daemon... no json";
	struct sbx_list l;
	char *buf = xmalloc(sizeof(said) - 1), *cause = NULL;

	(void)state;
	memcpy(buf, said, sizeof(said) - 1);
	assert_int_equal(sbx_parse_ls(buf, sizeof(said) - 1, &l, &cause), -1);
	assert_non_null(strstr(cause, "no json"));
	free(cause);
	free(buf);
}

static void
test_garbage_cause_is_safe(void **state)
{
	static const char *bad[] = {
		"\x0c\x1b]0;t\x07", "\x1b[2J", "[\"a\x1b[31m\"]", "\xc2\x9bx",
		"{\"s\":\x7f}", "\xff\xfe",
	};
	struct sbx_list l;
	char *cause;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cause = NULL;
		assert_int_equal(sbx_parse_ls(bad[i], strlen(bad[i]), &l,
		    &cause), -1);
		for (j = 0; cause[j] != '\0'; j++)
			assert_true((unsigned char)cause[j] >= 0x20 &&
			    (unsigned char)cause[j] < 0x7f);
		free(cause);
	}
}

static void
test_missing_fields(void **state)
{
	struct sbx_list l;

	(void)state;
	/* Entries without a usable name are dropped, the rest defaulted. */
	parse_ok("{\"sandboxes\":[{\"agent\":\"claude\"},{\"name\":7},"
	    "{\"name\":\"\"},3,null,\"str\",{\"name\":\"bare\"},"
	    "{\"name\":\"odd\",\"status\":\"paused\",\"agent\":[1],"
	    "\"workspaces\":\"/not/a/list\"},{\"name\":\"one\","
	    "\"workspace\":\"/single\",\"workspaces\":[1,null,{}]}]}", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.boxes[0].name, "bare");
	assert_string_equal(l.boxes[0].agent, "");
	assert_string_equal(l.boxes[0].status_text, "");
	assert_int_equal(l.boxes[0].status, SBX_UNKNOWN);
	assert_int_equal(l.boxes[0].workspaces.n, 0);
	assert_int_equal(l.boxes[1].status, SBX_UNKNOWN);
	assert_string_equal(l.boxes[1].status_text, "paused");
	assert_string_equal(l.boxes[1].agent, "");
	assert_int_equal(l.boxes[1].workspaces.n, 0);
	assert_string_equal(l.boxes[2].workspaces.v[0], "/single");
	sbx_list_clear(&l);
}

static void
test_odd_strings(void **state)
{
	struct sbx_list l;
	size_t big = 1 << 20, i;
	char *name, *text;

	(void)state;
	/* Escapes arrive decoded; printing them safely is the caller's job. */
	parse_ok("{\"sandboxes\":[{\"name\":\"a\\u001b[2Jb\",\"agent\":"
	    "\"\\u00e9\\n\",\"status\":\"RUNNING\"}]}", &l);
	assert_string_equal(l.boxes[0].name, "a\033[2Jb");
	assert_string_equal(l.boxes[0].agent, "\xc3\xa9\n");
	assert_int_equal(l.boxes[0].status, SBX_RUNNING);
	sbx_list_clear(&l);
	/* A NUL inside a string would cut it short: refused as a whole. */
	parse_fails("[{\"name\":\"a\\u0000b\"}]", "cannot read");
	name = malloc(big + 1);
	assert_non_null(name);
	for (i = 0; i < big; i++)
		name[i] = 'a' + (char)(i % 26);
	name[big] = '\0';
	text = xasprintf("[{\"name\":\"%s\",\"status\":\"running\"}]", name);
	parse_ok(text, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.boxes[0].name, name);
	sbx_list_clear(&l);
	free(text);
	free(name);
}

static void
test_not_nul_terminated(void **state)
{
	const char text[] = "[{\"name\":\"ab\"}]GARBAGE";
	struct sbx_list l;
	char *cause = NULL;

	(void)state;
	/* Only len bytes are read. */
	assert_int_equal(sbx_parse_ls(text, 15, &l, &cause), 0);
	assert_int_equal(l.n, 1);
	sbx_list_clear(&l);
}

static void
test_text_table(void **state)
{
	const char *t =
	    "NAME          AGENT    STATUS   WORKSPACE\n"
	    "sbx-app       claude   running  /src/my app\n"
	    "other         -        stopped  /a,/b\r\n"
	    "\n"
	    "x9            codex    Up 3 minutes (healthy) /c\n";
	struct sbx_list l;
	char *cause = NULL;

	(void)state;
	assert_int_equal(sbx_parse_ls_text(t, strlen(t), &l, &cause), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.boxes[0].name, "sbx-app");
	assert_string_equal(l.boxes[0].agent, "claude");
	assert_int_equal(l.boxes[0].status, SBX_RUNNING);
	assert_string_equal(l.boxes[0].workspaces.v[0], "/src/my app");
	assert_string_equal(l.boxes[1].agent, "");
	assert_int_equal(l.boxes[1].status, SBX_STOPPED);
	assert_int_equal(l.boxes[1].workspaces.n, 2);
	assert_string_equal(l.boxes[1].workspaces.v[1], "/b");
	/* Misaligned row: split on blanks, the last column takes the rest. */
	assert_string_equal(l.boxes[2].name, "x9");
	assert_int_equal(l.boxes[2].status, SBX_RUNNING);
	sbx_list_clear(&l);
}

static void
test_text_other_headers(void **state)
{
	const char *t = "SANDBOX ID  STATE\nbox1    12  stopped\nbox2\n";
	const char *none = "No sandboxes found.\n";
	struct sbx_list l;
	char *cause = NULL;

	(void)state;
	assert_int_equal(sbx_parse_ls_text(t, strlen(t), &l, &cause), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.boxes[0].status, SBX_STOPPED);
	assert_string_equal(l.boxes[0].agent, "");
	assert_string_equal(l.boxes[1].name, "box2");
	assert_int_equal(l.boxes[1].status, SBX_UNKNOWN);
	sbx_list_clear(&l);
	assert_int_equal(sbx_parse_ls_text(none, strlen(none), &l, &cause), 0);
	assert_int_equal(l.n, 0);
	sbx_list_clear(&l);
	assert_int_equal(sbx_parse_ls_text("", 0, &l, &cause), 0);
	assert_int_equal(l.n, 0);
	sbx_list_clear(&l);
	assert_int_equal(sbx_parse_ls_text("garbage here\nx y\n", 17, &l,
	    &cause), -1);
	assert_non_null(strstr(cause, "no NAME column"));
	free(cause);
}

static void
test_status_names(void **state)
{
	(void)state;
	assert_string_equal(sbx_status_name(SBX_RUNNING), "running");
	assert_string_equal(sbx_status_name(SBX_STOPPED), "stopped");
	assert_string_equal(sbx_status_name(SBX_ABSENT), "absent");
	assert_string_equal(sbx_status_name(SBX_UNKNOWN), "unknown");
	assert_int_equal(sbx_status_from("Created"), SBX_STOPPED);
	assert_int_equal(sbx_status_from(NULL), SBX_UNKNOWN);
}

/* sbx started its daemon first: lines before the JSON, on stdout. */
static void
test_banner_before_json(void **state)
{
	static const char *banner = "Starting sandboxd daemon...\n"
	    "Daemon started (PID: 6927, socket: /home/u/.local/state/"
	    "sandboxes/sandboxd.sock)\nLogs: /home/u/.local/state/daemon.log\n";
	struct sbx_list l;
	char *text;

	(void)state;
	text = xasprintf("%s{\"sandboxes\":[{\"name\":\"b\",\"status\":"
	    "\"running\"}]}\n", banner);
	parse_ok(text, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.boxes[0].status, SBX_RUNNING);
	sbx_list_clear(&l);
	free(text);
	text = xasprintf("%s[{\"name\":\"b\",\"status\":\"stopped\"}]",
	    banner);
	parse_ok(text, &l);
	assert_int_equal(l.boxes[0].status, SBX_STOPPED);
	sbx_list_clear(&l);
	free(text);
	parse_fails("Starting sandboxd daemon...\n", "printed no JSON");
}

/* Indented JSON with the id and ports members of current sbx. */
static void
test_pretty_json(void **state)
{
	const char *t = "{\n  \"sandboxes\": [\n    {\n      \"name\": \"b\",\n"
	    "      \"id\": \"3f2a\",\n      \"agent\": \"claude\",\n"
	    "      \"status\": \"running\",\n      \"workspaces\": [\n"
	    "        \"/src/b\"\n      ],\n      \"ports\": [\n        {\n"
	    "          \"host_ip\": \"127.0.0.1\",\n          \"host_port\": "
	    "53011,\n          \"sandbox_port\": 9418,\n          "
	    "\"protocol\": \"tcp\"\n        }\n      ]\n    }\n  ]\n}\n";
	struct sbx_list l;

	(void)state;
	parse_ok(t, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.boxes[0].agent, "claude");
	assert_string_equal(l.boxes[0].workspaces.v[0], "/src/b");
	sbx_list_clear(&l);
}

static void
test_text_after_banner(void **state)
{
	const char *t = "Starting sandboxd daemon...\nLogs: /x\n"
	    "NAME   AGENT   STATUS   WORKSPACE\nb      claude  stopped  /s\n";
	struct sbx_list l;
	char *cause = NULL;

	(void)state;
	assert_int_equal(sbx_parse_ls_text(t, strlen(t), &l, &cause), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.boxes[0].name, "b");
	sbx_list_clear(&l);
}

static void
test_problems(void **state)
{
	static const char *const login[] = {
		"'sbx ls' failed: 401 Unauthorized", "please run sbx LOGIN",
		"request unauthorized", "please log in first",
		"not logged in", "user not authenticated",
		"rpc error: Unauthenticated", "authentication required",
		"Your Docker session has expired", "starting the sign-in flow",
		NULL
	};
	static const char *const fixes[] = { "401", "daemon not running",
	    "backend unavailable", "'sbx ls' did not answer within 30 s "
	    "(SBX_TIMEOUT) and was stopped", NULL };
	size_t i;

	(void)state;
	for (i = 0; login[i] != NULL; i++)
		assert_int_equal(sbx_problem_of(login[i]), SBX_PROBLEM_LOGIN);
	assert_int_equal(sbx_problem_of("'sbx ls' failed: daemon not running: "
	    "dial unix /s/sandboxd.sock: connect: connection refused"),
	    SBX_PROBLEM_DAEMON);
	assert_int_equal(sbx_problem_of("cannot connect to the sbx daemon"),
	    SBX_PROBLEM_DAEMON);
	assert_int_equal(sbx_problem_of("backend unavailable: no runtime"),
	    SBX_PROBLEM_BACKEND);
	assert_int_equal(sbx_problem_of("ensure daemon: daemon failed to "
	    "start properly after 10 retries"), SBX_PROBLEM_BACKEND);
	assert_int_equal(sbx_problem_of("'sbx ls' did not answer within 30 s "
	    "(SBX_TIMEOUT) and was stopped"), SBX_PROBLEM_TIMEOUT);
	assert_int_equal(sbx_problem_of("sandbox 'x' not found"),
	    SBX_PROBLEM_OTHER);
	assert_int_equal(sbx_problem_of(NULL), SBX_PROBLEM_OTHER);
	assert_non_null(strstr(sbx_fix_for("401"), "'sbx login'"));
	assert_non_null(strstr(sbx_fix_for("daemon not running"),
	    "'sbx daemon start'"));
	assert_non_null(strstr(sbx_fix_for("backend unavailable"),
	    "'sbx daemon restart'"));
	assert_non_null(strstr(sbx_fix_for(fixes[3]), "'sbx login'"));
	assert_non_null(strstr(sbx_fix_for(fixes[3]), "'sbx daemon restart'"));
	for (i = 0; fixes[i] != NULL; i++)
		assert_null(strstr(sbx_fix_for(fixes[i]), "sbx setup"));
	assert_null(sbx_fix_for("disk full"));
}

/* The bound: none for sessions, ten times as long for calls on a VM. */
static void
test_bounds(void **state)
{
	struct spawner sp = { 0, 0, NULL, NULL, 30 };
	struct strvec v = STRVEC_INIT;

	(void)state;
	strvec_pushl(&v, "sbx", "ls", "--json", NULL);
	assert_int_equal(sbx_bound(&sp, &v), 30);
	strvec_clear(&v);
	strvec_pushl(&v, "sbx", "policy", "check", "network", "x", NULL);
	assert_int_equal(sbx_bound(&sp, &v), 30);
	strvec_clear(&v);
	strvec_pushl(&v, "sbx", "policy", "reset", NULL);
	assert_int_equal(sbx_bound(&sp, &v), 300);
	strvec_clear(&v);
	strvec_pushl(&v, "sbx", "cp", "a", "b:/c", NULL);
	assert_int_equal(sbx_bound(&sp, &v), 300);
	strvec_clear(&v);
	sp.timeout = 0;
	strvec_pushl(&v, "sbx", "ls", NULL);
	assert_int_equal(sbx_bound(&sp, &v), 0);
	strvec_clear(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_object_form),
		cmocka_unit_test(test_array_form),
		cmocka_unit_test(test_empty_forms),
		cmocka_unit_test(test_no_json_unterminated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_garbage_cause_is_safe),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_odd_strings),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_text_table),
		cmocka_unit_test(test_text_other_headers),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_problems),
		cmocka_unit_test(test_banner_before_json),
		cmocka_unit_test(test_pretty_json),
		cmocka_unit_test(test_text_after_banner),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
