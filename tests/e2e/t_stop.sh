#!/usr/bin/env bash
#
# stop: `sbx stop NAME`, saying the VM and commits are kept; a clear error
# for an absent sandbox; sbx's own message when sbx fails.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo

t "absent sandbox: clear error, no sbx stop"
run_airlock stop
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-repo' does not exist"
assert_not_contains "$(calls_log)" "sbx stop"

new_box

t "dry-run: the plan only"
calls_reset
run_airlock --dry-run stop
assert_rc 0
assert_eq "+ sbx stop sbx-repo" "$OUT"
assert_eq "sbx ls --json" "$(calls_log)"
run_cmd sbx ls --json
assert_contains "$OUT" '"status":"running"' "still running"

t "stop: sbx stop, VM and commits kept, how to resume"
calls_reset
run_airlock stop
assert_rc 0
assert_eq "sbx ls --json
sbx stop sbx-repo" "$(calls_log)"
assert_contains "$ERR" "its VM and commits are kept"
assert_contains "$ERR" "code-airlock up"
run_cmd sbx ls --json
assert_contains "$OUT" '"status":"stopped"'
assert_file_exists "$(clone_dir)/README.md" "the clone is kept"

t "stopping a stopped sandbox is fine and calls nothing"
calls_reset
run_airlock stop
assert_rc 0
assert_contains "$ERR" "already stopped"
assert_eq "sbx ls --json" "$(calls_log)"

t "sbx stop failing: sbx's message, exit 1"
sbx exec "$SB" true
SBX_DOUBLE_FAIL_CMD='stop' run_airlock stop
assert_rc 1
assert_contains "$ERR" "'sbx stop' failed: injected failure: sbx stop"

t "sbx not logged in: the fix is named"
SBX_DOUBLE_FAIL=login run_airlock stop
assert_rc 1
assert_contains "$ERR" "401 Unauthorized"
assert_contains "$ERR" "sbx login"

finish
