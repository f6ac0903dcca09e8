#!/usr/bin/env bash
#
# Render bench/run.sh's results file as Markdown tables on stdout, with
# ratios and each target met or missed.  With --doc, the whole of
# docs/performance.md: the prose explaining the targets around the
# tables, and bench/findings.md (the open findings, kept by hand).
#
#	bench/report.sh [--doc] bench/out/results-full.tsv

set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOC=0
if [[ ${1:-} == --doc ]]; then
	DOC=1
	shift
fi
RESULTS=${1:?usage: report.sh [--doc] RESULTS}
[[ -r $RESULTS ]] || { echo "report.sh: cannot read '$RESULTS'" >&2; exit 1; }

declare -A M V
# Rows by key: V["startup|LABEL"]="MS INSTR", V["review|LABEL"]=MS,
# V["branches|WHO"]="MS RSS", ...
while IFS=$'\t' read -r kind a b c d rest; do
	case $kind in
	meta) M[$a]=$b ;;
	startup) V["startup|$a"]="$b"$'\t'"${c:-}" ;;
	calls) V["calls|$a"]="$b"$'\t'"$c"$'\t'"${d:-}${rest:+$'\t'$rest}" ;;
	fetch) V["fetch|$a"]="$b"$'\t'"$c" ;;
	fetchsz) V[fetchsz]="$a"$'\t'"$b"$'\t'"$c" ;;
	branches | branches2) V["$kind|$a"]="$b"$'\t'"$c" ;;
	branchsz) V[branchsz]="$a" ;;
	review) V["review|$a"]="$b"$'\t'"${c:-}" ;;
	blob) V["blob|$a"]="$b"$'\t'"$c"$'\t'"$d" ;;
	blobsz) V[blobsz]="$a"$'\t'"$b" ;;
	history | ls) V["$kind|$a|$b"]="$c"$'\t'"${d:-}" ;;
	watch) V["watch|$a"]="$b"$'\t'"$c"$'\t'"$d"$'\t'"${rest:-}" ;;
	esac
done <"$RESULTS"

# field KEY N: the Nth tab field of V[KEY], "" when absent.
field()
{
	local v=${V[$1]:-}
	awk -F'\t' -v n="$2" '{ print $n }' <<<"$v"
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "fail" || b == "fail" ||
		    a == "nan" || b == "nan" || b + 0 == 0) print "n/a";
		else printf "%.2fx\n", a / b }'
}

# met RATIO LIMIT: "met", "**missed**" or "n/a"
met()
{
	[[ $1 == n/a ]] && { echo "n/a"; return; }
	awk -v r="${1%x}" -v l="$2" 'BEGIN {
		print (r + 0 <= l + 0) ? "met" : "**missed**" }'
}

ms()
{
	case $1 in
	'') echo "n/a" ;;
	fail) echo "fails" ;;
	*) awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.2f" : v < 100 ? \
	    "%.1f" : "%.0f"), v }' ;;
	esac
}

mega()
{
	[[ $1 =~ ^[0-9]+$ ]] || { echo "n/a"; return; }
	awk -v v="$1" 'BEGIN { printf "%.1f M\n", v / 1e6 }'
}

. "$BENCH/report-tables.sh"

if ((DOC)); then
	. "$BENCH/report-doc.sh"
	doc
else
	tables
fi
