# The sections of bench/run.sh.  Each builds (or reuses) its fixture,
# measures, and appends rows to $RESULTS for report.sh:
#
#   startup  LABEL MS INSTRUCTIONS     (LABEL "ref" is git rev-parse HEAD)
#   calls    LABEL COUNT EXIT CALLS... (the sbx argv, one field each)
#   fetch    WHO MS RSS_KIB SAMPLES    (WHO airlock, bare or git; medians)
#   fetchsz  MB COMMITS FILES          (the pack the sandbox serves)
#   branches WHO MS RSS_KIB SAMPLES    (all branches new; WHO airlock, git)
#   branches2 WHO MS RSS_KIB SAMPLES   (then ten moved on by a commit)
#   branchsz COUNT                     (branches the sandbox serves)
#   review   LABEL MS INSTRUCTIONS
#   blob     WHO MS RSS_KIB BYTES     (WHO airlock or git; medians)
#   blobsz   MB BYTES                 (the objects the sandbox serves)
#   history  COMMITS LABEL MS INSTRUCTIONS
#   ls       SANDBOXES LABEL MS INSTRUCTIONS
#
# INSTRUCTIONS count the measured process alone (callgrind), "nan"
# where that would mislead (bash, or git fetch whose work is in its
# children).
#
# A command that fails is recorded with MS "fail" and its first error
# line, so that a missing feature shows in the table instead of
# stopping the run.  Sourced, not run.

# try FIELDS... -- CMD...: run CMD once; when it fails, record the row
# FIELDS "fail" ERROR and return 1.
try()
{
	local fields=() err rc=0
	while [[ $1 != -- ]]; do
		fields+=("$1")
		shift
	done
	shift
	"$@" </dev/null >/dev/null 2>"$OUT/try.err" || rc=$?
	((rc)) || return 0
	err=$(grep -v '^$' "$OUT/try.err" | head -n 1)
	result "${fields[@]}" fail "${err:-exit status $rc}"
	say "  ${fields[*]}: fails: ${err:-exit status $rc}"
	return 1
}

# group RUNS WARMUP < LINES: measure the commands of LINES together
# (compare: they take turns) and record a row "${ROW[@]} LABEL MS
# INSTRUCTIONS" for each.  A line is "LABEL|IR|COMMAND WORDS", where
# "airlock" as the first word is the binary under test and IR "ir" asks
# for an instruction count (anything else is recorded as it is).
group()
{
	local runs=$1 warmup=$2 label ir cmd args labels=() irs=() cmds=()
	local i ms=()
	while IFS='|' read -r label ir cmd; do
		read -ra args <<<"$cmd"
		[[ ${args[0]} == airlock ]] && args[0]=$AIRLOCK
		try "${ROW[@]}" "$label" -- "${args[@]}" || continue
		labels+=("$label") irs+=("$ir")
		cmds+=("$(cmdline "${args[@]}")")
	done
	((${#cmds[@]})) || return 0
	mapfile -t ms < <(compare "$runs" "$warmup" "${cmds[@]}" ||
	    echo fail)
	((${#ms[@]} == ${#cmds[@]})) ||
	    die "timing failed: ${labels[*]} (${ms[*]})"
	for i in "${!cmds[@]}"; do
		ir=${irs[i]}
		if [[ $ir == ir ]]; then
			eval "args=(${cmds[i]})"
			ir=$(instructions "${args[@]}")
		fi
		result "${ROW[@]}" "${labels[i]}" "${ms[i]}" "$ir"
		say "  ${ROW[*]:1} ${labels[i]}: ${ms[i]} ms, $ir instructions"
	done
}

bench_startup()
{
	fixture startup build_startup
	export SANDBOX_NAME=bench-start
	sbx exec bench-start true
	cd "$FIX/startup/host"
	ROW=(startup)
	group "$FAST_RUNS" 5 <<'EOF'
ref|ir|git rev-parse HEAD
--version|ir|airlock --version
help|ir|airlock help
--dry-run up|ir|airlock --dry-run up
status|ir|airlock status
sbx ls --json (the double)|nan|sbx ls --json
EOF
	# Again with an sbx that answers at once: code-airlock's own part.
	stub_sbx
	PATH=$OUT/stub:$PATH group "$FAST_RUNS" 5 <<'EOF'
ref (instant sbx)|ir|git rev-parse HEAD
sbx ls --json (instant stub)|nan|sbx ls --json
--dry-run up (instant sbx)|ir|airlock --dry-run up
status (instant sbx)|ir|airlock status
EOF
	sbx stop bench-start
	cd "$OUT"
}

# stub_sbx: build bench/sbx-stub.c into $OUT/stub/sbx, answering
# `ls --json` with what the double answers now.
stub_sbx()
{
	mkdir -p "$OUT/stub"
	if [[ ! -x $OUT/stub/sbx || $BENCH/sbx-stub.c -nt $OUT/stub/sbx ]]; then
		"${CC:-cc}" -O2 -o "$OUT/stub/sbx" "$BENCH/sbx-stub.c" ||
		    die "cannot build bench/sbx-stub.c"
	fi
	sbx ls --json >"$OUT/stub/ls.json"
	export SBX_STUB_LS=$OUT/stub/ls.json
}

# calls_row LABEL CMD...: count CMD's sbx calls in the startup world.
calls_row()
{
	local label=$1 n rc=0 list=()
	shift
	n=$(calls "$SBX_DOUBLE_STATE" "$@") || rc=$?
	mapfile -t list <"$OUT/calls.last"
	result calls "$label" "$n" "$rc" "${list[@]}"
	say "  $label: $n"
}

bench_calls()
{
	local host=$FIX/startup/host rm_host=$OUT/tmp/rm/host
	fixture startup build_startup
	export SANDBOX_NAME=bench-start
	cd "$host"
	sbx exec bench-start true
	calls_row 'status' "$AIRLOCK" status
	calls_row 'ls' "$AIRLOCK" ls
	calls_row 'up (existing, running)' "$AIRLOCK" up
	calls_row 'fetch (running)' "$AIRLOCK" fetch
	calls_row 'log (running)' "$AIRLOCK" log
	calls_row 'diff --stat (running)' "$AIRLOCK" diff --stat
	calls_row 'review --summary (running)' "$AIRLOCK" review --summary
	calls_row '--dry-run up (existing)' "$AIRLOCK" --dry-run up
	sbx stop bench-start
	calls_row 'up (existing, stopped)' "$AIRLOCK" up
	sbx stop bench-start
	calls_row 'fetch (stopped)' "$AIRLOCK" fetch
	sbx stop bench-start
	# rm needs a sandbox to remove: a throwaway one in its own world.
	rm -rf "$OUT/tmp/rm"
	mkdir -p "$OUT/tmp/rm"
	make_repo "$rm_host"
	(
		export SBX_DOUBLE_STATE=$OUT/tmp/rm/sbx SANDBOX_NAME=bench-rm
		sbx __policy-preset balanced
		cd "$rm_host"
		sbx create --clone --name bench-rm shell "$rm_host" >/dev/null
		calls_row 'rm --yes (running)' "$AIRLOCK" rm --yes
		sbx __stop-all
	)
	cd "$OUT"
}

# fetch_once WHO DIR: copy the pristine host to DIR and fetch into it
# with WHO (airlock, bare or git); prints "MS RSS".
fetch_once()
{
	local who=$1 dir=$2 v cmd
	rm -rf "$dir"
	cp -a "$FIX/fetch/host" "$dir"
	case $who in
	airlock) cmd=("$AIRLOCK" --repo "$dir" fetch) ;;
	bare) cmd=("$OUT/fetch-bare" "$dir" sandbox-bench-fetch) ;;
	git) cmd=(git -C "$dir" fetch sandbox-bench-fetch) ;;
	esac
	timed_rss v "${cmd[@]}" ||
	    die "$who fetch failed: $(head -n 3 "$OUT/last.err")"
	echo "$v"
}

# fetch_bare: build bench/fetch-bare.c against the libgit2 code-airlock
# uses.
fetch_bare()
{
	local bin=$OUT/fetch-bare
	[[ -x $bin && $bin -nt $BENCH/fetch-bare.c ]] && return 0
	# shellcheck disable=SC2046
	"${CC:-cc}" -O2 -o "$bin" "$BENCH/fetch-bare.c" \
	    $(pkg-config --cflags --libs libgit2) ||
	    die "cannot build bench/fetch-bare.c"
}

bench_fetch()
{
	local w=$FIX/fetch i k who v pack
	local -a order=(airlock bare git) a=() b=() g=()
	fixture fetch build_fetch "$FETCH_COMMITS" "$FETCH_FILES"
	fetch_bare
	export SANDBOX_NAME=bench-fetch
	sbx exec bench-fetch true
	pack=$(du -sk "$w/sbx/sandboxes/bench-fetch/serve/host/.git/objects" |
	    awk '{ printf "%.1f", $1 / 1024 }')
	result fetchsz "$pack" "$FETCH_COMMITS" "$FETCH_FILES"
	mkdir -p "$OUT/tmp"
	# Take turns, starting with a different one each round, so that
	# drift on a noisy machine hits all three; round 0 only warms up.
	for ((i = 0; i <= SLOW_RUNS; i++)); do
		for ((k = 0; k < 3; k++)); do
			who=${order[(i + k) % 3]}
			v=$(fetch_once "$who" "$OUT/tmp/fetch-$who")
			[[ -n $v ]] || exit 1
			((i == 0)) && continue
			say "  run $i $who: $v (ms, KiB)"
			case $who in
			airlock) a+=("$v") ;;
			bare) b+=("$v") ;;
			git) g+=("$v") ;;
			esac
		done
	done
	# All must have brought back the same refs.
	for who in airlock bare; do
		diff <(git -C "$OUT/tmp/fetch-$who" for-each-ref) \
		    <(git -C "$OUT/tmp/fetch-git" for-each-ref) >/dev/null ||
		    die "$who fetch and git fetch left different refs"
	done
	fetch_row airlock "${a[@]}"
	fetch_row bare "${b[@]}"
	fetch_row git "${g[@]}"
	sbx stop bench-fetch
	rm -rf "$OUT/tmp"
	cd "$OUT"
}

fetch_row()
{
	local who=$1 ms rss
	shift
	ms=$(printf '%s\n' "$@" | awk '{ print $1 }' | median)
	rss=$(printf '%s\n' "$@" | awk '{ print $2 }' | median)
	result fetch "$who" "$ms" "$rss" "$(printf '%s,' "$@")"
}

# Many branches: COUNT new agent branches fetched by code-airlock and by
# `git fetch` into copies of the pristine host, taking turns; then a
# second fetch of each copy once ten branches moved (the steady state).
bench_branches()
{
	local w=$FIX/branches i k who v
	local -a a=() g=() a2=() g2=()
	fixture branches build_branches "$BRANCHES"
	export SANDBOX_NAME=bench-branches
	sbx exec bench-branches true
	result branchsz "$BRANCHES"
	mkdir -p "$OUT/tmp"
	for ((i = 0; i <= SLOW_RUNS; i++)); do
		for ((k = 0; k < 2; k++)); do
			who=git
			(((i + k) % 2)) || who=airlock
			v=$(branches_once "$who" "$OUT/tmp/br-$who")
			[[ -n $v ]] || exit 1
			((i == 0)) && continue
			say "  run $i $who: $v (ms, KiB)"
			if [[ $who == airlock ]]; then a+=("$v"); else g+=("$v"); fi
		done
	done
	diff <(git -C "$OUT/tmp/br-airlock" for-each-ref refs/remotes \
	    refs/sandboxes) <(git -C "$OUT/tmp/br-git" for-each-ref \
	    refs/remotes refs/sandboxes) >/dev/null ||
	    die "code-airlock fetch and git fetch left different refs"
	# The steady state: ten branches move on by a commit, both fetch.
	for ((i = 1; i <= SLOW_RUNS; i++)); do
		sbx exec bench-branches sh -c 'for b in 0 1 2 3 4 5 6 7 8 9; do
		    r=refs/heads/agent/b000$b
		    c=$(git commit-tree -p $r -m more "$(git rev-parse $r^{tree})")
		    git update-ref $r $c; done' >/dev/null
		timed_rss v "$AIRLOCK" --repo "$OUT/tmp/br-airlock" fetch ||
		    die "fetch failed: $(head -n 3 "$OUT/last.err")"
		a2+=("$v")
		timed_rss v git -C "$OUT/tmp/br-git" fetch \
		    sandbox-bench-branches ||
		    die "git fetch failed: $(head -n 3 "$OUT/last.err")"
		g2+=("$v")
		say "  steady $i: airlock ${a2[-1]}, git ${g2[-1]}"
	done
	fetch_row_as branches airlock "${a[@]}"
	fetch_row_as branches git "${g[@]}"
	fetch_row_as branches2 airlock "${a2[@]}"
	fetch_row_as branches2 git "${g2[@]}"
	sbx stop bench-branches
	rm -rf "$OUT/tmp"
	cd "$OUT"
}

# branches_once WHO DIR: a fresh copy of the pristine host fetched by WHO.
branches_once()
{
	local who=$1 dir=$2 v
	rm -rf "$dir"
	cp -a "$FIX/branches/host" "$dir"
	if [[ $who == airlock ]]; then
		timed_rss v "$AIRLOCK" --repo "$dir" fetch
	else
		timed_rss v git -C "$dir" fetch sandbox-bench-branches
	fi || die "$who fetch failed: $(head -n 3 "$OUT/last.err")"
	echo "$v"
}

fetch_row_as()
{
	local kind=$1 who=$2 ms rss
	shift 2
	ms=$(printf '%s\n' "$@" | awk '{ print $1 }' | median)
	rss=$(printf '%s\n' "$@" | awk '{ print $2 }' | median)
	result "$kind" "$who" "$ms" "$rss" "$(printf '%s,' "$@")"
}

bench_review()
{
	local dir=$OUT/tmp/review sb=refs/remotes/sandbox-bench-fetch/main
	fixture fetch build_fetch "$FETCH_COMMITS" "$FETCH_FILES"
	export SANDBOX_NAME=bench-fetch
	sbx exec bench-fetch true
	rm -rf "$dir"
	mkdir -p "$OUT/tmp"
	cp -a "$FIX/fetch/host" "$dir"
	"$AIRLOCK" --repo "$dir" fetch >/dev/null 2>&1 ||
	    git -C "$dir" fetch -q sandbox-bench-fetch
	cd "$dir"
	ROW=(review)
	group "$MID_RUNS" 2 <<EOF
review --summary|ir|airlock review --summary main
git diff --stat|ir|git diff --stat main...$sb
log|ir|airlock log main
git log --oneline|ir|git log --oneline main..$sb
git fetch (nothing new)|nan|git fetch sandbox-bench-fetch
EOF
	sbx stop bench-fetch
	cd "$OUT"
	rm -rf "$OUT/tmp"
}

# The large-blob fixture: review --summary against git diff --stat, wall
# time and peak RSS, taking turns.  Memory must not follow the blob.
bench_blob()
{
	local sb=refs/remotes/sandbox-bench-blob/main i who v
	local -a a=() g=()
	fixture blob build_blob "$BLOB_BYTES"
	export SANDBOX_NAME=bench-blob
	sbx exec bench-blob true
	result blobsz "$(du -sk "$FIX/blob/sbx/sandboxes/bench-blob/serve/host/.git/objects" |
	    awk '{ printf "%.1f", $1 / 1024 }')" "$BLOB_BYTES"
	cd "$FIX/blob/host"
	try blob airlock -- "$AIRLOCK" review --summary main || return 0
	for ((i = 0; i <= MID_RUNS; i++)); do
		for who in airlock git; do
			if [[ $who == airlock ]]; then
				timed_rss v "$AIRLOCK" review --summary main ||
				    die "review failed: $(head -n 3 "$OUT/last.err")"
			else
				timed_rss v git diff --stat "main...$sb" ||
				    die "git diff failed"
			fi
			((i == 0)) && continue
			if [[ $who == airlock ]]; then
				a+=("$v")
			else
				g+=("$v")
			fi
		done
	done
	blob_row airlock "${a[@]}"
	blob_row git "${g[@]}"
	sbx stop bench-blob
	cd "$OUT"
}

blob_row()
{
	local who=$1 ms rss
	shift
	ms=$(printf '%s\n' "$@" | awk '{ print $1 }' | median)
	rss=$(printf '%s\n' "$@" | awk '{ print $2 }' | median)
	result blob "$who" "$ms" "$rss" "$BLOB_BYTES"
	say "  blob $who: $(printf '%s,' "$@") (ms, KiB)"
}

bench_history()
{
	local n sb=refs/remotes/sandbox-bench-hist/main
	for n in "${HIST_SIZES[@]}"; do
		fixture "history-$n" build_history "$n"
		export SANDBOX_NAME=bench-hist
		sbx exec bench-hist true
		cd "$FIX/history-$n/host"
		ROW=(history "$n")
		group "$MID_RUNS" 2 <<EOF
code-airlock log main|ir|airlock log main
code-airlock status|ir|airlock status
git log --oneline main..SBREF|ir|git log --oneline main..$sb
git rev-parse HEAD|ir|git rev-parse HEAD
EOF
		sbx stop bench-hist
	done
	cd "$OUT"
}

bench_ls()
{
	local n
	for n in "${LS_SIZES[@]}"; do
		fixture "ls-$n" build_ls "$n"
		cd "$FIX/ls-$n/host"
		ROW=(ls "$n")
		group "$MID_RUNS" 1 <<'EOF'
code-airlock ls|ir|airlock ls
code-airlock ls --json|ir|airlock ls --json
sbx ls --json|nan|sbx ls --json
EOF
	done
	cd "$OUT"
}
