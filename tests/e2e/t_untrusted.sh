#!/usr/bin/env bash
# Untrusted agent output.  The agent writes commit messages, author names,
# branch names and file names holding terminal escape sequences (CSI, OSC
# with BEL and with ST, OSC 8 links, OSC 52 clipboard writes), carriage
# returns, C1 controls, bidi overrides, bytes that are not UTF-8 and very
# long lines.  Every command that shows them (status, fetch, log,
# review --summary, ls; text and --json) must print them escaped: no raw
# control byte but newline and tab, no C1 or bidi control, only valid
# UTF-8, on stdout and on stderr; and every JSON output must parse.

. "$(dirname "$0")/../lib/badinput.sh"

# The runs; each is checked on both streams.
RUNS=(
	"fetch" "status" "--json status" "log" "--json log"
	"review --summary" "--json review --summary" "ls" "--json ls"
	"log (several candidates)" "status (several candidates)"
)
bi_class untrusted-output "${#RUNS[@]}"
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"

# assert_clean FILE WHAT: FILE holds no raw terminal control: C0 but
# newline and tab, DEL, C1 (UTF-8 encoded), bidi controls, invalid UTF-8.
assert_clean()
{
	local f=$1 what=$2

	if LC_ALL=C tr -d '\n\t' <"$f" | LC_ALL=C grep -q '[[:cntrl:]]'; then
		fail "$what holds a raw control byte"
		_e2e_show bytes "$(LC_ALL=C grep '[[:cntrl:]]' "$f" |
		    head -n 3 | od -c | head -n 12)"
	fi
	if ! iconv -f UTF-8 -t UTF-8 <"$f" >/dev/null 2>&1; then
		fail "$what is not valid UTF-8"
	fi
	if LC_ALL=C grep -q -e $'\xc2[\x80-\x9f]' -e $'\xd8\x9c' \
	    -e $'\xe2\x80[\x8e\x8f\xaa-\xae]' -e $'\xe2\x81[\xa6-\xa9]' "$f"
	then
		fail "$what holds a C1 or bidi control character"
	fi
}

# assert_json FILE WHAT: one valid JSON document (python3, else jq).
assert_json()
{
	if command -v python3 >/dev/null; then
		python3 -c 'import json,sys; json.load(sys.stdin)' <"$1" \
		    2>/dev/null && return 0
	elif command -v jq >/dev/null; then
		jq -e . <"$1" >/dev/null 2>&1 && return 0
	else
		echo "# no python3 or jq: $2 not parsed as JSON"
		return 0
	fi
	fail "$2 is not valid JSON"
	_e2e_show json "$(head -c 2000 "$1")"
}

UNTRUSTED_LONG=$(printf 'A%.0s' {1..20000})
UNTRUSTED_BRANCH=$'agent/\xc2\x9b31m-\xe2\x80\xaeevil-\xff'
export UNTRUSTED_LONG UNTRUSTED_BRANCH

# The agent: commits on main (the branch named like BASE) and on a branch
# of its own, with hostile text everywhere git lets it put some.  `git
# commit` turns bytes that are not UTF-8 into Latin-1 characters, so one
# commit is written raw with hash-object to keep them.
agent_script "$T/agent" <<'AGENT'
GIT_AUTHOR_NAME=$'Eve\e[8m\rMallory' git commit -q --allow-empty \
    -m $'subject \e[2J\e]0;owned\a \e]8;;http://evil.invalid\e\\link\e]8;;\e\\ \rOVERWRITE \xc2\x9b31m \xe2\x80\xaeevil \xd8\x9c end' \
    -m $'body line\e[1A\e[2K with more\x7f'
raw=$(printf 'tree %s\nparent %s\nauthor Raw\xff\xfe\e[31m <raw@x> 1700000000 +0000\ncommitter Raw <raw@x> 1700000000 +0000\n\nraw \xff\xfe\xc0\x80 \e]0;t\a\n' \
    "$(git rev-parse 'HEAD^{tree}')" "$(git rev-parse HEAD)" |
    git hash-object -t commit -w --stdin)
git update-ref refs/heads/main "$raw"
git reset -q --hard
git commit -q --allow-empty -m "$UNTRUSTED_LONG"
for f in $'evil\e]0;title\a.txt' $'cr\rbuild.sh' $'nl\ninstall.sh' \
    $'bad\xff.bin' $'bidi\xe2\x80\xaetxt.exe' "${UNTRUSTED_LONG:0:250}" \
    $'.github/workflows/\e[31mci.yml'
do
	mkdir -p "$(dirname "$f")"
	printf 'x\n' >"$f"
done
chmod +x $'evil\e]0;title\a.txt'
ln -s $'/etc/\e]0;target\a' $'link\e[5m'
git add -A
git commit -q -m $'files \e[?1049h'
git checkout -q -b "$UNTRUSTED_BRANCH"
git commit -q --allow-empty -m $'on the agent branch \e]52;c;cHduZWQ=\a'
git checkout -q main
AGENT

make_repo "$T/repo"
cd "$T/repo"
run_airlock up
if [[ $RC != 0 ]]; then
	echo "# up failed: $ERR" >&2
	exit 1
fi
SBX_DOUBLE_AGENT=$T/agent run_cmd sbx run --name sbx-repo
if [[ $RC != 0 ]]; then
	echo "# the agent failed: $ERR" >&2
	exit 1
fi

# Another sandbox made with sbx directly, for a repo whose path holds
# escapes: `ls` shows every sandbox sbx knows, with its workspace.
ws=$T/$'ws\e]0;x\a\xc2\x9b\xe2\x80\xae'
make_repo "$ws"
run_cmd sbx run --clone --name other claude "$ws"
if [[ $RC != 0 ]]; then
	echo "# sbx run for the other sandbox failed: $ERR" >&2
	exit 1
fi

# check RUN [RC]: run it, then check both streams.
check()
{
	local run=$1 args

	bi_case untrusted-output "$run"
	read -ra args <<<"${run%% (*}"
	run_airlock "${args[@]}"
	assert_rc "${2:-0}"
	bi_no_crash
	assert_clean "$OUT_FILE" "stdout"
	assert_clean "$ERR_FILE" "stderr"
	[[ $run != *--json* ]] || assert_json "$OUT_FILE" "stdout"
}

check fetch
assert_contains "$OUT" 'agent/\u009b31m-\u202eevil-\xff' \
    "fetch names the agent's branch, escaped"
check status
assert_contains "$OUT" 'agent/\u009b31m-\u202eevil-\xff' \
    "status names the agent's branch, escaped"
check "--json status"
assert_contains "$OUT" 'agent/\u009b31m-\u202eevil-\\xff' \
    "JSON names the agent's branch, escaped"
check log
assert_contains "$OUT" 'Eve\e[8m\rMallory' "the author, escaped"
assert_contains "$OUT" 'subject \e[2J\e]0;owned\x07' "the subject, escaped"
assert_contains "$OUT" 'Raw\xff\xfe\e[31m' "a raw author, escaped"
assert_contains "$OUT" 'raw \xff\xfe\xc0\x80 \e]0;t\x07' \
    "a raw subject, escaped"
assert_contains "$OUT" "AAAAAAAAAA" "the long subject is shown"
check "--json log"
assert_contains "$OUT" '\u001b[2J' "JSON escapes ESC"
check "review --summary"
assert_contains "$OUT" 'evil\e]0;title\x07.txt' "a file name, escaped"
assert_contains "$OUT" 'cr\rbuild.sh' "a file name, escaped"
assert_contains "$OUT" 'nl\ninstall.sh' "a file name, escaped"
assert_contains "$OUT" 'link\e[5m -> /etc/\e]0;target\x07' \
    "a symlink and its target, escaped"
check "--json review --summary"
check ls
assert_contains "$OUT" 'ws\e]0;x\x07\u009b\u202e' \
    "the other sandbox's workspace, escaped"
check "--json ls"

# With BASE a branch the agent never saw, both agent branches are
# candidates: the error listing them must be as clean as the output.
git switch -q -c feature
check "log (several candidates)" 1
assert_contains "$ERR" 'agent/\u009b31m-\u202eevil-\xff' \
    "the error lists the agent's branch, escaped"
check "status (several candidates)"
assert_contains "$OUT" 'agent/\u009b31m-\u202eevil-\xff' \
    "status names the agent's branch, escaped"

bi_finish
