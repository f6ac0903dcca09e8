#!/usr/bin/env bash
#
# tests/ holds cases where a glob picks them up (unit/test_*.c,
# plan/test_*.c, e2e/t_*.sh) and support in lib/; configuring fails, naming
# the file, when a test source sits anywhere else, since it would never
# run.

E2E_NEEDS_AIRLOCK=0
. "$(dirname "$0")/../lib/e2e.sh"

# A copy of what configuring reads, with FILE added under tests/.
tree_with()
{
	rm -rf "$T/src"
	mkdir -p "$T/src"
	for e in CMakeLists.txt cmake src tests fuzz docs packaging LICENSE \
	    README.md sandbox.conf.example; do
		cp -R "$AIRLOCK_SRC/$e" "$T/src/"
	done
	if [[ -n $1 ]]; then
		mkdir -p "$(dirname "$T/src/tests/$1")"
		printf 'int x;\n' >"$T/src/tests/$1"
	fi
}

t "the tree as it is configures"
tree_with ''
run_cmd cmake -S "$T/src" -B "$T/b0" -DCMAKE_BUILD_TYPE=Debug
assert_rc 0 "configure"

t "a test source no glob picks up stops the configuration"
for stray in test_stray.c unit/helper.c e2e/stray.sh plan/sub/test_x.c; do
	tree_with "$stray"
	run_cmd cmake -S "$T/src" -B "$T/b1" -DCMAKE_BUILD_TYPE=Debug
	assert_rc 1 "configure with tests/$stray"
	assert_contains "$ERR" "tests/: $stray" "names tests/$stray"
	rm -rf "$T/b1"
done

finish
