#!/usr/bin/env bash
# Bad sandbox and agent names.  A name reaches sbx as one argv word and
# becomes part of a git remote, a ref namespace and a tmux session, so
# anything outside sbx's own rules (SPEC §1: at least 2 characters, a
# letter or digit first, then letters, digits, '-' and '.') must stop the
# tool before it runs anything: exit 2, one error line, no sbx call, the
# repo untouched.  Each name is tried from every source that can hold it:
# --name/--agent, the environment and a config file.

. "$(dirname "$0")/../lib/badinput.sh"

# LABEL, NAME, WHAT, SOURCES.  An empty environment variable counts as
# unset and a config line cannot hold a newline, so those sources are left
# out where they cannot carry the name.
NAME_CASES=()
name_case() { NAME_CASES+=("$1" "$2" "$3" "${4:-cli env file}"); }
name_case "empty" "" "invalid sandbox name ''" "cli"
name_case "one character" a "invalid sandbox name 'a'"
name_case "one digit" 7 "invalid sandbox name '7'"
name_case "starts with '-'" -ab "invalid sandbox name '-ab'"
name_case "a lone '-'" - "invalid sandbox name '-'"
name_case "looks like a flag" --force "invalid sandbox name '--force'"
name_case "holds '/'" a/b "invalid sandbox name 'a/b'"
name_case "absolute path" /ab "invalid sandbox name '/ab'"
name_case "'..'" .. "invalid sandbox name '..'"
name_case "'../x'" ../x "invalid sandbox name '../x'"
name_case "starts with '.'" .ab "invalid sandbox name '.ab'"
name_case "holds a space" "a b" "invalid sandbox name 'a b'"
name_case "starts with a space" " ab" "invalid sandbox name ' ab'" "cli env"
name_case "holds ';'" "a;b" "invalid sandbox name 'a;b'"
name_case "holds a newline" $'a\nb' "control character" "cli env"
name_case "holds a tab" $'a\tb' "control character"
name_case "escape sequence" $'ab\e[31m' "control character"
name_case "holds '_'" a_b "invalid sandbox name 'a_b'"
name_case "holds ':'" ab:1 "invalid sandbox name 'ab:1'"
# shellcheck disable=SC2016 # the name is literally $(id)
name_case "shell substitution" '$(id)' "invalid sandbox name '\$(id)'"
name_case "holds a quote" "a'b" "invalid sandbox name 'a'b'"
name_case "glob" "a*" "invalid sandbox name 'a*'"
name_case "non-ASCII letter" "é1" "invalid sandbox name 'é1'"

# Names sbx's rules allow, including odd ones: LABEL, NAME.  `default` is
# one: SPEC §1 gives the rules and reserves no name, so the tool accepts
# it and leaves any further reservation to sbx itself.
GOOD_NAMES=()
good_name() { GOOD_NAMES+=("$1" "$2"); }
good_name "reserved-looking 'default'" default
good_name "two characters" ab
good_name "digit first" 1a
good_name "dots and dashes" a.b-c
good_name "'..' after the first character" ab..
good_name "upper case" AB-9
good_name "very long" "$(printf 'a%.0s' {1..200})"

# Bad agent names: LABEL, AGENT, WHAT, SOURCES.
AGENT_CASES=()
agent_case() { AGENT_CASES+=("$1" "$2" "$3" "${4:-cli env file}"); }
agent_case "empty" "" "AGENT is empty" "cli"
agent_case "a flag" -p "invalid AGENT '-p'"
agent_case "a long flag" --publish "invalid AGENT '--publish'"
agent_case "holds a space" "cl aude" "invalid AGENT 'cl aude'"
agent_case "holds ';'" "claude;id" "invalid AGENT 'claude;id'"
agent_case "holds '/'" ../claude "invalid AGENT '../claude'"
# shellcheck disable=SC2016
agent_case "shell substitution" '$(id)' "invalid AGENT '\$(id)'"
agent_case "holds a newline" $'cl\naude' "control character" "cli env"
agent_case "escape sequence" $'cl\e]0;x\aaude' "control character"

count_sources()
{
	local -n arr=$1
	local i n=0 srcs

	for ((i = 0; i < ${#arr[@]}; i += 4)); do
		read -ra srcs <<<"${arr[i + 3]}"
		n=$((n + ${#srcs[@]}))
	done
	echo "$n"
}

bi_class sandbox-name "$(count_sources NAME_CASES)"
bi_class sandbox-name-valid $((${#GOOD_NAMES[@]} / 2))
bi_class agent-name "$(count_sources AGENT_CASES)"
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"

make_repo "$T/repo"
cd "$T/repo"

# try SOURCE KEY OPTION VALUE: run `up` with KEY=VALUE given by SOURCE.
try()
{
	local src=$1 key=$2 opt=$3 val=$4

	calls_reset
	case $src in
	cli)	run_airlock "$opt" "$val" up ;;
	env)	run_cmd env "$key=$val" "$AIRLOCK" up ;;
	file)	printf '%s=%s\n' "$key" "$val" >"$T/extra.conf"
		CODE_AIRLOCK_CONFIG=$T/extra.conf run_airlock up
		rm -f "$T/extra.conf" ;;
	esac
}

# where SOURCE KEY OPTION: how the message must name the origin.
where()
{
	case $1 in
	cli)	echo "$3: " ;;
	env)	echo "environment variable $2: " ;;
	file)	echo "$T/extra.conf:1: " ;;
	esac
}

# run_bad CLASS ARRAY KEY OPTION
run_bad()
{
	local class=$1 key=$3 opt=$4 i src srcs
	local -n cases=$2

	for ((i = 0; i < ${#cases[@]}; i += 4)); do
		read -ra srcs <<<"${cases[i + 3]}"
		for src in "${srcs[@]}"; do
			bi_case "$class" "${cases[i]} ($src)"
			bi_snapshot "$T/repo" >"$T/before"
			try "$src" "$key" "$opt" "${cases[i + 1]}"
			bi_reject 2 "${cases[i + 2]}"
			assert_contains "$ERR" "$(where "$src" "$key" "$opt")" \
			    "the message names where the value came from"
			bi_unchanged "$T/repo" "$T/before"
		done
	done
}

run_bad sandbox-name NAME_CASES SANDBOX_NAME --name

for ((i = 0; i < ${#GOOD_NAMES[@]}; i += 2)); do
	bi_case sandbox-name-valid "${GOOD_NAMES[i]}"
	calls_reset
	run_airlock --dry-run --name "${GOOD_NAMES[i + 1]}" up
	assert_rc 0
	bi_no_crash
	assert_contains "$OUT" \
	    "+ sbx run --clone --name ${GOOD_NAMES[i + 1]} claude $T/repo" \
	    "the plan names the sandbox"
	assert_eq "sbx ls --json" "$(calls_log)" "only the read-only probe ran"
done

run_bad agent-name AGENT_CASES AGENT --agent

bi_finish
