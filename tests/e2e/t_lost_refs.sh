#!/usr/bin/env bash
#
# Never lose or hide a commit the agent made: every ref the sandbox's git
# daemon advertises ends up held by a host ref that outlives `sbx rm`,
# whatever it is called and whenever the agent commits it.  Each case is
# an attack an agent (or a busy user) can make with plain git inside the
# sandbox; after each, the agent's commits must be reachable from
# refs/sandboxes/NAME/ or refs/code-airlock/ once the sandbox is gone.
#
#   served-refs      a detached HEAD, lightweight and annotated tags, a
#                    notes ref, a branch literally named HEAD: fetched,
#                    shown, and kept by rm
#   rm-race          commits made while rm's question waits are fetched
#                    before sbx rm
#   reused-name      a new sandbox under a removed sandbox's name: sbx's
#                    own first fetch would overwrite refs/sandboxes/NAME/,
#                    so up keeps the old tips before it asks sbx
#   name-conflict    branches renamed x -> x/y and back, and a daemon
#                    listing both a and a/b: never a blocked fetch
#
# The classes and their counts are listed in docs/robustness.md.

. "$(dirname "$0")/../lib/badinput.sh"

bi_class served-refs 5
bi_class rm-race 1
bi_class reused-name 4
bi_class name-conflict 4
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

export FETCH_TIMEOUT=5

# held_after_rm COMMIT...: each commit is reachable from a ref that sbx rm
# leaves (anything but refs/remotes/sandbox-*).
held_after_rm()
{
	local c ref ok
	for c in "$@"; do
		ok=0
		while IFS= read -r ref; do
			[[ -n $ref && $ref != refs/remotes/sandbox-* ]] && ok=1
		done < <(git for-each-ref --contains "$c" --format='%(refname)')
		((ok)) || fail "commit ${c:0:12} is held by no lasting ref"
	done
}

# fsck_clean: the host repo is sound.
fsck_clean()
{
	local out
	out=$(git fsck --no-dangling 2>&1) || fail "git fsck fails"
	! grep -qiE 'error|missing|broken|bad' <<<"$out" ||
	    fail "git fsck complains: $out"
}

new_repo repo

# ---- served-refs ------------------------------------------------------

agent_script "$T/detach" <<'A'
git checkout -q --detach
printf 'd\n' >d.txt; git add d.txt; git commit -q -m "on a detached HEAD"
A
agent_script "$T/tags" <<'A'
git checkout -q main
git checkout -q -b tmp
printf 'l\n' >l.txt; git add l.txt; git commit -q -m "lightweight tagged"
git tag light
printf 'a\n' >a.txt; git add a.txt; git commit -q -m "annotated tagged"
git tag -a -m "an annotated tag" annot
git notes add -m "a note" HEAD~1
git checkout -q main
git branch -D tmp >/dev/null
A
# `git branch HEAD` is refused; update-ref is not.
agent_script "$T/headbranch" <<'A'
git checkout -q main
printf 'h\n' >h.txt; git add h.txt
c=$(git commit-tree -p HEAD -m "on a branch named HEAD" "$(git write-tree)")
git update-ref refs/heads/HEAD "$c"
git reset -q
A

bi_case served-refs "a detached HEAD's commits are fetched and kept"
new_box "$T/detach"
detached=$(git -C "$(clone_dir)" rev-parse HEAD)
run_airlock fetch
assert_rc 0
assert_eq "$detached" "$(rev "refs/code-airlock/served/$SB/HEAD")" "HEAD"
assert_match "$OUT" "^  HEAD  \(new\) ${detached:0:7}  \(1 new commit\)$"
held_after_rm "$detached"

bi_case served-refs "tags and notes on no branch are fetched and kept"
agent_run "$T/tags"
C=$(clone_dir)
light=$(git -C "$C" rev-parse light)
annot=$(git -C "$C" rev-parse 'annot^{commit}')
run_airlock fetch
assert_rc 0
assert_eq "$light" "$(rev "refs/code-airlock/served/$SB/refs/tags/light")"
assert_eq "$annot" "$(rev "refs/code-airlock/served/$SB/refs/tags/annot")"
assert_eq "tag" "$(git cat-file -t \
    "refs/code-airlock/served/$SB/refs/tags/annot")" "the tag object"
assert_eq "an annotated tag" "$(git for-each-ref --format='%(contents)' \
    "refs/code-airlock/served/$SB/refs/tags/annot" | head -n 1)"
assert_eq "$(git -C "$C" rev-parse refs/notes/commits)" \
    "$(git rev-parse "refs/code-airlock/served/$SB/refs/notes/commits")"
held_after_rm "$light" "$annot"

bi_case served-refs "a branch named HEAD is a sandbox branch like any other"
agent_run "$T/headbranch"
hb=$(git -C "$(clone_dir)" rev-parse refs/heads/HEAD)
run_airlock fetch
assert_rc 0
assert_eq "$hb" "$(rev "refs/sandboxes/$SB/HEAD")" "refs/sandboxes copy"
run_airlock log --branch HEAD main
assert_rc 0
assert_contains "$OUT" "on a branch named HEAD"
run_airlock log main
assert_rc 0
assert_contains "$OUT" "on a branch named HEAD" "the only candidate"

bi_case served-refs "rm keeps every served ref, then the sandbox is gone"
calls_reset
run_airlock rm --yes
assert_rc 0
assert_contains "$(calls_log)" "sbx rm --force $SB"
held_after_rm "$detached" "$light" "$annot" "$hb"
assert_contains "$ERR" "refs/code-airlock/served/$SB/"
fsck_clean

bi_case served-refs "rm refuses when a served ref cannot be kept"
new_repo blocked
new_box "$T/detach"
detached=$(git -C "$(clone_dir)" rev-parse HEAD)
# Nothing can be written under refs/code-airlock/ (a full disk would
# refuse every write the same way).
git update-ref refs/code-airlock "$(git rev-parse main)"
calls_reset
run_airlock rm --yes
assert_rc 1
assert_contains "$ERR" "is not kept"
assert_contains "$ERR" "${detached:0:12}"
assert_not_contains "$(calls_log)" "sbx rm"
git update-ref -d refs/code-airlock
run_airlock rm --yes
assert_rc 0
held_after_rm "$detached"

# ---- rm-race ----------------------------------------------------------

bi_case rm-race "a commit made while rm's question waits is fetched first"
if command -v script >/dev/null; then
	new_box "$T/detach"
	mkfifo "$T/answer"
	exec 3<>"$T/answer"
	script -qec "'$AIRLOCK' rm" /dev/null <"$T/answer" \
	    >"$T/rm.out" 2>&1 &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q 'y/N' "$T/rm.out" 2>/dev/null && break
		sleep 0.1
	done
	assert_contains "$(cat "$T/rm.out")" "remove sandbox '$SB'"
	# The agent goes on while the question waits.
	sbx exec "$SB" git commit -q --allow-empty -m "made while asked" \
	    >/dev/null
	late=$(git -C "$(clone_dir)" rev-parse HEAD)
	printf 'y\n' >&3
	wait "$pid" || fail "rm failed: $(cat "$T/rm.out")"
	exec 3>&-
	! [[ -f $SBX_DOUBLE_STATE/sandboxes/$SB/workspace ]] ||
	    fail "sandbox still there"
	held_after_rm "$late"
else
	echo "# no script(1): the question cannot be answered on a terminal"
fi

# ---- reused-name ------------------------------------------------------

agent_script "$T/work" <<'A'
printf 'w\n' >w.txt; git add w.txt; git commit -q -m "work of the first"
git checkout -q -b side
printf 's\n' >s.txt; git add s.txt; git commit -q -m "side of the first"
git checkout -q main
A
agent_script "$T/second" <<'A'
printf 'x\n' >x.txt; git add x.txt; git commit -q -m "work of the second"
A

bi_case reused-name "up keeps the old tips before sbx's first fetch"
new_repo reuse
new_box "$T/work"
run_airlock fetch
assert_rc 0
old_main=$(rev "refs/sandboxes/$SB/main")
old_side=$(rev "refs/sandboxes/$SB/side")
run_airlock rm --yes
assert_rc 0
calls_reset
SBX_DOUBLE_AGENT=$T/second run_airlock up
assert_rc 0
assert_contains "$ERR" "kept the tip ${old_main:0:12} of 'main'"
# The double's first fetch moved main; side was not served any more.
[[ $(rev "refs/sandboxes/$SB/main") != "$old_main" ]] || fail "scenario"
held_after_rm "$old_main" "$old_side"
run_airlock fetch
assert_rc 0
assert_eq "work of the second" "$(git log -1 --format=%s \
    "refs/sandboxes/$SB/main")"
held_after_rm "$old_main" "$old_side"

bi_case reused-name "with seeding (sbx create first) too"
run_airlock rm --yes
assert_rc 0
before=$(rev "refs/sandboxes/$SB/main")
mkdir -p "$HOME/.claude" && printf 'be brief\n' >"$HOME/.claude/CLAUDE.md"
calls_reset
SEED_CONFIG=1 SBX_DOUBLE_AGENT=$T/work run_airlock up
assert_rc 0
assert_contains "$(calls_log)" "sbx create --clone --name $SB"
assert_contains "$ERR" "kept the tip ${before:0:12} of 'main'"
held_after_rm "$before"

bi_case reused-name "--dry-run prints the keeps and keeps nothing"
run_airlock rm --yes
assert_rc 0
tip=$(rev "refs/sandboxes/$SB/main")
keeps=$(git for-each-ref refs/code-airlock/replaced/ | wc -l)
run_airlock --dry-run up
assert_rc 0
assert_match "$OUT" "^\+ git -C $R update-ref refs/code-airlock/replaced/$SB/main/${tip:0:12} $tip$"
assert_eq "$keeps" "$(git for-each-ref refs/code-airlock/replaced/ |
    wc -l)" "nothing kept"

bi_case reused-name "a tip that cannot be kept: nothing is created"
new_repo reuse2
new_box "$T/work"
run_airlock rm --yes
assert_rc 0
tip=$(rev "refs/sandboxes/$SB/main")
git for-each-ref --format='delete %(refname)' refs/code-airlock/ |
    git update-ref --stdin
git update-ref refs/code-airlock "$(git rev-parse main)"
calls_reset
SBX_DOUBLE_AGENT=$T/second run_airlock up
assert_rc 1
assert_contains "$ERR" "is not kept"
assert_contains "$ERR" "was not created"
assert_not_contains "$(calls_log)" "sbx run"
assert_not_contains "$(calls_log)" "sbx create"
assert_eq "$tip" "$(rev "refs/sandboxes/$SB/main")" "old tip in place"
git update-ref -d refs/code-airlock

# ---- name-conflict ----------------------------------------------------

agent_script "$T/x" <<'A'
git checkout -q -b x
printf 'x\n' >x.txt; git add x.txt; git commit -q -m "on x"
git checkout -q main
A
agent_script "$T/x-to-xy" <<'A'
git branch -m x x/y
git checkout -q x/y
printf 'y\n' >y.txt; git add y.txt; git commit -q -m "on x/y"
git checkout -q main
A
agent_script "$T/xy-to-x" <<'A'
git branch -m x/y tmp && git branch -m tmp x
git checkout -q x
printf 'z\n' >z.txt; git add z.txt; git commit -q -m "on x again"
git checkout -q main
A

bi_case name-conflict "x renamed x/y: fetched, and every later fetch works"
new_repo conflict
new_box "$T/x"
run_airlock fetch
assert_rc 0
onx=$(rev "refs/sandboxes/$SB/x")
agent_run "$T/x-to-xy"
run_airlock fetch
assert_rc 0
assert_eq "$(rev x/y "$(clone_dir)")" "$(rev "refs/sandboxes/$SB/x/y")"
assert_eq "$(rev x/y "$(clone_dir)")" "$(rev "refs/remotes/$REMOTE/x/y")"
assert_contains "$ERR" "removed the stale ref refs/sandboxes/$SB/x"
held_after_rm "$onx"
agent_run "$T/detach"
run_airlock fetch
assert_rc 0
assert_eq "$(rev HEAD "$(clone_dir)")" "$(rev "refs/code-airlock/served/$SB/HEAD")"

bi_case name-conflict "x/y renamed back to x: the same, the other way"
xy=$(rev "refs/sandboxes/$SB/x/y")
agent_run "$T/xy-to-x"
run_airlock fetch
assert_rc 0
assert_eq "$(rev x "$(clone_dir)")" "$(rev "refs/sandboxes/$SB/x")"
held_after_rm "$xy"
run_airlock log --branch x main
assert_rc 0
assert_contains "$OUT" "on x again"

bi_case name-conflict "rm after the renames keeps every tip"
run_airlock rm --yes
assert_rc 0
held_after_rm "$onx" "$xy" "$(rev "refs/sandboxes/$SB/x")"
fsck_clean

bi_case name-conflict "a daemon listing both a and a/b: both kept, exit 0"
new_repo both
new_box
git -C "$(clone_dir)" commit -q --allow-empty -m "a"
ca=$(git -C "$(clone_dir)" rev-parse HEAD)
git -C "$(clone_dir)" commit -q --allow-empty -m "a/b"
cab=$(git -C "$(clone_dir)" rev-parse HEAD)
printf '%s refs/heads/a\n%s refs/heads/a/b\n' "$ca" "$cab" >"$T/both.refs"
printf '%s\n^%s\n' "$cab" "$(rev main)" |
    git -C "$(clone_dir)" pack-objects --stdout --revs -q >"$T/both.pack"
hostile_start serve "$T/both.refs" "$T/both.pack"
git config "remote.$REMOTE.url" "git://127.0.0.1:$HOSTILE_PORT/both"
run_airlock fetch
assert_rc 0
assert_eq "$ca" "$(rev "refs/sandboxes/$SB/a")" "a"
assert_contains "$ERR" "refs/code-airlock/kept/$SB/$cab"
assert_eq "$cab" "$(rev "refs/code-airlock/kept/$SB/$cab")" "a/b by id"
held_after_rm "$ca" "$cab"
fsck_clean
hostile_stop

bi_finish
