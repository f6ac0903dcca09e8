#!/usr/bin/env bash
#
# A sandbox stops by itself a grace period after its last session ends,
# its git daemon with it (SPEC.md section 1).  A fetch holds a session
# open while it runs, so that the auto-stop never costs a fetch, rm's
# included; when the daemon vanishes midway all the same, the sandbox is
# started again and the fetch made once more.  The held session ends
# with the fetch, on every path.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

HOLD_RE="^sbx exec sbx-repo sh -c 'echo ready && exec sleep [0-9]+'\$"

# no_session: the held session ended with the command.
no_session()
{
	assert_eq 0 "$(sbx __sessions "$SB")" "sessions left"
}

# wait_stopped: until sbx ls says the sandbox stopped (20 s at most).
wait_stopped()
{
	local i
	for ((i = 0; i < 400; i++)); do
		sbx ls | grep -Eq "^$SB +[a-z]+ +stopped " && return 0
		sleep 0.05
	done
	fail "sandbox '$SB' never stopped"
}

new_repo repo
agent_script "$T/agent" <<'A'
printf 'work\n' >work.txt; git add work.txt; git commit -q -m "agent work"
A
new_box "$T/agent"
C=$(clone_dir)

t "a fetch slower than the grace period still succeeds"
sbx stop "$SB"
calls_reset
SBX_DOUBLE_GRACE=0.5 SBX_DOUBLE_SERVE_DELAY=2 run_airlock fetch
assert_rc 0
assert_match "$(calls_log)" "$HOLD_RE"
assert_eq "$(rev main "$C")" "$(rev "refs/sandboxes/$SB/main")"
no_session
wait_stopped

t "without the held session the same fetch fails (the double is strict)"
SBX_DOUBLE_GRACE=0.5 SBX_DOUBLE_SERVE_DELAY=2 sbx exec "$SB" true
run_cmd git fetch "$REMOTE"
assert_rc 128
wait_stopped

t "the daemon vanishing midway: started again, fetched once more"
agent_script "$T/agent2" <<'A'
printf 'more\n' >>work.txt; git commit -q -am "more agent work"
A
agent_run "$T/agent2"
sbx stop "$SB"
calls_reset
SBX_DOUBLE_VANISH=once run_airlock fetch
assert_rc 0
assert_contains "$ERR" "stopped during the fetch; starting it again"
assert_eq "$(rev main "$C")" "$(rev "refs/sandboxes/$SB/main")"
assert_eq 2 "$(calls_log | grep -Ec "$HOLD_RE")" "a session for each try"
no_session

t "sbx's own lines before the session's are not taken for it"
sbx stop "$SB"
SBX_DOUBLE_BANNER=stdout run_airlock fetch
assert_rc 0
assert_contains "$ERR" "was stopped; it was started for the fetch"
no_session

t "an sbx waiting for a sign-in holds up no fetch of a running sandbox"
sbx exec "$SB" true
run_airlock fetch
assert_rc 0
SECONDS=0
SBX_TIMEOUT=2 SBX_DOUBLE_FAIL=expired run_airlock fetch
took=$SECONDS
assert_rc 0
((took < 60)) || fail "fetch took $took s"
for f in "$SBX_DOUBLE_STATE"/blocked/*; do
	[[ -e $f ]] || continue
	! pid_alive "${f##*/}" || fail "the waiting sbx ${f##*/} is left"
done
no_session

t "a daemon that vanishes again: one more try only, then the error"
sbx stop "$SB"
calls_reset
SBX_DOUBLE_VANISH=always run_airlock fetch
assert_rc 1
assert_contains "$ERR" "stopped during the fetch; starting it again"
assert_contains "$ERR" "code-airlock: error: cannot fetch remote '$REMOTE'"
assert_eq 2 "$(calls_log | grep -Ec "$HOLD_RE")" "two tries"
no_session

t "rm fetches with a session held, then removes"
agent_script "$T/agent3" <<'A'
printf 'last\n' >>work.txt; git commit -q -am "last agent work"
A
agent_run "$T/agent3"
last=$(rev main "$C")
sbx stop "$SB"
calls_reset
SBX_DOUBLE_GRACE=0.5 SBX_DOUBLE_SERVE_DELAY=2 run_airlock rm --yes
assert_rc 0
assert_match "$(calls_log)" "$HOLD_RE"
assert_eq "$last" "$(rev "refs/sandboxes/$SB/main")" "fetched before rm"
assert_match "$(calls_log | tail -n 1)" "^sbx rm --force $SB\$"
assert_contains "$ERR" "ends its active sessions"

finish
