#!/usr/bin/env bash
#
# The benchmark of code-airlock: startup against the floor of a
# bare C process, sbx round trips per command, fetch against `git fetch`,
# review summary and log against git, how log, status and ls grow
# with history and sandbox count, and watch's idle CPU.  Fixtures are
# built with the sbx double
# and cached under bench/out/; results go to bench/out/results-MODE.tsv
# and, rendered as tables, to stdout.
#
#	bench/run.sh [--quick] [--runs N] [--write-doc] [--only SECTIONS]
#
#   --quick       small fixtures and few runs (a minute or two)
#   --runs N      runs per slow measurement (fetch); the fast ones scale
#   --write-doc   also write docs/performance.md from the results
#   --only LIST   comma-separated sections: startup, calls, fetch,
#                 branches, review, blob, history, ls, watch [all]
#
# CODE_AIRLOCK_BIN=PATH benchmarks that binary; otherwise a Release build
# linked as install.sh links it (AIRLOCK_STATIC) is made in bench/out/build.
# Nothing here asserts a time: targets are reported as met or missed.

set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC=$(cd "$BENCH/.." && pwd)
OUT=$BENCH/out
. "$BENCH/lib.sh"
. "$BENCH/fixtures.sh"
. "$BENCH/measure.sh"
. "$BENCH/watch.sh"

MODE=full
SLOW_RUNS=''
COMMAND="bench/run.sh $*"
COMMAND=${COMMAND% }
WRITE_DOC=0
ONLY=startup,calls,fetch,branches,review,blob,history,ls,watch
while (($#)); do
	case $1 in
	--quick) MODE=quick ;;
	--runs) SLOW_RUNS=${2:?--runs needs a number}; shift ;;
	--write-doc) WRITE_DOC=1 ;;
	--only) ONLY=${2:?--only needs a list}; shift ;;
	-h | --help) sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done

# Sizes: the issue's in full, a tenth or less with --quick.
if [[ $MODE == full ]]; then
	FETCH_COMMITS=3000 FETCH_FILES=20000 BLOB_BYTES=1610612736
	BRANCHES=2000 HIST_SIZES=(10000 100000) LS_SIZES=(20 200)
	FAST_RUNS=40 MID_RUNS=10 SLOW_RUNS=${SLOW_RUNS:-7}
else
	FETCH_COMMITS=300 FETCH_FILES=2000 BLOB_BYTES=268435456 BRANCHES=200
	HIST_SIZES=(2000 20000) LS_SIZES=(10 40)
	FAST_RUNS=15 MID_RUNS=5 SLOW_RUNS=${SLOW_RUNS:-3}
fi
FIX=$OUT/fix-$MODE
RESULTS=$OUT/results-$MODE.tsv
mkdir -p "$OUT" "$FIX"

tools()
{
	HAVE_HYPERFINE=0 HAVE_VALGRIND=0
	if ! command -v hyperfine >/dev/null && ((EUID == 0)) &&
	    command -v apt-get >/dev/null; then
		say "installing hyperfine and time with apt-get"
		apt-get install -y -qq hyperfine time >/dev/null 2>&1 ||
		    { apt-get update -qq >/dev/null 2>&1 &&
		    apt-get install -y -qq hyperfine time >/dev/null 2>&1; } ||
		    say "cannot install hyperfine: timing with a date loop"
	fi
	command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
	command -v valgrind >/dev/null && HAVE_VALGRIND=1
	[[ -x /usr/bin/time ]] ||
	    die "GNU time is needed for peak RSS: apt-get install time"
	command -v git >/dev/null || die "git is needed"
}

build()
{
	if [[ -n ${CODE_AIRLOCK_BIN:-} ]]; then
		AIRLOCK=$(cd "$(dirname "$CODE_AIRLOCK_BIN")" &&
		    pwd)/$(basename "$CODE_AIRLOCK_BIN")
		[[ -x $AIRLOCK ]] || die "CODE_AIRLOCK_BIN '$AIRLOCK' is not" \
		    "executable"
		return 0
	fi
	say "building a Release code-airlock in $OUT/build"
	cmake -S "$SRC" -B "$OUT/build" -DCMAKE_BUILD_TYPE=Release \
	    -DAIRLOCK_TESTS=OFF -DAIRLOCK_STATIC=ON >"$OUT/build.log" 2>&1 &&
	    cmake --build "$OUT/build" -j"$(nproc)" --target code-airlock \
	    >>"$OUT/build.log" 2>&1 ||
	    die "build failed, see $OUT/build.log (or set CODE_AIRLOCK_BIN)"
	AIRLOCK=$OUT/build/code-airlock
}

# Stop every git daemon the double started for the worlds.
cleanup()
{
	local d
	for d in "$FIX"/*/sbx; do
		[[ -d $d ]] || continue
		SBX_DOUBLE_STATE=$d sbx __stop-all >/dev/null 2>&1 || true
	done
	rm -rf "$OUT/tmp"
}

meta()
{
	local rev
	rev=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo '?')
	if [[ -n $(git -C "$SRC" status --porcelain -- src \
	    2>/dev/null) ]]; then
		rev="$rev (with uncommitted changes in src/)"
	fi
	result meta mode "$MODE"
	result meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
	result meta command "$COMMAND"
	result meta revision "$rev"
	result meta nproc "$(nproc)"
	result meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' \
	    /proc/cpuinfo | head -n 1)"
	result meta memory "$(free -h | awk '/^Mem:/ { print $2 }')"
	result meta uname "$(uname -a)"
	result meta git "$(git --version)"
	result meta libgit2 "$(pkg-config --modversion libgit2 2>/dev/null ||
	    echo '?')"
	result meta timer "$( ((HAVE_HYPERFINE)) && hyperfine --version ||
	    echo 'date +%s%N loop')"
	result meta runs "fast $FAST_RUNS, mid $MID_RUNS, slow $SLOW_RUNS"
	result meta load "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
}

main()
{
	local s t0
	tools
	bench_world
	build
	trap cleanup EXIT
	: >"$RESULTS"
	meta
	t0=$(now_ns)
	for s in ${ONLY//,/ }; do
		case $s in
		startup | calls | fetch | branches | review | blob | history | ls | watch)
			say "== $s"
			"bench_$s" ;;
		*) die "unknown section '$s'" ;;
		esac
	done
	result meta elapsed "$((($(now_ns) - t0) / 1000000000)) s"
	result meta load_end "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null ||
	    echo '?')"
	"$BENCH/report.sh" "$RESULTS"
	if ((WRITE_DOC)); then
		"$BENCH/report.sh" --doc "$RESULTS" >"$SRC/docs/performance.md"
		say "wrote docs/performance.md"
	fi
}

main
