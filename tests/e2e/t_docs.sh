#!/usr/bin/env bash
#
# The documentation must not drift from the binary.  The names come from
# the binary itself (help output and the completion script, both generated
# from the command table and the key table), and each must be documented:
# every command (with each of its options) and global option in the man
# page and the README, every configuration key in both and in
# sandbox.conf.example.  The man page must render without groff warnings,
# install.sh must pass shellcheck, and sandbox.conf.example with every key
# uncommented must be a valid configuration equal to the defaults.

. "$(dirname "$0")/../lib/e2e.sh"

MAN=$AIRLOCK_SRC/docs/code-airlock.1
README=$AIRLOCK_SRC/README.md
EXAMPLE=$AIRLOCK_SRC/sandbox.conf.example

# section TEXT HEADING: the lines after the line starting with HEADING, up
# to the next blank line.
section()
{
	awk -v h="$2" 'index($0, h) == 1 { on = 1; next }
	    on && /^$/ { exit } on' <<<"$1"
}

# man_section NAME: the roff source of one .SH section of the man page.
man_section()
{
	awk -v s=".SH $1" '$0 == s { on = 1; next } /^\.SH / { on = 0 } on' \
	    "$MAN"
}

# man_entries SECTION: the first word after ".B" of each .TP heading.
man_entries()
{
	man_section "$1" | awk 'prev == ".TP" && $1 == ".B" { print $2 }
	    { prev = $0 }' | sort -u
}

# man_entry NAME: the roff source of command NAME's entry in COMMANDS.
man_entry()
{
	man_section COMMANDS | awk -v c="$1" '
	    prev == ".TP" { on = ($1 == ".B" && $2 == c) }
	    /^\.(SS|SH)/ { on = 0 }
	    on { print } { prev = $0 }'
}

# roff WORD: WORD as it is written in roff source ("-" as "\-").
roff()
{
	printf '%s' "${1//-/\\-}"
}

# md_column1 HEADING: the first-column code spans of the first table after
# the markdown heading HEADING, first word only ("`up [-- ARGS]`" -> up).
md_column1()
{
	awk -v h="$1" '$0 == h { on = 1; next } on && /^## / { exit }
	    on && /^\| `/ { print; seen = 1; next } seen && !/^\|/ { exit }' \
	    "$README" | sed -E 's/^\| `([^` ]+).*/\1/' | sort -u
}

run_airlock help
assert_rc 0 "help"
HELP=$OUT
COMMANDS=$(section "$HELP" "Commands:" | awk '{ print $1 }' | sort)
GLOBALS=$(section "$HELP" "Options" | awk '{ print $1 }' | sort)
KEYS=$(section "$HELP" "Configuration keys" | awk '{ print $1 }' | sort)

t "the help output lists the commands, options and keys"
(($(wc -l <<<"$COMMANDS") >= 20)) || fail "too few commands: $COMMANDS"
(($(wc -l <<<"$GLOBALS") >= 10)) || fail "too few options: $GLOBALS"
(($(wc -l <<<"$KEYS") >= 15)) || fail "too few keys: $KEYS"
for c in up run status log diff review merge pr rm completion help; do
	grep -qx "$c" <<<"$COMMANDS" || fail "help lacks command '$c'"
done

t "the completion script offers exactly the commands help lists"
run_airlock completion bash
assert_rc 0 "completion bash"
comp=$(sed -n "s/^[[:space:]]*local cmds='\\(.*\\)'\$/\\1/p" <<<"$OUT" |
    tr ' ' '\n' | sort)
assert_eq "$COMMANDS" "$comp" "commands in help and in the completion"

t "every command has an entry in the man page, and only those"
assert_eq "$COMMANDS" "$(man_entries COMMANDS)" "man page COMMANDS entries"

t "every command option is in its man page entry"
for c in $COMMANDS; do
	run_airlock help "$c"
	assert_rc 0 "help $c"
	entry=$(man_entry "$c")
	for o in $(grep -oE '^  --[a-z-]+' <<<"$OUT" || true); do
		assert_contains "$entry" "$(roff "$o")" "man entry of '$c'"
	done
done

t "every global option has an entry in the man page OPTIONS"
opts=$(man_section OPTIONS | awk 'prev == ".TP" { print } { prev = $0 }')
for o in $GLOBALS; do
	assert_contains "$opts" "$(roff "$o")" "man page OPTIONS"
done

t "every configuration key has an entry in the man page"
assert_eq "$KEYS" "$(man_entries CONFIGURATION)" "man page keys"
env_section=$(man_section ENVIRONMENT)
for k in $KEYS; do
	assert_contains "$env_section" "$k" "man page ENVIRONMENT"
done

t "the man page has every section a man page needs"
for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS CONFIGURATION FILES \
    ENVIRONMENT "EXIT STATUS" EXAMPLES SECURITY "SEE ALSO"; do
	grep -qx "\\.SH $s" "$MAN" || fail "no .SH $s"
done
for v in NO_COLOR CODE_AIRLOCK_CONFIG XDG_CONFIG_HOME; do
	assert_contains "$env_section" "$v" "man page ENVIRONMENT"
done

t "groff renders the man page without a warning"
if command -v groff >/dev/null; then
	run_cmd groff -man -Tutf8 -ww -z "$MAN"
	assert_rc 0 "groff -z"
	assert_eq "" "$ERR" "groff -z warnings"
	# Line breaking and adjustment warnings only appear when rendering.
	run_cmd groff -man -Tutf8 -ww "$MAN"
	assert_eq "" "$ERR" "groff warnings"
	assert_contains "$OUT" "clone mode" "rendered page"
else
	echo "# SKIP groff is not installed (Debian: groff-base)"
fi

t "the README documents every command, global option and key"
assert_eq "$COMMANDS" "$(md_column1 "## Commands")" "README command table"
readme_opts=$(awk '/^\| `--/' "$README")
for o in $GLOBALS; do
	assert_contains "$readme_opts" "| \`$o" "README option table"
done
assert_eq "$KEYS" "$(md_column1 "## Configuration")" "README key table"
for c in $COMMANDS; do
	run_airlock help "$c"
	for o in $(grep -oE '^  --[a-z-]+' <<<"$OUT" || true); do
		grep -qF -- "$o" "$README" || fail "README never mentions '$o'"
	done
done

t "the README opens with the install and the test command"
assert_eq '    ./install.sh && code-airlock --dry-run up' \
    "$(grep -m1 '^    ' "$README")" "first command"
assert_eq '    ./scripts/test.sh' \
    "$(grep '^    ' "$README" | sed -n 2p)" "second command"

t "install.sh passes shellcheck"
if command -v shellcheck >/dev/null; then
	run_cmd shellcheck -s sh "$AIRLOCK_SRC/install.sh"
	assert_rc 0 "shellcheck install.sh"
else
	echo "# SKIP shellcheck is not installed (scripts/test.sh installs it)"
fi

# ---- sandbox.conf.example ---------------------------------------------

UNCOMMENTED=$T/uncommented.conf
sed -nE 's/^# ([A-Z_]+=.*)$/\1/p' "$EXAMPLE" >"$UNCOMMENTED"

t "sandbox.conf.example has one commented-out line per key"
assert_eq "$KEYS" "$(cut -d= -f1 "$UNCOMMENTED" | sort)" "example keys"

# compare_probes: each probe's exit status and output must be the same
# with and without the uncommented example; counts in $useful the probes
# that succeeded and showed the sandbox name.
compare_probes()
{
	local p rc0 out0
	for p in "status --json" "--dry-run up" "--dry-run run task" \
	    "--dry-run --tmux up" "--dry-run --tmux-detached up" \
	    "--dry-run lockdown" "--dry-run review" "--dry-run pr" fetch; do
		# shellcheck disable=SC2086 # each probe is a list of words
		run_airlock $p
		rc0=$RC out0=$OUT
		# shellcheck disable=SC2086
		CODE_AIRLOCK_CONFIG=$UNCOMMENTED run_airlock $p
		assert_eq "$rc0" "$RC" "exit status of '$p' ($1)"
		# The tmux plan hands the environment on, this variable too.
		assert_eq "$out0" \
		    "${OUT//CODE_AIRLOCK_CONFIG=$UNCOMMENTED/CODE_AIRLOCK_CONFIG=}" \
		    "output of '$p' ($1)"
		if ((rc0 == 0)) && [[ $out0 == *sbx-my-project* ]]; then
			useful=$((useful + 1))
		fi
	done
}

# A repository named like the example's sandbox (sbx-my-project), with an
# origin, so that the probes print every value that reaches sbx or git.
REPO=$T/my-project
make_repo "$REPO"
git init -q --bare "$T/origin.git"
git -C "$REPO" remote add origin "$T/origin.git"
cd "$REPO"

t "sandbox.conf.example uncommented is a valid configuration"
CODE_AIRLOCK_CONFIG=$UNCOMMENTED run_airlock --dry-run init
assert_rc 0 "with CODE_AIRLOCK_CONFIG"
assert_not_contains "$ERR" "warning" "with CODE_AIRLOCK_CONFIG"
assert_not_contains "$ERR" "error" "with CODE_AIRLOCK_CONFIG"
mkdir -p "$XDG_CONFIG_HOME/code-airlock"
cp "$UNCOMMENTED" "$XDG_CONFIG_HOME/code-airlock/sandbox.conf"
run_airlock doctor --json
assert_contains "$OUT" "$XDG_CONFIG_HOME/code-airlock/sandbox.conf" \
    "doctor names the user file"
assert_not_contains "$OUT" '"FAIL"' "doctor with the user file"
rm "$XDG_CONFIG_HOME/code-airlock/sandbox.conf"
# As the repo's own untracked file, REPO_DIR is ignored with a warning.
cp "$UNCOMMENTED" "$REPO/sandbox.conf"
run_airlock --dry-run init
assert_rc 0 "as the repo's own sandbox.conf"
assert_eq "1" "$(grep -c warning <<<"$ERR")" "one warning"
assert_not_contains "$ERR" "error" "as the repo's own sandbox.conf"
rm "$REPO/sandbox.conf"

t "sandbox.conf.example uncommented changes nothing: its values are the defaults"
useful=0
# Before the sandbox exists: up creates it (agent, policy, seeding).
run_airlock --dry-run up
assert_contains "$OUT" "--clone --name sbx-my-project claude" "creating plan"
compare_probes "no sandbox yet"
# With a sandbox and an agent commit fetched: resume, review, pr, lockdown.
agent_script "$T/agent" <<'EOF'
echo work >work.txt
git add work.txt
git commit -q -m "agent work"
EOF
SBX_DOUBLE_AGENT=$T/agent sbx run --clone --name sbx-my-project claude \
    "$REPO" >/dev/null
run_airlock fetch
assert_rc 0 "fetch the agent's commit"
compare_probes "with a sandbox"
((useful >= 10)) || fail "only $useful probes showed the configuration"

finish
