#!/bin/sh
# Install what the test suite needs (Debian/Ubuntu), build the normal and the
# ASan+UBSan configurations, and run the whole suite on both.
set -eu

cd "$(dirname "$0")/.."

pkgs="build-essential cmake pkg-config git tmux shellcheck groff-base man-db
zsh fish clang libclang-rt-dev valgrind libgit2-dev libinih-dev libcmocka-dev libjansson-dev
libkrb5-dev"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	echo "test.sh: installing:$missing"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi

jobs=$(nproc 2>/dev/null || echo 2)
# Many scenarios spend their time waiting on the sbx double or on a bound
# they test: one more than the CPU count keeps the CPUs busy.
test_jobs=$((jobs + 1))

# run_suite DIR [CTEST_ARGS...] -- [CMAKE_ARGS...]
run_suite() {
	dir=$1
	shift
	ctest_args=""
	while [ "$1" != "--" ]; do
		ctest_args="$ctest_args $1"
		shift
	done
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	# shellcheck disable=SC2086 # separate words on purpose
	ctest --test-dir "$dir" --output-on-failure -j "$test_jobs" $ctest_args
}

# The plain build links the binary as install.sh does (AIRLOCK_STATIC); it
# runs the unit and plan tests and the checks of the tree, docs and
# installer (label meta: t_static reads that binary's ldd, t_install
# builds its own).  The scenarios run once, against the ASan + UBSan
# build, where a memory error in any path they drive fails them; two
# full runs of them would not fit CI's time on two cores.
echo "== build and test (plain, static binary: unit, plan, meta)"
run_suite build/test -L 'unit|plan|meta' -- -DAIRLOCK_STATIC=ON
echo "== build and test (ASan + UBSan: unit, plan, scenarios)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build/asan -LE meta -- -DAIRLOCK_SANITIZE=ON
echo "== fuzz smoke (each libFuzzer target for a few seconds)"
scripts/fuzz.sh --smoke
echo "== valgrind (unit tests)"
scripts/valgrind.sh test_
