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
assert_match "$OUT" '"name":"box","id":"[^"]+","agent":"claude","status":"running"'
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
fix it" "$(cat "$BOXES/box/root/home/agent/args")" "agent args"
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

t "the VM's /tmp and /home/agent stay inside the double's state"
mark=/tmp/airlock-double-$$-marker
run_cmd sbx exec box touch "$mark" /home/agent/h
assert_rc 0
assert_file_exists "$BOXES/box/root$mark"
assert_file_exists "$BOXES/box/root/home/agent/h"
assert_file_missing "$mark" "exec wrote the host /tmp"

t "the VM user is agent, HOME=/home/agent; the rest of /home is not its"
run_cmd sbx exec box sh -c 'printf "%s %s" "$USER" "${HOME##*/root}"'
assert_eq "agent /home/agent" "$OUT"
run_cmd sbx exec box mkdir -p /home/user/.claude
assert_rc 1
run_cmd sbx exec box mkdir -p /home/agent/.claude
assert_rc 0

t "exec refuses an empty argument"
run_cmd sbx exec box sh -c ''
assert_rc 1
assert_match "$ERR" '^ERROR: .*empty argument'

t "cp copies both ways with the same mapping, keeping the mode"
mkdir -p "$T/seed/sub"
printf 'x\n' >"$T/seed/sub/f"
chmod 600 "$T/seed/sub/f"
run_cmd sbx exec box mkdir -p /home/agent/.cfg
run_cmd sbx cp "$T/seed" box:/home/agent/.cfg
assert_rc 0
assert_eq x "$(cat "$BOXES/box/root/home/agent/.cfg/seed/sub/f")"
assert_eq 600 "$(stat -c %a "$BOXES/box/root/home/agent/.cfg/seed/sub/f")" \
    "host mode kept"
run_cmd sbx cp box:/home/agent/.cfg/seed/sub/f "$T/back"
assert_rc 0
assert_eq x "$(cat "$T/back")"

t "cp needs an absolute DEST directory that exists, and a running sandbox"
run_cmd sbx cp "$T/seed" box:/home/agent/nope
assert_rc 1
assert_contains "$ERR" "does not exist"
run_cmd sbx cp "$T/seed" box:/home/user
assert_rc 1
run_cmd sbx cp "$T/seed" box:.cfg
assert_rc 1
assert_contains "$ERR" "absolute"
sbx stop box
run_cmd sbx cp "$T/seed" box:/home/agent/.cfg
assert_rc 1
assert_eq "ERROR: sandbox 'box' is not running" "$ERR"
sbx exec box true
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
SBX_DOUBLE_VERSION=v0.37.2 run_cmd sbx ls --json
assert_match "$OUT" '^\[\{"name":' "before 0.38: the bare array"
run_cmd sbx ls
assert_match "$OUT" '^NAME +AGENT +STATUS +WORKSPACE'
assert_match "$OUT" '^odd +claude +running '

t "ls --json pretty-printed, with id and ports"
SBX_DOUBLE_LS_FORMAT=pretty run_cmd sbx ls --json
assert_rc 0
[[ $(wc -l <"$OUT_FILE") -gt 5 ]] || fail "not indented: $OUT"
assert_eq "odd" "$(jq -r '.sandboxes[] | select(.name == "odd") | .name' \
    "$OUT_FILE")"
port=$(sbx __port odd)
assert_eq "$port 9418" "$(jq -r '.sandboxes[] | select(.name == "odd") |
    "\(.ports[0].host_port) \(.ports[0].sandbox_port)"' "$OUT_FILE")"
assert_match "$(jq -r '.sandboxes[0].id' "$OUT_FILE")" '^[0-9a-f-]+$'

t "the daemon banner comes before the output, on either stream"
SBX_DOUBLE_BANNER=stdout run_cmd sbx ls --json
assert_rc 0
assert_eq "Starting sandboxd daemon..." "$(head -n 1 <<<"$OUT")"
assert_match "$(tail -n 1 <<<"$OUT")" '^\{"sandboxes":'
SBX_DOUBLE_BANNER=stderr run_cmd sbx ls --json
assert_match "$OUT" '^\{"sandboxes":'
assert_contains "$ERR" "Starting sandboxd daemon..."

t "version in both formats"
run_cmd sbx version
assert_match "$OUT" '^sbx version: v0\.45\.1 [0-9a-f]+$'
SBX_DOUBLE_VERSION=v0.33.0 run_cmd sbx version
assert_eq "Client Version: v0.33.0" "$(head -n 1 <<<"$OUT")"
SBX_DOUBLE_VERSION=v0.37.9 run_cmd sbx version
assert_match "$OUT" '^sbx version: v0\.37\.9 '

t "login, daemon and backend failures; injected failures"
SBX_DOUBLE_FAIL=login run_cmd sbx ls --json
assert_rc 1
assert_eq "ERROR: 401 Unauthorized: not logged in, run 'sbx login'" "$ERR"
SBX_DOUBLE_FAIL=login run_cmd sbx --version
assert_rc 0
SBX_DOUBLE_FAIL=daemon run_cmd sbx stop odd
assert_rc 1
assert_match "$ERR" '^ERROR: daemon not running'
SBX_DOUBLE_FAIL=backend run_cmd sbx ls --json
assert_rc 1
assert_match "$ERR" '^ERROR: backend unavailable'
SBX_DOUBLE_FAIL_CMD="policy init" run_cmd sbx policy init balanced
assert_rc 1
assert_contains "$ERR" "ERROR: injected failure"
SBX_DOUBLE_FAIL_CMD="policy init" run_cmd sbx policy log
assert_rc 0
run_cmd sbx login
assert_rc 0
assert_file_exists "$SBX_DOUBLE_STATE/logged-in"

t "an expired login: ls starts the sign-in flow and waits until killed"
SBX_DOUBLE_FAIL=expired sbx ls --json >"$T/blocked.out" 2>&1 &
bpid=$!
for ((i = 0; i < 100; i++)); do
	grep -q "Waiting for authentication" "$T/blocked.out" && break
	sleep 0.05
done
assert_contains "$(cat "$T/blocked.out")" "Your Docker session has expired"
sleep 0.3
pid_alive "$bpid" || fail "ls returned instead of waiting"
kill "$bpid" 2>/dev/null || true
wait "$bpid" 2>/dev/null || true
! pid_alive "$bpid" || fail "ls survived a kill"

t "__stop-all leaves no git daemon, watcher or waiting call behind"
SBX_DOUBLE_FAIL=expired sbx ls --json >/dev/null 2>&1 &
bpid=$!
for ((i = 0; i < 100; i++)); do
	[[ -n $(ls "$SBX_DOUBLE_STATE/blocked" 2>/dev/null) ]] && break
	sleep 0.05
done
[[ -n $(daemon_pids) ]] || fail "expected running daemons before"
[[ -n $(pgrep -f -- " __watch [^ ]+ $SBX_DOUBLE_STATE\$" || true) ]] ||
    fail "expected watchers before"
run_cmd sbx __stop-all
assert_rc 0
wait "$bpid" 2>/dev/null || true
assert_eq "" "$(daemon_pids)" "daemons left"
for ((i = 0; i < 40; i++)); do
	[[ -z $(pgrep -f -- " __watch [^ ]+ $SBX_DOUBLE_STATE\$" || true) ]] &&
	    break
	sleep 0.05
done
assert_eq "" "$(pgrep -f -- " __watch [^ ]+ $SBX_DOUBLE_STATE\$" || true)" \
    "watchers left"
! pid_alive "$bpid" || fail "the waiting ls survived"
run_cmd sbx ls
assert_not_contains "$OUT" running

finish
