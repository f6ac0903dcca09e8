#!/usr/bin/env bash
#
# The verify gate of merge and pr: a tip whose latest verification did
# not pass (or cannot be read) is refused, naming verify and --no-verify;
# with REQUIRE_VERIFY=1 an unverified tip is refused too; --no-verify
# goes on with a warning.  A note on an older commit never counts for a
# newer tip, whatever it says.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

NOTES=refs/notes/code-airlock

new_repo repo
new_box
C=$(clone_dir)
git init -q --bare "$T/origin.git"
git remote add origin "$T/origin.git"
# gh, when installed, must not be asked: the compare URL is enough.
export PATH=$T/nogh:$PATH GH_CONFIG_DIR=$T/gh
mkdir -p "$T/nogh"
printf '#!/bin/sh\nexit 1\n' >"$T/nogh/gh"
chmod +x "$T/nogh/gh"

agent_script "$T/agent1" <<'A'
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "agent a"
A
agent_run "$T/agent1"
TIP1=$(rev main "$C")

# gate CMD [ARGS...]: run merge or pr under --dry-run; $RC, $OUT, $ERR.
gate()
{
	run_airlock --dry-run "$@"
}

# assert_refused WHAT: the gate refused, named both ways out, ran nothing.
assert_refused()
{
	assert_rc 1
	assert_contains "$ERR" "$1"
	assert_contains "$ERR" "code-airlock verify"
	assert_contains "$ERR" "--no-verify"
	assert_not_contains "$OUT" " merge " "no merge planned"
	assert_not_contains "$OUT" " push " "no push planned"
}

# put_note HEX TEXT: a note written by hand, as anyone with the repo can.
put_note()
{
	git -C "$R" notes --ref=$NOTES add -f -m "$2" "$1" 2>/dev/null
}

t "an unverified tip: merge and pr go on without REQUIRE_VERIFY"
for cmd in merge pr; do
	gate $cmd
	assert_rc 0
	assert_not_contains "$ERR" "verif"
done

t "REQUIRE_VERIFY=1: an unverified tip is refused by merge and pr"
for cmd in merge pr; do
	REQUIRE_VERIFY=1 gate $cmd
	assert_refused "has not been verified and REQUIRE_VERIFY is set"
done

t "REQUIRE_VERIFY=1 --no-verify: goes on, with a warning"
REQUIRE_VERIFY=1 gate merge --no-verify
assert_rc 0
assert_contains "$ERR" "warning"
assert_contains "$ERR" "--no-verify"
assert_contains "$OUT" " merge --no-edit"

t "a failed verification: refused even without REQUIRE_VERIFY"
VERIFY='exit 4' run_airlock verify
assert_rc 1
for cmd in merge pr; do
	gate $cmd
	assert_refused "its verification failed (fail, exit 4)"
done
gate pr --no-verify
assert_rc 0
assert_contains "$OUT" " push -u origin"

t "a timed-out verification is not a pass"
VERIFY='sleep 30' VERIFY_TIMEOUT=1 run_airlock verify
assert_rc 1
gate merge
assert_refused "did not pass (timeout)"

t "a passing verification: merge and pr go on, also with REQUIRE_VERIFY"
VERIFY=true run_airlock verify
assert_rc 0
for cmd in merge pr; do
	REQUIRE_VERIFY=1 gate $cmd
	assert_rc 0
done

t "a newer tip does not inherit the pass of its parent"
agent_script "$T/agent2" <<'A'
printf 'b\n' >b.txt; git add b.txt; git commit -q -m "agent b"
A
agent_run "$T/agent2"
TIP2=$(rev main "$C")
run_airlock log
REQUIRE_VERIFY=1 gate merge
assert_refused "${TIP2:0:12}: has not been verified"
REQUIRE_VERIFY=1 gate merge --commit "$TIP1"
assert_rc 0
assert_contains "$OUT" "$TIP1"

t "nor the failure of its parent"
put_note "$TIP1" "$(git -C "$R" notes --ref=$NOTES show "$TIP1" |
    jq -c '.status = "fail" | .exit_code = 1')"
gate merge
assert_rc 0
gate merge --commit "$TIP1"
assert_refused "its verification failed (fail, exit 1)"

t "an unreadable note, or one naming another commit, shuts the gate"
put_note "$TIP2" $'not json \e[31m red'
gate merge
assert_refused "cannot be read"
assert_no_ctl "$ERR_FILE" "stderr"
put_note "$TIP2" "$(git -C "$R" notes --ref=$NOTES show "$TIP1" |
    jq -c '.status = "pass"')"
gate pr
assert_refused "names another commit"

t "a real merge after a pass"
VERIFY=true run_airlock verify
assert_rc 0
REQUIRE_VERIFY=1 run_airlock merge --ff-only
assert_rc 0
assert_eq "$TIP2" "$(rev HEAD)"

finish
