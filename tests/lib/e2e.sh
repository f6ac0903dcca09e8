# shellcheck shell=bash
# Shared setup for the end-to-end scenarios tests/e2e/t_*.sh.
#
# Source it first thing: it turns on strict mode, gives the test a private
# temporary world (world.sh: HOME, git identity, tmux socket dir, the sbx
# double first on PATH, and its state), cds into that world and cleans it
# all up on exit, daemons included.  A scenario then reads:
#
#	. "$(dirname "$0")/../lib/e2e.sh"
#	t "up creates the sandbox"
#	make_repo "$T/repo"; cd "$T/repo"
#	run_airlock up
#	assert_rc 0
#	finish
#
# Set E2E_NEEDS_AIRLOCK=0 before sourcing for tests that never run the
# binary, and E2E_KEEP=1 to keep the temporary directory for debugging.
# The double's machine has its network policy initialized (balanced, as
# after sbx's first-start prompt) unless E2E_POLICY=none.

set -euo pipefail
set -E

TESTS_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_DIR=$(cd "$TESTS_LIB/../e2e" && pwd)
AIRLOCK_SRC=${AIRLOCK_SRC:-$(cd "$TESTS_LIB/../.." && pwd)}
. "$TESTS_LIB/world.sh"

# The binary under test: $AIRLOCK_BIN, else AIRLOCK_SRC/build/code-airlock.
AIRLOCK=${AIRLOCK_BIN:-}
if [[ -z $AIRLOCK && -x $AIRLOCK_SRC/build/code-airlock ]]; then
	AIRLOCK=$AIRLOCK_SRC/build/code-airlock
fi
if [[ -n $AIRLOCK ]]; then
	AIRLOCK=$(cd "$(dirname "$AIRLOCK")" && pwd)/$(basename "$AIRLOCK")
fi
if [[ ${E2E_NEEDS_AIRLOCK:-1} != 0 && ! -x $AIRLOCK ]]; then
	echo "error: no code-airlock binary: set AIRLOCK_BIN or build" \
	    "$AIRLOCK_SRC/build/code-airlock" >&2
	exit 1
fi

# The misbehaving git:// server of tests/lib/hostile_git.c: $HOSTILE_GIT,
# else beside the binary under test (the build's tests/ folder).
HOSTILE_GIT=${HOSTILE_GIT:-}
if [[ -z $HOSTILE_GIT && -n $AIRLOCK ]]; then
	HOSTILE_GIT=$(dirname "$AIRLOCK")/tests/hostile-git
fi
E2E_HOSTILE_PIDS=()

# The private world: $T holds everything and goes away on exit.
T=$(mktemp -d "${TMPDIR:-/tmp}/airlock-e2e.XXXXXX")
T=$(cd "$T" && pwd -P)
world_env "$T" "Test User" test@example.com
export SBX_DOUBLE_STATE=$T/sbx
if [[ ${E2E_POLICY:-balanced} != none ]]; then
	"$SBX_DOUBLE_DIR/sbx" __policy-preset "${E2E_POLICY:-balanced}"
fi

E2E_PASSED=0
E2E_FAILED=0
E2E_CASE=''		# name of the open case, '' when none
E2E_CASE_FAILED=0
E2E_FINISHED=0
OUT='' ERR='' RC=0
OUT_FILE=$T/run.out
ERR_FILE=$T/run.err

# EXIT trap: stop every daemon and tmux server the test started, remove
# $T, and report a test that died before `finish`.
_e2e_exit()
{
	local rc=$?
	set +e
	trap - ERR
	"$SBX_DOUBLE_DIR/sbx" __stop-all >/dev/null 2>&1
	if ((${#E2E_HOSTILE_PIDS[@]})); then
		kill "${E2E_HOSTILE_PIDS[@]}" >/dev/null 2>&1
	fi
	if command -v tmux >/dev/null && [[ -d $TMUX_TMPDIR ]]; then
		tmux kill-server >/dev/null 2>&1
	fi
	if ((E2E_FINISHED == 0)); then
		if [[ -n $E2E_CASE ]]; then
			_e2e_close_case 1
		else
			E2E_FAILED=$((E2E_FAILED + 1))
		fi
		printf '# aborted (exit %d) before finish\n' "$rc"
		printf '%d passed, %d failed\n' "$E2E_PASSED" "$E2E_FAILED"
		((rc != 0)) || rc=1
	fi
	if [[ -n ${E2E_KEEP:-} ]]; then
		echo "# kept $T" >&2
	else
		rm -rf "$T"
	fi
	exit "$rc"
}
trap _e2e_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Say where a command failed before errexit ends the test.
trap 'echo "# error: \"$BASH_COMMAND\" failed (exit $?) at" \
    "${BASH_SOURCE[0]##*/}:$LINENO" >&2' ERR
cd "$T"

# ---- cases -------------------------------------------------------------

# _e2e_close_case FAILED: count the open case and print ok / not ok.
_e2e_close_case()
{
	if ((E2E_CASE_FAILED || ${1:-0})); then
		E2E_FAILED=$((E2E_FAILED + 1))
		printf 'not ok - %s\n' "$E2E_CASE"
	else
		E2E_PASSED=$((E2E_PASSED + 1))
		printf 'ok - %s\n' "$E2E_CASE"
	fi
	E2E_CASE=''
	E2E_CASE_FAILED=0
}

# t NAME: start a test case (closing the previous one).  Every assertion
# until the next `t`, `ok` or `finish` belongs to it.
t()
{
	[[ -z $E2E_CASE ]] || _e2e_close_case
	E2E_CASE=$1
	E2E_CASE_FAILED=0
}

# ok: close the current case now (optional; `t` and `finish` do it too).
ok()
{
	[[ -z $E2E_CASE ]] || _e2e_close_case
}

# fail MESSAGE...: mark the current case failed and print why.  Returns 0
# so that the test goes on to its next checks.
fail()
{
	printf '#   FAIL [%s] %s\n' "${E2E_CASE:-?}" "$*"
	if [[ -z $E2E_CASE ]]; then
		E2E_CASE="(outside any case)"
	fi
	E2E_CASE_FAILED=1
}

# finish: close the last case, print "N passed, N failed" alone on a line
# and exit 1 if anything failed or no case ran at all.
finish()
{
	[[ -z $E2E_CASE ]] || _e2e_close_case
	E2E_FINISHED=1
	printf '%d passed, %d failed\n' "$E2E_PASSED" "$E2E_FAILED"
	if ((E2E_FAILED > 0 || E2E_PASSED == 0)); then
		exit 1
	fi
	exit 0
}

# ---- running things ----------------------------------------------------

# run_cmd CMD [ARGS...]: run a command with stdin from /dev/null (never a
# terminal) or from $E2E_STDIN when set to a file; put its stdout, stderr
# and exit status in $OUT, $ERR, $RC (and files $OUT_FILE, $ERR_FILE).
# Never aborts the test, whatever the status.
run_cmd()
{
	RC=0
	"$@" <"${E2E_STDIN:-/dev/null}" >"$OUT_FILE" 2>"$ERR_FILE" || RC=$?
	OUT=$(cat "$OUT_FILE")
	ERR=$(cat "$ERR_FILE")
}

# run_airlock ARGS...: run_cmd with the code-airlock binary.
run_airlock()
{
	if [[ ! -x $AIRLOCK ]]; then
		echo "error: run_airlock needs AIRLOCK_BIN" >&2
		exit 1
	fi
	run_cmd "$AIRLOCK" "$@"
}

# calls_log: print the double's call log, one quoted argv per line
# ("sbx run --clone --name x claude /path -- -p 'a task'"), quoted like
# the --dry-run echo without its "+ ".
calls_log()
{
	cat "$SBX_DOUBLE_STATE/calls.log" 2>/dev/null || true
}

# calls_reset: empty the call log, to look at one step's calls only.
calls_reset()
{
	mkdir -p "$SBX_DOUBLE_STATE"
	: >"$SBX_DOUBLE_STATE/calls.log"
}

# daemon_pids: pids of the git daemons of this test's sbx double.
daemon_pids()
{
	pgrep -f -- "--base-path=$SBX_DOUBLE_STATE/" || true
}

# pid_alive PID: the process exists and is not a zombie (where nothing
# reaps orphans, a killed daemon can linger as one).
pid_alive()
{
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	[[ ${s%% *} != Z ]]
}

# hostile_start [-p PORT] MODE [ARGS...]: start a misbehaving git://
# server (tests/lib/hostile_git.c) on 127.0.0.1, on a free port or PORT; its
# port in $HOSTILE_PORT, its pid in $HOSTILE_PID.  It and every child it
# forked end when the test does (or with hostile_stop).
hostile_start()
{
	local out=$T/hostile.$RANDOM i
	[[ -x $HOSTILE_GIT ]] || { echo "error: no hostile-git: set" \
	    "HOSTILE_GIT or build the tests" >&2; exit 1; }
	# Made before the server starts: the loop may read it first.
	: >"$out"
	"$HOSTILE_GIT" "$@" >"$out" 2>&1 </dev/null &
	HOSTILE_PID=$!
	E2E_HOSTILE_PIDS+=("$HOSTILE_PID")
	for ((i = 0; i < 200; i++)); do
		HOSTILE_PORT=$(head -n 1 "$out" 2>/dev/null || true)
		[[ $HOSTILE_PORT =~ ^[0-9]+$ ]] && return 0
		pid_alive "$HOSTILE_PID" || break
		sleep 0.05
	done
	echo "error: hostile-git $* did not start: $(cat "$out")" >&2
	exit 1
}

# hostile_stop: end the last server hostile_start started.
hostile_stop()
{
	kill "$HOSTILE_PID" 2>/dev/null || true
	wait "$HOSTILE_PID" 2>/dev/null || true
}

# ---- fixtures ----------------------------------------------------------

# make_repo DIR (world.sh): a git repo on main with one commit.

# commit_file DIR PATH CONTENT [MESSAGE]: write PATH (relative to the repo
# DIR) and commit it.
commit_file()
{
	mkdir -p "$(dirname "$1/$2")"
	printf '%s\n' "$3" >"$1/$2"
	git -C "$1" add -- "$2"
	git -C "$1" commit -q -m "${4:-change $2}"
}

# agent_script FILE <<'EOF' ... EOF: write an executable agent for the
# double (use it with `export SBX_DOUBLE_AGENT=FILE`).  It runs with cwd =
# the sandbox's clone, HOME = the VM's /home/agent, env SBX_NAME and
# SBX_AGENT, identity "Sandbox Agent <agent@sandbox.invalid>", and the
# agent arguments as "$@".  Without a #! line the body gets a bash one
# and strict mode.
agent_script()
{
	local body
	body=$(cat)
	if [[ $body != '#!'* ]]; then
		body=$'#!/usr/bin/env bash\nset -euo pipefail\n'$body
	fi
	printf '%s\n' "$body" >"$1"
	chmod +x "$1"
}

# ---- assertions (each marks the case failed and returns 0) ---------------

# _e2e_show LABEL TEXT: print TEXT indented, at most 40 lines.
_e2e_show()
{
	printf '#     %s:\n' "$1"
	printf '%s\n' "$2" | head -n 40 | sed 's/^/#       /'
}

# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq()
{
	[[ $1 == "$2" ]] && return 0
	fail "${3:-values differ}"
	_e2e_show expected "$1"
	_e2e_show actual "$2"
}

# assert_contains HAYSTACK NEEDLE [WHAT]: NEEDLE is a plain substring.
assert_contains()
{
	[[ $1 == *"$2"* ]] && return 0
	fail "${3:-missing text}: '$2'"
	_e2e_show in "$1"
}

# assert_not_contains HAYSTACK NEEDLE [WHAT]
assert_not_contains()
{
	[[ $1 != *"$2"* ]] && return 0
	fail "${3:-unexpected text}: '$2'"
	_e2e_show in "$1"
}

# assert_match HAYSTACK ERE [WHAT]: some line of HAYSTACK matches ERE.
assert_match()
{
	grep -Eq -- "$2" <<<"$1" && return 0
	fail "${3:-no line matches}: /$2/"
	_e2e_show in "$1"
}

# assert_rc EXPECTED [WHAT]: $RC of the last run_cmd/run_airlock; shows
# its stdout and stderr when it differs.
assert_rc()
{
	[[ $RC == "$1" ]] && return 0
	fail "${2:-exit status} is $RC, expected $1"
	_e2e_show stdout "$OUT"
	_e2e_show stderr "$ERR"
}

# assert_file_exists PATH [WHAT]
assert_file_exists()
{
	[[ -e $1 || -L $1 ]] && return 0
	fail "${2:-file missing}: $1"
}

# assert_file_missing PATH [WHAT]
assert_file_missing()
{
	[[ ! -e $1 && ! -L $1 ]] && return 0
	fail "${2:-file should not exist}: $1"
}
