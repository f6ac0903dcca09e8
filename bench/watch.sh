# The watch section of bench/run.sh: what `code-airlock watch` costs
# while nothing happens.  Five sandboxes of one repository run (their
# daemons answer) with nothing new, each fetched once, and watch follows
# them for a minute (20 s with --quick) at the default interval of 5 s
# and at 1 s, after its start.  /proc gives the CPU watch used, user and
# system; the double's call log gives the sbx calls it made after its
# first `sbx ls`.  Rows:
#
#   watch INTERVAL SANDBOXES SECONDS CPU_MS RSS_KIB SBX_CALLS
#
# Sourced, not run; needs lib.sh and fixtures.sh.

WATCH_BOXES=5

# build_watch WORLD: a small repo and WATCH_BOXES stopped sandboxes.
build_watch()
{
	local w=$1 i
	make_repo "$w/host"
	for ((i = 0; i < WATCH_BOXES; i++)); do
		sbx create --clone --name "bench-watch-$i" shell "$w/host" \
		    >/dev/null
	done
	sbx stop $(for ((i = 0; i < WATCH_BOXES; i++)); do
		echo "bench-watch-$i"; done)
}

# ticks PID: user + system clock ticks the process has used so far.
ticks()
{
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# watch_once INTERVAL SECONDS: one measured run, its row recorded.  The
# window starts 5 s in, once the start (libgit2's setup, the one sbx ls,
# the first poll) is over, and lasts SECONDS; /proc gives watch's own
# CPU over it.  GNU time gives the peak RSS of the whole run.
watch_once()
{
	local iv=$1 secs=$2 before after pid t0 t1 hz rss
	hz=$(getconf CLK_TCK)
	before=$(wc -l <"$SBX_DOUBLE_STATE/calls.log")
	/usr/bin/time -f '%M' -o "$OUT/watch.time" "$AIRLOCK" watch \
	    --interval "$iv" --timeout "$((secs + 10))" </dev/null \
	    >/dev/null 2>"$OUT/watch.err" &
	pid=$!
	sleep 5
	# The child of GNU time is watch.
	pid=$(pgrep -P "$pid" | head -n 1)
	t0=$(ticks "$pid")
	sleep "$secs"
	t1=$(ticks "$pid")
	wait || true
	after=$(wc -l <"$SBX_DOUBLE_STATE/calls.log")
	rss=$(tail -n 1 "$OUT/watch.time")
	result watch "$iv" "$WATCH_BOXES" "$secs" \
	    "$(((t1 - t0) * 1000 / hz))" "$rss" "$((after - before - 1))"
	say "  interval $iv s, $secs s: $((t1 - t0)) ticks of 1/$hz s," \
	    "$rss KiB"
}

bench_watch()
{
	local i secs=60
	[[ $MODE == full ]] || secs=20
	fixture watch build_watch
	cd "$FIX/watch/host"
	# Running, and kept running past the measurement.
	for ((i = 0; i < WATCH_BOXES; i++)); do
		SBX_DOUBLE_GRACE=$((secs * 3)) sbx exec "bench-watch-$i" true
		git fetch -q "sandbox-bench-watch-$i"
	done
	watch_once 5 "$secs"
	watch_once 1 "$secs"
	for ((i = 0; i < WATCH_BOXES; i++)); do
		sbx stop "bench-watch-$i" >/dev/null 2>&1 || true
	done
	cd "$OUT"
}
