#!/usr/bin/env bash
#
# Which sandbox a command acts on when no name is given (no --name, no
# SANDBOX_NAME from any source): the default's when it is one of this
# repository's sandboxes, else the only one; several without the default
# is a usage error listing them with the --name hint.  Choosing asks sbx
# at most the one `sbx ls` the command would make anyway.

. "$(dirname "$0")/../lib/e2e.sh"

# Sandboxes stay up between the steps, however slow the machine: the idle
# stop is not what this scenario is about.
export SBX_DOUBLE_GRACE=3600

R=$T/repo
make_repo "$R"
make_repo "$T/other/repo"
cd "$R"

# box NAME DIR: create sandbox NAME on DIR through the double.
box()
{
	run_cmd sbx run --clone --name "$1" claude "$2"
	[[ $RC == 0 ]] || { echo "# sbx run $1 failed: $ERR" >&2; exit 1; }
}

t "zero sandboxes: the default name stands, and the command says it is absent"
calls_reset
run_airlock stop
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-repo' does not exist"
assert_eq "sbx ls --json" "$(calls_log)" "one listing, no more"
run_airlock status
assert_rc 0
assert_contains "$OUT" "sbx-repo"

t "another repository's sandbox is not a candidate"
box "other-box" "$T/other/repo"
calls_reset
run_airlock stop
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-repo' does not exist"
assert_not_contains "$ERR" "other-box"
assert_eq "sbx ls --json" "$(calls_log)"

t "one sandbox of another name: it is the one, and sbx is listed once"
box "fix-a" "$R"
calls_reset
run_airlock stop
assert_rc 0
assert_contains "$ERR" "using sandbox 'fix-a', this repository's only one"
assert_eq "sbx ls --json
sbx stop fix-a" "$(calls_log)"
run_airlock --json status
assert_rc 0
assert_contains "$OUT" '"sandbox":"fix-a"'
assert_contains "$OUT" '"name":"sandbox-fix-a"'
run_airlock --dry-run fetch --no-start
assert_contains "$ERR" "fix-a"
assert_not_contains "$ERR" "sbx-repo"

t "the tmux session and PR branch follow the chosen name"
run_airlock attach
assert_rc 1
assert_contains "$ERR" "code-airlock-fix-a"

t "several sandboxes without the default: a usage error listing them"
box "fix-b" "$R"
for c in stop status log diff fetch review merge pr shell rm lockdown \
    unlock attach net; do
	calls_reset
	run_airlock "$c"
	assert_rc 2
	assert_contains "$ERR" "several sandboxes work on this repository and none is named 'sbx-repo': fix-a, fix-b; choose one with --name NAME"
	assert_contains "$ERR" "usage: code-airlock $c"
	assert_not_contains "$ERR" "other-box"
	assert_eq "sbx ls --json" "$(calls_log)" "'$c' only listed"
done

t "a name given in any way is used as given"
calls_reset
run_airlock --name fix-b stop
assert_rc 0
assert_eq "sbx ls --json
sbx stop fix-b" "$(calls_log)"
# (fix-a is stopped already, fix-b now too: stop says so by name.)
calls_reset
SANDBOX_NAME=fix-a run_airlock stop
assert_rc 0
assert_contains "$ERR" "sandbox 'fix-a' is already stopped"
assert_eq "sbx ls --json" "$(calls_log)"
printf 'SANDBOX_NAME=fix-b\n' >"$T/conf"
CODE_AIRLOCK_CONFIG=$T/conf run_airlock stop
assert_rc 0
assert_contains "$ERR" "sandbox 'fix-b' is already stopped"
# A given name that does not exist is not replaced by a guess.
SANDBOX_NAME=nope-box run_airlock stop
assert_rc 1
assert_contains "$ERR" "sandbox 'nope-box' does not exist"

t "net --all names no sandbox: nothing to choose"
calls_reset
run_airlock net --all
assert_rc 0
assert_eq "sbx policy log" "$(calls_log)"

t "up and run create by name, whatever else exists"
calls_reset
run_airlock --dry-run up
assert_rc 0
assert_contains "$OUT" "sbx run --clone --name sbx-repo claude $R"

t "several with the default among them: the default, sbx not asked to choose"
box "sbx-repo" "$R"
calls_reset
run_airlock stop
assert_rc 0
assert_not_contains "$ERR" "using sandbox"
assert_eq "sbx ls --json
sbx stop sbx-repo" "$(calls_log)"

t "a removed sandbox is a candidate no more"
run_cmd sbx rm --force sbx-repo
run_cmd sbx rm --force fix-b
run_airlock stop
assert_rc 0
assert_contains "$ERR" "using sandbox 'fix-a'"
assert_contains "$ERR" "sandbox 'fix-a' is already stopped"

finish
