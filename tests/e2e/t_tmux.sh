#!/usr/bin/env bash
#
# --tmux / --tmux-detached / attach: the inner run gets the resolved
# configuration unchanged whatever characters it holds (nothing is ever
# evaluated by a shell or as a tmux format), the pane outlives the agent,
# a session name clash and a missing tmux are clear errors.

. "$(dirname "$0")/../lib/e2e.sh"

# wait_for CMD...: poll until CMD succeeds (give up after ~2 min).
wait_for()
{
	local i
	# Generous: under a loaded machine the inner run takes its time.
	for ((i = 0; i < 1200; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

has_line() { calls_log | grep -qxF -- "$1"; }
pane_dead() { [[ $(tmux list-panes -t "=$1:" -F '#{pane_dead}') == 1 ]]; }
no_pwned() { [[ -z $(find "$T" -name 'pwned*' -print -quit) ]]; }

# shq WORD: WORD quoted as the call log and the dry-run echo quote it.
shq()
{
	if [[ -n $1 && $1 != *[!A-Za-z0-9_+./:,@%=-]* ]]; then
		printf '%s' "$1"
	else
		printf "'%s'" "${1//\'/\'\\\'\'}"
	fi
}

R=$T/repo
make_repo "$R"
cd "$R"

t "tmux missing: a clear error, nothing started"
mkdir "$T/notmux"
ln -s "$(command -v git)" "$T/notmux/git"
ln -s "$SBX_DOUBLE_DIR/sbx" "$T/notmux/sbx"
calls_reset
run_cmd env PATH="$T/notmux" "$AIRLOCK" --tmux-detached up
assert_rc 1
assert_contains "$ERR" "'tmux'"
assert_contains "$ERR" "without --tmux"
assert_eq "" "$(calls_log)" "no sbx call"

if ! command -v tmux >/dev/null; then
	finish
fi

agent_script "$T/agent" <<'EOF2'
printf '%s\n' "$@" >"$SBX_DOUBLE_STATE/args-$SBX_NAME"
EOF2
export SBX_DOUBLE_AGENT=$T/agent

t "--dry-run --tmux-detached up: the tmux plan, no session"
calls_reset
run_airlock --dry-run --tmux-detached up -- -p 'x;'
assert_rc 0
assert_match "$OUT" "^\+ tmux new-session -d -s code-airlock-sbx-repo -c $R "
assert_contains "$OUT" " -- $AIRLOCK --repo $R --name sbx-repo --agent claude up -- -p 'x\\;' ';' set-option -w -t =code-airlock-sbx-repo: remain-on-exit on"
assert_contains "$OUT" " -e USE_TMUX=0 "
! tmux has-session -t =code-airlock-sbx-repo 2>/dev/null ||
    fail "a session was started"
assert_eq "" "$(calls_log)" "no sbx call"

# Every character a shell or tmux could act on, in the repo path, a
# config value, a seeded file name and the agent arguments.
nasty="a b \$(touch pwned1) \`touch pwned2\` 'q' \"d\" #{host} #(touch pwned3) x;"
NR=$T/$nasty
make_repo "$NR"
odd="odd \$(touch pwned4) \`touch pwned5\` 'q' #(touch pwned6) x;"
printf 'seeded\n' >"$HOME/$odd"
# (REVIEW_TOOL is a plain difftool name; a branch name may hold these.)
prb='v$(touch${IFS}pwned7)`touch${IFS}pwned8`#{host};'
NAME=sbx-a-b---touch-pwned1---touch-pwned2---q---d----host----touch-pwned3--x-
SESSION=code-airlock-$NAME

t "--tmux-detached up: the inner run sees every value exactly"
calls_reset
PR_BRANCH=$prb SEED_PATHS=$odd run_airlock --repo "$NR" \
    --tmux-detached up -- -p 'a;' '$(touch pwned9)' "it's"
assert_rc 0
assert_contains "$ERR" "code-airlock attach"
wait_for has_line "sbx run --name $NAME -- -p 'a;' '\$(touch pwned9)' 'it'\\''s'" ||
    fail "the inner run never started the agent"
assert_contains "$(calls_log)" \
    "sbx create --clone --name $NAME claude $(shq "$NR")"
assert_contains "$(calls_log)" "sbx exec $NAME mkdir -p /home/agent"
assert_file_exists "$SBX_DOUBLE_STATE/sandboxes/$NAME/root/home/agent/$odd" \
    "the seeded file, by its exact name"
wait_for test -f "$SBX_DOUBLE_STATE/args-$NAME" || fail "agent never ran"
assert_eq "-p
a;
\$(touch pwned9)
it's" "$(cat "$SBX_DOUBLE_STATE/args-$NAME")" "the agent's argv"
assert_eq "PR_BRANCH=$prb" \
    "$(tmux show-environment -t "=$SESSION" PR_BRANCH)"
no_pwned || fail "something was evaluated: $(find "$T" -name 'pwned*')"

t "the pane stays open after the agent exits"
wait_for pane_dead "$SESSION" || fail "pane not dead"
tmux has-session -t "=$SESSION" 2>/dev/null || fail "session gone"

t "an existing session of that name is an error naming attach"
calls_reset
run_airlock --repo "$NR" --tmux-detached up
assert_rc 1
assert_contains "$ERR" "tmux session '$SESSION' already exists"
assert_contains "$ERR" "code-airlock attach"
assert_eq "" "$(calls_log)" "no sbx call"

t "attach without a terminal fails clearly"
run_airlock --repo "$NR" attach
assert_rc 1
assert_contains "$ERR" "not a terminal"

t "attach without a session names --tmux up"
TMUX_SESSION=nosuch run_airlock attach
assert_rc 1
assert_contains "$ERR" "no tmux session 'nosuch'"
assert_contains "$ERR" "code-airlock --tmux up"

t "the session name is matched exactly, not as a prefix"
TMUX_SESSION=code-airlock-sbx-a run_airlock --repo "$NR" attach
assert_rc 1
assert_contains "$ERR" "no tmux session"

t "--tmux without a terminal starts the session but does not attach"
calls_reset
run_airlock --tmux up
assert_rc 0
assert_contains "$ERR" "not attaching"
wait_for has_line "sbx run --clone --name sbx-repo claude $R" ||
    fail "the inner run never started the agent"
tmux has-session -t =code-airlock-sbx-repo 2>/dev/null || fail "no session"

t "run --tmux-detached: the inner run maps the task"
R2=$T/tasks
make_repo "$R2"
calls_reset
run_airlock --repo "$R2" --tmux-detached run "do \"it\"" -- --more
assert_rc 0
wait_for has_line "sbx run --clone --name sbx-tasks claude $R2 -- -p 'do \"it\"' --more" ||
    fail "the inner run never started the agent"

t "an inner run that fails at once leaves its message in the pane"
tmux kill-server 2>/dev/null || true
R3=$T/failing
make_repo "$R3"
SBX_DOUBLE_FAIL_CMD="policy init" run_airlock --repo "$R3" --tmux-detached up
assert_rc 0
wait_for pane_dead code-airlock-sbx-failing || fail "pane not dead"
assert_contains "$(tmux capture-pane -p -t =code-airlock-sbx-failing:)" \
    "injected failure"

finish
