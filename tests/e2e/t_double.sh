#!/usr/bin/env bash
#
# Tests of the sbx double itself: the other scenarios trust it to behave
# like sbx clone mode (SPEC.md sections 1 and 5), so check that it does.
# Needs no code-airlock binary.

E2E_NEEDS_AIRLOCK=0
. "$(dirname "$0")/../lib/e2e.sh"

make_repo "$T/repo"
R=$T/repo
BOXES=$SBX_DOUBLE_STATE/sandboxes

t "run --clone creates a running sandbox and prints nothing"
run_cmd sbx run --clone --name box claude "$R"
assert_rc 0
assert_eq "" "$OUT" "stdout of run"
run_cmd sbx ls --json
assert_contains "$OUT" '"name":"box","agent":"claude","status":"running"'
assert_contains "$OUT" "\"workspaces\":[\"$R\"]"
assert_file_exists "$BOXES/box/serve/repo/README.md" "clone"

t "the host gets remote sandbox-box with both refspecs"
port=$(sbx __port box)
assert_eq "git://127.0.0.1:$port/repo" \
    "$(git -C "$R" remote get-url sandbox-box)" "remote url"
assert_eq "+refs/heads/*:refs/remotes/sandbox-box/*
+refs/heads/*:refs/sandboxes/box/*" \
    "$(git -C "$R" config --get-all remote.sandbox-box.fetch)" "refspecs"

t "git fetch over git:// fills both ref namespaces"
run_cmd git -C "$R" fetch sandbox-box
assert_rc 0
main=$(git -C "$R" rev-parse main)
assert_eq "$main" "$(git -C "$R" rev-parse refs/remotes/sandbox-box/main)"
assert_eq "$main" "$(git -C "$R" rev-parse refs/sandboxes/box/main)"

t "the agent runs in the clone with the arguments after --"
agent_script "$T/agent" <<'EOF'
printf '%s\n' "$SBX_NAME" "$SBX_AGENT" "$@" >"$HOME/args"
printf 'work\n' >work.txt
git add work.txt
git commit -q -m "agent change"
exit "${AGENT_RC:-0}"
EOF
export SBX_DOUBLE_AGENT=$T/agent
AGENT_RC=3 run_cmd sbx run --name box -- -p "fix it"
assert_rc 3 "agent exit status"
assert_eq "box
claude
-p
fix it" "$(cat "$BOXES/box/root/home/user/args")" "agent args"
assert_file_missing "$R/work.txt" "agent wrote to the host"
run_cmd git -C "$R" fetch sandbox-box
assert_rc 0
assert_eq "Sandbox Agent|agent change" \
    "$(git -C "$R" log -1 --format='%an|%s' refs/sandboxes/box/main)"
unset SBX_DOUBLE_AGENT

t "calls.log holds each argv quoted like the dry-run echo"
assert_contains "$(calls_log)" "sbx run --name box -- -p 'fix it'"
assert_contains "$(calls_log)" "sbx run --clone --name box claude $R"

t "stop makes fetches fail with connection refused"
run_cmd sbx stop box
assert_rc 0
run_cmd sbx ls --json
assert_contains "$OUT" '"status":"stopped"'
run_cmd git -C "$R" fetch sandbox-box
assert_rc 128
assert_contains "$ERR" "Connection refused"

t "exec starts a stopped sandbox on a new port and rewrites the url"
old=$(sbx __port box)
run_cmd sbx exec box git rev-parse --show-toplevel
assert_rc 0
assert_eq "$BOXES/box/serve/repo" "$OUT" "exec cwd"
new=$(sbx __port box)
[[ $new != "$old" ]] || fail "port did not change: $old"
assert_eq "git://127.0.0.1:$new/repo" \
    "$(git -C "$R" remote get-url sandbox-box)"
run_cmd git -C "$R" fetch sandbox-box
assert_rc 0

t "exec passes the exit status, env and stdin only with -i"
run_cmd sbx exec -e FOO=bar box sh -c 'echo "$FOO"; exit 5'
assert_rc 5
assert_eq bar "$OUT"
printf 'in\n' >"$T/stdin"
E2E_STDIN=$T/stdin run_cmd sbx exec -i box cat
assert_eq in "$OUT" "stdin with -i"
E2E_STDIN=$T/stdin run_cmd sbx exec box cat
assert_eq "" "$OUT" "stdin without -i"
run_cmd sbx exec -it box true
assert_rc 1 "-t without a terminal"
assert_contains "$ERR" "ERROR: the input device is not a TTY"

t "the VM's /tmp and /home/user stay inside the double's state"
mark=/tmp/airlock-double-$$-marker
run_cmd sbx exec box touch "$mark" /home/user/h
assert_rc 0
assert_file_exists "$BOXES/box/root$mark"
assert_file_exists "$BOXES/box/root/home/user/h"
assert_file_missing "$mark" "exec wrote the host /tmp"

t "cp copies both ways with the same mapping"
mkdir -p "$T/seed/sub"
printf 'x\n' >"$T/seed/sub/f"
run_cmd sbx exec box mkdir -p /home/user/.cfg
run_cmd sbx cp "$T/seed" box:/home/user/.cfg
assert_rc 0
assert_eq x "$(cat "$BOXES/box/root/home/user/.cfg/seed/sub/f")"
run_cmd sbx cp box:/home/user/.cfg/seed/sub/f "$T/back"
assert_rc 0
assert_eq x "$(cat "$T/back")"
run_cmd sbx cp "$T/seed" nope:/tmp
assert_rc 1
assert_contains "$ERR" "ERROR: sandbox 'nope' not found"

t "rm without a terminal fails unless --force"
run_cmd sbx rm box
assert_rc 1
assert_match "$ERR" '^ERROR: .*--force'
assert_file_exists "$BOXES/box/workspace" "sandbox kept"

t "rm --force removes the remote but refs/sandboxes survive"
pid=$(cat "$BOXES/box/daemon.pid")
run_cmd sbx rm --force box
assert_rc 0
assert_eq "" "$(git -C "$R" config --get-regexp '^remote\.sandbox-box\.' ||
    true)" "remote config"
assert_eq "" "$(git -C "$R" for-each-ref refs/remotes/sandbox-box/)"
assert_eq "Sandbox Agent|agent change" \
    "$(git -C "$R" log -1 --format='%an|%s' refs/sandboxes/box/main)"
assert_file_missing "$BOXES/box"
! pid_alive "$pid" || fail "daemon $pid still running"
run_cmd sbx stop box
assert_rc 1
assert_eq "ERROR: sandbox 'box' not found" "$ERR"

t "unknown flags and commands are rejected"
run_cmd sbx run --bogus --clone --name b2 claude "$R"
assert_rc 1
assert_eq "ERROR: unknown flag: --bogus" "$ERR"
run_cmd sbx frobnicate
assert_rc 1
assert_contains "$ERR" "ERROR: unknown command: frobnicate"
run_cmd sbx ls --all
assert_rc 1

t "agent flags before -- are sbx flags: -p TASK fails"
run_cmd sbx run --clone --name b2 claude "$R" -p "fix the bug"
assert_rc 1
assert_contains "$ERR" "ERROR: invalid port mapping"
assert_file_missing "$BOXES/b2" "sandbox created anyway"
run_cmd sbx run --clone --name b2 claude "$R" fix
assert_rc 1
assert_contains "$ERR" "agent arguments go after --"
run_cmd sbx run --clone --name b2 claude "$R" -- -p "fix the bug"
assert_rc 0

t "sandbox names follow sbx's rules"
for n in a -ab .ab a_b 'a b' a/b ''; do
	run_cmd sbx run --clone --name "$n" claude "$R"
	assert_rc 1 "name '$n'"
	assert_contains "$ERR" "ERROR: invalid sandbox name"
done
run_cmd sbx create --clone --name 9.x-Y claude "$R"
assert_rc 0 "name 9.x-Y"
run_cmd sbx create --clone --name 9.x-Y claude "$R"
assert_rc 1 "create of an existing name"
assert_contains "$ERR" "already exists"

t "shallow repos and linked worktrees are refused"
git clone -q --depth 1 "file://$R" "$T/shallow"
run_cmd sbx run --clone --name sh claude "$T/shallow"
assert_rc 1
assert_match "$ERR" '^ERROR: .*shallow'
assert_eq "" "$(git -C "$T/shallow" remote | grep sandbox || true)"
git -C "$R" worktree add -q "$T/wt" -b side
run_cmd sbx run --clone --name wt claude "$T/wt"
assert_rc 1
assert_match "$ERR" '^ERROR: .*worktree'
mkdir "$T/empty"
git init -q "$T/empty"
run_cmd sbx run --clone --name em claude "$T/empty"
assert_rc 1
assert_contains "$ERR" "no commits"

t "the clone checks out the host's current branch"
commit_file "$R" side.txt s
git -C "$R" checkout -q -b topic
commit_file "$R" topic.txt t
run_cmd sbx create --clone --name tb claude "$R"
assert_rc 0
assert_eq topic "$(git -C "$BOXES/tb/serve/repo" branch --show-current)"
git -C "$R" checkout -q main

t "ls --json is valid JSON, also for odd paths and the old array form"
mkdir -p "$T/odd \"q\" \\ dir"
make_repo "$T/odd \"q\" \\ dir/repo"
run_cmd sbx create --clone --name odd claude "$T/odd \"q\" \\ dir/repo"
assert_rc 0
run_cmd sbx ls --json
assert_rc 0
assert_contains "$OUT" '{"sandboxes":['
assert_contains "$OUT" '"workspaces":["'"$T"'/odd \"q\" \\ dir/repo"]'
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(sys.stdin)
assert isinstance(d["sandboxes"], list)' <"$OUT_FILE" ||
	    fail "python3 rejects: $OUT"
fi
SBX_DOUBLE_LS_FORMAT=array run_cmd sbx ls --json
assert_match "$OUT" '^\[\{"name":'
run_cmd sbx ls
assert_match "$OUT" '^NAME +AGENT +STATUS +WORKSPACE'
assert_match "$OUT" '^odd +claude +running '

t "policy: init once, set-default, allow, reset without a terminal, log"
run_cmd sbx policy init balanced
assert_rc 0
run_cmd sbx policy init deny-all
assert_rc 1
assert_contains "$ERR" "already"
run_cmd sbx policy init open
assert_rc 1
run_cmd sbx policy set-default deny-all
assert_rc 0
assert_eq deny-all "$(cat "$SBX_DOUBLE_STATE/policy/default")"
run_cmd sbx policy allow network --sandbox odd "a.com,*.b.org"
assert_rc 0
assert_eq "odd allow a.com
odd allow *.b.org" "$(cat "$SBX_DOUBLE_STATE/policy/rules")"
run_cmd sbx policy allow network --sandbox nope a.com
assert_rc 1
run_cmd sbx policy log odd
assert_rc 0
assert_match "$OUT" '^odd +api.anthropic.com +allowed'
run_cmd sbx policy reset
assert_rc 0
assert_eq no-tty "$(cat "$SBX_DOUBLE_STATE/policy/resets")"
assert_file_missing "$SBX_DOUBLE_STATE/policy/rules"
run_cmd sbx policy init balanced
assert_rc 0 "init after reset"

t "version, login and injected failures"
run_cmd sbx version
assert_eq "sbx version v0.45.0" "$OUT"
SBX_DOUBLE_FAIL=login run_cmd sbx ls --json
assert_rc 1
assert_eq "ERROR: 401 Unauthorized: not logged in, run 'sbx login'" "$ERR"
SBX_DOUBLE_FAIL=login run_cmd sbx --version
assert_rc 0
SBX_DOUBLE_FAIL=daemon run_cmd sbx stop odd
assert_rc 1
assert_contains "$ERR" "cannot connect to the sbx daemon"
SBX_DOUBLE_FAIL_CMD="policy init" run_cmd sbx policy init balanced
assert_rc 1
assert_contains "$ERR" "ERROR: injected failure"
SBX_DOUBLE_FAIL_CMD="policy init" run_cmd sbx policy log
assert_rc 0
run_cmd sbx login
assert_rc 0
assert_file_exists "$SBX_DOUBLE_STATE/logged-in"

t "__stop-all leaves no git daemon behind"
[[ -n $(daemon_pids) ]] || fail "expected running daemons before"
run_cmd sbx __stop-all
assert_rc 0
assert_eq "" "$(daemon_pids)" "daemons left"
run_cmd sbx ls
assert_not_contains "$OUT" running

finish
