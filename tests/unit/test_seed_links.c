/*
 * Seeding and symlinks.  A SEED_PATHS item is judged by where it resolves:
 * outside $HOME or onto a refused name it is refused, inside $HOME it is
 * copied from its real path under its own name.  The same holds for a
 * symlink in the middle of the path ($HOME/.claude -> elsewhere), and
 * loops, dangling links and fifos are refused with a note.  Inside a
 * seeded directory only symlinks that stay inside it survive.
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

#define SECRET	"s3cret-marker"

/* top/home with docs/ and .claude/, top/out with secrets. */
static char *
world(char **top)
{
	char *home;

	*top = tu_mkdtemp();
	home = tu_at(*top, "home");
	assert_int_equal(mkdir(home, 0755), 0);
	tu_mkdir_at(*top, "out");
	tu_mkdir_at(*top, "out/claude");
	tu_mkdir_at(*top, "out/claude/commands");
	tu_put(*top, "out/leak.md", SECRET "\n");
	tu_put(*top, "out/claude/CLAUDE.md", SECRET "\n");
	tu_put(*top, "out/claude/commands/x.md", SECRET "\n");
	tu_mkdir_at(home, "docs");
	tu_put(home, "docs/ok.md", "ok\n");
	tu_put(home, "docs/ok2.md", "ok2\n");
	tu_mkdir_at(home, ".ssh");
	tu_put(home, ".ssh/config", SECRET "\n");
	tu_mkdir_at(home, ".claude");
	tu_put(home, ".claude/.credentials.json", SECRET "\n");
	return home;
}

static void
test_seed_path_links(void **state)
{
	struct strvec notes = STRVEC_INIT;
	struct seed_list l;
	char *top, *home, *cause = NULL, *p, *dst, *out;

	(void)state;
	home = world(&top);
	out = tu_at(top, "out");
	p = tu_at(top, "out/leak.md");
	tu_link_at(home, p, "link-out.md");
	free(p);
	tu_link_at(home, "link-out.md", "chain-out.md");
	tu_link_at(home, "docs/ok.md", "link-in.md");
	tu_link_at(home, ".claude/.credentials.json", "harmless.md");
	tu_link_at(home, "loop2", "loop1");
	tu_link_at(home, "loop1", "loop2");
	tu_link_at(home, "self", "self");
	tu_link_at(home, "nowhere", "dangling");
	tu_link_at(home, out, "mid");
	tu_link_at(home, "docs", "midin");
	tu_link_at(home, ".ssh", "sshlink");
	p = tu_at(home, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	assert_int_equal(seed_plan("claude", 0, "link-out.md,chain-out.md,"
	    "link-in.md,harmless.md,loop1,self,dangling,mid/leak.md,"
	    "midin/ok2.md,sshlink/config,fifo", home, &l, &notes, &cause), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].label, "~/link-in.md");
	assert_string_equal(l.v[0].base, "link-in.md");
	assert_string_equal(l.v[0].dest_dir, "/home/agent");
	assert_non_null(strstr(l.v[0].real, "/home/docs/ok.md"));
	assert_string_equal(l.v[1].label, "~/midin/ok2.md");
	assert_string_equal(l.v[1].dest_dir, "/home/agent/midin");
	assert_true(tu_has_line(&notes, "'~/link-out.md': it resolves to"));
	assert_true(tu_has_line(&notes, "'~/chain-out.md': it resolves to"));
	assert_true(tu_has_line(&notes, "'~/mid/leak.md': it resolves to"));
	assert_true(tu_has_line(&notes, "outside $HOME"));
	assert_true(tu_has_line(&notes, "'~/harmless.md': it resolves to"));
	assert_true(tu_has_line(&notes, "'~/sshlink/config'"));
	assert_true(tu_has_line(&notes, "'~/loop1': Too many levels"));
	assert_true(tu_has_line(&notes, "'~/self': Too many levels"));
	assert_true(tu_has_line(&notes, "'~/dangling'"));
	assert_true(tu_has_line(&notes, "'~/fifo': not a regular file"));
	/* Copied from where it resolves, under the name it was given. */
	dst = tu_at(top, "link-in.md");
	assert_int_equal(seed_stage(l.v[0].real, l.v[0].label, dst, &notes,
	    &cause), 0);
	assert_int_equal(access(dst, R_OK), 0);
	free(dst);
	seed_list_clear(&l);
	strvec_clear(&notes);
	free(out);
	free(home);
	tu_rmrf(top);
	free(top);
}

/* $HOME/.claude is itself a symlink: the curated files follow it. */
static void
plan_claude(const char *home, const char *target, struct seed_list *l,
    struct strvec *notes)
{
	char *cause = NULL, *p = tu_at(home, ".claude");

	tu_rmrf(p);
	assert_int_equal(symlink(target, p), 0);
	free(p);
	assert_int_equal(seed_plan("claude", 1, "", home, l, notes, &cause),
	    0);
}

static void
test_curated_dir_link(void **state)
{
	struct strvec notes = STRVEC_INIT;
	struct seed_list l;
	char *top, *home, *p;

	(void)state;
	home = world(&top);
	p = tu_at(top, "out/claude");
	plan_claude(home, p, &l, &notes);
	free(p);
	assert_int_equal(l.n, 0);
	assert_true(tu_has_line(&notes, "'~/.claude/CLAUDE.md': it resolves"));
	assert_true(tu_has_line(&notes, "'~/.claude/commands': it resolves"));
	assert_false(tu_has_line(&notes, "agents"));	/* missing: silent */
	seed_list_clear(&l);
	strvec_clear(&notes);
	/* Inside $HOME it is fine. */
	tu_mkdir_at(home, "dotfiles");
	tu_put(home, "dotfiles/CLAUDE.md", "be careful\n");
	plan_claude(home, "dotfiles", &l, &notes);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].label, "~/.claude/CLAUDE.md");
	assert_string_equal(l.v[0].dest_dir, "/home/agent/.claude");
	assert_non_null(strstr(l.v[0].real, "/home/dotfiles/CLAUDE.md"));
	seed_list_clear(&l);
	strvec_clear(&notes);
	/* Onto a refused name inside $HOME it is not. */
	tu_put(home, ".ssh/CLAUDE.md", SECRET "\n");
	plan_claude(home, ".ssh", &l, &notes);
	assert_int_equal(l.n, 0);
	assert_true(tu_has_line(&notes, "looks like credentials"));
	seed_list_clear(&l);
	strvec_clear(&notes);
	free(home);
	tu_rmrf(top);
	free(top);
}

/* HOME named through a symlink still works, and still fences. */
static void
test_home_is_link(void **state)
{
	struct strvec notes = STRVEC_INIT;
	struct seed_list l;
	char *top, *home, *cause = NULL, *lhome, *list;

	(void)state;
	home = world(&top);
	lhome = tu_at(top, "homelink");
	assert_int_equal(symlink(home, lhome), 0);
	list = xasprintf("docs/ok.md,%s/docs/ok2.md,%s/.ssh/config", lhome,
	    lhome);
	assert_int_equal(seed_plan("claude", 0, list, lhome, &l, &notes,
	    &cause), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].label, "~/docs/ok2.md");
	assert_true(tu_has_line(&notes, "'~/.ssh/config'"));
	seed_list_clear(&l);
	strvec_clear(&notes);
	free(list);
	free(lhome);
	free(home);
	tu_rmrf(top);
	free(top);
}

static void
test_links_in_directory(void **state)
{
	struct strvec notes = STRVEC_INIT;
	struct stat st;
	char *top, *home, *src, *dst, *cause = NULL, *leak, *p;
	static const char *const gone[] = {
		"abs-out.md", "rel-out.md", "dir-out", "loop-a", "loop-b",
		"self", "up", "here", "chain.md", "env.md", "sub/ssh.md", NULL
	};
	size_t i;

	(void)state;
	home = world(&top);
	src = tu_at(home, "docs");
	tu_mkdir_at(src, "sub");
	tu_put(src, "sub/deep.md", "deep\n");
	tu_put(src, ".env", SECRET "\n");
	p = tu_at(top, "out/leak.md");
	tu_link_at(src, p, "abs-out.md");
	free(p);
	tu_link_at(src, "../../out/leak.md", "rel-out.md");
	tu_link_at(src, "../../out/claude", "dir-out");
	tu_link_at(src, "loop-b", "loop-a");
	tu_link_at(src, "loop-a", "loop-b");
	tu_link_at(src, "self", "self");
	tu_link_at(src, "..", "up");
	tu_link_at(src, ".", "here");
	tu_link_at(src, "rel-out.md", "chain.md");
	tu_link_at(src, ".env", "env.md");
	tu_link_at(src, "../../.ssh/config", "sub/ssh.md");
	tu_link_at(src, "sub/deep.md", "in.md");
	tu_link_at(src, "sub", "in-dir");
	dst = tu_at(top, "stage");
	assert_int_equal(seed_stage(src, "~/docs", dst, &notes, &cause), 0);
	if ((leak = tu_tree_leak(dst, SECRET)) != NULL)
		fail_msg("leaked through '%s'", leak);
	for (i = 0; gone[i] != NULL; i++) {
		p = tu_at(dst, gone[i]);
		if (lstat(p, &st) == 0)
			fail_msg("'%s' is in the copy", gone[i]);
		free(p);
	}
	p = tu_at(dst, "in.md");
	assert_int_equal(access(p, R_OK), 0);
	free(p);
	p = tu_at(dst, "in-dir/deep.md");
	assert_int_equal(access(p, R_OK), 0);
	free(p);
	assert_true(tu_has_line(&notes, "'~/docs/loop-a': a symlink loop"));
	assert_true(tu_has_line(&notes, "'~/docs/abs-out.md': a symlink leading"));
	strvec_clear(&notes);
	free(dst);
	free(src);
	free(home);
	tu_rmrf(top);
	free(top);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_path_links),
		cmocka_unit_test(test_curated_dir_link),
		cmocka_unit_test(test_home_is_link),
		cmocka_unit_test(test_links_in_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
