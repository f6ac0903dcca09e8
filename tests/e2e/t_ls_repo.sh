#!/usr/bin/env bash
#
# ls marks this repository's sandboxes (its workspace, or its sandbox-NAME
# remote); ls --repo shows only them, each with its agent, state, the
# sandbox branches with commits not in BASE as the last fetch left them,
# the verification of each tip and when it was last fetched: from one
# `sbx ls` and the repository, no network, no other sbx call.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# Sandboxes stay up between the steps, however slow the machine: the idle
# stop is not what this scenario is about.
export SBX_DOUBLE_GRACE=3600

new_repo other
OTHER=$R
new_repo repo

# box NAME AGENT DIR
box()
{
	run_cmd sbx run --clone --name "$1" "$2" "$3"
	[[ $RC == 0 ]] || { echo "# sbx run $1 failed: $ERR" >&2; exit 1; }
}

# commit_in NAME N [BRANCH]: N commits in sandbox NAME's clone.
commit_in()
{
	local c=$SBX_DOUBLE_STATE/sandboxes/$1/serve/repo i
	[[ -z ${3:-} ]] || git -C "$c" switch -q -c "$3"
	for ((i = 1; i <= $2; i++)); do
		printf '%s %d\n' "$1" "$i" >>"$c/work-$1.txt"
		git -C "$c" add . && git -C "$c" commit -q -m "$1 $i"
	done
}

box fix-a claude "$R"
box fix-b codex "$R"
box other-box claude "$OTHER"
commit_in fix-a 3
commit_in fix-b 1 "feature"

t "ls marks every sandbox of this repository, and no other"
calls_reset
run_airlock ls
assert_rc 0
assert_match "$OUT" "^\\* fix-a +claude +running +$R\$"
assert_match "$OUT" "^\\* fix-b +codex +running +$R\$"
assert_match "$OUT" "^  other-box +claude +running +$OTHER\$"
assert_eq "sbx ls --json" "$(calls_log)" "only sbx ls"
run_airlock ls --json
assert_json "$OUT_FILE"
assert_eq "fix-a,fix-b" "$(json_get "$OUT_FILE" \
    '[.sandboxes[] | select(.current) | .name] | join(",")')"

t "ls --repo before any fetch: the sandboxes, nothing fetched yet"
calls_reset
run_airlock ls --repo
assert_rc 0
assert_match "$OUT" '^NAME +AGENT +STATUS +BRANCH +AHEAD +VERIFIED +FETCHED$'
assert_match "$OUT" '^fix-a +claude +running +- +- +- +never$'
assert_match "$OUT" '^fix-b +codex +running +- +- +- +never$'
assert_not_contains "$OUT" "other-box"
assert_eq "sbx ls --json" "$(calls_log)" "only sbx ls"

t "after fetches: the branches with new commits, counted, and the time"
before=$(date +%s)
run_airlock --name fix-a fetch
assert_rc 0
run_airlock --name fix-b fetch
assert_rc 0
after=$(date +%s)
calls_reset
run_airlock ls --repo
assert_rc 0
assert_match "$OUT" '^fix-a +claude +running +main +3 +- +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$'
assert_match "$OUT" '^fix-b +codex +running +feature +1 +- +[0-9-]+ [0-9:]+$'
assert_eq "sbx ls --json" "$(calls_log)" "no fetch, no other sbx call"
run_airlock ls --repo --json
assert_rc 0
assert_json "$OUT_FILE"
assert_eq "main 3" "$(json_get "$OUT_FILE" \
    '.sandboxes[0].branches[0] | "\(.name) \(.ahead)"')"
assert_eq "$(rev refs/remotes/sandbox-fix-a/main)" "$(json_get "$OUT_FILE" \
    '.sandboxes[0].branches[0].commit')"
f=$(json_get "$OUT_FILE" '.sandboxes[0].fetched')
((f >= before && f <= after)) || fail "fetch time $f not in [$before, $after]"
assert_eq "main" "$(json_get "$OUT_FILE" '.base')"

t "counts come from the last fetch, not from the sandbox now"
commit_in fix-a 2
run_airlock ls --repo
assert_match "$OUT" '^fix-a +claude +running +main +3 '

t "the last verification of each tip"
tip=$(rev refs/remotes/sandbox-fix-a/main)
printf '{"schema":1,"commit":"%s","status":"fail","command":"make","exit_code":2}\n' \
    "$tip" >"$T/note"
git notes --ref=refs/notes/code-airlock add -F "$T/note" "$tip"
run_airlock ls --repo
assert_match "$OUT" '^fix-a +claude +running +main +3 +fail '
assert_match "$OUT" '^fix-b +codex +running +feature +1 +- '
run_airlock ls --repo --json
assert_eq "fail none" "$(json_get "$OUT_FILE" \
    '[.sandboxes[].branches[0].verification] | join(" ")')"

t "a stopped sandbox, and a remote whose sandbox sbx does not list"
sbx stop fix-b >/dev/null
git remote add sandbox-gone-box git://127.0.0.1:9/repo
run_airlock ls --repo
assert_match "$OUT" '^fix-b +codex +stopped +feature +1 '
assert_match "$OUT" '^gone-box +- +absent +- +- +- +never$'
run_airlock ls --repo --json
assert_eq "false" "$(json_get "$OUT_FILE" \
    '.sandboxes[] | select(.name == "gone-box") | .listed')"
git remote remove sandbox-gone-box

t "a fetch record that is not a time is no time"
printf 'soon\n' >"$(git rev-parse --git-common-dir)/code-airlock/fetched/fix-b"
run_airlock ls --repo
assert_rc 0
assert_match "$OUT" '^fix-b +codex +stopped +feature +1 +- +never$'

t "on a detached HEAD the branches show, uncounted"
git switch -q --detach
run_airlock ls --repo
assert_rc 0
assert_match "$OUT" '^fix-a +claude +running +main +\? '
assert_contains "$ERR" "HEAD is not on a branch"
git switch -q main

t "--repo DIR: that repository's sandboxes, from anywhere"
cd "$T"
run_airlock ls --repo "$OTHER"
assert_rc 0
assert_match "$OUT" '^other-box +claude +running '
assert_not_contains "$OUT" "fix-a"

t "--repo outside a repository, with no DIR: a usage error"
mkdir "$T/plain"
cd "$T/plain"
run_airlock ls --repo
assert_rc 2
assert_contains "$ERR" "not inside a git repository"
cd "$R"

t "no sandbox of this repository: a hint, nothing on stdout"
cd "$T"
make_repo "$T/lonely"
cd "$T/lonely"
run_airlock ls --repo
assert_rc 0
assert_eq "" "$OUT"
assert_contains "$ERR" "no sandbox works on this repository"
run_airlock ls --repo --json
assert_eq "0" "$(json_get "$OUT_FILE" '.sandboxes | length')"

finish
