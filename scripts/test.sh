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

run_suite() {
	dir=$1
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

# The plain build links the binary as install.sh does (AIRLOCK_STATIC), so
# the scenarios run the binary users get and t_static.sh checks its ldd.
echo "== build and test (plain, static binary)"
run_suite build/test -DAIRLOCK_STATIC=ON
echo "== build and test (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build/asan -DAIRLOCK_SANITIZE=ON
echo "== fuzz smoke (each libFuzzer target for a few seconds)"
scripts/fuzz.sh --smoke
echo "== valgrind (unit tests)"
scripts/valgrind.sh test_
