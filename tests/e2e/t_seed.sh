#!/usr/bin/env bash
#
# Seeding (--seed-config, SEED_PATHS): only the agent's curated files and
# the user's picks reach the VM, through a filtered private staging copy;
# nothing secret-looking, nothing outside $HOME, nothing behind a symlink
# leading out; `sbx create`, the copies, then `sbx run --name`.

. "$(dirname "$0")/../lib/e2e.sh"

export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

R=$T/repo
make_repo "$R"
cd "$R"

# A marker that must never be found anywhere the VM can see.
SECRET=s3cr3t-$RANDOM$RANDOM
OUTSIDE=$T/outside
mkdir -p "$OUTSIDE"
printf '%s outside\n' "$SECRET" >"$OUTSIDE/leak.md"

C=$HOME/.claude
mkdir -p "$C/commands/sub" "$C/commands/.git" "$C/sessions" "$C/skills/x"
printf 'be careful\n' >"$C/CLAUDE.md"
chmod 600 "$C/CLAUDE.md"
chmod 700 "$C/commands/sub"
printf '%s\n' "$SECRET" >"$C/.credentials.json"
printf '%s\n' "$SECRET" >"$C/history.jsonl"
printf '%s\n' "$SECRET" >"$C/sessions/one.json"
printf 'review it\n' >"$C/commands/review.md"
printf 'deep\n' >"$C/commands/sub/deep.md"
printf '%s\n' "$SECRET" >"$C/commands/auth.json"
printf '%s\n' "$SECRET" >"$C/commands/token.txt"
printf '%s\n' "$SECRET" >"$C/commands/.env"
printf '%s\n' "$SECRET" >"$C/commands/id_ed25519"
printf '[remote]\n%s\n' "$SECRET" >"$C/commands/.git/config"
printf '{"apiKey": "%s"}\n' "$SECRET" >"$C/commands/settings.json"
ln -s "$OUTSIDE/leak.md" "$C/commands/outside.md"
ln -s "../.credentials.json" "$C/commands/creds.md"
ln -s "sub/deep.md" "$C/commands/inside.md"
mkfifo "$C/commands/fifo"
printf 'skill\n' >"$C/skills/x/SKILL.md"
mkdir -p "$HOME/notes/cache"
printf 'keep me\n' >"$HOME/notes/todo.md"
chmod 600 "$HOME/notes/todo.md"
chmod 700 "$HOME/notes"
printf '%s\n' "$SECRET" >"$HOME/notes/cache/blob"
ln -s "$OUTSIDE/leak.md" "$HOME/linked-out.md"

VM=$SBX_DOUBLE_STATE/sandboxes/sbx-repo
VMHOME=$VM/root/home/agent

t "--seed-config up: create, the copies, then run --name"
calls_reset
SEED_PATHS="notes,~/linked-out.md,.ssh/config" run_airlock --seed-config \
    up -- -p go
assert_rc 0
assert_match "$(calls_log)" "^sbx create --clone --name sbx-repo claude $R\$"
assert_contains "$(calls_log)" "sbx exec sbx-repo mkdir -p /home/agent/.claude"
assert_match "$(calls_log)" \
    "^sbx cp $TMPDIR/code-airlock-seed\.[^/]+/[0-9]+/commands sbx-repo:/home/agent/.claude\$"
assert_match "$(calls_log)" "^sbx cp .*/notes sbx-repo:/home/agent\$"
assert_eq "sbx run --name sbx-repo -- -p go" "$(calls_log | tail -n 1)"
assert_not_contains "$(calls_log)" "--clone --name sbx-repo claude $R -- "
order=$(calls_log | sed -n 's/^sbx \([a-z]*\).*/\1/p' | tr '\n' ' ')
assert_eq "ls policy create exec exec cp exec cp exec cp exec cp run " \
    "$order" "a session held open (the first exec) across the copies"
assert_match "$(calls_log)" \
    "^sbx exec sbx-repo sh -c 'echo ready && exec sleep [0-9]+'\$"
assert_eq 0 "$(sbx __sessions sbx-repo)" "the held session ended"

t "the curated files arrived"
assert_eq "be careful" "$(cat "$VMHOME/.claude/CLAUDE.md")"
assert_eq "review it" "$(cat "$VMHOME/.claude/commands/review.md")"
assert_eq "deep" "$(cat "$VMHOME/.claude/commands/sub/deep.md")"
assert_eq "deep" "$(cat "$VMHOME/.claude/commands/inside.md")" \
    "an inside symlink still resolves"
assert_eq "skill" "$(cat "$VMHOME/.claude/skills/x/SKILL.md")"
assert_eq "keep me" "$(cat "$VMHOME/notes/todo.md")"

t "nothing secret reached the VM"
for f in .claude/.credentials.json .claude/history.jsonl .claude/sessions \
    .claude/commands/auth.json .claude/commands/token.txt \
    .claude/commands/.env .claude/commands/id_ed25519 \
    .claude/commands/.git .claude/commands/settings.json \
    .claude/commands/outside.md .claude/commands/creds.md \
    .claude/commands/fifo notes/cache linked-out.md .ssh; do
	assert_file_missing "$VMHOME/$f"
done
hits=$(grep -rl -- "$SECRET" "$VM" 2>/dev/null || true)
assert_eq "" "$hits" "files holding the secret in the VM"
assert_contains "$ERR" "not seeding '~/.claude/commands/auth.json'"
assert_contains "$ERR" "not seeding '~/linked-out.md': it resolves to"
assert_contains "$ERR" "outside \$HOME"
assert_contains "$ERR" "not seeding '~/.ssh/config'"

t "the staging copy is gone"
assert_eq "" "$(ls -A "$TMPDIR")" "left in TMPDIR"

t "copies are readable by the VM user whatever their host mode"
for f in .claude/CLAUDE.md .claude/commands/review.md notes/todo.md; do
	assert_match "$(stat -c %a "$VMHOME/$f")" '^[67][45][45]$' "$f"
done
for d in .claude/commands .claude/commands/sub notes; do
	assert_eq 755 "$(stat -c %a "$VMHOME/$d")" "$d"
done

t "a resumed sandbox is not seeded again"
calls_reset
run_airlock --seed-config up
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --name sbx-repo" "$(calls_log)"

t "opencode: a config file naming a key stays home"
mkdir -p "$HOME/.config/opencode/commands"
printf '{"provider": {"apiKey": "%s"}}\n' "$SECRET" \
    >"$HOME/.config/opencode/opencode.jsonc"
printf 'cmd\n' >"$HOME/.config/opencode/commands/c.md"
calls_reset
run_airlock --agent opencode --name sbx-oc --seed-config up
assert_rc 0
OC=$SBX_DOUBLE_STATE/sandboxes/sbx-oc/root/home/agent/.config/opencode
assert_eq "cmd" "$(cat "$OC/commands/c.md")"
assert_file_missing "$OC/opencode.jsonc"
assert_contains "$ERR" "holds credentials"
assert_eq "" "$(grep -rl -- "$SECRET" "$SBX_DOUBLE_STATE/sandboxes/sbx-oc" ||
    true)" "files holding the secret in the VM"

t "--dry-run with seeding: the plan, no copy made"
calls_reset
run_airlock --dry-run --name sbx-plan --seed-config up
assert_rc 0
assert_contains "$OUT" "+ sbx create --clone --name sbx-plan claude $R"
# A single file goes through the staging copy too, never by its own path.
assert_match "$OUT" \
    "^\+ sbx cp $TMPDIR/code-airlock-seed\.[^/]+/[0-9]+/CLAUDE.md sbx-plan:/home/agent/.claude\$"
assert_contains "$OUT" "+ sbx run --name sbx-plan"
assert_eq "sbx ls --json" "$(calls_log)"
assert_eq "" "$(ls -A "$TMPDIR")" "left in TMPDIR"

t "the sandbox stopping as soon as it is idle costs no copy"
calls_reset
SBX_DOUBLE_GRACE=0 run_airlock --name sbx-idle --seed-config up
assert_rc 0
assert_contains "$ERR" "seeded 3 of 3 items"
assert_eq "be careful" "$(cat \
    "$SBX_DOUBLE_STATE/sandboxes/sbx-idle/root/home/agent/.claude/CLAUDE.md")"

t "a failing copy is reported and the agent still starts"
calls_reset
SBX_DOUBLE_FAIL_CMD=cp run_airlock --name sbx-cpfail --seed-config up
assert_rc 0
assert_contains "$ERR" "could not seed '~/.claude/CLAUDE.md'"
assert_contains "$ERR" "injected failure"
assert_eq "sbx run --name sbx-cpfail" "$(calls_log | tail -n 1)"
assert_eq "" "$(ls -A "$TMPDIR")" "left in TMPDIR"

finish
