/*
 * Interruption: while armed, SIGINT, SIGTERM and SIGHUP are recorded
 * instead of killing us, signals ignored at start stay ignored, a child's
 * death by one of them counts as ours, SIGTERM for us alone reaches the
 * running child, nothing new starts afterwards, and the re-raised signal
 * is a real signal death.  Disarmed, nothing changes.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/interrupt.h"
#include "base/spawn.h"
#include "testutil.h"

static const struct spawner sp = { 0, 0, NULL, NULL, 0 };

/* Run sh -c script; 0 or -1 as proc_run, status and cause filled. */
static int
run_sh(const char *script, int flags, int *status, char **cause)
{
	struct proc p = PROC_INIT;
	int rc;

	strvec_pushl(&p.args, "sh", "-c", script, NULL);
	p.flags = flags;
	rc = proc_run(&sp, &p, cause);
	*status = p.status;
	proc_clear(&p);
	return rc;
}

static void
test_disarmed_records_nothing(void **state)
{
	char *cause = NULL;
	int status;

	(void)state;
	intr_child_died(SIGINT);
	assert_int_equal(intr_pending(), 0);
	/* A child killed by SIGTERM is only a status. */
	assert_int_equal(run_sh("kill -TERM $$", 0, &status, &cause), 0);
	assert_int_equal(status, 128 + SIGTERM);
	assert_int_equal(intr_pending(), 0);
	assert_int_equal(run_sh("exit 3", 0, &status, &cause), 0);
	assert_int_equal(status, 3);
	intr_reraise();		/* nothing recorded: returns */
}

static void
test_signal_recorded_and_handlers_restored(void **state)
{
	struct sigaction sa;
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		intr_arm();
		assert_int_equal(intr_pending(), 0);
		raise(sigs[i]);
		assert_int_equal(intr_pending(), sigs[i]);
		/* The first one counts. */
		raise(SIGTERM);
		assert_int_equal(intr_pending(), sigs[i]);
		intr_disarm();
		sigaction(sigs[i], NULL, &sa);
		assert_true(sa.sa_handler == SIG_DFL);
	}
	/* Arming again forgets the old one. */
	intr_arm();
	assert_int_equal(intr_pending(), 0);
	intr_disarm();
}

static void
test_ignored_stays_ignored(void **state)
{
	struct sigaction sa;

	(void)state;
	signal(SIGHUP, SIG_IGN);
	intr_arm();
	raise(SIGHUP);
	assert_int_equal(intr_pending(), 0);
	intr_disarm();
	sigaction(SIGHUP, NULL, &sa);
	assert_true(sa.sa_handler == SIG_IGN);
	signal(SIGHUP, SIG_DFL);
}

static void
test_nothing_starts_after(void **state)
{
	char *cause = NULL;
	int status = 0;

	(void)state;
	intr_arm();
	raise(SIGTERM);
	assert_int_equal(run_sh("exit 0", 0, &status, &cause), -1);
	assert_non_null(strstr(cause, "interrupted"));
	assert_non_null(strstr(cause, "'sh' was not run"));
	free(cause);
	/* Cleanup still runs, and is not sent the signal. */
	assert_int_equal(run_sh("sleep 0.2; exit 4", PROC_CLEANUP, &status,
	    &cause), 0);
	assert_int_equal(status, 4);
	intr_disarm();
}

static void
test_child_death_counts(void **state)
{
	char *cause = NULL;
	int status;

	(void)state;
	intr_arm();
	/* Not a signal death: nothing recorded. */
	assert_int_equal(run_sh("exit 130", 0, &status, &cause), 0);
	assert_int_equal(status, 130);
	assert_int_equal(intr_pending(), 0);
	/* A SIGPIPE death is the child's own business. */
	assert_int_equal(run_sh("kill -PIPE $$", 0, &status, &cause), 0);
	assert_int_equal(status, 128 + SIGPIPE);
	assert_int_equal(intr_pending(), 0);
	/* The ^C the terminal sent the child too. */
	assert_int_equal(run_sh("kill -INT $$", 0, &status, &cause), 0);
	assert_int_equal(status, 128 + SIGINT);
	assert_int_equal(intr_pending(), SIGINT);
	intr_disarm();
}

/* SIGTERM for us alone goes on to the child, which would sleep long. */
static void
test_sigterm_forwarded(void **state)
{
	char *cause = NULL;
	int status;

	(void)state;
	intr_arm();
	assert_int_equal(run_sh("kill -TERM $PPID; exec sleep 60", 0, &status,
	    &cause), 0);
	assert_int_equal(status, 128 + SIGTERM);
	assert_int_equal(intr_pending(), SIGTERM);
	intr_disarm();
}

/* pid exists and is no zombie (where nothing reaps orphans, one lingers). */
static int
alive(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return kill(pid, 0) == 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] == '\0')
		return 0;
	return p[2] != 'Z';
}

/*
 * The child dies of the forwarded signal but leaves a process holding
 * its captured output: proc_run returns while that one still lives.
 */
static void
test_leftover_holds_pipe(void **state)
{
	char *dir = tu_mkdtemp(), *script, *cause = NULL, line[32];
	FILE *f;
	pid_t left = 0;
	int status;

	(void)state;
	script = xasprintf("sleep 60 & echo $! >'%s/pid'; kill -TERM $PPID; "
	    "wait", dir);
	intr_arm();
	assert_int_equal(run_sh(script, PROC_CAPTURE | PROC_CAPTURE_ERR,
	    &status, &cause), 0);
	assert_int_equal(status, 128 + SIGTERM);
	intr_disarm();
	free(script);
	script = xasprintf("%s/pid", dir);
	assert_non_null(f = fopen(script, "r"));
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	left = (pid_t)atoi(line);
	assert_true(left > 0);
	/* Still running: we did not wait for it. */
	assert_true(alive(left));
	kill(left, SIGKILL);
	free(script);
	tu_rmrf(dir);
	free(dir);
}

static void
test_reraise_is_signal_death(void **state)
{
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;
	pid_t pid;
	int st;

	(void)state;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if ((pid = fork()) == 0) {
			intr_arm();
			raise(sigs[i]);
			intr_reraise();
			_exit(0);
		}
		assert_true(pid > 0);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		assert_true(WIFSIGNALED(st));
		assert_int_equal(WTERMSIG(st), sigs[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disarmed_records_nothing),
		cmocka_unit_test(test_signal_recorded_and_handlers_restored),
		cmocka_unit_test(test_ignored_stays_ignored),
		cmocka_unit_test(test_nothing_starts_after),
		cmocka_unit_test(test_child_death_counts),
		cmocka_unit_test(test_sigterm_forwarded),
		cmocka_unit_test(test_leftover_holds_pipe),
		cmocka_unit_test(test_reraise_is_signal_death),
	};

	/*
	 * A runner that starts us in the background (valgrind.sh, a shell's
	 * "&") leaves SIGINT ignored, and an ignored signal rightly stays
	 * ignored; these tests need the default dispositions to begin with.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
