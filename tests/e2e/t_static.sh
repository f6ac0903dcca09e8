#!/usr/bin/env bash
#
# The static build (AIRLOCK_STATIC, what install.sh builds) loads only
# what has no static form: glibc and Kerberos's GSSAPI.  The check itself
# bites on a binary that loads libraries with a static form.

E2E_NEEDS_AIRLOCK=0
. "$(dirname "$0")/../lib/e2e.sh"

CHECK=$AIRLOCK_SRC/scripts/check-static.sh

t "the static binary loads only glibc and Kerberos"
if [[ ${AIRLOCK_STATIC:-OFF} == ON ]]; then
	run_cmd "$CHECK" "$AIRLOCK"
	assert_rc 0
	assert_contains "$OUT" "libc.so"
	assert_not_contains "$OUT" "libgit2"
	assert_not_contains "$OUT" "libjansson"
	assert_not_contains "$OUT" "libinih"
	run_cmd "$AIRLOCK" --version
	assert_rc 0 "--version"
else
	echo "# SKIP the build under test is not AIRLOCK_STATIC"
fi

t "a binary that loads libraries with a static form fails the check"
git_bin=$(command -v git)
run_cmd "$CHECK" "$git_bin"
assert_rc 1
assert_contains "$ERR" "libz.so" "names the library"
assert_contains "$ERR" "AIRLOCK_STATIC=ON" "names the fix"

finish
