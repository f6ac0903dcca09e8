#!/usr/bin/env bash
#
# verify stopped before its check ends: at VERIFY_TIMEOUT (status timeout,
# exit 1) and by ^C or SIGTERM (nothing recorded, 128 + the signal).
# Either way the check's worktree is removed and nothing it started keeps
# running in the "VM", also when a signal to `sbx exec` leaves the
# command running there (SBX_DOUBLE_EXEC_ORPHAN=1, as `docker exec` does).

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# Each background run gets a process group of its own, so that a group
# signal is a terminal's ^C; env undoes the SIGINT a background shell
# ignores.
set -m
DFL=()
if env --default-signal=INT true 2>/dev/null; then
	DFL=(env --default-signal=INT)
fi
NOTES=refs/notes/code-airlock

new_repo repo
new_box
C=$(clone_dir)
VMTMP=$SBX_DOUBLE_STATE/sandboxes/$SB/root/tmp
agent_script "$T/agent1" <<'A'
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "agent a"
A
agent_run "$T/agent1"
TIP=$(rev main "$C")
# A check that never ends by itself, and leaves a child behind; the
# unique sleep lengths find them.
SLOW='echo started; sleep 3003 & sleep 3004; echo never'

# left: the check's processes still running, as "pid args" lines.
left()
{
	pgrep -af 'sleep 300[34]' || true
}

# wait_for TEXT FILE: wait (at most 2 minutes) until FILE holds TEXT.
wait_for()
{
	local i
	for ((i = 0; i < 1200; i++)); do
		grep -qF -- "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "never saw '$1' in $2"
	return 1
}

# wait_gone: wait (at most 3 s, well before the VM's own backstop of
# VERIFY_TIMEOUT + 10 s) until nothing of the check runs: verify kills it
# before it exits, so only the signal's delivery is waited for.
wait_gone()
{
	local i
	for ((i = 0; i < 30; i++)); do
		[[ -z $(left) ]] && return 0
		sleep 0.1
	done
	return 1
}

# clean: the worktree, its pid file and its processes are gone.
assert_clean()
{
	wait_gone || fail "still running: $(left)"
	assert_eq "" "$(ls "$VMTMP")" "the VM's /tmp"
	assert_eq "" "$(ls "$C/.git/worktrees" 2>/dev/null || true)" \
	    "worktrees of the clone"
	assert_eq "$TIP" "$(git -C "$C" rev-parse HEAD)" "the agent's HEAD"
	assert_eq "" "$(git -C "$C" status --porcelain)" "the agent's tree"
}

for orphan in 0 1; do
	t "VERIFY_TIMEOUT (exec orphans: $orphan): killed, status timeout"
	VERIFY=$SLOW VERIFY_TIMEOUT=2 SBX_DOUBLE_EXEC_ORPHAN=$orphan \
	    run_airlock verify
	assert_rc 1
	assert_eq "started" "$OUT" "output before the kill"
	assert_match "$ERR" "verify: timeout, killed after 2 s in [0-9.]+ s"
	assert_eq "timeout|null" "$(git -C "$R" notes --ref=$NOTES show \
	    "$TIP" | jq -r '"\(.status)|\(.exit_code)"')"
	assert_clean
done

# A passing record first: an interrupted check must leave it alone.
VERIFY=true run_airlock verify
for sig in INT TERM; do
	for orphan in 0 1; do
		t "SIG$sig during the check (exec orphans: $orphan): stopped, cleaned, nothing recorded"
		VERIFY=$SLOW SBX_DOUBLE_EXEC_ORPHAN=$orphan "${DFL[@]}" \
		    "$AIRLOCK" verify </dev/null >"$OUT_FILE" 2>"$ERR_FILE" &
		bg=$!
		wait_for started "$OUT_FILE"
		if [[ $sig == INT ]]; then
			kill -INT -- "-$bg"
		else
			kill -TERM "$bg"
		fi
		RC=0
		wait "$bg" || RC=$?
		ERR=$(cat "$ERR_FILE")
		assert_rc $((128 + $(kill -l $sig)))
		assert_contains "$ERR" "interrupted"
		assert_eq "pass" "$(git -C "$R" notes --ref=$NOTES show "$TIP" |
		    jq -r .status)" "the earlier record stands"
		assert_clean
	done
done

finish
