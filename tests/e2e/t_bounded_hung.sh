#!/usr/bin/env bash
#
# Bounded cost on a hostile network, the sandbox's own daemon: sbx says
# the sandbox runs, and what answers at its URL (the agent's) never
# finishes.  fetch fails within FETCH_TIMEOUT with a message naming the
# bound, moves nothing and stays small; rm refuses; rm --force, whose
# whole fetch is bounded, still reaches sbx rm.
#
#   hung-daemon   silent, the pack never sent, refs trickling or
#                 flooding; rm and rm --force against it
#
# (t_bounded_port.sh tries a stopped sandbox's port.)  Nothing here
# measures time: a broken bound shows as a test that hangs (and ctest's
# TIMEOUT ends it).
#
# The classes and their counts are listed in docs/robustness.md.

. "$(dirname "$0")/../lib/badinput.sh"

HUNG_MODES=(silent stall trickle flood)
bi_class hung-daemon $((${#HUNG_MODES[@]} + 3))
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

export FETCH_TIMEOUT=6

agent_script "$T/agent" <<'A'
printf '%s\n' "$RANDOM" >>work.txt; git add work.txt
git commit -q -m "agent work"
A

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
	# The size cap, or on a slow build (ASan) the time bound first.
	flood) [[ $ERR == *"more than 16 MiB of refs"* ||
	    $ERR == *"did not list all its refs within 6 s"* ]] ||
		fail "neither bound named: $ERR" ;;
	trickle) assert_contains "$ERR" "did not list all its refs within 6 s" ;;
	*) assert_contains "$ERR" "within 6 s" ;;
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
