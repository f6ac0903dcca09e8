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

#include "airlock/seed.h"
#include "airlock/strvec.h"
#include "testutil.h"

#define SECRET	"s3cret-marker"

static char *
at(const char *dir, const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

static void
put(const char *dir, const char *rel, const char *text)
{
	char *p = at(dir, rel);

	tu_write(p, text);
	free(p);
}

static void
mkdirs(const char *dir, const char *rel)
{
	char *p = at(dir, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void
link_at(const char *dir, const char *target, const char *rel)
{
	char *p = at(dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int
has_note(const struct strvec *notes, const char *needle)
{
	size_t i;

	for (i = 0; i < notes->n; i++)
		if (strstr(notes->v[i], needle) != NULL)
			return 1;
	return 0;
}

/* top/home with docs/ and .claude/, top/out with secrets. */
static char *
world(char **top)
{
	char *home;

	*top = tu_mkdtemp();
	home = at(*top, "home");
	assert_int_equal(mkdir(home, 0755), 0);
	mkdirs(*top, "out");
	mkdirs(*top, "out/claude");
	mkdirs(*top, "out/claude/commands");
	put(*top, "out/leak.md", SECRET "\n");
	put(*top, "out/claude/CLAUDE.md", SECRET "\n");
	put(*top, "out/claude/commands/x.md", SECRET "\n");
	mkdirs(home, "docs");
	put(home, "docs/ok.md", "ok\n");
	put(home, "docs/ok2.md", "ok2\n");
	mkdirs(home, ".ssh");
	put(home, ".ssh/config", SECRET "\n");
	mkdirs(home, ".claude");
	put(home, ".claude/.credentials.json", SECRET "\n");
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
	out = at(top, "out");
	p = at(top, "out/leak.md");
	link_at(home, p, "link-out.md");
	free(p);
	link_at(home, "link-out.md", "chain-out.md");
	link_at(home, "docs/ok.md", "link-in.md");
	link_at(home, ".claude/.credentials.json", "harmless.md");
	link_at(home, "loop2", "loop1");
	link_at(home, "loop1", "loop2");
	link_at(home, "self", "self");
	link_at(home, "nowhere", "dangling");
	link_at(home, out, "mid");
	link_at(home, "docs", "midin");
	link_at(home, ".ssh", "sshlink");
	p = at(home, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	assert_int_equal(seed_plan("claude", 0, "link-out.md,chain-out.md,"
	    "link-in.md,harmless.md,loop1,self,dangling,mid/leak.md,"
	    "midin/ok2.md,sshlink/config,fifo", home, &l, &notes, &cause), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].label, "~/link-in.md");
	assert_string_equal(l.v[0].base, "link-in.md");
	assert_string_equal(l.v[0].dest_dir, "/home/user");
	assert_non_null(strstr(l.v[0].real, "/home/docs/ok.md"));
	assert_string_equal(l.v[1].label, "~/midin/ok2.md");
	assert_string_equal(l.v[1].dest_dir, "/home/user/midin");
	assert_true(has_note(&notes, "'~/link-out.md': it resolves to"));
	assert_true(has_note(&notes, "'~/chain-out.md': it resolves to"));
	assert_true(has_note(&notes, "'~/mid/leak.md': it resolves to"));
	assert_true(has_note(&notes, "outside $HOME"));
	assert_true(has_note(&notes, "'~/harmless.md': it resolves to"));
	assert_true(has_note(&notes, "'~/sshlink/config'"));
	assert_true(has_note(&notes, "'~/loop1': Too many levels"));
	assert_true(has_note(&notes, "'~/self': Too many levels"));
	assert_true(has_note(&notes, "'~/dangling'"));
	assert_true(has_note(&notes, "'~/fifo': not a regular file"));
	/* Copied from where it resolves, under the name it was given. */
	dst = at(top, "link-in.md");
	assert_int_equal(seed_stage(l.v[0].real, l.v[0].label, dst, &notes,
	    &cause), 0);
	assert_int_equal(access(dst, R_OK), 0);
	free(dst);
	seed_list_free(&l);
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
	char *cause = NULL, *p = at(home, ".claude");

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
	p = at(top, "out/claude");
	plan_claude(home, p, &l, &notes);
	free(p);
	assert_int_equal(l.n, 0);
	assert_true(has_note(&notes, "'~/.claude/CLAUDE.md': it resolves"));
	assert_true(has_note(&notes, "'~/.claude/commands': it resolves"));
	assert_false(has_note(&notes, "agents"));	/* missing: silent */
	seed_list_free(&l);
	strvec_clear(&notes);
	/* Inside $HOME it is fine. */
	mkdirs(home, "dotfiles");
	put(home, "dotfiles/CLAUDE.md", "be careful\n");
	plan_claude(home, "dotfiles", &l, &notes);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].label, "~/.claude/CLAUDE.md");
	assert_string_equal(l.v[0].dest_dir, "/home/user/.claude");
	assert_non_null(strstr(l.v[0].real, "/home/dotfiles/CLAUDE.md"));
	seed_list_free(&l);
	strvec_clear(&notes);
	/* Onto a refused name inside $HOME it is not. */
	put(home, ".ssh/CLAUDE.md", SECRET "\n");
	plan_claude(home, ".ssh", &l, &notes);
	assert_int_equal(l.n, 0);
	assert_true(has_note(&notes, "looks like credentials"));
	seed_list_free(&l);
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
	lhome = at(top, "homelink");
	assert_int_equal(symlink(home, lhome), 0);
	list = xasprintf("docs/ok.md,%s/docs/ok2.md,%s/.ssh/config", lhome,
	    lhome);
	assert_int_equal(seed_plan("claude", 0, list, lhome, &l, &notes,
	    &cause), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].label, "~/docs/ok2.md");
	assert_true(has_note(&notes, "'~/.ssh/config'"));
	seed_list_free(&l);
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
	src = at(home, "docs");
	mkdirs(src, "sub");
	put(src, "sub/deep.md", "deep\n");
	put(src, ".env", SECRET "\n");
	p = at(top, "out/leak.md");
	link_at(src, p, "abs-out.md");
	free(p);
	link_at(src, "../../out/leak.md", "rel-out.md");
	link_at(src, "../../out/claude", "dir-out");
	link_at(src, "loop-b", "loop-a");
	link_at(src, "loop-a", "loop-b");
	link_at(src, "self", "self");
	link_at(src, "..", "up");
	link_at(src, ".", "here");
	link_at(src, "rel-out.md", "chain.md");
	link_at(src, ".env", "env.md");
	link_at(src, "../../.ssh/config", "sub/ssh.md");
	link_at(src, "sub/deep.md", "in.md");
	link_at(src, "sub", "in-dir");
	dst = at(top, "stage");
	assert_int_equal(seed_stage(src, "~/docs", dst, &notes, &cause), 0);
	if ((leak = tu_tree_leak(dst, SECRET)) != NULL)
		fail_msg("leaked through '%s'", leak);
	for (i = 0; gone[i] != NULL; i++) {
		p = at(dst, gone[i]);
		if (lstat(p, &st) == 0)
			fail_msg("'%s' is in the copy", gone[i]);
		free(p);
	}
	p = at(dst, "in.md");
	assert_int_equal(access(p, R_OK), 0);
	free(p);
	p = at(dst, "in-dir/deep.md");
	assert_int_equal(access(p, R_OK), 0);
	free(p);
	assert_true(has_note(&notes, "'~/docs/loop-a': a symlink loop"));
	assert_true(has_note(&notes, "'~/docs/abs-out.md': a symlink leading"));
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
