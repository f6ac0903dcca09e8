#!/usr/bin/env bash
# Bad command lines, for every command `code-airlock help` lists: one
# argument too many, one too few, an unknown option, a command option
# without its value, words after "--" where the command takes none, --json
# and --tmux where they do not apply; and bad command names and global
# options.  The bounds come from each command's usage line, so a new
# command is covered without touching this file.  Every case: exit 2, one
# error line naming the problem followed only by the usage, no sbx call,
# nothing written.

. "$(dirname "$0")/../lib/badinput.sh"

# The binary is needed even to count the cases: they come from its help.
bin=${AIRLOCK_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build/code-airlock}
if [[ ! -x $bin ]]; then
	echo "error: no code-airlock binary: set AIRLOCK_BIN" >&2
	exit 1
fi

US=$'\x1f'		# separates the argv words of a case
CASES=()		# LABEL, WHAT, ARGV (words joined with $US)
add() { local l=$1 w=$2; shift 2; local IFS=$US; CASES+=("$l" "$w" "$*"); }
GLOBAL=()
gadd() { local l=$1 w=$2; shift 2; local IFS=$US; GLOBAL+=("$l" "$w" "$*"); }

# cmd_cases CMD: the cases for one command, from `help CMD`.
cmd_cases()
{
	local c=$1 help usage words w min=0 max=0 pass=0 i extra=()

	help=$("$bin" help "$c")
	usage=$(grep -m1 '^usage: ' <<<"$help")
	read -ra words <<<"${usage#usage: code-airlock "$c"}"
	for w in "${words[@]}"; do
		case $w in
		'[--'*)	pass=1; break ;;
		*...*)	max=-1 ;;
		'['*)	((max < 0)) || max=$((max + 1)) ;;
		*)	min=$((min + 1)); ((max < 0)) || max=$((max + 1)) ;;
		esac
	done
	for ((i = 0; i <= (max < 0 ? min : max); i++)); do
		extra+=("word$i")
	done
	if ((max >= 0)); then
		add "$c: $((max + 1)) arguments" \
		    "too many arguments for '$c': 'word$max'" "$c" "${extra[@]}"
	fi
	if ((min > 0)); then
		add "$c: $((min - 1)) arguments" "'$c' needs" "$c" \
		    "${extra[@]:0:min-1}"
	fi
	add "$c: unknown option" "unknown option '--no-such-option'" \
	    "$c" --no-such-option
	add "$c: unknown short option" "unknown option '-Z'" "$c" -Z
	if ((pass == 0)); then
		add "$c: words after --" "'$c' takes nothing after '--'" \
		    "$c" -- word
	fi
	# With the arguments the command needs, so only the flag is wrong.
	if ! grep -q -- '^  --json ' <<<"$help"; then
		add "$c: --json" "'$c' does not support --json" --json "$c" \
		    "${extra[@]:0:min}"
	fi
	if [[ $c != up && $c != run ]]; then
		add "$c: --tmux" "apply to 'up' and 'run' only" --tmux "$c" \
		    "${extra[@]:0:min}"
	fi
	# Command options with a value (e.g. "  --branch B"), given none.
	while read -r w _; do
		add "$c: $w without its value" "option '$w' needs a value" \
		    "$c" "$w"
	done < <(grep -E '^  --[a-z-]+ [A-Z]' <<<"$help" | grep -v '^  --json')
}

mapfile -t COMMANDS < <("$bin" help |
    awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f { print $1 }')
if ((${#COMMANDS[@]} < 10)); then
	echo "error: 'code-airlock help' lists only ${#COMMANDS[@]} commands" >&2
	exit 1
fi
for c in "${COMMANDS[@]}"; do
	cmd_cases "$c"
done

gadd "empty command name" "unknown command ''" ""
gadd "upper case command" "unknown command 'UP'" UP
gadd "prefix of a command" "unknown command 'stat'" stat
gadd "command with a suffix" "unknown command 'upp'" upp
gadd "command with a space" "unknown command 'up '" "up "
gadd "a lone '-'" "unknown command '-'" -
gadd "command with an escape sequence" "unknown command 'up\\e[2J'" \
    $'up\e[2J'
gadd "option with an escape sequence" "unknown option '--x\\e]0;t\\x07'" \
    up $'--x\e]0;t\a'
gadd "extra argument with an escape sequence" \
    "too many arguments for 'fetch': 'a\\e[8m'" fetch $'a\e[8m'
gadd "unknown global option" "unknown option '--no-such-option'" \
    --no-such-option up
gadd "--name without a value" "option '--name' needs a value" up --name
gadd "--agent without a value" "option '--agent' needs a value" up --agent
gadd "--repo without a value" "option '--repo' needs a value" up --repo
gadd "--flag=value on a flag" "--dry-run=1" --dry-run=1 up
gadd "help for an unknown command" "unknown command 'nosuch'" help nosuch
gadd "completion for an unknown shell" "no completion for shell 'tcsh'" \
    completion tcsh
gadd "run with an empty task" "the task is empty" run ""
gadd "run with a blank task" "the task is empty" run "  "
gadd "run with a task of tabs and newlines" "the task is empty" \
    run $' \t\n\r '

bi_class arguments $((${#CASES[@]} / 3))
bi_class arguments-global $((${#GLOBAL[@]} / 3))
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"

make_repo "$T/repo"
cd "$T/repo"

# run_cases CLASS ARRAY
run_cases()
{
	local class=$1 i s argv
	local -n arr=$2

	for ((i = 0; i < ${#arr[@]}; i += 3)); do
		bi_case "$class" "${arr[i]}"
		# Split by hand: read would drop an empty last word.
		argv=()
		s=${arr[i + 2]}$US
		while [[ $s == *"$US"* ]]; do
			argv+=("${s%%"$US"*}")
			s=${s#*"$US"}
		done
		bi_snapshot "$T/repo" >"$T/before"
		bi_snapshot "$HOME" >"$T/before.home"
		calls_reset
		run_airlock "${argv[@]}"
		bi_reject 2 "${arr[i + 1]}"
		bi_unchanged "$T/repo" "$T/before"
		bi_unchanged "$HOME" "$T/before.home"
	done
}

run_cases arguments CASES
run_cases arguments-global GLOBAL

bi_finish
