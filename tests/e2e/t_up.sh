#!/usr/bin/env bash
#
# up: every preflight before any sbx call (sbx and git found, a repo with
# a commit, not shallow, not a linked worktree), --dry-run changing
# nothing, creation in clone mode with the policy set once, resuming an
# existing sandbox, agent arguments only after "--", and sbx's exit
# status passed through.

# A machine whose network policy was never initialized: up does it.
E2E_POLICY=none
. "$(dirname "$0")/../lib/e2e.sh"

# The part of the `sbx run` line before " -- ": sbx's own arguments.
sbx_part()
{
	local line
	line=$(calls_log | grep '^sbx run ' | tail -n 1)
	printf '%s\n' "${line%% -- *}"
}

R=$T/repo
make_repo "$R"
cd "$R"

t "--dry-run up prints the plan and changes nothing"
calls_reset
run_airlock --dry-run up
assert_rc 0
assert_eq "+ sbx policy init balanced
+ sbx run --clone --name sbx-repo claude $R" "$OUT" "plan on stdout"
assert_eq "sbx ls --json" "$(calls_log)" "only the read-only listing"
assert_eq "" "$(git -C "$R" remote)" "no remote added"
assert_file_missing "$SBX_DOUBLE_STATE/policy/preset"
assert_contains "$ERR" "code-airlock init"

t "--dry-run up -- ARGS puts them after --"
run_airlock --dry-run up -- -p 'do it'
assert_rc 0
assert_contains "$OUT" "+ sbx run --clone --name sbx-repo claude $R -- -p 'do it'"

t "up creates the sandbox in clone mode and the sandbox remote"
calls_reset
run_airlock up
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --clone --name sbx-repo claude $R" "$(calls_log)"
assert_eq "git://127.0.0.1:$(sbx __port sbx-repo)/repo" \
    "$(git -C "$R" remote get-url sandbox-sbx-repo)" "remote url"
assert_eq "+refs/heads/*:refs/remotes/sandbox-sbx-repo/*
+refs/heads/*:refs/sandboxes/sbx-repo/*" \
    "$(git -C "$R" config --get-all remote.sandbox-sbx-repo.fetch)"
assert_eq balanced "$(cat "$SBX_DOUBLE_STATE/policy/preset")"
assert_contains "$ERR" "code-airlock fetch"
assert_contains "$ERR" "has no AGENTS.md"

t "an existing sandbox is resumed with sbx run --name"
agent_script "$T/args-agent" <<'EOF2'
printf '%s\n' "$@" >"$SBX_DOUBLE_STATE/agent-args"
EOF2
calls_reset
SBX_DOUBLE_AGENT=$T/args-agent run_airlock up -- -p 'do it' --model x
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --name sbx-repo -- -p 'do it' --model x" "$(calls_log)"
assert_eq "-p
do it
--model
x" "$(cat "$SBX_DOUBLE_STATE/agent-args")" "the agent's argv"
assert_not_contains "$(sbx_part)" "-p" "-p before --"
assert_contains "$ERR" "resuming sandbox 'sbx-repo'"
assert_not_contains "$ERR" "AGENTS.md"

t "resuming with another agent says the sandbox keeps its own"
calls_reset
run_airlock --agent codex up
assert_rc 0
assert_contains "$ERR" "sandbox 'sbx-repo' runs agent 'claude', not 'codex'"
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --name sbx-repo" "$(calls_log)"

t "the exit status is sbx run's"
agent_script "$T/fail-agent" <<'EOF2'
exit 7
EOF2
SBX_DOUBLE_AGENT=$T/fail-agent run_airlock up
assert_rc 7

t "a policy already initialized is fine"
R2=$T/second
make_repo "$R2"
calls_reset
run_airlock --repo "$R2" up -- -p x
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --clone --name sbx-second claude $R2 -- -p x" "$(calls_log)"
assert_not_contains "$ERR" "already"
assert_not_contains "$(sbx_part)" "-p" "-p before --"

t "another policy failure is an error with sbx's message"
R3=$T/third
make_repo "$R3"
calls_reset
SBX_DOUBLE_FAIL_CMD="policy init" run_airlock --repo "$R3" up
assert_rc 1
assert_contains "$ERR" "injected failure: sbx policy init"
assert_not_contains "$(calls_log)" "sbx run"

t "GLOBAL_NETWORK_POLICY reaches sbx policy init"
rm -f "$SBX_DOUBLE_STATE/policy/preset" "$SBX_DOUBLE_STATE/policy/rules"
calls_reset
GLOBAL_NETWORK_POLICY=deny-all run_airlock --repo "$R3" up
assert_rc 0
assert_contains "$(calls_log)" "sbx policy init deny-all"

t "a resume after a reset initializes the policy before sbx run"
rm -f "$SBX_DOUBLE_STATE/policy/preset" "$SBX_DOUBLE_STATE/policy/rules"
sbx stop sbx-repo
calls_reset
run_airlock up
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --name sbx-repo" "$(calls_log)"
assert_eq balanced "$(cat "$SBX_DOUBLE_STATE/policy/preset")"

t "a shallow clone is refused before any sbx call"
git clone -q --depth 1 "file://$R" "$T/shallow"
calls_reset
run_airlock --repo "$T/shallow" up
assert_rc 1
assert_contains "$ERR" "shallow"
assert_contains "$ERR" "fetch --unshallow"
assert_eq "" "$(calls_log)" "no sbx call"

t "a linked worktree is refused, naming the main worktree"
git -C "$R" worktree add -q "$T/wt" -b wt
calls_reset
run_airlock --repo "$T/wt" up
assert_rc 1
assert_contains "$ERR" "linked git worktree"
assert_contains "$ERR" "main worktree '$R'"
assert_eq "" "$(calls_log)" "no sbx call"

t "not a repository, no terminal: fails with the fix, creates nothing"
mkdir "$T/plain"
calls_reset
run_airlock --repo "$T/plain" up
assert_rc 1
assert_contains "$ERR" "is not a git repository"
assert_contains "$ERR" "git -C $T/plain init"
assert_file_missing "$T/plain/.git"
assert_eq "" "$(calls_log)" "no sbx call"

t "an empty repository, no terminal: fails, commits nothing"
git init -q -b main "$T/empty"
calls_reset
run_airlock --repo "$T/empty" up
assert_rc 1
assert_contains "$ERR" "has no commits yet"
assert_contains "$ERR" "--allow-empty"
assert_eq "" "$(git -C "$T/empty" rev-list --all)" "no commit made"
assert_eq "" "$(calls_log)" "no sbx call"

if command -v script >/dev/null; then
	t "an empty repository on a terminal: offered, committed, started"
	git init -q -b main "$T/offer"
	calls_reset
	printf 'y\n' >"$T/yes"
	RC=0
	script -qec "'$AIRLOCK' --repo '$T/offer' up" /dev/null \
	    <"$T/yes" >"$T/script.out" 2>&1 || RC=$?
	assert_rc 0
	assert_contains "$(cat "$T/script.out")" "empty first commit"
	assert_eq "Initial commit" "$(git -C "$T/offer" log -1 --format=%s)"
	assert_contains "$(calls_log)" "sbx run --clone --name sbx-offer"

	t "declining the offer changes nothing"
	git init -q -b main "$T/decline"
	printf 'n\n' >"$T/no"
	RC=0
	script -qec "'$AIRLOCK' --repo '$T/decline' up" /dev/null \
	    <"$T/no" >"$T/script.out" 2>&1 || RC=$?
	assert_rc 1
	assert_eq "" "$(git -C "$T/decline" rev-list --all)" "no commit made"
fi

# A PATH with git but neither sbx nor the double.
mkdir "$T/nosbx"
ln -s "$(command -v git)" "$T/nosbx/git"

t "sbx missing: a clear error with the install hint, no sandbox"
calls_reset
run_cmd env PATH="$T/nosbx" "$AIRLOCK" up
assert_rc 1
assert_contains "$ERR" "'sbx'"
assert_contains "$ERR" "not installed"
assert_contains "$ERR" "docker-sbx"
assert_eq "" "$OUT"
assert_eq "" "$(calls_log)" "no sbx call"

t "sbx missing under --dry-run: a warning, and the plan"
run_cmd env PATH="$T/nosbx" "$AIRLOCK" --dry-run --repo "$R3" up
assert_rc 0
assert_contains "$ERR" "docker-sbx"
assert_eq "+ sbx policy init balanced
+ sbx run --clone --name sbx-third claude $R3" "$OUT"

t "git missing: a clear error"
mkdir "$T/nogit"
run_cmd env PATH="$T/nogit" "$AIRLOCK" up
assert_rc 1
assert_contains "$ERR" "'git'"
assert_contains "$ERR" "not installed"

finish
