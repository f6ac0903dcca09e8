#!/usr/bin/env bash
#
# fetch (SPEC §4): libgit2 fetch of sandbox-NAME with its own refspecs,
# the report of moved branches, a stopped sandbox started (or refused with
# --no-start), a missing remote, submodules as bundles, terminal-safe
# branch names and the dry-run plan.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
agent_script "$T/agent1" <<'A'
printf 'one\n' >one.txt; git add one.txt; git commit -q -m "agent one"
printf 'two\n' >two.txt; git add two.txt; git commit -q -m "agent two"
A
new_box "$T/agent1"
C=$(clone_dir)

t "fetch brings the agent's commits into both ref namespaces"
run_airlock fetch
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev "refs/remotes/$REMOTE/main")" \
    "refs/remotes copy"
assert_eq "$(rev main "$C")" "$(rev "refs/sandboxes/$SB/main")" \
    "refs/sandboxes copy"
# sbx fetched main when it created the sandbox: main moves on from there.
assert_match "$OUT" "^  main  [0-9a-f]{7}\.\.[0-9a-f]{7}  \(2 new commits\)$" \
    "report"
assert_eq "" "$(git status --porcelain)" "working tree untouched"
assert_eq "hello" "$(cat README.md)"

t "a second fetch says it is up to date"
run_airlock fetch
assert_rc 0
assert_eq "" "$OUT" "stdout"
assert_contains "$ERR" "already up to date"

t "a branch the agent made is reported as new"
agent_script "$T/agent2" <<'A'
git switch -q -c agent/feature
printf 'f\n' >f.txt; git add f.txt; git commit -q -m "feature"
git switch -q main
A
agent_run "$T/agent2"
run_airlock fetch
assert_rc 0
assert_match "$OUT" "^  agent/feature  \(new\) [0-9a-f]{7}  \(1 new commit\)$"
assert_not_contains "$OUT" "  main "
assert_eq "$(rev agent/feature "$C")" \
    "$(rev "refs/sandboxes/$SB/agent/feature")"

t "progress on a terminal only"
agent_script "$T/agent2b" <<'A'
git commit -q --allow-empty -m "for progress"
A
agent_run "$T/agent2b"
if command -v script >/dev/null; then
	script -qec "$(printf '%q ' "$AIRLOCK" fetch)" /dev/null \
	    >"$T/tty.out" 2>&1 </dev/null || fail "fetch on a terminal failed"
	assert_match "$(cat "$T/tty.out")" \
	    "fetching $REMOTE: [0-9]+/[0-9]+ objects, [0-9.]+ [KM]iB, [0-9]+ KiB/s"
fi
agent_run "$T/agent2b"
run_airlock fetch
assert_rc 0
assert_not_contains "$ERR" "fetching" "progress without a terminal"
assert_match "$OUT" "^  main  .*\(1 new commit\)$"

t "dry-run prints the equivalent git command and changes nothing"
agent_script "$T/agent3" <<'A'
printf '3\n' >three.txt; git add three.txt; git commit -q -m three
A
agent_run "$T/agent3"
before=$(rev "refs/remotes/$REMOTE/main")
run_airlock --dry-run fetch
assert_rc 0
assert_eq "+ git -C $R fetch $REMOTE" "$OUT" "plan"
assert_eq "$before" "$(rev "refs/remotes/$REMOTE/main")" "ref moved"

t "a stopped sandbox is started, on its new port, and fetched"
sbx stop "$SB"
old_url=$(git remote get-url "$REMOTE")
calls_reset
run_airlock fetch
assert_rc 0
assert_contains "$ERR" "sandbox '$SB' was stopped; it was started for the fetch"
assert_eq "sbx exec $SB sh -c 'echo ready && exec sleep 1800'" \
    "$(calls_log)" "a session held open starts it"
assert_eq 0 "$(sbx __sessions "$SB")" "the session ended with the fetch"
[[ $(git remote get-url "$REMOTE") != "$old_url" ]] ||
    fail "the double did not change the port"
assert_eq "$(rev main "$C")" "$(rev "refs/remotes/$REMOTE/main")"
assert_match "$OUT" "^  main  .*\(1 new commit\)$"

t "--no-start refuses a stopped sandbox and starts nothing"
sbx stop "$SB"
calls_reset
run_airlock fetch --no-start
assert_rc 1
assert_contains "$ERR" "sandbox '$SB' is stopped"
assert_contains "$ERR" "without --no-start"
assert_not_contains "$(calls_log)" "exec"

t "dry-run on a stopped sandbox plans the start and the fetch"
calls_reset
run_airlock --dry-run fetch
assert_rc 0
assert_eq "+ sbx exec $SB true
+ git -C $R fetch $REMOTE" "$OUT" "plan"
assert_not_contains "$(calls_log)" "exec"
sbx exec "$SB" true

t "a repo without the sandbox remote: never created in clone mode"
new_repo other
run_airlock fetch
assert_rc 1
assert_contains "$ERR" "no remote '$REMOTE'"
assert_contains "$ERR" "never created in clone mode"
assert_contains "$ERR" "code-airlock up"

t "connection refused while sbx says running is a clear error"
cd "$T/repo"
SB=sbx-repo REMOTE=sandbox-sbx-repo R=$T/repo
git config "remote.$REMOTE.url" "git://127.0.0.1:1/repo"
run_airlock fetch
assert_rc 1
assert_contains "$ERR" "does not answer"
assert_contains "$ERR" "connection refused"
sbx stop "$SB"
sbx exec "$SB" true	# the double rewrites the URL again

t "escape sequences in branch names never reach the terminal raw"
agent_script "$T/agent4" <<'A'
git switch -q -c $'evil\xc2\x9b31m\xe2\x80\xaeok'
git commit -q --allow-empty -m $'\e]0;owned\a\e[2J'
git switch -q main
A
agent_run "$T/agent4"
run_airlock fetch
assert_rc 0
assert_no_ctl "$OUT_FILE" "stdout"
assert_no_ctl "$ERR_FILE" "stderr"
assert_contains "$OUT" 'evil\u009b31m\u202eok'

finish
