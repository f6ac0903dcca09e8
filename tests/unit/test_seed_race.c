/*
 * Seeding: files that change between the check and the copy.  The hook
 * of seed_int.h runs in that window and swaps a checked file or directory
 * for a symlink to a secret outside $HOME, for a fifo, or swaps a directory
 * in the middle of the item's path; the secret must never reach the
 * staging copy and nothing may block.  Special files found in place (fifo,
 * socket, device when root) are left behind without being opened.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include <errno.h>
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
#include "services/seed/seed_int.h"

#define SECRET	"s3cret-marker"

/* The world of one test and what its hook does. */
struct world {
	char		*top;		/* the temporary directory */
	char		*home;		/* top/home */
	char		*out;		/* top/out: outside home, secrets */
	char		*dst;		/* where the staging copy goes */
	const char	*when;		/* the hook acts for this rel */
	void		(*swap)(struct world *);
	char		*victim;	/* absolute path the swap replaces */
	int		 fired;
};

/* The hook has no argument to carry a context in; tests run one by one. */
static struct world *cur;

static void
hook(const char *rel)
{
	if (cur != NULL && !cur->fired && strcmp(rel, cur->when) == 0) {
		cur->fired = 1;
		cur->swap(cur);
	}
}

/* home/.claude/commands/{a.md,sub/b.md}; out/ holds the secrets. */
static int
setup(void **state)
{
	struct world *w = xcalloc(1, sizeof(*w));

	w->top = tu_mkdtemp();
	w->home = tu_at(w->top, "home");
	w->out = tu_at(w->top, "out");
	w->dst = tu_at(w->top, "stage");
	assert_int_equal(mkdir(w->home, 0755), 0);
	assert_int_equal(mkdir(w->out, 0755), 0);
	tu_put(w->out, "secret.md", SECRET " file\n");
	tu_mkdir_at(w->out, "commands");
	tu_put(w->out, "commands/a.md", SECRET " dir\n");
	tu_mkdir_at(w->home, ".claude");
	tu_mkdir_at(w->home, ".claude/commands");
	tu_mkdir_at(w->home, ".claude/commands/sub");
	tu_put(w->home, ".claude/CLAUDE.md", "be careful\n");
	tu_put(w->home, ".claude/commands/a.md", "fine\n");
	tu_put(w->home, ".claude/commands/sub/b.md", "fine too\n");
	cur = w;
	seed_race_hook = hook;
	*state = w;
	/* An open blocked on a fifo ends the run instead of hanging it. */
	alarm(120);
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;

	alarm(0);
	seed_race_hook = NULL;
	cur = NULL;
	tu_rmrf(w->top);
	free(w->victim);
	free(w->dst);
	free(w->out);
	free(w->home);
	free(w->top);
	free(w);
	return 0;
}

static void
to_secret_link(struct world *w)
{
	char *target = tu_at(w->out, "secret.md");

	assert_int_equal(unlink(w->victim), 0);
	assert_int_equal(symlink(target, w->victim), 0);
	free(target);
}

static void
to_fifo(struct world *w)
{
	assert_int_equal(unlink(w->victim), 0);
	assert_int_equal(mkfifo(w->victim, 0600), 0);
}

/* A directory becomes a symlink to a directory outside. */
static void
dir_to_link(struct world *w)
{
	char *aside = xasprintf("%s.aside", w->victim);
	char *target = tu_at(w->out, "commands");

	assert_int_equal(rename(w->victim, aside), 0);
	assert_int_equal(symlink(target, w->victim), 0);
	free(target);
	free(aside);
}

/* Stage ~/REL after arming the hook; returns seed_stage's result. */
static int
stage(struct world *w, const char *rel, const char *when,
    void (*swap)(struct world *), const char *victim, struct strvec *notes,
    char **cause)
{
	char *src = tu_at(w->home, rel), *label = xasprintf("~/%s", rel);
	int rc;

	w->when = when;
	w->swap = swap;
	w->victim = tu_at(w->home, victim);
	rc = seed_stage(src, label, w->dst, notes, cause);
	assert_true(w->fired);
	free(label);
	free(src);
	return rc;
}

static void
assert_no_leak(struct world *w)
{
	struct stat st;
	char *leak;

	if (lstat(w->dst, &st) < 0)
		return;		/* nothing staged at all */
	if ((leak = tu_tree_leak(w->dst, SECRET)) != NULL)
		fail_msg("the secret reached '%s'", leak);
}

static void
test_entry_becomes_link(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL, *p;

	assert_int_equal(stage(w, ".claude/commands", "a.md", to_secret_link,
	    ".claude/commands/a.md", &notes, &cause), 0);
	assert_no_leak(w);
	p = tu_at(w->dst, "sub/b.md");
	assert_int_equal(access(p, R_OK), 0);	/* the rest went on */
	free(p);
	assert_true(tu_has_line(&notes, "'~/.claude/commands/a.md': it changed"));
	strvec_clear(&notes);
}

static void
test_entry_becomes_fifo(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL, *p;

	assert_int_equal(stage(w, ".claude/commands", "a.md", to_fifo,
	    ".claude/commands/a.md", &notes, &cause), 0);
	p = tu_at(w->dst, "a.md");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	assert_true(tu_has_line(&notes, "'~/.claude/commands/a.md': it changed"));
	strvec_clear(&notes);
}

static void
test_subdir_becomes_link(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL;

	assert_int_equal(stage(w, ".claude/commands", "sub", dir_to_link,
	    ".claude/commands/sub", &notes, &cause), 0);
	assert_no_leak(w);
	assert_true(tu_has_line(&notes, "'~/.claude/commands/sub'"));
	strvec_clear(&notes);
}

static void
test_item_file_becomes_link(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL;

	assert_int_equal(stage(w, ".claude/CLAUDE.md", "", to_secret_link,
	    ".claude/CLAUDE.md", &notes, &cause), -1);
	assert_no_leak(w);
	assert_int_equal(access(w->dst, F_OK), -1);
	assert_non_null(strstr(cause, "it changed after it was checked"));
	free(cause);
	strvec_clear(&notes);
}

static void
test_item_dir_becomes_link(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL;

	assert_int_equal(stage(w, ".claude/commands", "", dir_to_link,
	    ".claude/commands", &notes, &cause), -1);
	assert_no_leak(w);
	free(cause);
	strvec_clear(&notes);
}

/* ~/.claude itself, above the item, becomes a symlink to out/commands. */
static void
test_middle_becomes_link(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL;

	tu_put(w->out, "commands/CLAUDE.md", SECRET " middle\n");
	assert_int_equal(stage(w, ".claude/CLAUDE.md", "", dir_to_link,
	    ".claude", &notes, &cause), -1);
	assert_no_leak(w);
	assert_non_null(strstr(cause, "it changed after it was checked"));
	free(cause);
	strvec_clear(&notes);
}

static void
test_item_becomes_fifo(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	char *cause = NULL;

	assert_int_equal(stage(w, ".claude/CLAUDE.md", "", to_fifo,
	    ".claude/CLAUDE.md", &notes, &cause), -1);
	assert_non_null(strstr(cause, "not a regular file or directory"));
	free(cause);
	strvec_clear(&notes);
}

/* Found in place: left behind with a note, never opened. */
static void
test_special_files(void **state)
{
	struct world *w = *state;
	struct strvec notes = STRVEC_INIT;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char *cause = NULL, *src, *p;
	int s;

	seed_race_hook = NULL;
	src = tu_at(w->home, ".claude/commands");
	p = tu_at(src, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	p = tu_at(src, "sock");
	assert_true(strlen(p) < sizeof(sa.sun_path));
	strcpy(sa.sun_path, p);
	assert_true((s = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	free(p);
	p = tu_at(src, "null");
	if (mknod(p, S_IFCHR | 0600, makedev(1, 3)) < 0)
		assert_true(errno == EPERM);	/* not root: no device */
	free(p);
	assert_int_equal(seed_stage(src, "~/.claude/commands", w->dst, &notes,
	    &cause), 0);
	close(s);
	assert_true(tu_has_line(&notes, "commands/fifo': not a regular file"));
	assert_true(tu_has_line(&notes, "commands/sock': not a regular file"));
	p = tu_at(w->dst, "fifo");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	p = tu_at(w->dst, "null");
	assert_int_equal(access(p, F_OK), -1);
	free(p);
	p = tu_at(w->dst, "a.md");
	assert_int_equal(access(p, R_OK), 0);
	free(p);
	strvec_clear(&notes);
	free(src);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_entry_becomes_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_becomes_fifo,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_subdir_becomes_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_item_file_becomes_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_item_dir_becomes_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_middle_becomes_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_item_becomes_fifo,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_special_files,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
