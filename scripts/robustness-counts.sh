#!/usr/bin/env bash
# The case counts of docs/robustness.md, from the scenarios themselves.
#
#	scripts/robustness-counts.sh		print the counts table
#	scripts/robustness-counts.sh --check [DOC]	exit 1 when DOC (default
#						docs/robustness.md) disagrees
#	scripts/robustness-counts.sh --update	rewrite the table in the doc
#
# Every tests/e2e/t_*.sh that sources lib/badinput.sh declares its classes
# of bad input with a count; run with BADINPUT_COUNT=1 it prints them
# without running anything.  The table sits between the two marker lines
# below in the document.  The argument scenarios ask the binary for its
# command list, so AIRLOCK_BIN (or build/code-airlock) must exist.
set -euo pipefail

cd "$(dirname "$0")/.."
begin='<!-- robustness-counts: begin (scripts/robustness-counts.sh --update) -->'
end='<!-- robustness-counts: end -->'

table()
{
	local f c n total=0

	printf '| class | cases | scenario |\n|---|---:|---|\n'
	while read -r f; do
		while read -r c n; do
			# shellcheck disable=SC2016 # Markdown backquotes
			printf '| `%s` | %s | %s |\n' "$c" "$n" "${f##*/}"
			total=$((total + n))
		done < <(BADINPUT_COUNT=1 bash "$f")
	done < <(grep -lF '/lib/badinput.sh"' tests/e2e/t_*.sh |
	    LC_ALL=C sort)
	printf '| total | %s | |\n' "$total"
}

# block DOC: the lines between the markers.
block()
{
	awk -v b="$begin" -v e="$end" '$0 == e { f = 0 } f { print }
	    $0 == b { f = 1 }' "$1"
}

case ${1:-} in
'')
	table ;;
--check)
	doc=${2:-docs/robustness.md}
	want=$(table)
	have=$(block "$doc")
	if [[ $want != "$have" ]]; then
		echo "robustness-counts: $doc is out of date; run" \
		    "scripts/robustness-counts.sh --update" >&2
		diff <(printf '%s\n' "$have") <(printf '%s\n' "$want") >&2 || true
		exit 1
	fi
	# Every class needs its own section saying what the tool does.
	while read -r c; do
		if ! grep -q "^### .*\`$c\`" "$doc"; then
			echo "robustness-counts: $doc has no '### ... \`$c\`'" \
			    "section describing that class" >&2
			exit 1
		fi
	done < <(printf '%s\n' "$want" | cut -d'`' -f2 | grep -v '|') ;;
--update)
	doc=docs/robustness.md
	if ! grep -qxF "$begin" "$doc" || ! grep -qxF "$end" "$doc"; then
		echo "robustness-counts: no markers in $doc" >&2
		exit 1
	fi
	tmp=$(mktemp)
	table >"$tmp.table"
	awk -v b="$begin" -v e="$end" -v t="$tmp.table" '
	    $0 == b { print; while ((getline l < t) > 0) print l; skip = 1;
		next }
	    $0 == e { skip = 0 }
	    !skip { print }' "$doc" >"$tmp"
	mv "$tmp" "$doc"
	rm -f "$tmp.table" ;;
*)
	echo "usage: scripts/robustness-counts.sh [--check [DOC]|--update]" >&2
	exit 2 ;;
esac
