#!/usr/bin/env bash
#
# fetch asks sbx nothing but for the session it holds open (so that the
# sandbox cannot stop by itself midway) when the sandbox's daemon answers
# and proves to be it, but never takes commits from whatever else listens
# on a stopped
# sandbox's old port: another sandbox's daemon serving a repository of
# the same directory name must be noticed (the sandbox is stopped, so it
# is started, or refused with --no-start), both for an unrelated
# repository and for a second sandbox of the same repository.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# box DIR NAME AGENT: the sandbox NAME for the repo DIR, its agent run once.
box()
{
	SBX_DOUBLE_AGENT=$3 run_cmd sbx run --clone --name "$2" claude "$1"
	[[ $RC == 0 ]] || { echo "# sbx run failed: $ERR" >&2; exit 1; }
}

# hold NAME: the call that holds a session open while fetching.
hold()
{
	printf "sbx exec %s sh -c 'echo ready && exec sleep 1800'" "$1"
}

# others NAME: the calls but the hold (which a quick fetch may end before
# the double got to log it).
others()
{
	calls_log | grep -vxF "$(hold "$1")" || true
}

# hand_port FROM TO: stop both sandboxes, start TO on FROM's last port.
hand_port()
{
	local port
	port=$(sbx __port "$1")
	sbx stop "$1" "$2"
	SBX_DOUBLE_PORT=$port sbx exec "$2" true
	assert_eq "$port" "$(sbx __port "$2")" "port handed over"
}

# contained COMMIT [DIR]: the refs of DIR (default .) holding COMMIT.
contained()
{
	git -C "${2:-.}" for-each-ref --contains "$1" --format='%(refname)'
}

A=$T/a/proj B=$T/b/proj
mkdir -p "$T/a" "$T/b"
make_repo "$A"
make_repo "$B"
agent_script "$T/agent-a" <<'X'
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "work of a"
X
agent_script "$T/agent-b" <<'X'
printf 'b\n' >b.txt; git add b.txt; git commit -q -m "work of b"
X
box "$A" box-a "$T/agent-a"
box "$B" box-b "$T/agent-b"
CA=$SBX_DOUBLE_STATE/sandboxes/box-a/serve/proj
CB=$SBX_DOUBLE_STATE/sandboxes/box-b/serve/proj
cd "$A"
R=$A
export SANDBOX_NAME=box-a

t "a first fetch holds a session open and asks sbx nothing else"
calls_reset
run_airlock fetch
assert_rc 0
assert_eq "$(hold box-a)" "$(calls_log)"
assert_eq "$(rev main "$CA")" "$(rev refs/sandboxes/box-a/main)"

t "a steady-state fetch of a running sandbox only holds a session"
calls_reset
run_airlock fetch
assert_rc 0
assert_eq "" "$(others box-a)"
agent_run_in()
{
	SBX_DOUBLE_AGENT=$2 run_cmd sbx run --name "$1"
	[[ $RC == 0 ]] || { echo "# sbx run failed: $ERR" >&2; exit 1; }
}
agent_script "$T/agent-a2" <<'X'
printf 'a2\n' >a.txt; git commit -q -am "more work of a"
X
agent_run_in box-a "$T/agent-a2"
calls_reset
run_airlock log
assert_rc 0
assert_eq "" "$(others box-a)" "sbx calls of log with new commits"
assert_eq "$(rev main "$CA")" "$(rev refs/sandboxes/box-a/main)"
assert_contains "$OUT" "more work of a"

t "another repository's daemon on the stopped sandbox's old port"
kept=$(rev refs/sandboxes/box-a/main)
hand_port box-a box-b
# The old URL now reaches box-b's daemon, serving another 'proj'.
assert_eq "$(rev main "$CB")" \
    "$(git ls-remote sandbox-box-a refs/heads/main | cut -f1)" "scenario"
calls_reset
run_airlock fetch --no-start
assert_rc 1
assert_contains "$ERR" "sandbox 'box-a' is stopped"
assert_eq "sbx ls --json" "$(calls_log)"
assert_eq "$kept" "$(rev refs/sandboxes/box-a/main)" "kept ref"
assert_eq "" "$(contained "$(rev main "$CB")" 2>/dev/null)" "b's commits"
calls_reset
run_airlock fetch
assert_rc 0
assert_contains "$ERR" "sandbox 'box-a' was stopped; it was started"
assert_eq "$(hold box-a)" "$(calls_log)"
assert_eq "$(rev main "$CA")" "$(rev refs/sandboxes/box-a/main)"
assert_eq "$(rev main "$CA")" "$(rev refs/remotes/sandbox-box-a/main)"
assert_eq "" "$(contained "$(rev main "$CB")" 2>/dev/null)" "b's commits"
[[ $(sbx __port box-a) != $(sbx __port box-b) ]] || fail "same port"

t "a second sandbox of the same repository on the old port"
# box-c works on a branch of its own; box-d, of the same repo, on main,
# so box-d's main continues the host main box-c also serves.
C=$T/c/proj
mkdir -p "$T/c"
make_repo "$C"
agent_script "$T/agent-c" <<'X'
git switch -q -c feature
printf 'c\n' >c.txt; git add c.txt; git commit -q -m "work of c"
git switch -q main
X
agent_script "$T/agent-d" <<'X'
printf 'd\n' >d.txt; git add d.txt; git commit -q -m "work of d"
X
box "$C" box-c "$T/agent-c"
box "$C" box-d "$T/agent-d"
CD=$SBX_DOUBLE_STATE/sandboxes/box-d/serve/proj
cd "$C"
R=$C
export SANDBOX_NAME=box-c
run_airlock fetch
assert_rc 0
calls_reset
run_airlock fetch
assert_eq "" "$(others box-c)" "steady state"
hand_port box-c box-d
main_before=$(rev refs/sandboxes/box-c/main)
calls_reset
run_airlock fetch --no-start
assert_rc 1
assert_contains "$ERR" "sandbox 'box-c' is stopped"
assert_eq "$main_before" "$(rev refs/sandboxes/box-c/main)" "kept main"
assert_eq "" "$(contained "$(rev main "$CD")" 2>/dev/null)" "d's commits"
run_airlock fetch
assert_rc 0
assert_eq "$main_before" "$(rev refs/sandboxes/box-c/main)" "main"
assert_eq "" "$(contained "$(rev main "$CD")" 2>/dev/null)" "d's commits"

t "nothing listening on the old port: sbx is asked, as before"
sbx stop box-c
calls_reset
run_airlock fetch --no-start
assert_rc 1
assert_contains "$ERR" "sandbox 'box-c' is stopped"
assert_eq "sbx ls --json" "$(calls_log)"

finish
