#!/usr/bin/env bash
#
# log [BASE] (SPEC §4) and the choice of the sandbox branch SBREF: the
# current branch, the agent's own branch, two candidates, --branch,
# nothing new, a detached HEAD; terminal-safe text and valid --json.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
new_box
C=$(clone_dir)

t "nothing new: log prints nothing and succeeds"
run_airlock log
assert_rc 0
assert_eq "" "$OUT" "stdout"
assert_contains "$ERR" "nothing new"
run_airlock --json log
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '"branch":null'
assert_contains "$OUT" '"commits":[]'

t "dry-run before the fetch: the branch is named, its commits not shown"
agent_script "$T/agent0" <<'A'
git switch -q -c early
git commit -q --allow-empty -m "early"
git switch -q main
A
agent_run "$T/agent0"
run_airlock --dry-run log
assert_rc 0
assert_eq "+ git -C $R fetch $REMOTE" "$OUT" "plan"
assert_contains "$ERR" "sandbox branch 'early' are not fetched yet"
assert_eq "" "$(rev "refs/remotes/$REMOTE/early")" "nothing fetched"

t "a branch the agent deleted is no candidate, though it stays fetched"
run_airlock fetch
agent_script "$T/agent0" <<'A'
git branch -q -D early
A
agent_run "$T/agent0"
run_airlock log
assert_rc 0
assert_eq "" "$OUT"
assert_contains "$ERR" "nothing new"
assert_eq "$(rev "refs/sandboxes/$SB/early")" \
    "$(rev "refs/remotes/$REMOTE/early")" "kept"
run_airlock log --branch early
assert_rc 0
assert_match "$OUT" "  early$"
git update-ref -d "refs/remotes/$REMOTE/early"

t "the agent's own branch is the only candidate"
agent_script "$T/agent1" <<'A'
git switch -q -c fix/parser
printf '1\n' >a; git add a; git commit -q -m "parser: first"
printf '2\n' >b; git add b; git commit -q -m "parser: second"
git switch -q main
A
agent_run "$T/agent1"
run_airlock log
assert_rc 0
assert_match "$OUT" "^[0-9a-f]{7,}  Sandbox Agent  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} [+-][0-9]{4}  parser: second$"
assert_eq "parser: second
parser: first" "$(cut -d' ' -f9- <<<"$OUT" | sed 's/^ *//')" "newest first"
assert_eq 2 "$(wc -l <<<"$OUT")" "line count"

t "two candidates, neither named like BASE: an error listing both"
agent_script "$T/agent2" <<'A'
git switch -q -c docs
printf 'd\n' >d; git add d; git commit -q -m "docs"
git switch -q main
A
agent_run "$T/agent2"
run_airlock log
assert_rc 1
assert_contains "$ERR" "'docs' (1 new)"
assert_contains "$ERR" "'fix/parser' (2 new)"
assert_contains "$ERR" "--branch"
assert_eq "" "$OUT" "stdout"

t "--branch picks one of them"
run_airlock log --branch docs
assert_rc 0
assert_match "$OUT" "  docs$"
assert_eq 1 "$(wc -l <<<"$OUT")"

t "the branch named like BASE wins over the others"
agent_script "$T/agent3" <<'A'
printf 'm\n' >m; git add m; git commit -q -m "on main"
A
agent_run "$T/agent3"
run_airlock log
assert_rc 0
assert_match "$OUT" "  on main$"
assert_eq 1 "$(wc -l <<<"$OUT")"

t "an explicit BASE and --json"
git switch -q -c topic
run_airlock --json log main --branch fix/parser
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '"base":"main","branch":"fix/parser"'
assert_contains "$OUT" "\"ref\":\"refs/remotes/$REMOTE/fix/parser\""
assert_contains "$OUT" '"author":"Sandbox Agent","email":"agent@sandbox.invalid"'
assert_contains "$OUT" '"subject":"parser: second"'
git switch -q main

t "an unknown --branch names the fetched branches"
run_airlock log --branch nope
assert_rc 1
assert_contains "$ERR" "no sandbox branch 'nope'"
assert_contains "$ERR" "'docs'"

t "a detached HEAD asks for an explicit base"
git switch -q --detach main
run_airlock log
assert_rc 1
assert_contains "$ERR" "detached"
run_airlock log main --branch docs
assert_rc 0
git switch -q main

t "escape sequences in commit messages and names are shown escaped"
agent_script "$T/agent4" <<'A'
GIT_AUTHOR_NAME=$'Mal\e[8mlory' git commit -q --allow-empty \
    -m $'title \e]0;pwned\a\e[2J\xc2\x9b1m end'
A
agent_run "$T/agent4"
run_airlock log
assert_rc 0
assert_no_ctl "$OUT_FILE" "log"
assert_contains "$OUT" 'Mal\e[8mlory'
assert_contains "$OUT" 'title \e]0;pwned\x07\e[2J\u009b1m end'
run_airlock --json log
assert_rc 0
assert_no_ctl "$OUT_FILE" "log --json"
assert_json "$OUT_FILE"
assert_contains "$OUT" 'title \u001b]0;pwned\u0007'

t "dry-run: the fetch is planned, the log still read from the last fetch"
run_airlock --dry-run log
assert_rc 0
assert_eq "+ git -C $R fetch $REMOTE" "$(head -n 1 <<<"$OUT")"
assert_contains "$OUT" "  on main"

finish
