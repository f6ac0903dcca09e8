#!/bin/sh
# Build the libFuzzer targets with clang into build/fuzz and run each for a
# bounded time.
#
#	scripts/fuzz.sh [SECONDS]	each target for SECONDS (default 60)
#	scripts/fuzz.sh --smoke		each target for about 5 seconds (CI)
#	scripts/fuzz.sh [--smoke|SECONDS] TARGET...	only those targets
#
# Each target starts from its seed corpus in fuzz/corpus/TARGET; what it
# learns goes to build/fuzz/corpus/TARGET, and a crashing input to
# build/fuzz/artifacts/TARGET/ with the log beside it.  Exits 1 when any
# target finds something.
set -eu

cd "$(dirname "$0")/.."

secs=60
case ${1:-} in
--smoke)	secs=5; shift ;;
''|*[!0-9]*)	;;
*)		secs=$1; shift ;;
esac
case ${1:-} in
-*)	echo "usage: scripts/fuzz.sh [--smoke|SECONDS] [TARGET...]" >&2
	exit 2 ;;
esac

targets=${*:-"fuzz_config fuzz_quote fuzz_safe fuzz_sbx_ls fuzz_allow fuzz_review"}
dir=build/fuzz

if ! command -v clang >/dev/null; then
	echo "fuzz.sh: clang is needed (apt-get install clang" \
	    "libclang-rt-dev)" >&2
	exit 2
fi
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAIRLOCK_FUZZ=ON -DAIRLOCK_TESTS=OFF >/dev/null
cmake --build "$dir" --target fuzzers -j "$(nproc 2>/dev/null || echo 2)" \
    >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }

# Config lines may be long on purpose; the other inputs need less room.
maxlen()
{
	case $1 in
	fuzz_config)	echo 16384 ;;
	*)		echo 4096 ;;
	esac
}

failed=""
for t in $targets; do
	if [ ! -x "$dir/fuzz/$t" ] || [ ! -d "fuzz/corpus/$t" ]; then
		echo "fuzz.sh: no target '$t'" >&2
		exit 2
	fi
	mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
	log=$dir/artifacts/$t/fuzz.log
	printf '%-12s %3ss ... ' "$t" "$secs"
	if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    "$dir/fuzz/$t" -max_total_time="$secs" -max_len="$(maxlen "$t")" \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$dir/artifacts/$t/" \
	    "$dir/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "ok (${runs:-?} runs)"
	else
		echo "FAILED"
		grep -aE 'ERROR|property broken|SUMMARY|Test unit written' \
		    "$log" | head -n 20 | sed 's/^/    /'
		echo "    full log: $log"
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz.sh: failed:$failed" >&2
	exit 1
fi
