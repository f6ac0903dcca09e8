# The tables of report.sh, one function per section, from the arrays M
# (meta) and V (rows) that report.sh reads.  Sourced, not run.

table_machine()
{
	cat <<EOF
| | |
|---|---|
| date | ${M[date]:-?} |
| command | \`${M[command]:-bench/run.sh}\` (mode: ${M[mode]:-?}) |
| code-airlock revision | ${M[revision]:-?} |
| machine | ${M[nproc]:-?} CPUs (${M[cpu]:-?}), ${M[memory]:-?} memory |
| kernel | \`${M[uname]:-?}\` |
| git, libgit2 | ${M[git]:-?}, libgit2 ${M[libgit2]:-?} |
| timer | ${M[timer]:-?}; runs per median: ${M[runs]:-?} |
| elapsed | ${M[elapsed]:-?} |
EOF
}

# target rows: "what|measured|limit|met" lines, shared by the summary.
targets()
{
	local r
	r=$(ratio "$(field 'startup|--dry-run up' 1)" "$(field startup\|ref 1)")
	echo "\`--dry-run up\` startup vs \`git rev-parse HEAD\`|$r|1.5x|$(met "$r" 1.5)"
	calls_target 'status' 1
	calls_target 'up (existing, running)' 2
	calls_target 'fetch (running)' 0
	calls_target 'rm --yes (running)' 1
	r=$(ratio "$(field fetch\|airlock 1)" "$(field fetch\|git 1)")
	echo "fetch wall time vs \`git fetch\`|$r|0.9x|$(met "$r" 0.9)"
	r=$(ratio "$(field fetch\|airlock 2)" "$(field fetch\|git 2)")
	echo "fetch peak RSS vs \`git fetch\`|$r|1.5x|$(met "$r" 1.5)"
	r=$(ratio "$(field 'review|review --summary' 1)" \
	    "$(field 'review|git diff --stat' 1)")
	echo "\`review --summary\` vs \`git diff --stat BASE...SBREF\`|$r|1.0x|$(met "$r" 1.0)"
	r=$(ratio "$(field 'review|log' 1)" "$(field 'review|git log --oneline' 1)")
	echo "\`log\` vs \`git log --oneline BASE..SBREF\`|$r|1.0x|$(met "$r" 1.0)"
}

calls_target()
{
	local n
	n=$(field "calls|$1" 1)
	if [[ -z $n ]]; then
		echo "sbx calls of \`$1\`|n/a|$2|n/a"
	elif [[ $(field "calls|$1" 2) != 0 ]]; then
		echo "sbx calls of \`$1\`|$n (exit $(field "calls|$1" 2))|$2|**missed**"
	else
		echo "sbx calls of \`$1\`|$n|$2|$( ((n <= $2)) && echo met ||
		    echo '**missed**')"
	fi
}

table_targets()
{
	echo "| target | measured | limit | |"
	echo "|---|---|---|---|"
	targets | awk -F'|' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }'
}

table_startup()
{
	local ref ir0 label t ir
	ref=$(field startup\|ref 1)
	ir0=$(field startup\|ref 2)
	echo "| command | median ms | vs floor | instructions | vs floor |"
	echo "|---|---|---|---|---|"
	echo "| \`git rev-parse HEAD\` (floor) | $(ms "$ref") | 1.00x | $(mega "$ir0") | 1.00x |"
	for label in '--version' 'help' '--dry-run up' 'status'; do
		t=$(field "startup|$label" 1)
		ir=$(field "startup|$label" 2)
		if [[ $t == fail ]]; then
			echo "| \`code-airlock $label\` | fails: $ir | | | |"
			continue
		fi
		echo "| \`code-airlock $label\` | $(ms "$t") | $(ratio "$t" "$ref") | $(mega "$ir") | $(ratio "$ir" "$ir0") |"
	done
}

table_calls()
{
	local k label
	echo "| command | sbx calls | exit | calls made (from the double's log) |"
	echo "|---|---|---|---|"
	for k in "${!V[@]}"; do
		[[ $k == calls\|* ]] && echo "${k#calls|}"
	done | sort | while IFS= read -r label; do
		awk -F'\t' -v l="$label" '{
			s = ""
			for (i = 3; i <= NF; i++)
				s = s (i > 3 ? "<br>" : "") "`" $i "`"
			printf "| `%s` | %s | %s | %s |\n", l, $1, $2, s
		}' <<<"${V["calls|$label"]}"
	done
}

table_fetch()
{
	local am ar gm gr
	am=$(field fetch\|airlock 1) ar=$(field fetch\|airlock 2)
	gm=$(field fetch\|git 1) gr=$(field fetch\|git 2)
	echo "Sandbox branch: $(field fetchsz 2) commits adding $(field fetchsz 3) files; the sandbox serves $(field fetchsz 1) MB of objects."
	echo
	echo "| | \`code-airlock fetch\` | \`git fetch\` | ratio |"
	echo "|---|---|---|---|"
	echo "| wall time, median ms | $(ms "$am") | $(ms "$gm") | $(ratio "$am" "$gm") |"
	echo "| peak RSS, median KiB | ${ar:-n/a} | ${gr:-n/a} | $(ratio "$ar" "$gr") |"
}

table_review()
{
	local rs ds lg gl gf
	rs=$(field 'review|review --summary' 1)
	ds=$(field 'review|git diff --stat' 1)
	lg=$(field 'review|log' 1)
	gl=$(field 'review|git log --oneline' 1)
	gf=$(field 'review|git fetch (nothing new)' 1)
	echo "| code-airlock | median ms | git | median ms | ratio | vs git fetch + git |"
	echo "|---|---|---|---|---|---|"
	echo "| \`review --summary main\` | $(ms "$rs") | \`git diff --stat main...SBREF\` | $(ms "$ds") | $(ratio "$rs" "$ds") | $(ratio "$rs" "$(sum "$ds" "$gf")") |"
	echo "| \`log main\` | $(ms "$lg") | \`git log --oneline main..SBREF\` | $(ms "$gl") | $(ratio "$lg" "$gl") | $(ratio "$lg" "$(sum "$gl" "$gf")") |"
	echo
	echo "\`git fetch\` of the same remote with nothing new: $(ms "$gf") ms (the last column adds it to git's time)."
}

sum()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "fail" || b == "fail") print "";
		else print a + b }'
}

# scale_table KIND LABELS...: one row per label, a column per size.
scale_table()
{
	local kind=$1 sizes label s1 s2 a b
	shift
	sizes=$(for k in "${!V[@]}"; do
		[[ $k == "$kind|"* ]] && { k=${k#"$kind|"}; echo "${k%%|*}"; }
	done | sort -n | uniq)
	s1=$(head -n 1 <<<"$sizes") s2=$(tail -n 1 <<<"$sizes")
	[[ -n $s1 ]] || { echo "(not measured)"; return; }
	echo "| command | $s1 | $s2 | growth |"
	echo "|---|---|---|---|"
	for label in "$@"; do
		a=$(field "$kind|$s1|$label" 1) b=$(field "$kind|$s2|$label" 1)
		echo "| \`$label\` | $(ms "$a") | $(ms "$b") | $(ratio "$b" "$a") |"
	done
}

tables()
{
	echo "## Targets"; echo; table_targets; echo
	echo "## Machine"; echo; table_machine; echo
	echo "## Startup"; echo; table_startup; echo
	echo "## sbx round trips"; echo; table_calls; echo
	echo "## Fetch"; echo; table_fetch; echo
	echo "## Review summary and log"; echo; table_review; echo
	echo "## Scale: history (median ms by commits on main)"; echo
	scale_table history 'code-airlock log main' 'code-airlock status' \
	    'git log --oneline main..SBREF' 'git rev-parse HEAD'
	echo
	echo "## Scale: sandboxes (median ms by sandboxes sbx lists)"; echo
	scale_table ls 'code-airlock ls' 'code-airlock ls --json' \
	    'sbx ls --json'
}
