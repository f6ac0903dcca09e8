#!/usr/bin/env bash
#
# Only reviewed work reaches the user's branches (SPEC §4 merge, pr): an
# agent that keeps committing after the user's look, rewrites the branch
# it showed, or hides commits on a branch nobody looked at.  merge and pr
# take the tip the last fetch, log, diff or review showed, or --commit ID
# of that branch's history; a branch that moved since stops them.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
new_box
C=$(clone_dir)

# agent_commit FILE: one more agent commit in the sandbox.
agent_commit()
{
	agent_script "$T/agent-$1" <<A
printf '%s\n' "$1" >"$1"; git add "$1"; git commit -q -m "agent $1"
A
	agent_run "$T/agent-$1"
}

agent_commit a
A=$(rev main "$C")

t "a commit made after the review is not merged"
run_airlock review --summary
assert_rc 0
agent_commit b
B=$(rev main "$C")
head0=$(rev HEAD)
run_airlock merge
assert_rc 1
assert_contains "$ERR" "sandbox branch 'main' moved on since you last looked at it (${A:0:12}, now ${B:0:12}); nothing was merged"
assert_contains "$ERR" "'code-airlock review'"
assert_contains "$ERR" "--commit ${A:0:12}"
assert_eq "$head0" "$(rev HEAD)" "nothing merged"
assert_eq "$B" "$(rev "refs/remotes/$REMOTE/main")" "but fetched"

t "under --dry-run too"
run_airlock --dry-run merge
assert_rc 1
assert_contains "$ERR" "moved on since you last looked"
assert_not_contains "$OUT" "merge --no-edit"

t "--commit takes exactly the reviewed commit"
run_airlock merge --commit "${A:0:12}"
assert_rc 0
assert_eq "$A" "$(rev HEAD)" "HEAD at the reviewed tip, not the newer one"

t "--commit outside the sandbox branch's history is refused"
git switch -q -c mine
commit_file "$R" mine.txt "mine" "user commit"
M=$(rev HEAD)
git switch -q main
run_airlock merge --commit "$M"
assert_rc 2
assert_contains "$ERR" "--commit '$M' is not a commit of sandbox branch 'main'"
run_airlock merge --commit nosuchrev
assert_rc 2
assert_eq "$A" "$(rev HEAD)" "nothing merged"

t "log is a look: what it listed is merged"
run_airlock log
assert_rc 0
assert_contains "$OUT" "agent b"
run_airlock merge
assert_rc 0
assert_eq "$B" "$(rev HEAD)"

t "diff and fetch are looks too"
agent_commit c
run_airlock diff --stat
assert_rc 0
run_airlock merge
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev HEAD)" "what diff showed"
agent_commit d
run_airlock fetch
assert_rc 0
run_airlock merge
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev HEAD)" "what fetch showed"

t "a branch rewritten after the review stops merge"
agent_commit e
run_airlock review --summary
E=$(rev main "$C")
agent_script "$T/agent-amend" <<'A'
printf 'sneaky\n' >e; git commit -q -a --amend -m "agent e"
A
agent_run "$T/agent-amend"
run_airlock merge
assert_rc 1
assert_contains "$ERR" "sandbox branch 'main' was rewritten since you last looked at it (${E:0:12}"
assert_not_contains "$ERR" "--commit"
assert_eq "" "$(git log --format=%s HEAD | grep -x 'agent e' || true)" \
    "nothing of e merged"

t "with no earlier look, merge takes the tip and lists what it takes"
agent_script "$T/agent-feat" <<'A'
git switch -q -c feat
printf 'f1\n' >f1; git add f1; git commit -q -m "feat one"
printf 'f2\n' >f2; git add f2; git commit -q -m "feat two"
A
agent_run "$T/agent-feat"
run_airlock merge --branch feat
assert_rc 0
assert_contains "$ERR" "no fetch, log, diff or review showed sandbox branch 'feat' before; taking its tip"
# feat grew from the rewritten main: its commit is listed as well.
assert_contains "$ERR" "with 3 commits:"
assert_contains "$ERR" "feat one"
assert_contains "$ERR" "feat two"
assert_contains "$ERR" "agent e"
assert_eq "$(rev feat "$C")" "$(rev HEAD)" "merged the feat tip"

t "pr takes the same commit: it refuses a tip nobody looked at"
git init -q --bare "$T/origin.git"
git remote add origin "$T/origin.git"
run_airlock review --summary --branch feat
agent_script "$T/agent-feat3" <<'A'
printf 'f3\n' >f3; git add f3; git commit -q -m "feat three"
A
agent_run "$T/agent-feat3"
F2=$(rev "refs/remotes/$REMOTE/feat")
run_airlock pr --branch feat
assert_rc 1
assert_contains "$ERR" "moved on since you last looked"
assert_contains "$ERR" "nothing was pushed"
assert_eq "" "$(rev "code-airlock/$SB" "$T/origin.git")" "nothing pushed"
run_airlock pr --branch feat --commit "$F2"
assert_rc 0
assert_eq "$F2" "$(rev "code-airlock/$SB")" "branch at the reviewed commit"
assert_eq "$F2" "$(rev "code-airlock/$SB" "$T/origin.git")" "pushed it"

t "a record that cannot be written warns, and merge still refuses"
git_dir=$(git rev-parse --git-common-dir)
: >"$git_dir/code-airlock/seen/$SB.lock"
run_airlock log --branch feat
assert_rc 0
assert_contains "$ERR" "code-airlock/seen/$SB.lock' exists"
assert_contains "$ERR" "merge and pr will not take this tip without --commit"
run_airlock merge --branch feat
assert_rc 1
assert_contains "$ERR" "moved on since you last looked"
assert_file_exists "$git_dir/code-airlock/seen/$SB.lock" "another's lock kept"
rm -f "$git_dir/code-airlock/seen/$SB.lock"

finish
