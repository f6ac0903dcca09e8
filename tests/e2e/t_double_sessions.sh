#!/usr/bin/env bash
#
# The sbx double's sessions and idle auto-stop (SPEC.md section 1): a
# sandbox stops a grace period after its last run or exec session ended,
# its git daemon with it, so a fetch or a series of copies that keeps no
# session open can lose the sandbox midway, and one that does cannot.
# Needs no code-airlock binary.

E2E_NEEDS_AIRLOCK=0
. "$(dirname "$0")/../lib/e2e.sh"

make_repo "$T/repo"
R=$T/repo

# hold NAME: a session held open in the background (pid in $HOLD), once
# the sandbox runs (the command's first line is out).
hold()
{
	: >"$T/hold.out"
	sbx exec "$1" sh -c 'echo ready; exec sleep 30' >"$T/hold.out" &
	HOLD=$!
	for ((i = 0; i < 200; i++)); do
		[[ -s $T/hold.out ]] && return 0
		sleep 0.05
	done
	fail "the held session never started"
}

# wait_status NAME STATUS: poll `sbx ls` (up to 10 s); 1 if never.
wait_status()
{
	local i
	for ((i = 0; i < 200; i++)); do
		sbx ls | grep -Eq "^$1 +[a-z]+ +$2 " && return 0
		sleep 0.05
	done
	return 1
}

export SBX_DOUBLE_GRACE=0.5

t "an idle sandbox stops a grace period after its last session"
run_cmd sbx run --clone --name box claude "$R"
assert_rc 0
wait_status box stopped || fail "still running"
assert_eq "" "$(daemon_pids)" "its git daemon stopped too"
run_cmd git -C "$R" fetch sandbox-box
assert_rc 128

t "a session held open keeps it running past the grace period"
hold box
hold=$HOLD
assert_eq ready "$(cat "$T/hold.out")"
assert_eq 1 "$(sbx __sessions box)"
sleep 1.2
sbx ls | grep -Eq '^box +claude +running ' || fail "stopped while held"
run_cmd git -C "$R" fetch sandbox-box
assert_rc 0
kill "$hold"
wait "$hold" 2>/dev/null || true
wait_status box stopped || fail "still running after the session ended"
assert_eq 0 "$(sbx __sessions box)"

t "a slow fetch without a session loses the daemon midway"
SBX_DOUBLE_SERVE_DELAY=1.5 run_cmd sbx exec box true
assert_rc 0
run_cmd git -C "$R" fetch sandbox-box
assert_rc 128
wait_status box stopped || fail "still running"

t "the same fetch with a session held open succeeds"
SBX_DOUBLE_SERVE_DELAY=1.5 hold box
hold=$HOLD
run_cmd git -C "$R" fetch sandbox-box
assert_rc 0
kill "$hold"
wait "$hold" 2>/dev/null || true

t "with a grace of 0 the sandbox stops as its last session ends"
SBX_DOUBLE_GRACE=0 run_cmd sbx exec box mkdir -p /home/agent/x
assert_rc 0
sbx ls | grep -Eq '^box +claude +stopped ' || fail "still running"
printf 'f\n' >"$T/f"
run_cmd sbx cp "$T/f" box:/home/agent/x
assert_rc 1 "a copy after the session ended"
assert_eq "ERROR: sandbox 'box' is not running" "$ERR"

t "a sandbox that vanishes midway (SBX_DOUBLE_VANISH=once) does so once"
SBX_DOUBLE_GRACE=30 SBX_DOUBLE_VANISH=once run_cmd sbx exec box true
assert_rc 0
run_cmd git -C "$R" fetch sandbox-box
assert_rc 128
wait_status box stopped || fail "still running after the crash"
SBX_DOUBLE_GRACE=30 SBX_DOUBLE_VANISH=once run_cmd sbx exec box true
run_cmd git -C "$R" fetch sandbox-box
assert_rc 0 "the second start serves"

t "stop ends every session; the session processes are gone"
hold box
hold=$HOLD
run_cmd sbx stop box
assert_rc 0
wait "$hold" 2>/dev/null || true
! pid_alive "$hold" || fail "the session survived sbx stop"
assert_eq 0 "$(sbx __sessions box)"

t "a session does not hold the caller's pipes after it ends"
run_cmd sbx exec box true
# $(...) returns only once every writer of its pipe is gone: the daemon
# and the watcher that exec started must not be among them.
out=$(timeout 20 sbx exec box echo done) || fail "exec did not return"
assert_eq done "$out"

finish
