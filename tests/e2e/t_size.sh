#!/usr/bin/env bash
#
# No source file under src/ or fuzz/ is longer than 400 lines and no
# function longer than 60 (scripts/check-size.sh); and the check bites: a
# tree with a long file and a long function fails, naming both.

E2E_NEEDS_AIRLOCK=0
. "$(dirname "$0")/../lib/e2e.sh"

CHECK=$AIRLOCK_SRC/scripts/check-size.sh

t "the sources keep to 400 lines a file and 60 a function"
run_cmd "$CHECK" "$AIRLOCK_SRC/src" "$AIRLOCK_SRC/fuzz"
assert_rc 0
assert_eq "" "$OUT$ERR" "no offence printed"

t "a long file and a long function fail, each named"
mkdir -p "$T/src"
{
	printf 'static int\nshort_one(void)\n{\n\treturn 0;\n}\n\n'
	printf 'int\nlong_one(int x)\n{\n'
	for i in $(seq 1 60); do printf '\tx += %d;\n' "$i"; done
	printf '\treturn x;\n}\n'
	printf 'int\nafter(void);\n'
} >"$T/src/f.c"
for i in $(seq 1 401); do echo "/* $i */"; done >"$T/src/big.h"
run_cmd "$CHECK" "$T/src"
assert_rc 1
assert_contains "$OUT" "f.c:8: long_one() is 64 lines (at most 60)"
assert_not_contains "$OUT" "short_one"
assert_not_contains "$OUT" "after"
assert_contains "$OUT" "big.h: 401 lines (at most 400)"

finish
