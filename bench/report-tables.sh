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
| load average (1, 5, 15 min) | ${M[load]:-?} at the start, ${M[load_end]:-?} at the end (other work on the machine shows here) |
EOF
}

# target rows: "what|measured|limit|met|findings" lines; the last field
# names the entries of bench/findings.md that explain a miss.
targets()
{
	local r
	r=$(ratio "$(field 'startup|--dry-run up' 1)" "$(field startup\|ref 1)")
	echo "\`--dry-run up\` startup vs \`git rev-parse HEAD\`|$r|1.5x|$(met "$r" 1.5)|F1, F2"
	calls_target 'status' 1 ''
	calls_target 'up (existing, running)' 3 F10
	calls_target 'fetch (running)' 1 'F3, F10'
	calls_target 'rm --yes (running)' 1 F4
	r=$(ratio "$(field fetch\|airlock 1)" "$(field fetch\|git 1)")
	echo "fetch wall time vs \`git fetch\`|$r|0.9x|$(met "$r" 0.9)|F9, F3"
	r=$(ratio "$(field fetch\|airlock 2)" "$(field fetch\|git 2)")
	echo "fetch peak RSS vs \`git fetch\`|$r|1.5x|$(met "$r" 1.5)|F8"
	r=$(ratio "$(field branches\|airlock 1)" "$(field branches\|git 1)")
	echo "fetch of $(field branchsz 1) new branches vs \`git fetch\`|$r|2.0x|$(met "$r" 2.0)|F10"
	r=$(ratio "$(field 'review|review --summary' 1)" \
	    "$(field 'review|git diff --stat' 1)")
	echo "\`review --summary\` vs \`git diff --stat BASE...SBREF\`|$r|1.0x|$(met "$r" 1.0)|F5, F1, F3"
	r=$(ratio "$(field blob\|airlock 2)" "$(awk -v b="$(field blob\|airlock 3)" \
	    'BEGIN { if (b != "") print b / 1024 }')")
	echo "\`review --summary\` peak RSS vs the size of a $(gib "$(field blob\|airlock 3)") blob|$r|0.01x|$(met "$r" 0.01)|"
	r=$(ratio "$(field 'review|log' 1)" "$(field 'review|git log --oneline' 1)")
	echo "\`log\` vs \`git log --oneline BASE..SBREF\`|$r|1.0x|$(met "$r" 1.0)|F6, F7, F1, F3"
	r=$(watch_share 5)
	echo "\`watch\` idle CPU, $(field watch\|5 1) sandboxes, default interval|$r|1%|$(met "${r%\%}" 1)|"
	r=$(field watch\|5 5)
	echo "sbx calls of an idle \`watch\` after its first \`sbx ls\`|${r:-n/a}|0|$( [[ -z $r ]] && echo n/a || { ((r == 0)) && echo met || echo '**missed**'; })|"
}

# watch_share INTERVAL: the CPU watch used as a share of one CPU, "n/a".
watch_share()
{
	awk -v s="$(field "watch|$1" 2)" -v c="$(field "watch|$1" 3)" 'BEGIN {
		if (s == "" || c == "" || c == "fail" || s + 0 == 0)
			print "n/a";
		else printf "%.3f%%\n", c / (s * 1000) * 100 }'
}

table_watch()
{
	local iv
	echo "| interval | sandboxes | seconds | CPU, user + system | share of one CPU | peak RSS | sbx calls after the first |"
	echo "|---|---|---|---|---|---|---|"
	for iv in 5 1; do
		[[ -n ${V["watch|$iv"]:-} ]] || continue
		echo "| $iv s | $(field "watch|$iv" 1) | $(field "watch|$iv" 2) | $(field "watch|$iv" 3) ms | $(watch_share "$iv") | $(field "watch|$iv" 4) KiB | $(field "watch|$iv" 5) |"
	done
}

calls_target()
{
	local n see=$3
	n=$(field "calls|$1" 1)
	if [[ -z $n ]]; then
		echo "sbx calls of \`$1\`|n/a|$2|n/a|"
	elif [[ $(field "calls|$1" 2) != 0 ]]; then
		echo "sbx calls of \`$1\`|$n (exit $(field "calls|$1" 2))|$2|**missed**|$see"
	elif ((n <= $2)); then
		echo "sbx calls of \`$1\`|$n|$2|met|"
	else
		echo "sbx calls of \`$1\`|$n|$2|**missed**|$see"
	fi
}

table_targets()
{
	echo "| target | measured | limit | | see |"
	echo "|---|---|---|---|---|"
	targets | awk -F'|' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2,
	    $3, $4, $4 == "met" ? "" : $5 }'
}

table_startup()
{
	local ref ir0 label t ir
	echo "| command | median ms | vs floor | instructions | vs floor |"
	echo "|---|---|---|---|---|"
	for label in ref '--version' 'help' '--dry-run up' 'status' \
	    'sbx ls --json (the double)' 'ref (instant sbx)' \
	    'sbx ls --json (instant stub)' '--dry-run up (instant sbx)' \
	    'status (instant sbx)'; do
		[[ -n ${V["startup|$label"]:-} ]] || continue
		t=$(field "startup|$label" 1)
		ir=$(field "startup|$label" 2)
		# Each group of rows has its own floor, measured with it.
		if [[ $label == ref* ]]; then
			ref=$t ir0=$ir
		fi
		case $label in
		ref) label="\`git rev-parse HEAD\` (the floor)" ;;
		ref*) label="\`git rev-parse HEAD\` (the floor, again)" ;;
		sbx*) label="\`${label%% (*}\` (${label#*(}" ;;
		*'('*) label="\`code-airlock ${label%% (*}\` (${label#*(}" ;;
		*) label="\`code-airlock $label\`" ;;
		esac
		if [[ $t == fail ]]; then
			echo "| $label | fails: $ir | | | |"
			continue
		fi
		echo "| $label | $(ms "$t") | $(ratio "$t" "$ref") | $(mega "$ir") | $(ratio "$ir" "$ir0") |"
	done
}

table_calls()
{
	local k label
	echo "| command | sbx calls | exit | calls made (from the double's log) |"
	echo "|---|---|---|---|"
	for k in "${!V[@]}"; do
		if [[ $k == calls\|* ]]; then
			echo "${k#calls|}"
		fi
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
	local am ar bm br gm gr
	am=$(field fetch\|airlock 1) ar=$(field fetch\|airlock 2)
	bm=$(field fetch\|bare 1) br=$(field fetch\|bare 2)
	gm=$(field fetch\|git 1) gr=$(field fetch\|git 2)
	echo "Sandbox branch: $(field fetchsz 2) commits adding $(field fetchsz 3) files; the sandbox serves $(field fetchsz 1) MB of objects."
	echo
	echo "| | \`code-airlock fetch\` | bare libgit2 fetch | \`git fetch\` | code-airlock / git | libgit2 / git | code-airlock / libgit2 |"
	echo "|---|---|---|---|---|---|---|"
	echo "| wall time, median ms | $(ms "$am") | $(ms "$bm") | $(ms "$gm") | $(ratio "$am" "$gm") | $(ratio "$bm" "$gm") | $(ratio "$am" "$bm") |"
	echo "| peak RSS, median KiB | ${ar:-n/a} | ${br:-n/a} | ${gr:-n/a} | $(ratio "$ar" "$gr") | $(ratio "$br" "$gr") | $(ratio "$ar" "$br") |"
}

table_branches()
{
	local k am ar gm gr
	echo "The sandbox serves $(field branchsz 1) branches, each one new commit on main."
	echo
	echo "| fetch | \`code-airlock fetch\` ms | \`git fetch\` ms | ratio | code-airlock KiB | git KiB | ratio |"
	echo "|---|---|---|---|---|---|---|"
	for k in branches branches2; do
		am=$(field "$k|airlock" 1) ar=$(field "$k|airlock" 2)
		gm=$(field "$k|git" 1) gr=$(field "$k|git" 2)
		echo "| $([[ $k == branches ]] && echo "all new" ||
		    echo "ten moved on by a commit") | $(ms "$am") | $(ms "$gm") | $(ratio "$am" "$gm") | ${ar:-n/a} | ${gr:-n/a} | $(ratio "$ar" "$gr") |"
	done
}

table_review()
{
	local rs ds lg gl gf
	rs=$(field 'review|review --summary' 1)
	ds=$(field 'review|git diff --stat' 1)
	lg=$(field 'review|log' 1)
	gl=$(field 'review|git log --oneline' 1)
	gf=$(field 'review|git fetch (nothing new)' 1)
	echo "| code-airlock | median ms | git | median ms | ratio | vs git fetch + git | instructions, code-airlock / git |"
	echo "|---|---|---|---|---|---|---|"
	echo "| \`review --summary main\` | $(ms "$rs") | \`git diff --stat main...SBREF\` | $(ms "$ds") | $(ratio "$rs" "$ds") | $(ratio "$rs" "$(sum "$ds" "$gf")") | $(mega "$(field 'review|review --summary' 2)") / $(mega "$(field 'review|git diff --stat' 2)") = $(ratio "$(field 'review|review --summary' 2)" "$(field 'review|git diff --stat' 2)") |"
	echo "| \`log main\` | $(ms "$lg") | \`git log --oneline main..SBREF\` | $(ms "$gl") | $(ratio "$lg" "$gl") | $(ratio "$lg" "$(sum "$gl" "$gf")") | $(mega "$(field 'review|log' 2)") / $(mega "$(field 'review|git log --oneline' 2)") = $(ratio "$(field 'review|log' 2)" "$(field 'review|git log --oneline' 2)") |"
	echo
	echo "\`git fetch\` of the same remote with nothing new: $(ms "$gf") ms (the \"vs git fetch + git\" column adds it to git's time)."
}

# gib BYTES: "1.5 GiB"
gib()
{
	awk -v b="$1" 'BEGIN { if (b == "") print "?"; else printf "%.1f GiB", b / 1073741824 }'
}

table_blob()
{
	local am ar gm gr
	am=$(field blob\|airlock 1) ar=$(field blob\|airlock 2)
	gm=$(field blob\|git 1) gr=$(field blob\|git 2)
	if [[ -z $am ]]; then
		echo "(not measured)"
		return
	fi
	echo "One commit adding a blob of $(gib "$(field blob\|airlock 3)") of zero bytes; the sandbox serves $(field blobsz 1) MB of objects."
	echo
	echo "| | \`review --summary main\` | \`git diff --stat main...SBREF\` | code-airlock / git |"
	echo "|---|---|---|---|"
	echo "| wall time, median ms | $(ms "$am") | $(ms "$gm") | $(ratio "$am" "$gm") |"
	echo "| peak RSS, median KiB | $ar | $gr | $(ratio "$ar" "$gr") |"
}

sum()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "fail" || b == "fail") print "";
		else print a + b }'
}

# scale_table KIND LABELS...: one row per label, a column per size, for
# the median time and the instructions.
scale_table()
{
	local kind=$1 sizes label s1 s2 a b ia ib
	shift
	sizes=$(for k in "${!V[@]}"; do
		if [[ $k == "$kind|"* ]]; then
			k=${k#"$kind|"}
			echo "${k%%|*}"
		fi
	done | sort -n | uniq)
	s1=$(head -n 1 <<<"$sizes") s2=$(tail -n 1 <<<"$sizes")
	[[ -n $s1 ]] || { echo "(not measured)"; return; }
	echo "| command | ms at $s1 | ms at $s2 | growth | instructions at $s1 | at $s2 | growth |"
	echo "|---|---|---|---|---|---|---|"
	for label in "$@"; do
		a=$(field "$kind|$s1|$label" 1) b=$(field "$kind|$s2|$label" 1)
		ia=$(field "$kind|$s1|$label" 2) ib=$(field "$kind|$s2|$label" 2)
		echo "| \`$label\` | $(ms "$a") | $(ms "$b") | $(ratio "$b" "$a") | $(mega "$ia") | $(mega "$ib") | $(ratio "$ib" "$ia") |"
	done
}

tables()
{
	echo "## Targets"; echo; table_targets; echo
	echo "## Machine"; echo; table_machine; echo
	echo "## Startup"; echo; table_startup; echo
	echo "## sbx round trips"; echo; table_calls; echo
	echo "## Fetch"; echo; table_fetch; echo
	echo "## Fetch of many branches"; echo; table_branches; echo
	echo "## Review summary and log"; echo; table_review; echo
	echo "## Large blob"; echo; table_blob; echo
	echo "## Scale: history (median ms by commits on main)"; echo
	scale_table history 'code-airlock log main' 'code-airlock status' \
	    'git log --oneline main..SBREF' 'git rev-parse HEAD'
	echo
	echo "## Scale: sandboxes (median ms by sandboxes sbx lists)"; echo
	scale_table ls 'code-airlock ls' 'code-airlock ls --json' \
	    'sbx ls --json'
}
