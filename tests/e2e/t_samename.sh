#!/usr/bin/env bash
#
# Two repositories whose folders share a name share the default sandbox
# name too.  up, run, shell, stop, rm and lockdown in the second one must never act
# on the first one's sandbox: they refuse, name the directory it works on
# and how to pick a name of one's own (--name, SANDBOX_NAME), and call
# nothing that changes it.

. "$(dirname "$0")/../lib/e2e.sh"

mkdir -p "$T/a" "$T/b"
make_repo "$T/a/app"
make_repo "$T/b/app"
cd "$T/a/app"
run_airlock up
[[ $RC == 0 ]] || { echo "# up in a/app failed: $ERR" >&2; exit 1; }

cd "$T/b/app"

# refused CMD...: the command is refused and sbx saw only `ls`.
refused()
{
	calls_reset
	run_airlock "$@"
	assert_rc 1
	assert_contains "$ERR" "sandbox 'sbx-app' works on '$T/a/app', not on '$T/b/app'; nothing was done to it"
	assert_contains "$ERR" "--name"
	assert_contains "$ERR" "SANDBOX_NAME"
	assert_eq "sbx ls --json" "$(calls_log)" "sbx only listed"
}

t "up in the second repository does not resume the first one's sandbox"
refused up
refused run "do something"
refused --dry-run up

t "shell, stop, rm and lockdown leave the first repository's sandbox alone"
refused shell -- true
refused stop
refused rm --yes
refused rm --yes --force
refused lockdown
refused --dry-run lockdown
run_cmd sbx ls --json
assert_contains "$OUT" '"name":"sbx-app"'
assert_contains "$OUT" '"status":"running"' "still running"

t "a name set explicitly says where it came from"
calls_reset
SANDBOX_NAME=sbx-app run_airlock stop
assert_rc 1
assert_contains "$ERR" "SANDBOX_NAME is set (environment)"
assert_contains "$ERR" "run from '$T/a/app' (--repo)"

t "a symlinked path to the same repository is the same workspace"
ln -s "$T/a" "$T/alias"
cd "$T/alias/app"
calls_reset
run_airlock --dry-run stop
assert_rc 0
assert_eq "+ sbx stop sbx-app" "$OUT"

t "with a name of its own, the second repository gets its own sandbox"
cd "$T/b/app"
calls_reset
run_airlock --name app-b up
assert_rc 0
assert_contains "$(calls_log)" "sbx run --clone --name app-b claude $T/b/app"
run_airlock --name app-b stop
assert_rc 0

finish
