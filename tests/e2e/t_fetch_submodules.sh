#!/usr/bin/env bash
#
# fetch with FETCH_SUBMODULES=1 (SPEC §4): each initialized submodule's
# HEAD comes back as a bundle into refs/remotes/code-airlock/NAME; a
# failing submodule warns and the others go on; no temporary file is left
# on either side; FETCH_SUBMODULES=0 skips them.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

for lib in lib1 lib2; do
	make_repo "$T/$lib"
done
new_repo repo
git -c protocol.file.allow=always submodule add -q "$T/lib1" lib1
git -c protocol.file.allow=always submodule add -q "$T/lib2" vendor/lib2
git commit -q -m "add submodules"

# The agent checks out lib1 only and commits in it; vendor/lib2 stays
# uninitialized in the sandbox, so its bundle cannot be made.
agent_script "$T/agent" <<'A'
git -c protocol.file.allow=always submodule -q update --init lib1
cd lib1
printf 'patched\n' >patch.txt
git add patch.txt
git commit -q -m "patch lib1"
cd ..
git commit -q -am "bump lib1"
A
new_box "$T/agent"
C=$(clone_dir)
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

t "the agent's submodule commit comes back into the host submodule"
calls_reset
run_airlock fetch
assert_rc 0
assert_eq "$(rev HEAD "$C/lib1")" \
    "$(rev "refs/remotes/code-airlock/$SB" "$R/lib1")" "lib1 ref"
assert_eq "patch lib1" \
    "$(git -C "$R/lib1" log -1 --format=%s "refs/remotes/code-airlock/$SB")"
assert_match "$OUT" "^  submodule lib1  \(new\) [0-9a-f]{7}$"
assert_match "$(calls_log)" \
    "^sbx exec $SB git -C lib1 bundle create /tmp/code-airlock-[0-9a-f]{16}\.bundle HEAD$"
assert_match "$(calls_log)" \
    "^sbx cp $SB:/tmp/code-airlock-[0-9a-f]{16}\.bundle $TMPDIR/code-airlock\.[A-Za-z0-9]{6}/[0-9]+\.bundle$"
assert_eq "" "$(git -C "$R/lib1" status --porcelain)" "lib1 tree untouched"
assert_eq "$(rev HEAD "$T/lib1")" "$(rev HEAD "$R/lib1")" "lib1 HEAD kept"

t "a failing submodule warns and the others go on"
assert_contains "$ERR" "submodule 'vendor/lib2' not fetched"
assert_contains "$(calls_log)" "sbx exec $SB git -C vendor/lib2 bundle create"
assert_eq "" "$(rev "refs/remotes/code-airlock/$SB" "$R/vendor/lib2")"

t "temporary bundles are removed on both sides"
assert_eq "" "$(ls -A "$TMPDIR")" "host temporary files"
assert_eq "" "$(ls -A "$SBX_DOUBLE_STATE/sandboxes/$SB/root/tmp")" \
    "sandbox temporary files"

t "a second fetch moves the submodule ref old..new"
agent_script "$T/agent2" <<'A'
cd lib1
git commit -q --allow-empty -m "more"
A
agent_run "$T/agent2"
run_airlock fetch
assert_rc 0
assert_match "$OUT" "^  submodule lib1  [0-9a-f]{7}\.\.[0-9a-f]{7}$"
assert_eq "$(rev HEAD "$C/lib1")" \
    "$(rev "refs/remotes/code-airlock/$SB" "$R/lib1")"

t "dry-run plans the bundle steps without running them"
calls_reset
run_airlock --dry-run fetch
assert_rc 0
assert_match "$OUT" "^\+ sbx exec $SB git -C lib1 bundle create /tmp/code-airlock-[0-9a-f]{16}\.bundle HEAD$"
assert_match "$OUT" "^\+ git -C $R/lib1 fetch $TMPDIR/code-airlock\.[A-Za-z0-9]{6}/0\.bundle HEAD:refs/remotes/code-airlock/$SB$"
assert_eq "" "$(calls_log | grep -v '^sbx ls' || true)" "sbx calls"
assert_eq "" "$(ls -A "$TMPDIR")" "host temporary files"

t "FETCH_SUBMODULES=0 leaves submodules alone"
calls_reset
FETCH_SUBMODULES=0 run_airlock fetch
assert_rc 0
assert_not_contains "$(calls_log)" "bundle"

finish
