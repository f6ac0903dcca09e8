#!/usr/bin/env bash
#
# run "TASK": up with the task in each agent's non-interactive form,
# always after "--" (sbx would read -p as --publish), MORE arguments after
# it, the review next steps afterwards; an empty task is a usage error.

. "$(dirname "$0")/../lib/e2e.sh"

R=$T/repo
make_repo "$R"
cd "$R"

# The agent records its argv, one word per line.
agent_script "$T/agent" <<'EOF2'
printf '%s\n' "$@" >"$SBX_DOUBLE_STATE/args-$SBX_AGENT"
EOF2
export SBX_DOUBLE_AGENT=$T/agent

# check AGENT WANT_LINE WANT_ARGV: run the task with that agent, in its
# own sandbox, and compare the call and what the agent received.
check()
{
	calls_reset
	run_airlock --agent "$1" --name "sbx-$1" run "fix the \"bug\" \$(x)" \
	    -- --more 'a b'
	assert_rc 0
	assert_eq "sbx run --clone --name sbx-$1 $1 $R -- $2" \
	    "$(calls_log | grep '^sbx run ')" "sbx run call"
	assert_eq "$3" "$(cat "$SBX_DOUBLE_STATE/args-$1")" "agent argv"
	assert_contains "$ERR" "code-airlock diff"
	assert_contains "$ERR" "code-airlock review"
	assert_contains "$ERR" "code-airlock merge"
}

task='fix the "bug" $(x)'
qtask="'fix the \"bug\" \$(x)'"

for agent in claude gemini copilot; do
	t "$agent: -p TASK after --"
	check "$agent" "-p $qtask --more 'a b'" "-p
$task
--more
a b"
	assert_not_contains "$ERR" "no non-interactive mode"
done

t "codex: exec --dangerously-bypass-approvals-and-sandbox TASK"
check codex "exec --dangerously-bypass-approvals-and-sandbox $qtask \
--more 'a b'" "exec
--dangerously-bypass-approvals-and-sandbox
$task
--more
a b"

t "opencode: run TASK"
check opencode "run $qtask --more 'a b'" "run
$task
--more
a b"

t "another agent: the task alone, with a warning"
check kiro "$qtask --more 'a b'" "$task
--more
a b"
assert_contains "$ERR" "no non-interactive mode is known for agent 'kiro'"
assert_contains "$ERR" "replaces the agent's default command and the \
skip-permissions flag"
assert_contains "$ERR" "code-airlock up -- FLAG TASK"

t "an existing sandbox: resumed with the task"
calls_reset
run_airlock --agent claude --name sbx-claude run "again"
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --name sbx-claude -- -p again" "$(calls_log)"

t "the exit status is the agent's, and no next steps on failure"
agent_script "$T/bad" <<'EOF2'
exit 4
EOF2
SBX_DOUBLE_AGENT=$T/bad run_airlock --name sbx-claude run "fail"
assert_rc 4
assert_not_contains "$ERR" "code-airlock merge"

t "an empty task is a usage error and calls nothing"
calls_reset
run_airlock run ""
assert_rc 2
assert_contains "$ERR" "task is empty"
assert_contains "$ERR" "usage: code-airlock run"
assert_eq "" "$(calls_log)" "no sbx call"

t "no task at all is a usage error"
run_airlock run
assert_rc 2

t "--dry-run run prints the plan only"
calls_reset
run_airlock --dry-run --name sbx-new run "plan it"
assert_rc 0
assert_eq "+ sbx policy init balanced
+ sbx run --clone --name sbx-new claude $R -- -p 'plan it'" "$OUT"
assert_eq "sbx ls --json" "$(calls_log)"

finish
