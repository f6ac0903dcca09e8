#!/usr/bin/env bash
#
# Bounded cost on a hostile network: whatever answers at a sandbox
# remote's URL, a fetch ends within bounds set by FETCH_TIMEOUT, and its
# answer is final only when sbx vouched for the daemon.
#
#   stale-port    the sandbox is stopped and something else now listens
#                 on its old port: silent, closing, garbage, a git daemon
#                 that refuses the repository, refs that never end (slow
#                 or fast).  Never final: sbx is asked, the sandbox
#                 started, and the right commits fetched.
#   hung-daemon   the daemon sbx vouches for (the agent's) is silent,
#                 stalls before the pack, trickles or floods its refs:
#                 fetch fails within its bound with a message naming the
#                 bound, rm refuses, and rm --force still reaches sbx rm.
#
# Nothing here measures time: each bound is what ends a wait that would
# otherwise never end, so a broken bound shows as a test that hangs (and
# ctest's TIMEOUT ends it).
#
# The classes and their counts are listed in docs/robustness.md.

. "$(dirname "$0")/../lib/badinput.sh"

STALE_MODES=(silent close garbage refuse trickle flood)
HUNG_MODES=(silent stall trickle flood)
bi_class stale-port $((${#STALE_MODES[@]} + 1))
bi_class hung-daemon $((${#HUNG_MODES[@]} + 3))
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

export FETCH_TIMEOUT=2

agent_script "$T/agent" <<'A'
printf '%s\n' "$RANDOM" >>work.txt; git add work.txt
git commit -q -m "agent work"
A

# ---- stale-port -------------------------------------------------------

new_repo stale
new_box "$T/agent"
run_airlock fetch
assert_rc 0

for mode in "${STALE_MODES[@]}"; do
	bi_case stale-port "'$mode' on the old port: sbx asked, right commits"
	agent_run "$T/agent"
	want=$(rev main "$(clone_dir)")
	port=$(sbx __port "$SB")
	sbx stop "$SB"
	hostile_start -p "$port" "$mode"
	calls_reset
	run_airlock fetch
	assert_rc 0
	assert_eq "$want" "$(rev "refs/sandboxes/$SB/main")" "fetched"
	assert_eq "sbx ls --json
sbx exec $SB true" "$(calls_log)" "sbx calls"
	assert_contains "$ERR" "is stopped; starting it"
	[[ $(sbx __port "$SB") != "$port" ]] || fail "same port"
	hostile_stop
done

bi_case stale-port "--no-start: refused, nothing moved"
port=$(sbx __port "$SB")
before=$(git for-each-ref)
sbx stop "$SB"
hostile_start -p "$port" silent
run_airlock fetch --no-start
assert_rc 1
assert_contains "$ERR" "sandbox '$SB' is stopped"
assert_eq "$before" "$(git for-each-ref)" "no ref moved"
hostile_stop

# ---- hung-daemon ------------------------------------------------------

new_repo hung
new_box "$T/agent"
C=$(clone_dir)
printf '%s refs/heads/main\n' "$(rev main "$C")" >"$T/hung.refs"

# point_at MODE: the running sandbox's URL answers as MODE does.
point_at()
{
	hostile_start "$1" "$T/hung.refs"
	git config "remote.$REMOTE.url" "git://127.0.0.1:$HOSTILE_PORT/hung"
}

for mode in "${HUNG_MODES[@]}"; do
	bi_case hung-daemon "'$mode': fetch fails within its bound"
	point_at "$mode"
	before=$(git for-each-ref)
	if [[ -x /usr/bin/time ]]; then
		run_cmd /usr/bin/time -f 'rss %M' "$AIRLOCK" fetch
	else
		run_airlock fetch
	fi
	assert_rc 1
	assert_contains "$ERR" "cannot fetch remote '$REMOTE'"
	case $mode in
	flood) assert_contains "$ERR" "more than 16 MiB of refs" ;;
	trickle) assert_contains "$ERR" "did not list all its refs within 2 s" ;;
	*) assert_contains "$ERR" "within 2 s" ;;
	esac
	# Refs flooding in cost memory only up to the cap.
	rss=$(sed -n 's/^rss //p' <<<"$ERR")
	((${rss:-0} < 400000)) || fail "peak RSS $rss KiB"
	assert_eq "$before" "$(git for-each-ref)" "no ref moved"
	hostile_stop
done

bi_case hung-daemon "rm refuses when the daemon hangs"
point_at silent
calls_reset
run_airlock rm --yes
assert_rc 1
assert_contains "$ERR" "cannot verify"
assert_not_contains "$(calls_log)" "sbx rm"
hostile_stop

bi_case hung-daemon "rm --force reaches sbx rm though the daemon hangs"
point_at silent
calls_reset
run_airlock rm --yes --force
assert_rc 0
assert_contains "$ERR" "removing '$SB' anyway"
assert_match "$(calls_log)" "^sbx rm --force $SB$"
hostile_stop

bi_case hung-daemon "rm --force reaches sbx rm though the pack never comes"
new_repo hung2
new_box "$T/agent"
printf '%s refs/heads/main\n' "$(rev main "$(clone_dir)")" >"$T/hung.refs"
point_at stall
calls_reset
run_airlock rm --yes --force
assert_rc 0
assert_match "$(calls_log)" "^sbx rm --force $SB$"
hostile_stop

bi_finish
