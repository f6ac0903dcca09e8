#!/usr/bin/env bash
#
# Bounded cost on a hostile network, a stopped sandbox's port: its remote
# still names the port it last had, and something else now listens
# there.  An answer from a daemon nobody vouched for is never final:
# whatever it does, the fetch ends within FETCH_TIMEOUT of it, waits for
# the session it holds open (which starts the sandbox), re-reads the URL
# and fetches the right commits.
#
#   stale-port    silent, closing, garbage, a git daemon that refuses the
#                 repository, refs that never end (slow or fast);
#                 --no-start refuses and moves nothing
#
# (t_bounded_hung.sh tries the daemon sbx vouches for.)  Nothing here
# measures time: each bound is what ends a wait that would otherwise
# never end, so a broken bound shows as a test that hangs (and ctest's
# TIMEOUT ends it).  The bound is generous for the honest daemon on a
# loaded machine.
#
# The classes and their counts are listed in docs/robustness.md.

. "$(dirname "$0")/../lib/badinput.sh"

STALE_MODES=(silent close garbage refuse trickle flood)
bi_class stale-port $((${#STALE_MODES[@]} + 1))
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

export FETCH_TIMEOUT=6

# not_hold: the sbx calls but the session fetch holds open (a quick fetch
# may end before the double got to log it).
not_hold()
{
	local hold="sbx exec $SB sh -c 'echo ready && exec sleep 1800'"
	calls_log | grep -vxF "$hold" || true
}

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
	bi_case stale-port "'$mode' on the old port: sandbox started, right commits"
	agent_run "$T/agent"
	want=$(rev main "$(clone_dir)")
	port=$(sbx __port "$SB")
	sbx stop "$SB"
	hostile_start -p "$port" "$mode"
	calls_reset
	run_airlock fetch
	assert_rc 0
	assert_eq "$want" "$(rev "refs/sandboxes/$SB/main")" "fetched"
	assert_eq "" "$(not_hold)" "sbx calls"
	assert_contains "$ERR" "sandbox '$SB' was stopped; it was started"
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

bi_finish
