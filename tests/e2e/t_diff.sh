#!/usr/bin/env bash
#
# diff [BASE] (SPEC §4): the user's `git diff BASE...SBREF` after a fetch,
# with their diff configuration; --stat; nothing new; the dry-run plan.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
new_box

t "nothing new: diff prints nothing and succeeds"
run_airlock diff
assert_rc 0
assert_eq "" "$OUT" "stdout"

agent_script "$T/agent" <<'A'
printf 'agent line\n' >>README.md
printf 'new\n' >added.txt
git add -A; git commit -q -m "agent work"
A
agent_run "$T/agent"
# Meanwhile the user moves main on: BASE...SBREF must not show it.
commit_file "$R" host.txt "host only" "host work"

t "diff shows the agent's change against the merge base"
run_airlock diff
assert_rc 0
assert_contains "$OUT" "diff --git a/README.md b/README.md"
assert_contains "$OUT" "+agent line"
assert_contains "$OUT" "b/added.txt"
assert_not_contains "$OUT" "host.txt" "BASE's own change"
assert_eq "" "$(git status --porcelain)" "working tree untouched"

t "the user's diff configuration applies"
git config diff.noprefix true
run_airlock diff
assert_rc 0
assert_contains "$OUT" "diff --git README.md README.md"
git config --unset diff.noprefix

t "--stat passes through"
run_airlock diff --stat
assert_rc 0
assert_match "$OUT" "^ README.md +\| +1 \+$"
assert_contains "$OUT" "2 files changed, 2 insertions(+)"

t "dry-run plans the fetch and the diff"
run_airlock --dry-run diff --stat
assert_rc 0
assert_eq "+ git -C $R fetch $REMOTE
+ git -C $R diff --stat main...refs/remotes/$REMOTE/main" "$OUT" "plan"

t "an explicit BASE"
git branch old main~1
run_airlock --dry-run diff old
assert_rc 0
assert_contains "$OUT" "+ git -C $R diff old...refs/remotes/$REMOTE/main"
run_airlock diff nosuch
assert_rc 1
assert_contains "$ERR" "cannot resolve base 'nosuch'"

finish
