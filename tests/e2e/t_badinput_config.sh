#!/usr/bin/env bash
# Bad configuration: malformed sandbox.conf files, bad values for each key
# and bad network allowlists.  Every case must end before anything runs:
# exit 2, one error line naming the file and line (or the environment
# variable) and the problem, no sbx call at all, the repo untouched, no
# crash.  Each file case is tried in each of the three files the tool reads
# (user file, the repo's own git-ignored sandbox.conf, CODE_AIRLOCK_CONFIG);
# each value in a file and in the environment.  Files that are no text
# file at all (/dev/zero, a fifo, a directory, hundreds of KiB without a
# newline) are refused at once, whichever file names them.

. "$(dirname "$0")/../lib/badinput.sh"

long300=$(printf 'a%.0s' {1..300})
long64k=$(head -c 65536 /dev/zero | tr '\0' x)

# Malformed files: LABEL, LINE, WHAT (a substring of the message), and a
# printf format for the content (formats can hold NUL bytes, variables
# cannot).
FILE_CASES=()
file_case() { FILE_CASES+=("$1" "$2" "$3" "$4"); }
file_case "over-long key line" 1 "line is longer than" "${long300}=1\n"
file_case "over-long ALLOW value" 1 "line is longer than" \
    "ALLOW=${long300}.com\n"
file_case "64 KiB line after good lines" 3 "line is longer than" \
    "AGENT=claude\n# fine\n${long64k}\n"
# A comment may be of any length; the line after it still counts.
file_case "over-long line after a long comment" 2 "line is longer than" \
    "# ${long300}\nAGENT=${long300}\n"
file_case "ELF header" 1 "control character" '\x7fELF\x02\x01\x01\n'
file_case "PNG header" 1 "no '=' in line" '\x89PNG\r\n\x1a\n'
file_case "gzip header" 1 "control character" '\x1f\x8b\x08\x08\n'
file_case "bytes that are not UTF-8 as a key" 1 "unknown key" \
    '\xff\xfe\xfd=\x80\x81\n'
file_case "Latin-1 value" 1 "invalid AGENT" 'AGENT=caf\xe9\n'
file_case "NUL before everything" 1 "NUL byte" '\0AGENT=claude\n'
file_case "NUL inside a value" 1 "NUL byte" 'AGENT=cla\0ude\n'
file_case "NUL on line 2" 2 "NUL byte" 'AGENT=claude\n\0\n'
file_case "UTF-16 text" 1 "NUL byte" 'A\0G\0E\0N\0T\0=\0x\0\n\0'
file_case "section header" 1 "section headers" '[core]\nAGENT=claude\n'
file_case "unterminated section header" 1 "section headers" '[broken\n'
file_case "empty section header" 1 "section headers" '[]\n'
file_case "indented section header" 2 "section headers" \
    'AGENT=claude\n  [x]  \n'
file_case "closing bracket alone" 1 "no '=' in line" ']\n'
file_case "key without '='" 1 "no '=' in line" 'AGENT\n'
file_case "SANDBOX_NAME without value" 1 "invalid sandbox name ''" \
    'SANDBOX_NAME=\n'
file_case "AGENT without value" 1 "AGENT is empty" 'AGENT=\n'
file_case "REVIEW_TOOL without value" 1 "REVIEW_TOOL is empty" \
    'REVIEW_TOOL=\n'
file_case "boolean without value" 1 "invalid boolean" 'TMUX_ATTACH=\n'
file_case "policy without value" 1 "invalid GLOBAL_NETWORK_POLICY" \
    'GLOBAL_NETWORK_POLICY=\n'
file_case "ALLOW without value" 1 "ALLOW is empty" 'ALLOW=\n'
file_case "value without key" 1 "missing key" '=claude\n'
file_case "colon instead of '='" 1 "':' does not separate" \
    'AGENT: claude\n'
file_case "misspelt key" 1 "did you mean 'SANDBOX_NAME'" 'SANBOX_NAME=ab\n'
file_case "shell export line" 1 "unknown key 'export AGENT'" \
    'export AGENT=claude\n'
file_case "unterminated quote" 1 "unterminated quote" "AGENT='claude\n"
file_case "comment after a value" 1 "'#' after a value" \
    'AGENT=claude # the usual\n'
file_case "escape sequence in a value" 1 "control character" \
    'AGENT=cl\x1b[31maude\n'
file_case "carriage return inside a line" 1 "control character" \
    'AGENT=claude\rREVIEW_TOOL=x\n'
file_case "continuation of a one-line key" 2 "only ALLOW and SEED_PATHS" \
    'AGENT=claude\n    continued\n'
file_case "duplicate key" 2 \
    "duplicate key 'SANDBOX_NAME' (already set on line 1)" \
    'SANDBOX_NAME=ab\nSANDBOX_NAME=cd\n'
file_case "duplicate key with the same value" 3 "duplicate key 'AGENT'" \
    'AGENT=claude\n# again\nAGENT=claude\n'
file_case "two names of one setting, opposite values" 2 \
    "SEED_USER_CONFIG=1 contradicts SEED_CONFIG=0 on line 1" \
    'SEED_CONFIG=0\nSEED_USER_CONFIG=1\n'

# Bad values: LABEL, KEY, VALUE, WHAT.  Tried as KEY=VALUE in
# CODE_AIRLOCK_CONFIG and in the environment.
VALUE_CASES=()
value_case() { VALUE_CASES+=("$1" "$2" "$3" "$4"); }
value_case "unknown policy" GLOBAL_NETWORK_POLICY open \
    "invalid GLOBAL_NETWORK_POLICY 'open'"
value_case "boolean 'maybe'" DRY_RUN maybe "invalid boolean 'maybe'"
value_case "boolean '2'" TMUX_ATTACH 2 "invalid boolean '2'"
value_case "boolean 'on'" FETCH_SUBMODULES on "invalid boolean 'on'"
value_case "agent that is a flag" AGENT -p "invalid AGENT '-p'"
value_case "agent with a space" AGENT "cl aude" "invalid AGENT 'cl aude'"
value_case "agent with a slash" AGENT cl/aude "invalid AGENT 'cl/aude'"
value_case "seed path outside HOME" SEED_PATHS /etc/passwd \
    "only files under \$HOME"
value_case "seed path with '..'" SEED_PATHS ../x "remove the '..'"
value_case "missing REPO_DIR" REPO_DIR /nonexistent/airlock-repo \
    "does not exist"
value_case "PR_BRANCH with '..'" PR_BRANCH a..b "invalid PR_BRANCH 'a..b'"
value_case "PR_BRANCH that is a flag" PR_BRANCH -x "invalid PR_BRANCH '-x'"
value_case "TMUX_SESSION with ':'" TMUX_SESSION a:b \
    "invalid TMUX_SESSION 'a:b'"
value_case "REVIEW_TOOL that is a flag" REVIEW_TOOL -x \
    "invalid REVIEW_TOOL '-x'"
value_case "FETCH_TIMEOUT of zero" FETCH_TIMEOUT 0 "invalid FETCH_TIMEOUT '0'"
value_case "FETCH_TIMEOUT over an hour" FETCH_TIMEOUT 3601 \
    "invalid FETCH_TIMEOUT '3601'"
value_case "FETCH_TIMEOUT in words" FETCH_TIMEOUT ten \
    "invalid FETCH_TIMEOUT 'ten'"
value_case "FETCH_TIMEOUT with a fraction" FETCH_TIMEOUT 1.5 \
    "invalid FETCH_TIMEOUT '1.5'"

# Bad allowlists for `lockdown`: LABEL, VALUE, WHAT [SOURCES].  Tried in
# CODE_AIRLOCK_CONFIG and in the environment, or only in SOURCES: in a
# file, commas at the ends of a line are how a list continues on the next
# line, so a leading or trailing empty item is only an error elsewhere.
ALLOW_CASES=()
allow_case() { ALLOW_CASES+=("$1" "$2" "$3" "${4:-file env}"); }
allow_case "https scheme" https://github.com "remove the scheme"
allow_case "file scheme" file:///etc "remove the scheme"
allow_case "path" github.com/foo "remove the path"
allow_case "space inside an entry" "git hub.com" "remove the space"
allow_case "space after a comma" "a.com, b.com" "remove the space"
allow_case "tab between entries" $'a.com\tb.com' "control character"
allow_case "escape sequence" $'a.com\e[2J' "control character"
allow_case "leading empty item" ",a.com" "empty ALLOW entry" env
allow_case "empty item between" "a.com,,b.com" "empty ALLOW entry"
allow_case "trailing empty item" "a.com,b.com,,," "empty ALLOW entry" env
allow_case "only commas" ",,," "empty ALLOW entry" env
allow_case "semicolon list" "a.com;b.com" "separate entries with ','"
allow_case "bare '*'" "*" "a bare '*'"
allow_case "bare '*' among hosts" "github.com,*" "a bare '*'"
allow_case "'*.' alone" "*." "expected host"
allow_case "'*' inside a label" "a*.com" "only allowed as a leading '*.'"
allow_case "two wildcards" "*.*.com" "only allowed as a leading '*.'"
allow_case "port 0" "host.com:0" "the port must be"
allow_case "port too large" "host.com:99999" "the port must be"
allow_case "empty port" "host.com:" "the port must be"
allow_case "IPv4 prefix too long" "10.0.0.0/33" "CIDR prefix length"
allow_case "IPv6 prefix too long" "fd00::/129" "CIDR prefix length"
allow_case "unclosed IPv6 bracket" "[::1" "expected [IPv6 address]"
allow_case "junk after IPv6 bracket" "[::1]x" "expected [IPv6 address]"
allow_case "short IPv4" "1.2.3" "not a valid IPv4 address"
allow_case "label starting with '-'" "-a.com" "not a valid host name"
allow_case "empty label" "a..com" "not a valid host name"

# What a config path may name instead of a text file: LABEL, WHAT, and
# how to make it at $1.
READ_CASES=(
	"/dev/zero" "not a regular file" 'ln -s /dev/zero "$1"'
	"a fifo nobody writes to" "not a regular file" 'mkfifo "$1"'
	"a directory" "not a regular file" 'mkdir "$1"'
	"300 KiB without a newline" "larger than 256 KiB"
	    'head -c 307200 /dev/zero | tr "\\0" A >"$1"'
	"200 KiB without a newline" "line is longer than"
	    'head -c 204800 /dev/zero | tr "\\0" A >"$1"'
)

bi_class config-file $((${#FILE_CASES[@]} * 3 / 4))
bi_class config-read $((${#READ_CASES[@]} * 2 / 3))
bi_class config-value $((${#VALUE_CASES[@]} * 2 / 4))
n=0
for ((i = 0; i < ${#ALLOW_CASES[@]}; i += 4)); do
	read -ra srcs <<<"${ALLOW_CASES[i + 3]}"
	n=$((n + ${#srcs[@]}))
done
bi_class allowlist "$n"
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"

make_repo "$T/repo"
cd "$T/repo"
user_file=$XDG_CONFIG_HOME/code-airlock/sandbox.conf
mkdir -p "$(dirname "$user_file")"
# The repo's own file is honoured only when git ignores it.
printf 'sandbox.conf\n' >>"$T/repo/.git/info/exclude"

# check_file_case WHERE LINE WHAT FORMAT: write the file WHERE names, run
# `up`, check the refusal, remove the file.
check_file_case()
{
	local where=$1 line=$2 what=$3 fmt=$4 path

	case $where in
	user)	path=$user_file ;;
	repo)	path=$T/repo/sandbox.conf ;;
	extra)	path=$T/extra.conf ;;
	esac
	# shellcheck disable=SC2059 # the format is the point
	printf "$fmt" >"$path"
	bi_snapshot "$T/repo" >"$T/before"
	calls_reset
	if [[ $where == extra ]]; then
		CODE_AIRLOCK_CONFIG=$path run_airlock up
	else
		run_airlock up
	fi
	bi_reject 2 "$what"
	assert_contains "$ERR" "$path:$line: " "the message names file:line"
	bi_unchanged "$T/repo" "$T/before"
	rm -f "$path"
}

for ((i = 0; i < ${#FILE_CASES[@]}; i += 4)); do
	for where in user repo extra; do
		bi_case config-file "${FILE_CASES[i]} ($where file)"
		check_file_case "$where" "${FILE_CASES[i + 1]}" \
		    "${FILE_CASES[i + 2]}" "${FILE_CASES[i + 3]}"
	done
done

for ((i = 0; i < ${#READ_CASES[@]}; i += 3)); do
	for where in user extra; do
		bi_case config-read "${READ_CASES[i]} ($where file)"
		path=$user_file
		[[ $where == extra ]] && path=$T/extra.conf
		bash -c "${READ_CASES[i + 2]}" make "$path"
		calls_reset
		if [[ $where == extra ]]; then
			CODE_AIRLOCK_CONFIG=$path run_airlock up
		else
			run_airlock up
		fi
		bi_reject 2 "${READ_CASES[i + 1]}"
		assert_contains "$ERR" "$path" "the message names the file"
		rm -rf "$path"
	done
done

# check_value SOURCE KEY VALUE WHAT CMD: KEY=VALUE from SOURCE (file or
# env), run CMD, check the refusal.
check_value()
{
	local src=$1 key=$2 val=$3 what=$4 cmd=$5

	bi_snapshot "$T/repo" >"$T/before"
	calls_reset
	if [[ $src == file ]]; then
		printf '# test\n%s=%s\n' "$key" "$val" >"$T/extra.conf"
		CODE_AIRLOCK_CONFIG=$T/extra.conf run_airlock "$cmd"
		rm -f "$T/extra.conf"
	else
		run_cmd env "$key=$val" "$AIRLOCK" "$cmd"
	fi
	bi_reject 2 "$what"
	if [[ $src == file ]]; then
		assert_contains "$ERR" "$T/extra.conf:2: " "names file:line"
	else
		assert_contains "$ERR" "environment variable $key: " \
		    "names the variable"
	fi
	bi_unchanged "$T/repo" "$T/before"
}

for ((i = 0; i < ${#VALUE_CASES[@]}; i += 4)); do
	for src in file env; do
		bi_case config-value "${VALUE_CASES[i]} ($src)"
		check_value "$src" "${VALUE_CASES[i + 1]}" \
		    "${VALUE_CASES[i + 2]}" "${VALUE_CASES[i + 3]}" up
	done
done

for ((i = 0; i < ${#ALLOW_CASES[@]}; i += 4)); do
	read -ra srcs <<<"${ALLOW_CASES[i + 3]}"
	for src in "${srcs[@]}"; do
		bi_case allowlist "${ALLOW_CASES[i]} ($src)"
		check_value "$src" ALLOW "${ALLOW_CASES[i + 1]}" \
		    "${ALLOW_CASES[i + 2]}" lockdown
	done
done

bi_finish
