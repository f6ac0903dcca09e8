#!/usr/bin/env bash
#
# verify [BASE]: VERIFY run by `sh -c` inside the sandbox on exactly the
# sandbox branch's tip, in a throwaway worktree of the sandbox's clone;
# the agent's own tree, index and branches untouched; output streamed
# terminal-safe between a start and an end line; the result kept as a
# note on that commit; exit 0 on a pass, 1 otherwise, 2 without VERIFY;
# the plan under --dry-run.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

NOTES=refs/notes/code-airlock

new_repo repo
new_box
C=$(clone_dir)
VMTMP=$SBX_DOUBLE_STATE/sandboxes/$SB/root/tmp
agent_script "$T/agent1" <<'A'
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "agent a"
git branch side
printf 'left over\n' >wip.txt; printf 'dirty\n' >>README.md
git add wip.txt
A
agent_run "$T/agent1"
TIP=$(rev main "$C")

# note HEX: the record kept on commit HEX, or nothing.
note()
{
	git -C "$R" notes --ref=$NOTES show "$1" 2>/dev/null || true
}

# snapshot: what the agent has in its clone (tree, index, refs, HEAD).
snapshot()
{
	git -C "$C" status --porcelain=v1 --untracked-files=all
	git -C "$C" rev-parse HEAD
	git -C "$C" symbolic-ref HEAD
	git -C "$C" for-each-ref --format='%(refname) %(objectname)'
	sha1sum <"$C/.git/index"
	cat "$C/README.md" "$C/wip.txt"
}

t "no VERIFY: a usage error naming the key, and no sbx call"
calls_reset
run_airlock verify
assert_rc 2
assert_contains "$ERR" "VERIFY is not set"
assert_eq "" "$(calls_log)" "sbx calls"

t "--dry-run prints the plan: worktree, check, cleanup, note"
VERIFY='make test' run_airlock --dry-run verify
assert_rc 0
sed -e "s|@R@|$R|g" -e "s|@SB@|$SB|g" -e "s|@TIP@|$TIP|g" \
    -e "s|@TIP12@|${TIP:0:12}|g" "$E2E_DIR/golden/verify_plan.txt" \
    >"$T/plan.want"
assert_eq "$(cat "$T/plan.want")" "$OUT" "plan"
assert_eq "" "$(note "$TIP")" "nothing recorded"

t "a passing check runs on the tip, in a worktree, and is recorded"
before=$(snapshot)
export VERIFY='test -f a.txt && ! test -e wip.txt && grep -qx hello README.md && git rev-parse HEAD && printf "one\ntwo\n"'
run_airlock verify
assert_rc 0
assert_eq "$TIP
one
two" "$OUT" "output on stdout"
assert_contains "$ERR" "verify: running '$VERIFY' in sandbox '$SB' on ${TIP:0:12}"
assert_match "$ERR" "verify: pass, exit 0 in [0-9]+\.[0-9] s on ${TIP:0:12}"
assert_eq "$before" "$(snapshot)" "the agent's clone"
assert_eq "" "$(ls "$C/.git/worktrees" 2>/dev/null || true)" \
    "no worktree left"
assert_eq "" "$(ls "$VMTMP")" "the VM's /tmp is clean"
note "$TIP" >"$T/note"
assert_json "$T/note" "the note"
assert_eq "pass|0|$TIP|$VERIFY|$SB|claude|0.45.1|one,two" \
    "$(jq -r '[.status, .exit_code, .commit, .command, .sandbox, .agent,
    .sbx_version, (.output_tail[1:] | join(","))] | join("|")' "$T/note")"
assert_match "$(jq -r .time "$T/note")" '^20[0-9-]+T[0-9:]+Z$'
assert_eq "$TIP" "$(git -C "$R" notes --ref=$NOTES list | cut -d' ' -f2)" \
    "one note, on the tip"
unset VERIFY

t "a failing check: exit 1, recorded with its exit code"
VERIFY='echo "to stderr" >&2; exit 3' run_airlock verify
assert_rc 1
assert_eq "to stderr" "$OUT" "stderr streamed with stdout"
assert_contains "$ERR" "verify: fail, exit 3 in"
assert_eq "fail|3" "$(note "$TIP" | jq -r '"\(.status)|\(.exit_code)"')"

t "--json prints the record with schema 1; the output goes to stderr"
VERIFY='echo x' run_airlock verify --json
assert_rc 0
assert_json "$OUT_FILE"
assert_eq "1|pass|$TIP|main|x" "$(jq -r '"\(.schema)|\(.status)|\(.commit)|\(.branch)|\(.output_tail | join(","))"' "$OUT_FILE")"
assert_contains "$ERR" $'\nx\n'

t "VERIFY with quotes, \$, backticks and newlines reaches sh as it is"
export VERIFY='printf "%s|" "a  b" '"'"'$HOME'"'"' "`echo tick`" "$(echo dollar)"
echo "second line"; echo \"q\"'
run_airlock verify
assert_rc 0
assert_eq '[a  b|$HOME|tick|dollar|second line
"q"]' "[$OUT]"
assert_eq "$VERIFY" "$(note "$TIP" | jq -r .command)" "command kept"
unset VERIFY

t "--branch picks the branch; a note speaks only for its own commit"
agent_script "$T/agent2" <<'A'
git checkout -q side; printf 's\n' >s.txt; git add s.txt
git commit -q -m side; git checkout -q main
A
agent_run "$T/agent2"
SIDE=$(rev side "$C")
VERIFY='test -f s.txt' run_airlock verify --branch side
assert_rc 0
assert_eq "pass|$SIDE" "$(note "$SIDE" | jq -r '"\(.status)|\(.commit)"')"
assert_eq "pass" "$(note "$TIP" | jq -r .status)" "main's note stays"

t "sbx cannot run the check: exit 1, the earlier record stands"
VERIFY='true' SBX_DOUBLE_FAIL_CMD=exec run_airlock verify
assert_rc 1
assert_eq "pass" "$(note "$TIP" | jq -r .status)"
assert_eq "" "$(ls "$VMTMP")" "nothing left in the VM's /tmp"

t "hostile output: escapes, invalid UTF-8, a huge line, binary, no newline"
cat >"$T/hostile.sh" <<'H'
printf '\033]0;owned\007title\n\033[2Jclear\n\233c1\n'
printf 'bad \377\376 utf8\n'
head -c 300000 /dev/zero | tr '\0' x; echo
printf 'nul\000after\n'
i=0; while [ $i -lt 80 ]; do echo "line $i"; i=$((i+1)); done
printf 'no newline at the end'
exit 1
H
cp "$T/hostile.sh" "$C/../hostile.sh"
VERIFY="sh $C/../hostile.sh" run_airlock verify
assert_rc 1
assert_no_ctl "$OUT_FILE" "stdout"
assert_no_ctl "$ERR_FILE" "stderr"
assert_contains "$OUT" "title"
assert_contains "$OUT" "line 79"
assert_eq "no newline at the end" "$(tail -n 1 "$OUT_FILE")" "the last line"
note "$TIP" >"$T/note"
assert_json "$T/note" "the note"
assert_eq "50" "$(jq '.output_tail | length' "$T/note")" "tail bound"
assert_eq "no newline at the end" "$(jq -r '.output_tail[-1]' "$T/note")"
(( $(wc -c <"$T/note") < 64 * 1024 )) || fail "the note is not bounded"

t "--no-start on a stopped sandbox: an error, nothing run"
run_cmd sbx stop "$SB"
calls_reset
VERIFY='true' run_airlock verify --no-start
assert_rc 1
assert_not_contains "$(calls_log)" "worktree"

finish
