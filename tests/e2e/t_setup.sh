#!/usr/bin/env bash
#
# setup: shows each install command; without a terminal it prints them and
# runs nothing (exit 1 when something is missing); --dry-run prints plan
# lines.  Stand-ins for sudo, sh and curl record any attempt to run them.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo
mkdir -p "$T/spy"
for prog in sudo sh curl; do
	printf '#!/bin/bash\necho "%s $*" >>"%s/ran"\n' "$prog" "$T" \
	    >"$T/spy/$prog"
	chmod +x "$T/spy/$prog"
done
NO_SBX_PATH=$T/spy:${PATH#"$SBX_DOUBLE_DIR:"}
# A kvm group step appears where /dev/kvm exists but is not usable.
kvm_step=0
if [[ $(uname -s) == Linux && -e /dev/kvm ]] &&
    ! [[ -r /dev/kvm && -w /dev/kvm ]]; then
	kvm_step=1
fi

t "nothing missing: says so, exit 0"
if ((kvm_step == 0)); then
	run_airlock setup
	assert_rc 0
	assert_contains "$ERR" "nothing to set up"
	assert_eq "" "$OUT"
fi

t "not logged in, no terminal: prints sbx login, runs nothing, exit 1"
calls_reset
SBX_DOUBLE_FAIL=login run_airlock setup
assert_rc 1
assert_match "$OUT" '^# sbx is not logged in$'
assert_match "$OUT" '^sbx login$'
assert_not_contains "$(calls_log)" "sbx login"
assert_contains "$ERR" "nothing was run"

t "daemon not running: offers sbx daemon start, never sbx setup"
calls_reset
SBX_DOUBLE_FAIL=daemon run_airlock setup
assert_rc 1
assert_match "$OUT" '^# the sbx daemon is not running$'
assert_match "$OUT" '^sbx daemon start$'
assert_not_contains "$OUT" "sbx setup"
assert_not_contains "$(calls_log)" "sbx daemon"

t "backend unavailable: offers sbx daemon restart"
SBX_DOUBLE_FAIL=backend run_airlock setup
assert_rc 1
assert_match "$OUT" '^sbx daemon restart$'
assert_not_contains "$OUT" "sbx setup"

t "no answer in time: offers restart and login"
SBX_TIMEOUT=2 SBX_DOUBLE_FAIL=expired run_airlock setup
assert_rc 1
assert_match "$OUT" '^sbx daemon restart$'
assert_match "$OUT" '^sbx login$'
assert_not_contains "$OUT" "sbx setup"

t "sbx missing, no terminal: the install commands, nothing run"
PATH=$NO_SBX_PATH run_airlock setup
assert_rc 1
assert_match "$OUT" '^# sbx is not installed$'
if command -v apt-get >/dev/null && [[ $(uname -s) == Linux ]]; then
	assert_match "$OUT" '^sudo apt-get install docker-sbx$'
	if [[ ! -e /etc/apt/sources.list.d/docker.list &&
	    ! -e /etc/apt/sources.list.d/docker.sources ]]; then
		assert_match "$OUT" \
		    '^curl -fsSL https://get\.docker\.com \| sudo REPO_ONLY=1 sh$'
	fi
else
	assert_contains "$OUT" "https://docs.docker.com/ai/sandboxes/"
fi
assert_match "$OUT" '^sbx login$'
assert_file_missing "$T/ran" "something was run"

t "dry-run: plan lines, nothing run"
PATH=$NO_SBX_PATH run_airlock --dry-run setup
assert_rc 0
if command -v apt-get >/dev/null && [[ $(uname -s) == Linux ]]; then
	assert_match "$OUT" '^\+ sudo apt-get install docker-sbx$'
fi
assert_match "$OUT" '^\+ sbx login$'
assert_file_missing "$T/ran" "something was run"

finish
