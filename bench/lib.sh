# Helpers for bench/run.sh: the private world the benchmark runs in,
# timing (hyperfine when present, else a loop of `date +%s%N`), peak RSS
# with GNU time, instruction counts with callgrind, and the results file.
# Sourced, not run.

# The world of the end-to-end tests (tests/lib/world.sh), under $OUT:
# nothing from the caller's environment may steer code-airlock, git or
# the sbx double.
. "$SRC/tests/lib/world.sh"

bench_world()
{
	world_env "$OUT" "Bench User" bench@example.com
}

say()
{
	printf '# %s\n' "$*" >&2
}

die()
{
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

# Results: one tab-separated row per measurement, read by report.sh.
result()
{
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$RESULTS"
}

# median < numbers, one a line
median()
{
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A/B to two decimals
ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b + 0 == 0 || a == "nan" || b == "nan") print "nan";
		else printf "%.2f\n", a / b }'
}

# le A B: exit 0 when A <= B (numbers)
le()
{
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "nan" && a + 0 <= b + 0) }'
}

now_ns()
{
	date +%s%N
}

# cmdline ARGS...: ARGS as one shell-quoted line (hyperfine -N splits it
# back into the same words).
cmdline()
{
	local s
	printf -v s '%q ' "$@"
	printf '%s\n' "${s% }"
}

# compare RUNS WARMUP CMDLINE...: time each command line (no shell,
# output to /dev/null, stdin from /dev/null) RUNS times and print one
# median wall time in milliseconds per line, in order.  The commands
# take turns in up to five rounds, so that a burst of load from other
# processes on the machine hits them all alike.  Fails when one fails.
compare()
{
	local runs=$1 warmup=$2 rounds per r i c dir rc=0
	shift 2
	rounds=$((runs < 5 ? runs : 5))
	per=$(((runs + rounds - 1) / rounds))
	dir=$(mktemp -d "$OUT/cmp.XXXXXX")
	for ((r = 0; r < rounds && rc == 0; r++)); do
		i=0
		for c in "$@"; do
			sample "$dir/$i" "$per" $((r ? 0 : warmup)) "$c" ||
			    { rc=1; break; }
			i=$((i + 1))
		done
	done
	for ((i = 0; rc == 0 && i < $#; i++)); do
		median <"$dir/$i" | awk '{ printf "%.3f\n", $1 }'
	done
	rm -rf "$dir"
	return "$rc"
}

# sample FILE RUNS WARMUP CMDLINE: append RUNS wall times (ms) to FILE.
sample()
{
	local f=$1 runs=$2 warmup=$3 json i t0 t1
	if ((HAVE_HYPERFINE)); then
		json=$f.json
		hyperfine -N --style none --warmup "$warmup" --runs "$runs" \
		    --export-json "$json" -- "$4" </dev/null >/dev/null 2>&1 ||
		    return 1
		awk '/"times"/ { on = 1; next } on && /\]/ { on = 0 }
		    on { gsub(/[ ,]/, ""); printf "%.6f\n", $0 * 1000 }' \
		    "$json" >>"$f"
		return 0
	fi
	eval "set -- $4"
	for ((i = 0; i < warmup; i++)); do
		"$@" </dev/null >/dev/null 2>&1 || return 1
	done
	for ((i = 0; i < runs; i++)); do
		now_us
		t0=$REPLY
		"$@" </dev/null >/dev/null 2>&1 || return 1
		now_us
		t1=$REPLY
		printf '%d.%03d\n' $(((t1 - t0) / 1000)) $(((t1 - t0) % 1000)) \
		    >>"$f"
	done
}

# now_us: microseconds in REPLY, without a fork where bash has
# $EPOCHREALTIME.
now_us()
{
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		REPLY=${EPOCHREALTIME/[.,]/}
		REPLY=$((10#$REPLY))
	else
		REPLY=$(($(date +%s%N) / 1000))
	fi
}

# measure RUNS WARMUP CMD [ARGS...]: compare of a single command.
measure()
{
	local runs=$1 warmup=$2
	shift 2
	compare "$runs" "$warmup" "$(cmdline "$@")"
}

# timed_rss OUTVAR CMD [ARGS...]: run CMD once under GNU time; set
# OUTVAR to "WALL_MS RSS_KIB".  Fails when CMD fails.
timed_rss()
{
	local -n _out=$1
	local tf t0 t1 rc=0
	shift
	tf=$(mktemp "$OUT/time.XXXXXX")
	t0=$(now_ns)
	/usr/bin/time -f '%M' -o "$tf" "$@" </dev/null >/dev/null \
	    2>"$OUT/last.err" || rc=$?
	t1=$(now_ns)
	_out="$(((t1 - t0) / 1000000)) $(tail -n 1 "$tf")"
	rm -f "$tf"
	return "$rc"
}

# instructions CMD [ARGS...]: instructions the process itself executes
# (children not followed), from callgrind; "nan" without valgrind.
instructions()
{
	local f n
	((HAVE_VALGRIND)) || { echo nan; return 0; }
	f=$(mktemp "$OUT/cg.XXXXXX")
	valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    --log-file="$f" "$@" </dev/null >/dev/null 2>&1 || true
	n=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$f" | head -n 1)
	rm -f "$f"
	echo "${n:-nan}"
}

# calls STATE CMD [ARGS...]: how many times CMD calls sbx, from the
# double's log in STATE; the calls themselves go to $OUT/calls.last.
# Returns CMD's exit status.
calls()
{
	local state=$1 rc=0
	shift
	: >"$state/calls.log"
	"$@" </dev/null >/dev/null 2>"$OUT/calls.err" || rc=$?
	cp "$state/calls.log" "$OUT/calls.last"
	wc -l <"$state/calls.log" | tr -d ' '
	return "$rc"
}
