#!/usr/bin/env bash
#
# run --agents: one sandbox per agent (SANDBOX_NAME-AGENT), all on one
# task in parallel.  Three agents with different scripts: one cannot
# start (its sandbox name belongs to another repository), one commits,
# one commits nothing; every output line whole, prefixed and escaped;
# the summary says how each ended and what it committed; the exit status
# is 0 only when all ran and exited 0.  ^C stops every agent, removes no
# sandbox and loses no commit.  --tmux-detached: a window per agent.

. "$(dirname "$0")/../lib/e2e.sh"

R=$T/repo
make_repo "$R"
cd "$R"

# claude commits twice, opencode commits nothing, codex never runs here.
agent_script "$T/agent" <<'EOF2'
case $SBX_AGENT in
claude)
	printf 'claude: working on %s\n' "$2"
	echo one >one; git add one; git commit -qm "first"
	echo two >two; git add two; git commit -qm "second"
	printf 'evil \033]0;title\007 \033[2J done\n'
	printf 'no newline at the end' ;;
opencode)
	echo "opencode: nothing to do" >&2 ;;
*)
	echo "unexpected agent $SBX_AGENT"; exit 9 ;;
esac
EOF2
export SBX_DOUBLE_AGENT=$T/agent

# Another repository already has a sandbox named sbx-repo-codex.
make_repo "$T/other"
(cd "$T/other" && SBX_DOUBLE_AGENT='' sbx run --clone --name sbx-repo-codex \
    codex "$T/other" >/dev/null 2>&1)

t "three agents: one fails to start, the others run to the end"
calls_reset
run_airlock run --agents claude,codex,opencode "fix it"
assert_rc 1
assert_contains "$OUT" "sbx-repo-claude   | claude: working on fix it"
assert_contains "$OUT" "sbx-repo-opencode | opencode: nothing to do"
assert_contains "$OUT" "sbx-repo-claude   | no newline at the end"
# Escaped: no raw escape or bell reaches the terminal.
assert_contains "$OUT" 'evil \e]0;title\x07 \e[2J done'
if [[ $OUT == *$'\033'* || $OUT == *$'\a'* ]]; then
	fail "a raw control character reached the output"
fi
assert_contains "$ERR" "another repository"
assert_match "$OUT" 'sbx-repo-claude +exit 0 +2 new on main'
assert_match "$OUT" 'sbx-repo-codex +did not start +-'
assert_match "$OUT" 'sbx-repo-opencode +exit 0 +nothing new on main'
# Then compare's table of this repository's sandboxes.
assert_match "$OUT" 'NAME +AGENT +BRANCH +COMMITS +FILES +LINES'
assert_match "$OUT" 'sbx-repo-claude +claude +main +2 '
assert_eq 2 "$(git rev-list --count main..refs/remotes/sandbox-sbx-repo-claude/main)" \
    "claude's commits fetched"
assert_contains "$(calls_log)" "sbx run --clone --name sbx-repo-opencode opencode $R -- run 'fix it'"
assert_not_contains "$(calls_log)" "sbx run --clone --name sbx-repo-codex"
assert_not_contains "$(calls_log)" "sbx rm"

t "every line whole and in its order, whatever the interleaving"
agent_script "$T/chatty" <<'EOF2'
for i in $(seq 1 300); do printf '%s' "$SBX_AGENT-$i"; printf ' end\n'; done
EOF2
SBX_DOUBLE_AGENT=$T/chatty run_airlock --name chat run --agents claude,gemini \
    "talk"
assert_rc 0
bad=$(printf '%s\n' "$OUT" | grep ' | ' |
    grep -Ev '^chat-(claude|gemini) \| (claude|gemini)-[0-9]+ end$' || true)
assert_eq "" "$bad" "lines not whole or not prefixed"
for a in claude gemini; do
	assert_eq "$(seq 1 300 | sed "s/^/$a-/; s/\$/ end/")" \
	    "$(printf '%s\n' "$OUT" | sed -n "s/^chat-$a | //p")" "$a in order"
	assert_match "$(printf '%s\n' "$OUT" | grep -v ' | ')" \
	    "chat-$a +exit 0 +nothing new on main"
done

t "one agent exiting non-zero: the others finish, exit 1"
agent_script "$T/mixed" <<'EOF2'
[[ $SBX_AGENT != codex ]] || exit 5
echo "$SBX_AGENT ok"
EOF2
SBX_DOUBLE_AGENT=$T/mixed run_airlock --name mix run --agents codex,claude "x"
assert_rc 1
assert_contains "$OUT" "mix-claude | claude ok"
assert_match "$OUT" 'mix-codex +exit 5'
assert_match "$OUT" 'mix-claude +exit 0'

t "--agent with --agents, and a bad list, call nothing"
calls_reset
run_airlock --agent claude run --agents claude,codex "x"
assert_rc 2
run_airlock run --agents 'claude,$(id)' "x"
assert_rc 2
assert_eq "" "$(calls_log)" "no sbx call"

# ^C: both agents commit, say so and wait; the signal comes only then.
set -m
DFL=()
if env --default-signal=INT true 2>/dev/null; then
	DFL=(env --default-signal=INT)
fi
agent_script "$T/slow" <<'EOF2'
echo "$SBX_AGENT" >"work-$SBX_AGENT"; git add .; git commit -qm "$SBX_AGENT wip"
echo "$SBX_AGENT committed"
touch "$SBX_DOUBLE_STATE/ready-$SBX_AGENT"
exec sleep 600
EOF2

wait_file()
{
	local i
	for ((i = 0; i < 1200; i++)); do
		[[ -e $1 ]] && return 0
		sleep 0.1
	done
	fail "never saw $1"
	return 1
}

t "^C stops every agent, removes no sandbox, loses no commit"
calls_reset
SBX_DOUBLE_AGENT=$T/slow "${DFL[@]}" "$AIRLOCK" --name stop run \
    --agents claude,codex "wait" </dev/null >"$OUT_FILE" 2>"$ERR_FILE" &
BG=$!
wait_file "$SBX_DOUBLE_STATE/ready-claude"
wait_file "$SBX_DOUBLE_STATE/ready-codex"
kill -INT -- "-$BG"
RC=0
for ((i = 0; i < 1200; i++)); do
	pid_alive "$BG" || break
	sleep 0.1
done
wait "$BG" 2>/dev/null || RC=$?
OUT=$(cat "$OUT_FILE")
ERR=$(cat "$ERR_FILE")
assert_eq 130 "$RC" "exit status"
assert_contains "$OUT" "stop-claude | claude committed"
assert_contains "$OUT" "stop-codex  | codex committed"
assert_match "$OUT" 'stop-claude +stopped'
assert_not_contains "$(calls_log)" "sbx rm"
if pgrep -f "sleep 600" >/dev/null; then
	pgrep -af "sleep 600" | sed 's/^/#   left: /'
	fail "an agent still runs"
fi
for a in claude codex; do
	run_airlock --name "stop-$a" fetch
	assert_rc 0
	assert_eq 1 "$(git rev-list --count \
	    "main..refs/remotes/sandbox-stop-$a/main")" "$a's commit kept"
done
set +m

t "--tmux-detached: one session, a window per agent, each runs"
if ! command -v tmux >/dev/null; then
	ok
else
	run_airlock --name tm --tmux-detached run --agents claude,opencode \
	    "in tmux"
	assert_rc 0
	assert_contains "$ERR" "2 of 2 agents run in tmux session 'code-airlock-tm'"
	assert_eq "claude
opencode" "$(tmux list-windows -t =code-airlock-tm -F '#{window_name}' |
	    sort)" "windows"
	for ((i = 0; i < 600; i++)); do
		[[ $(calls_log | grep -c '^sbx run --clone --name tm-') == 2 ]] &&
		    break
		sleep 0.1
	done
	assert_contains "$(calls_log)" "sbx run --clone --name tm-claude claude"
	assert_contains "$(calls_log)" "sbx run --clone --name tm-opencode opencode"
fi

finish
