#!/usr/bin/env bash
#
# merge [BASE] (SPEC §4): the user's `git merge --no-edit SBREF` after a
# fetch: fast-forward, a real merge, --ff-only, --squash, up to date, a
# dirty tree and a conflict (then `git merge --abort` restores all); the
# tool never stashes, resets or overwrites.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
new_box
C=$(clone_dir)
# The user's hooks run: this one records every merge.
printf '#!/bin/sh\necho merged >>"$HOME/post-merge.log"\n' \
    >"$R/.git/hooks/post-merge"
chmod +x "$R/.git/hooks/post-merge"

agent_script "$T/agent1" <<'A'
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "agent a"
A
agent_run "$T/agent1"

t "dry-run plans the fetch and the merge, and merges nothing"
head0=$(rev HEAD)
run_airlock --dry-run merge
assert_rc 0
assert_eq "+ git -C $R fetch $REMOTE
+ git -C $R merge --no-edit -m 'Merge sandbox branch '\''$REMOTE/main'\'' ($(rev main "$C" | cut -c1-12))' $(rev main "$C")" "$OUT" "plan"
assert_eq "$head0" "$(rev HEAD)"

t "a fast-forward merge, with the user's hooks"
run_airlock merge
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev HEAD)" "HEAD at the sandbox tip"
assert_eq "a" "$(cat a.txt)"
assert_eq "merged" "$(cat "$HOME/post-merge.log" 2>/dev/null)" "hook ran"

t "merging again: already up to date"
run_airlock merge
assert_rc 0
assert_contains "$ERR" "up to date"

agent_script "$T/agent2" <<'A'
printf 'agent hello\n' >README.md; git commit -q -am "agent readme"
A
agent_run "$T/agent2"
commit_file "$R" b.txt "user b" "user b"
head1=$(rev HEAD)

t "--ff-only refuses a diverged history and changes nothing"
run_airlock merge --ff-only
assert_rc 1
assert_eq "$head1" "$(rev HEAD)"
assert_eq "" "$(git status --porcelain)"

t "a dirty tree: git refuses, the tool says how to back out"
printf 'my edit\n' >README.md
run_airlock merge
assert_rc 1
assert_contains "$ERR" "git merge --abort"
assert_eq "my edit" "$(cat README.md)" "the user's edit survives"
assert_eq "$head1" "$(rev HEAD)"
assert_eq "" "$(git stash list)" "nothing stashed"
git checkout -q README.md

t "a conflict: non-zero, the abort hint, and git merge --abort restores"
commit_file "$R" README.md "user hello" "user readme"
head2=$(rev HEAD)
run_airlock merge
assert_rc 1
assert_contains "$ERR" "'git merge --abort'"
assert_contains "$ERR" "resolve the conflicts"
assert_file_exists "$R/.git/MERGE_HEAD" "merge left in progress"
git merge --abort
assert_eq "$head2" "$(rev HEAD)" "HEAD restored"
assert_eq "" "$(git status --porcelain)" "clean after abort"
assert_eq "user hello" "$(cat README.md)"
assert_eq "" "$(git stash list)" "nothing stashed"

t "BASE other than the current branch is refused"
git branch other
run_airlock merge other
assert_rc 2
assert_contains "$ERR" "not the current branch"

new_repo clean
new_box
agent_script "$T/agent3" <<'A'
printf 'c\n' >c.txt; git add c.txt; git commit -q -m "agent c"
A
agent_run "$T/agent3"
C=$(clone_dir)
commit_file "$R" d.txt "user d" "user d"

t "a clean merge of diverged histories makes a merge commit"
head3=$(rev HEAD)
run_airlock merge
assert_rc 0
assert_eq "$head3" "$(rev HEAD^1)" "first parent"
assert_eq "$(rev main "$C")" "$(rev HEAD^2)" "second parent"
assert_contains "$(git log -1 --format=%s)" "sandbox-$SB/main"
assert_eq "c" "$(cat c.txt)"

t "--squash stages the change without committing"
agent_script "$T/agent4" <<'A'
printf 'e\n' >e.txt; git add e.txt; git commit -q -m "agent e"
A
agent_run "$T/agent4"
head4=$(rev HEAD)
run_airlock merge --squash
assert_rc 0
assert_eq "$head4" "$(rev HEAD)" "HEAD unchanged"
assert_eq "A  e.txt" "$(git status --porcelain)"
assert_contains "$ERR" "git commit"

finish
