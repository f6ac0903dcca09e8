#!/usr/bin/env bash
#
# scripts/test-real-sbx.sh, the maintainer's check against a real Docker
# Sandboxes, run here against the double: it is shellcheck-clean, refuses
# (exit 2, nothing changed) without sbx, with an sbx older than 0.38 or
# one that does not answer, passes against an sbx that behaves, and
# removes its sandbox and scratch files whatever happens.

. "$(dirname "$0")/../lib/e2e.sh"

SCRIPT=$AIRLOCK_SRC/scripts/test-real-sbx.sh
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

t "shellcheck-clean"
if command -v shellcheck >/dev/null; then
	run_cmd shellcheck "$SCRIPT"
	assert_rc 0
	assert_eq "" "$OUT"
fi

t "no sbx on PATH: refused, nothing changed"
PATH=${PATH#"$SBX_DOUBLE_DIR:"} run_cmd "$SCRIPT" "$AIRLOCK"
assert_rc 2
assert_contains "$ERR" "sbx (Docker Sandboxes) is not on PATH"
assert_contains "$ERR" "nothing was changed"
assert_eq "" "$(ls -A "$TMPDIR")"

t "an sbx older than 0.38, in either version format: refused"
for v in v0.37.9 v0.33.0; do
	calls_reset
	SBX_DOUBLE_VERSION=$v run_cmd "$SCRIPT" "$AIRLOCK"
	assert_rc 2 "$v"
	assert_contains "$ERR" "older than 0.38"
	assert_eq "sbx version" "$(calls_log)" "$v: only the version asked"
done
assert_eq "" "$(ls -A "$TMPDIR")"

t "an sbx that fails to answer: refused, pointing at sbx login"
calls_reset
SBX_DOUBLE_FAIL=daemon run_cmd "$SCRIPT" "$AIRLOCK"
assert_rc 2
assert_contains "$ERR" "sbx login"
assert_eq "sbx version
sbx ls --json" "$(calls_log)"

t "against an sbx that behaves: every step passes, nothing is left"
calls_reset
run_cmd "$SCRIPT" "$AIRLOCK"
assert_rc 0
assert_match "$OUT" '^[0-9]+ passed, 0 failed$'
for s in fetch "log lists it" "review --summary" lockdown unlock stop \
    "fetch of the stopped sandbox" "rm --yes" "the sandbox is gone"; do
	assert_match "$OUT" "^ok - $s"
done
assert_match "$(calls_log)" '^sbx create --clone --name code-airlock-test-[0-9]+-[0-9]+ shell '
assert_match "$(calls_log)" '^sbx policy check network --sandbox code-airlock-test-'
assert_eq "" "$(sbx ls | tail -n +2)" "sandboxes left"
assert_eq "" "$(ls -A "$TMPDIR")" "scratch files left"

t "failing steps still clean up"
calls_reset
SBX_DOUBLE_FAIL_CMD='policy check' run_cmd "$SCRIPT" "$AIRLOCK"
assert_rc 1
assert_match "$OUT" '^not ok - lockdown'
assert_eq "" "$(sbx ls | tail -n +2)" "sandboxes left"
# Nothing can be fetched, so code-airlock rm refuses: the trap removes it.
calls_reset
SBX_DOUBLE_FAIL_CMD=exec run_cmd "$SCRIPT" "$AIRLOCK"
assert_rc 1
assert_match "$OUT" '^not ok - fetch'
assert_match "$OUT" '^not ok - rm --yes'
assert_match "$(calls_log | tail -n 1)" '^sbx rm --force code-airlock-test-'
assert_eq "" "$(sbx ls | tail -n +2)" "sandboxes left"
assert_eq "" "$(ls -A "$TMPDIR")" "scratch files left"

finish
