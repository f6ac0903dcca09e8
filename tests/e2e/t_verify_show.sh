#!/usr/bin/env bash
#
# What log, review --summary and status (text and --json) show of the
# verification of each tip: none, pass or fail (a timeout, an error or an
# unreadable record count as not passed), and for which commit; a record
# on an older commit never shows for a newer tip; hostile note text is
# never printed raw.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

NOTES=refs/notes/code-airlock

new_repo repo
new_box
C=$(clone_dir)
agent_script "$T/agent1" <<'A'
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "agent a"
A
agent_run "$T/agent1"
TIP1=$(rev main "$C")

# shows HEX VERDICT [STATUS]: log, review --summary and status, in text and
# JSON, agree that tip HEX has VERDICT (and the record's STATUS).
shows()
{
	local hex=$1 verdict=$2 status=${3:-$2} want
	want="verified: $verdict"
	run_airlock log
	assert_rc 0
	assert_match "$ERR" "^$want .*on ${hex:0:12}\$" "log"
	run_airlock review --summary
	assert_rc 0
	assert_match "$OUT" "^$want .*on ${hex:0:12}\$" "review --summary"
	run_airlock status
	assert_rc 0
	assert_match "$OUT" "^ +$want .*on ${hex:0:12}\$" "status"
	want="$hex|$verdict|$status"
	run_airlock --json log
	assert_eq "$want" "$(jq -r '.verification |
	    "\(.commit)|\(.verdict)|\(.status)"' "$OUT_FILE")" "log --json"
	run_airlock --json review --summary
	assert_eq "$want" "$(jq -r '.verification |
	    "\(.commit)|\(.verdict)|\(.status)"' "$OUT_FILE")" "review --json"
	run_airlock --json status
	assert_eq "$want" "$(jq -r '.branches[] | select(.name == "main") |
	    .verification | "\(.commit)|\(.verdict)|\(.status)"' \
	    "$OUT_FILE")" "status --json"
}

t "never verified: none"
shows "$TIP1" none

t "a pass: pass, with its exit code and time"
VERIFY=true run_airlock verify
assert_rc 0
shows "$TIP1" pass
run_airlock review --summary
assert_match "$OUT" "verified: pass \(pass, exit 0, 20[0-9-]+ [0-9:]+ UTC\)"
run_airlock --json status
assert_eq "0" "$(jq -r '.branches[0].verification.exit_code' "$OUT_FILE")"

t "a failure: fail, with its exit code"
VERIFY='exit 7' run_airlock verify
assert_rc 1
shows "$TIP1" fail
run_airlock status
assert_contains "$OUT" "verified: fail (fail, exit 7,"

t "a timeout counts as not passed"
VERIFY='sleep 30' VERIFY_TIMEOUT=1 run_airlock verify
assert_rc 1
shows "$TIP1" fail timeout

t "a newer tip shows none, whatever its parent's record says"
VERIFY=true run_airlock verify
agent_script "$T/agent2" <<'A'
printf 'b\n' >b.txt; git add b.txt; git commit -q -m "agent b"
A
agent_run "$T/agent2"
TIP2=$(rev main "$C")
run_airlock fetch
shows "$TIP2" none

t "hostile note text: unreadable is not passed, nothing printed raw"
git -C "$R" notes --ref=$NOTES add -f -m $'\e]0;owned\a\e[2J{"schema":1' \
    "$TIP2" 2>/dev/null
shows "$TIP2" fail unreadable
for c in log status "review --summary"; do
	# shellcheck disable=SC2086
	run_airlock $c
	assert_no_ctl "$OUT_FILE" "$c stdout"
	assert_no_ctl "$ERR_FILE" "$c stderr"
done
# A well-formed record whose text is hostile: shown by its status only.
git -C "$R" notes --ref=$NOTES add -f -m "$(jq -cn --arg c "$TIP2" '{
    schema: 1, commit: $c, status: "pass", exit_code: 0,
    command: "\u001b]0;x\u0007 rm", sandbox: "\u001b[2J",
    output_tail: ["\u001b[31mred", "\u009bc1"], time: "\u001b"}')" \
    "$TIP2" 2>/dev/null
shows "$TIP2" pass
run_airlock --json status
assert_no_ctl "$OUT_FILE" "status --json"
run_airlock status
assert_no_ctl "$OUT_FILE" "status"

finish
