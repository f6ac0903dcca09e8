#!/usr/bin/env bash
#
# rm never loses a commit silently: it fetches first (starting a stopped
# sandbox), refuses when that fails unless --force, refuses without a
# terminal and without --yes (exit 2), kills the tmux session, runs
# `sbx rm --force NAME` and says where the branches remain.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

agent_script "$T/agent" <<'EOF'
printf '%s\n' "$RANDOM" >>work.txt
git add work.txt
git commit -q -m "agent work"
git checkout -q -B extra
printf 'x\n' >extra.txt
git add extra.txt
git commit -q -m "agent extra"
git checkout -q main
EOF

box_exists()
{
	[[ -f $SBX_DOUBLE_STATE/sandboxes/$SB/workspace ]]
}

new_repo repo

t "absent sandbox: clear error"
run_airlock rm --yes
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-repo' does not exist"
assert_not_contains "$(calls_log)" "sbx rm"

new_box "$T/agent"

t "no terminal and no --yes: exit 2 naming --yes, nothing done"
# sbx fetched the new sandbox once itself; the agent committed since.
before=$(rev "refs/sandboxes/$SB/main")
calls_reset
run_airlock rm
assert_rc 2
assert_contains "$ERR" "--yes"
assert_eq "" "$(calls_log)" "no sbx call at all"
box_exists || fail "sandbox removed"
assert_eq "$before" "$(rev "refs/sandboxes/$SB/main")" "nothing fetched"
[[ $before != "$(rev main "$(clone_dir)")" ]] || fail "scenario"

t "dry-run: the plan only, nothing removed"
calls_reset
run_airlock --dry-run rm --yes
assert_rc 0
assert_contains "$OUT" "+ git -C $R fetch sandbox-sbx-repo"
assert_match "$OUT" '^\+ sbx rm --force sbx-repo$'
assert_not_contains "$(calls_log)" "sbx rm"
box_exists || fail "sandbox removed"

t "rm --yes: fetched first, removed, refs/sandboxes remain"
if command -v tmux >/dev/null; then
	tmux new-session -d -s code-airlock-sbx-repo sleep 300
fi
tip=$(rev main "$(clone_dir)")
calls_reset
run_airlock rm --yes
assert_rc 0
assert_eq "$tip" "$(rev "refs/sandboxes/$SB/main")" "main kept"
assert_eq "agent extra" "$(git log -1 --format=%s "refs/sandboxes/$SB/extra")"
assert_match "$(calls_log)" '^sbx rm --force sbx-repo$'
# sbx is asked once: the fetch takes the state rm found, and holds a
# session open while it fetches.
assert_eq "sbx ls --json
sbx exec sbx-repo sh -c 'echo ready && exec sleep 1800'
sbx rm --force sbx-repo" "$(calls_log)" "sbx calls"
assert_contains "$ERR" "ends its active sessions"
! box_exists || fail "sandbox still there"
assert_contains "$ERR" "refs/sandboxes/sbx-repo/"
assert_contains "$ERR" "git branch NEWNAME refs/sandboxes/sbx-repo/BRANCH"
if command -v tmux >/dev/null; then
	! tmux has-session -t =code-airlock-sbx-repo 2>/dev/null ||
	    fail "tmux session still there"
fi
git branch restored "refs/sandboxes/$SB/main"
assert_eq "$tip" "$(rev restored)" "restore as printed"

t "stopped sandbox with unfetched commits: started, fetched, then removed"
new_box "$T/agent"
agent_run "$T/agent"
tip=$(rev main "$(clone_dir)")
[[ $tip != "$(rev "refs/sandboxes/$SB/main")" ]] || fail "already fetched"
sbx stop "$SB"
calls_reset
run_airlock rm --yes
assert_rc 0
assert_eq "$tip" "$(rev "refs/sandboxes/$SB/main")" "unfetched commit kept"
log=$(calls_log)
assert_contains "$log" "sbx exec sbx-repo true"
exec_at=$(grep -n 'exec sbx-repo true' <<<"$log" | head -n 1 | cut -d: -f1)
rm_at=$(grep -n '^sbx rm' <<<"$log" | head -n 1 | cut -d: -f1)
((${exec_at:-99} < ${rm_at:-0})) ||
    fail "removed before it was started and fetched"
assert_eq 4 "$(wc -l <<<"$log" | tr -d ' ')" \
    "sbx calls (ls, exec, the held session, rm)"
! box_exists || fail "sandbox still there"

t "sandbox cannot be reached: refused, nothing removed"
new_box "$T/agent"
sbx stop "$SB"
calls_reset
SBX_DOUBLE_FAIL_CMD='exec' run_airlock rm --yes
assert_rc 1
assert_contains "$ERR" "cannot verify that the sandbox's commits were fetched"
assert_contains "$ERR" "injected failure"
assert_contains "$ERR" "--force"
assert_not_contains "$(calls_log)" "sbx rm"
box_exists || fail "sandbox removed"

t "--force removes it anyway, with a warning"
SBX_DOUBLE_FAIL_CMD='exec' run_airlock rm --yes --force
assert_rc 0
assert_contains "$ERR" "warning"
assert_contains "$ERR" "--force"
assert_match "$(calls_log)" '^sbx rm --force sbx-repo$'
! box_exists || fail "sandbox still there"

t "no sandbox remote in the repo: refused unless --force"
new_box
git remote remove "sandbox-$SB"
calls_reset
run_airlock rm --yes
assert_rc 1
assert_contains "$ERR" "cannot verify"
box_exists || fail "sandbox removed"
run_airlock rm --yes --force
assert_rc 0
! box_exists || fail "sandbox still there"

t "sbx rm failing: sbx's message, exit 1"
new_box
SBX_DOUBLE_FAIL_CMD='rm' run_airlock rm --yes
assert_rc 1
assert_contains "$ERR" "'sbx rm' failed: injected failure: sbx rm"
box_exists || fail "sandbox removed"

finish
