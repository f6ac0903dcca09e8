# shellcheck shell=bash
# Shared by the bad-input scenarios tests/e2e/t_badinput_*.sh (and
# t_untrusted.sh): case classes that can be counted without running them,
# and the checks every rejected input must pass.
#
# A scenario declares its classes and their case counts first, from the
# tables it will run, then sources e2e.sh:
#
#	. "$(dirname "$0")/../lib/badinput.sh"
#	bi_class config-file "${#CASES[@]}"
#	bi_count_exit			# BADINPUT_COUNT=1: print counts, exit
#	. "$(dirname "$0")/../lib/e2e.sh"
#	...  bi_case config-file "NUL byte"; run_airlock up; bi_reject 2 NUL
#	bi_finish
#
# docs/robustness.md lists every class with its count;
# scripts/robustness-counts.sh reads them through BADINPUT_COUNT=1 and
# t_robustness_doc.sh fails when the document and the tables disagree.
# bi_finish fails the scenario when a class ran a different number of
# cases than it declared, so the counts cannot lie either.

BI_CLASSES=()
declare -A BI_DECL=() BI_RAN=()

# bi_class NAME COUNT: declare a class of cases and how many there are.
bi_class()
{
	BI_CLASSES+=("$1")
	BI_DECL[$1]=$2
	BI_RAN[$1]=0
}

# bi_count_exit: under BADINPUT_COUNT=1 print "CLASS COUNT" lines and exit.
bi_count_exit()
{
	local c

	[[ ${BADINPUT_COUNT:-0} == 1 ]] || return 0
	for c in "${BI_CLASSES[@]}"; do
		printf '%s %s\n' "$c" "${BI_DECL[$c]}"
	done
	exit 0
}

# bi_case CLASS LABEL: start a case (e2e.sh's `t`) counted in CLASS.
bi_case()
{
	BI_RAN[$1]=$((BI_RAN[$1] + 1))
	t "$1: $2"
}

# bi_finish: check the counts, then e2e.sh's finish.
bi_finish()
{
	local c

	for c in "${BI_CLASSES[@]}"; do
		if ((BI_RAN[$c] != BI_DECL[$c])); then
			t "class $c ran as many cases as it declares"
			fail "ran ${BI_RAN[$c]}, declared ${BI_DECL[$c]}"
		fi
	done
	finish
}

# bi_snapshot DIR: every entry under DIR with type, mode, size and mtime,
# so that any write, creation or removal shows as a difference.
bi_snapshot()
{
	find "$1" -printf '%y %m %s %T@ %p\n' | LC_ALL=C sort
}

# bi_unchanged DIR SNAPSHOT_FILE: nothing under DIR changed since
# `bi_snapshot DIR >SNAPSHOT_FILE`; shows the difference when it did.
bi_unchanged()
{
	local d

	d=$(bi_snapshot "$1" | diff "$2" - || true)
	[[ -z $d ]] && return 0
	fail "something under $1 was written"
	_e2e_show "changes (< before, > after)" "$d"
}

# bi_no_crash: the last run did not die of a signal or a sanitizer report.
bi_no_crash()
{
	if ((RC >= 128)); then
		fail "killed by a signal or crashed (exit $RC)"
	fi
	case $ERR in
	*AddressSanitizer*|*LeakSanitizer*|*"runtime error:"*|*Segmentation*)
		fail "sanitizer report or crash on stderr"
		_e2e_show stderr "$ERR" ;;
	esac
}

# bi_reject RC WHAT [probe]: the last run refused its input the way every
# bad input must be refused: exit RC, no crash, nothing on stdout, one
# "code-airlock: error:" line naming WHAT (a substring) followed at most
# by the command's usage, no raw control byte on stderr, and no sbx call (with "probe": only
# `sbx ls --json`).  Compare the repo with bi_snapshot yourself.
bi_reject()
{
	local first rest calls

	assert_rc "$1"
	bi_no_crash
	assert_eq "" "$OUT" "nothing on stdout"
	first=${ERR%%$'\n'*}
	rest=${ERR#"$first"}
	[[ $first == "code-airlock: error: "* ]] ||
	    fail "stderr does not start with an error line: '$first'"
	assert_contains "$first" "$2" "the message names the problem"
	# What the user typed is echoed, but never a raw control byte.
	if LC_ALL=C tr -d '\n\t' <<<"$ERR" | LC_ALL=C grep -q '[[:cntrl:]]'
	then
		fail "raw control byte on stderr"
		_e2e_show bytes "$(od -c <<<"$ERR" | head -n 10)"
	fi
	# Only usage lines may follow the one message.
	if grep -qvE '^(usage: |  |$)' <<<"${rest#$'\n'}"; then
		fail "more than one message line"
		_e2e_show stderr "$ERR"
	fi
	calls=$(calls_log)
	if [[ ${3:-} == probe ]]; then
		calls=$(grep -vxF 'sbx ls --json' <<<"$calls" || true)
	fi
	assert_eq "" "$calls" "no sbx call"
}
