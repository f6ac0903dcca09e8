#!/usr/bin/env bash
#
# The sandbox remote's refspecs are forced, yet no fetched commit is lost:
# a tip that a fetch replaces (a new sandbox of an old name after rm, an
# amended commit) and that no other ref reaches is kept under
# refs/code-airlock/replaced/NAME/BRANCH/<12 hex digits>.  A fast-forward,
# or a tip a host branch still reaches, keeps nothing.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# kept_refs: the refs under refs/code-airlock/replaced/, one a line.
kept_refs()
{
	git for-each-ref --format='%(refname)' refs/code-airlock/replaced/
}

new_repo repo
agent_script "$T/work" <<'A'
printf 'work\n' >work.txt; git add work.txt; git commit -q -m "agent work"
A
agent_script "$T/other" <<'A'
printf 'other\n' >other.txt; git add other.txt; git commit -q -m "other work"
A

t "rm, then up again with the same name: the old work is kept"
new_box "$T/work"
run_airlock fetch
assert_rc 0
old=$(rev "refs/sandboxes/$SB/main")
[[ -n $old ]] || fail "nothing fetched"
run_airlock rm --yes
assert_rc 0
assert_contains "$ERR" "refs/code-airlock/replaced/$SB/"
# sbx's own first fetch of the new sandbox overwrites refs/sandboxes/:
# up keeps the old tips before it asks sbx to create anything.
calls_reset
SBX_DOUBLE_AGENT=$T/other run_airlock up
assert_rc 0
assert_contains "$ERR" "earlier sandbox '$SB' stay under refs/sandboxes/$SB/*"
kept=refs/code-airlock/replaced/$SB/main/${old:0:12}
assert_contains "$ERR" "kept the tip ${old:0:12} of 'main' as $kept"
assert_contains "$ERR" "(restore: git branch NEW $kept)"
assert_eq "$old" "$(rev "$kept")" "kept ref"
assert_eq "$kept" "$(kept_refs)" "one kept ref for both copies"
assert_contains "$(calls_log)" "sbx run --clone --name $SB"
run_airlock fetch
assert_rc 0
assert_eq "$kept" "$(kept_refs)" "the fetch keeps nothing more"
assert_eq "other work" "$(git log -1 --format=%s "refs/sandboxes/$SB/main")"
if git branch restored "$kept" 2>/dev/null; then
	assert_eq "agent work" "$(git log -1 --format=%s restored)" "restore"
else
	fail "cannot restore as printed"
fi

t "a second fetch keeps nothing more"
run_airlock fetch
assert_rc 0
assert_not_contains "$ERR" "kept the replaced tip"
assert_eq "$kept" "$(kept_refs)"

t "an amended commit: the pre-amend commit is kept"
agent_script "$T/amend" <<'A'
git commit -q --amend -m "other work, amended"
A
agent_run "$T/amend"
before=$(rev "refs/sandboxes/$SB/main")
run_airlock fetch
assert_rc 0
assert_match "$OUT" "^  main  .*forced update\)$" "report"
kept2=refs/code-airlock/replaced/$SB/main/${before:0:12}
assert_eq "$before" "$(rev "$kept2")" "pre-amend commit kept"
assert_contains "$ERR" "kept the replaced tip of 'main' as $kept2"
assert_eq "$old" "$(rev "$kept")" "the first kept ref is untouched"

t "a fast-forward keeps nothing and says nothing"
agent_run "$T/work"
n=$(kept_refs | wc -l)
run_airlock fetch
assert_rc 0
assert_match "$OUT" "^  main  .*\(1 new commit\)$"
assert_not_contains "$ERR" "kept the replaced tip"
assert_eq "$n" "$(kept_refs | wc -l)" "kept refs"

t "a tip a host branch still reaches is not kept"
git branch -q --no-track merged "refs/sandboxes/$SB/main"
agent_script "$T/reset" <<'A'
git reset -q --hard HEAD~1
printf 'again\n' >again.txt; git add again.txt; git commit -q -m again
A
agent_run "$T/reset"
run_airlock fetch
assert_rc 0
assert_match "$OUT" "forced update" "the branch was rewritten"
assert_not_contains "$ERR" "kept the replaced tip"
assert_eq "$n" "$(kept_refs | wc -l)" "kept refs"

t "dry-run keeps nothing and moves nothing"
agent_run "$T/amend"
tip=$(rev "refs/sandboxes/$SB/main")
run_airlock --dry-run fetch
assert_rc 0
assert_eq "$tip" "$(rev "refs/sandboxes/$SB/main")" "ref moved"
assert_eq "$n" "$(kept_refs | wc -l)" "kept refs"
run_airlock fetch
assert_rc 0
assert_eq "$((n + 1))" "$(kept_refs | wc -l)" "kept by the real fetch"

t "branch names in the message are terminal-safe"
agent_script "$T/evil" <<'A'
git switch -q -c $'evil\xc2\x9b31m'
git commit -q --allow-empty -m first
A
agent_run "$T/evil"
run_airlock fetch
assert_rc 0
agent_script "$T/evil2" <<'A'
git switch -q $'evil\xc2\x9b31m'
git commit -q --amend --allow-empty -m second
git switch -q main
A
agent_run "$T/evil2"
run_airlock fetch
assert_rc 0
assert_contains "$ERR" "kept the replaced tip of 'evil\\u009b31m'"
assert_no_ctl "$ERR_FILE" "stderr"

finish
