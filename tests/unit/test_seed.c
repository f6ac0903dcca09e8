/*
 * Seeding: the content check of configuration files (the name filter has
 * its tables in test_seed_filter.c), the plan (allowlists, SEED_PATHS,
 * $HOME and symlink rules) and the staging copy of a directory holding
 * secrets.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "services/seed/seed.h"
#include "base/strvec.h"
#include "testutil.h"

static void
test_text_filter(void **state)
{
	static const char key[] = "{ \"provider\": { \"apiKey\": \"sk-1\" } }";
	static const char plain[] = "{ \"theme\": \"dark\" }";
	static const char nul[] = "x\0token";

	(void)state;
	assert_true(seed_text_refused("opencode.jsonc", key, strlen(key)));
	assert_true(seed_text_refused("a.toml", "TOKEN = 1", 9));
	assert_true(seed_text_refused("a.yaml", nul, sizeof(nul) - 1));
	assert_false(seed_text_refused("opencode.jsonc", plain,
	    strlen(plain)));
	/* Instructions may talk about tokens; only config is checked. */
	assert_false(seed_text_refused("CLAUDE.md", key, strlen(key)));
}

static int
exists(const char *base, const char *rel)
{
	struct stat st;
	char *p = xasprintf("%s/%s", base, rel);
	int rc = lstat(p, &st) == 0;

	free(p);
	return rc;
}

/* home/.claude with curated and secret entries; out/ outside home. */
static char *
make_home(char **top)
{
	char *home;

	*top = tu_mkdtemp();
	home = xasprintf("%s/home", *top);
	assert_int_equal(mkdir(home, 0755), 0);
	tu_mkdir_at(*top, "out");
	tu_put(*top, "out/leak.md", "outside\n");
	tu_mkdir_at(home, ".claude");
	tu_put(home, ".claude/CLAUDE.md", "be careful\n");
	tu_put(home, ".claude/.credentials.json", "{\"token\":1}\n");
	tu_put(home, ".claude/history.jsonl", "secret history\n");
	tu_mkdir_at(home, ".claude/commands");
	tu_put(home, ".claude/commands/review.md", "review it\n");
	tu_put(home, ".claude/commands/auth-token.md", "tok\n");
	tu_put(home, ".claude/commands/conf.json", "{\"apiKey\":\"x\"}\n");
	tu_mkdir_at(home, ".claude/commands/sub");
	tu_put(home, ".claude/commands/sub/deep.md", "deep\n");
	tu_mkdir_at(home, ".claude/commands/.git");
	tu_put(home, ".claude/commands/.git/config", "[remote]\n");
	return home;
}

/* Larger than any configuration file is read to be checked. */
static void
big_file(const char *home, const char *rel)
{
	char *p = xasprintf("%s/%s", home, rel), *buf = xcalloc(1, 3 << 20);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, 3 << 20, f), 3 << 20);
	assert_int_equal(fclose(f), 0);
	free(buf);
	free(p);
}

static void
test_stage_file(void **state)
{
	struct strvec notes = STRVEC_INIT;
	char *top, *home, *src, *dst, *cause = NULL;

	(void)state;
	home = make_home(&top);
	tu_mkdir_at(home, ".config");
	tu_mkdir_at(home, ".config/opencode");
	tu_put(home, ".config/opencode/opencode.jsonc", "{\"apiKey\": \"x\"}");
	src = xasprintf("%s/.config/opencode/opencode.jsonc", home);
	dst = xasprintf("%s/opencode.jsonc", top);
	assert_int_equal(seed_stage(src, "~/.config/opencode/opencode.jsonc",
	    dst, &notes, &cause), 0);
	assert_false(exists(top, "opencode.jsonc"));
	assert_true(tu_has_line(&notes, "credentials"));
	free(src);
	src = xasprintf("%s/.claude/CLAUDE.md", home);
	assert_int_equal(seed_stage(src, "~/.claude/CLAUDE.md", dst, &notes,
	    &cause), 0);
	assert_true(exists(top, "opencode.jsonc"));	/* named as staged */
	strvec_clear(&notes);
	free(src);
	free(dst);
	free(home);
	tu_rmrf(top);
	free(top);
}

static void
test_stage_directory(void **state)
{
	struct strvec notes = STRVEC_INIT;
	char *top, *home, *src, *dst, *cause = NULL, buf[256];
	ssize_t n;

	(void)state;
	home = make_home(&top);
	tu_link_at(home, "../../../out/leak.md", ".claude/commands/outside.md");
	tu_link_at(home, "/etc/passwd", ".claude/commands/abs.md");
	tu_link_at(home, "sub/deep.md", ".claude/commands/inside.md");
	tu_link_at(home, "../auth-token.md", ".claude/commands/sub/tok.md");
	tu_link_at(home, "nowhere", ".claude/commands/dangling.md");
	big_file(home, ".claude/commands/sub/big.bin");
	src = xasprintf("%s/.claude/commands", home);
	dst = xasprintf("%s/stage", top);
	assert_int_equal(seed_stage(src, "~/.claude/commands", dst, &notes,
	    &cause), 0);
	assert_true(exists(dst, "review.md"));
	assert_true(exists(dst, "sub/deep.md"));
	assert_true(exists(dst, "sub/big.bin"));
	assert_false(exists(dst, "auth-token.md"));
	assert_false(exists(dst, "conf.json"));
	assert_false(exists(dst, ".git"));
	assert_false(exists(dst, "outside.md"));
	assert_false(exists(dst, "abs.md"));
	assert_false(exists(dst, "sub/tok.md"));
	assert_false(exists(dst, "dangling.md"));
	/* An inside link stays, relative, so it resolves in the copy. */
	n = readlink(strcat(strcpy(buf, dst), "/inside.md"), buf, sizeof(buf));
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "sub/deep.md");
	assert_true(tu_has_line(&notes, "~/.claude/commands/auth-token.md"));
	assert_true(tu_has_line(&notes, "~/.claude/commands/outside.md"));
	assert_true(tu_has_line(&notes, "credentials"));
	strvec_clear(&notes);
	free(src);
	free(dst);
	free(home);
	tu_rmrf(top);
	free(top);
}

static void
test_plan(void **state)
{
	struct strvec notes = STRVEC_INIT;
	struct seed_list l;
	char *top, *home, *cause = NULL, *list;
	size_t i;

	(void)state;
	home = make_home(&top);
	tu_link_at(home, "../out/leak.md", "notes.md");
	tu_link_at(home, ".claude/.credentials.json", "harmless.txt");
	tu_put(home, "tool.conf", "x=1\n");
	list = xasprintf("notes.md,harmless.txt,%s/tool.conf,.ssh/config,"
	    "missing.txt,~/x", home);
	assert_int_equal(seed_plan("claude", 1, list, home, &l, &notes,
	    &cause), 0);
	/* CLAUDE.md and commands exist; agents and skills do not. */
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].label, "~/.claude/CLAUDE.md");
	assert_string_equal(l.v[0].dest_dir, "/home/agent/.claude");
	assert_string_equal(l.v[1].base, "commands");
	assert_string_equal(l.v[2].label, "~/tool.conf");
	assert_string_equal(l.v[2].dest_dir, "/home/agent");
	for (i = 0; i < l.n; i++)
		assert_null(strstr(l.v[i].real, "/out/"));
	assert_true(tu_has_line(&notes, "outside $HOME"));
	assert_true(tu_has_line(&notes, "'~/harmless.txt': it resolves"));
	assert_true(tu_has_line(&notes, "'~/.ssh/config'"));
	assert_true(tu_has_line(&notes, "'~/missing.txt'"));
	assert_false(tu_has_line(&notes, "agents"));	/* optional, silent */
	seed_list_clear(&l);
	strvec_clear(&notes);
	/* An agent without a curated list copies nothing and says so. */
	assert_int_equal(seed_plan("kiro", 1, "", home, &l, &notes,
	    &cause), 0);
	assert_int_equal(l.n, 0);
	assert_true(tu_has_line(&notes, "'kiro'"));
	seed_list_clear(&l);
	strvec_clear(&notes);
	free(list);
	free(home);
	tu_rmrf(top);
	free(top);
}

static void
test_agent_paths(void **state)
{
	struct strvec v = STRVEC_INIT;

	(void)state;
	seed_agent_paths("codex", "/h", &v);
	assert_int_equal(v.n, 5);
	assert_string_equal(v.v[0], "/h/.codex/AGENTS.md");
	assert_string_equal(v.v[4], "/h/.codex/prompts");
	strvec_clear(&v);
	seed_agent_paths("opencode", "/h", &v);
	assert_string_equal(v.v[1], "/h/.config/opencode/opencode.jsonc");
	strvec_clear(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_filter),
		cmocka_unit_test(test_stage_file),
		cmocka_unit_test(test_stage_directory),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_agent_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
