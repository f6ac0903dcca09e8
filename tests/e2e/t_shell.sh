#!/usr/bin/env bash
#
# shell: `sbx exec -it NAME bash` (-i alone without a terminal), or
# `sbx exec NAME CMD ARGS`; an absent sandbox is an error naming
# `code-airlock up`; the exit status is sbx's.

. "$(dirname "$0")/../lib/e2e.sh"

R=$T/repo
make_repo "$R"
cd "$R"

t "absent sandbox: an error saying to run up first"
calls_reset
run_airlock shell
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-repo' does not exist"
assert_contains "$ERR" "code-airlock up"
assert_eq "sbx ls --json" "$(calls_log)" "nothing but the listing"

run_cmd sbx run --clone --name sbx-repo claude "$R"
sbx stop sbx-repo

t "shell -- CMD ARGS runs the command in the sandbox's clone"
calls_reset
run_airlock shell -- git log --format='%s by %an'
assert_rc 0
assert_eq "initial commit by Test User" "$OUT"
assert_eq "sbx ls --json
sbx exec sbx-repo git log '--format=%s by %an'" "$(calls_log)"

t "the exit status is the command's"
run_airlock shell -- sh -c 'exit 5'
assert_rc 5

t "shell without a command and without a terminal: bash with -i only"
calls_reset
printf 'echo "in $(basename "$PWD")"\nexit 3\n' >"$T/input"
E2E_STDIN=$T/input run_airlock shell
assert_rc 3
assert_eq "in repo" "$OUT"
assert_eq "sbx ls --json
sbx exec -i sbx-repo bash" "$(calls_log)"

if command -v script >/dev/null; then
	t "shell on a terminal: -it"
	calls_reset
	printf 'exit\n' >"$T/exit"
	script -qec "'$AIRLOCK' shell" /dev/null <"$T/exit" >/dev/null 2>&1 ||
	    true
	assert_contains "$(calls_log)" "sbx exec -it sbx-repo bash"
fi

t "--dry-run shell: the plan, no exec"
calls_reset
run_airlock --dry-run shell -- ls -la
assert_rc 0
assert_eq "+ sbx exec sbx-repo ls -la" "$OUT"
assert_eq "sbx ls --json" "$(calls_log)"

t "sbx missing: a clear error"
mkdir "$T/nosbx"
ln -s "$(command -v git)" "$T/nosbx/git"
run_cmd env PATH="$T/nosbx" "$AIRLOCK" shell
assert_rc 1
assert_contains "$ERR" "'sbx'"
assert_contains "$ERR" "not installed"

finish
