#!/usr/bin/env bash
#
# status: the sandbox's state from `sbx ls --json` only (never sbx exec:
# looking must not boot a VM), the remote, the fetched branches with
# commits not on BASE, the tmux session; exit 0 even when the sandbox is
# absent or sbx fails.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
agent_script "$T/agent" <<'EOF'
printf 'one\n' >one.txt
git add one.txt
git commit -q -m "agent one"
git checkout -q -b $'odd\u202ename'
printf 'two\n' >two.txt
git add two.txt
git commit -q -m "agent two"
git checkout -q main
EOF

t "absent sandbox: exit 0, state absent, no remote"
run_airlock status
assert_rc 0
assert_match "$OUT" '^repo: +'"$R"'$'
assert_match "$OUT" '^sandbox: +sbx-repo \(agent claude\)$'
assert_match "$OUT" '^state: +absent$'
assert_match "$OUT" "^remote: +none"
assert_contains "$ERR" "code-airlock up"
assert_eq "sbx ls --json" "$(calls_log)" "only sbx ls is called"

t "absent sandbox in JSON"
run_airlock status --json
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '"state":"absent"'
assert_contains "$OUT" '"remote":{"name":"sandbox-sbx-repo","url":null}'
assert_contains "$OUT" '"base":"main","branches":[]'

t "running sandbox: remote url and the branches of the last fetch"
new_box "$T/agent"
git fetch -q "$REMOTE"
port=$(sbx __port "$SB")
calls_reset
run_airlock status
assert_rc 0
assert_match "$OUT" '^state: +running$'
assert_match "$OUT" "^remote: +sandbox-sbx-repo git://127.0.0.1:$port/repo\$"
assert_contains "$OUT" "main: 1 commit not on main"
assert_contains "$OUT" 'odd\u202ename: 2 commits not on main'
assert_not_contains "$OUT" $'\u202e' "raw bidi override"
assert_no_ctl "$OUT_FILE"
assert_eq "sbx ls --json" "$(calls_log)" "only sbx ls is called"

t "running sandbox in JSON, agent branch names escaped"
run_airlock status --json
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '"state":"running","sbx_error":null'
assert_contains "$OUT" "\"url\":\"git://127.0.0.1:$port/repo\""
assert_contains "$OUT" '{"name":"main","ref":"refs/remotes/sandbox-sbx-repo/main","commit":"'"$(rev "refs/remotes/$REMOTE/main")"'","ahead":1,'
assert_contains "$OUT" '"name":"odd\u202ename"'
assert_contains "$OUT" '"ahead":2'
assert_no_ctl "$OUT_FILE"

t "status BASE counts against that base"
git branch older HEAD
commit_file "$R" host.txt h
run_airlock status older
assert_rc 0
assert_contains "$OUT" "main: 1 commit not on older"
run_airlock status no-such-branch
assert_rc 1
assert_contains "$ERR" "no-such-branch"

t "stopped sandbox: reported stopped and not started"
sbx stop "$SB"
calls_reset
run_airlock status
assert_rc 0
assert_match "$OUT" '^state: +stopped$'
assert_not_contains "$(calls_log)" "exec"
assert_not_contains "$(calls_log)" "run"
run_cmd sbx ls --json
assert_contains "$OUT" '"status":"stopped"' "sandbox still stopped"

t "tmux session state"
if command -v tmux >/dev/null; then
	tmux new-session -d -s code-airlock-sbx-repo sleep 300
	run_airlock status --json
	assert_contains "$OUT" '"tmux":{"session":"code-airlock-sbx-repo","state":"running"}'
	tmux kill-session -t code-airlock-sbx-repo
fi
run_airlock status
assert_match "$OUT" '^tmux: +code-airlock-sbx-repo \(absent\)$'

t "sbx not logged in: exit 0, state unknown, sbx's message and the fix"
SBX_DOUBLE_FAIL=login run_airlock status
assert_rc 0
assert_match "$OUT" '^state: +unknown'
assert_match "$OUT" '^remote: +sandbox-sbx-repo git://'
assert_contains "$ERR" "401 Unauthorized"
assert_contains "$ERR" "sbx login"
SBX_DOUBLE_FAIL=login run_airlock status --json
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '"state":"unknown","sbx_error":"'

t "sbx waiting for a sign-in: stopped in time, both fixes named"
SECONDS=0
SBX_TIMEOUT=2 SBX_DOUBLE_FAIL=expired run_airlock status
took=$SECONDS
assert_rc 0
assert_match "$OUT" '^state: +unknown'
assert_contains "$ERR" "'sbx ls' did not answer within 2 s (SBX_TIMEOUT)"
assert_contains "$ERR" "'sbx login' in a terminal"
assert_contains "$ERR" "'sbx daemon restart'"
((took < 60)) || fail "status took $took s"
for f in "$SBX_DOUBLE_STATE"/blocked/*; do
	[[ -e $f ]] || continue
	! pid_alive "${f##*/}" || fail "the waiting sbx ${f##*/} is left"
done

t "sbx missing: exit 0 with what is known"
PATH=${PATH#"$SBX_DOUBLE_DIR:"} run_airlock status
assert_rc 0
assert_match "$OUT" '^state: +unknown'
assert_contains "$ERR" "sbx"

t "a repo path holding an escape sequence is printed escaped"
odd="$T/odd"$'\e'"[2Jdir"
make_repo "$odd"
run_airlock --repo "$odd" status
assert_rc 0
assert_not_contains "$OUT" $'\e'
assert_contains "$OUT" 'odd\e[2Jdir'

finish
