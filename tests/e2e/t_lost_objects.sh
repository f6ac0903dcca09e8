#!/usr/bin/env bash
#
# Never lose a commit, object side: what the sandbox serves is checked
# before any ref moves, and every ref move is recoverable.
#
#   unreadable-commit   commits git reads and libgit2 1.5 refuses (a date
#                       past 64 bits, a signature without '<', dates at
#                       the edge of the range): fetched with a warning,
#                       listed, chosen, kept, and later fetches still work
#   incomplete-history  a daemon the agent controls advertises what it
#                       does not send (a tree, a blob, a parent, a tag's
#                       commit, anything), names a blob as a directory,
#                       or sends a malformed commit: no ref moves, no
#                       object joins the repository, rm refuses
#   keep-first          a rewrite whose old tips cannot be kept (a full
#                       disk refuses every write alike): no ref moves,
#                       every tip is named, and a later rm refuses
#
# (A crash, SIGKILL or gc between the steps of a fetch is tried by
# tests/unit/test_gitx_lost.c, which can stop a fetch at each step.)
#
# The classes and their counts are listed in docs/robustness.md.

. "$(dirname "$0")/../lib/badinput.sh"

bi_class unreadable-commit 4
bi_class incomplete-history 7
bi_class keep-first 2
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

# fsck_clean: nothing missing, nothing broken.  Connectivity only: the
# odd commits git tolerates are what fsck's stricter checks flag.
fsck_clean()
{
	local out
	out=$(git fsck --connectivity-only --no-dangling 2>&1) ||
	    fail "git fsck fails"
	! grep -qiE 'error|missing|broken|bad' <<<"$out" ||
	    fail "git fsck complains: $out"
}

# ---- unreadable-commit ------------------------------------------------

# odd_commit PARENT AUTHOR COMMITTER MESSAGE: a commit written raw, as
# git would never write it but reads it, on the current tree.
agent_script "$T/odd-agent" <<'A'
odd()
{
	printf 'tree %s\nparent %s\nauthor %s\ncommitter %s\n\n%s\n' \
	    "$(git write-tree)" "$1" "$2" "$3" "$4" |
	    git hash-object -w -t commit --literally --stdin
}
c1=$(odd "$(git rev-parse HEAD)" "Far <far@x> 99999999999999999999 +0000" \
    "C <c@x> 1700000000 +0000" "author date past 64 bits")
c2=$(odd "$c1" "A <a@x> 1700000000 +0000" "C <c@x> 99999999999999999999 +0000" \
    "committer date past 64 bits")
c3=$(odd "$c2" "NoMail 1700000000 +0000" "NoMail x" "no e-mail at all")
c4=$(odd "$c3" "Edge <e@x> 9223372036854775807 +1459" \
    "Edge <e@x> 9223372036854775807 -1459" "at the edge of the range")
git update-ref refs/heads/odd "$c4"
git checkout -q odd
git commit -q --allow-empty -m "an ordinary commit on top"
git checkout -q main
A

new_repo odd
bi_case unreadable-commit "fetched, with a warning naming them, exit 0"
new_box "$T/odd-agent"
C=$(clone_dir)
run_airlock fetch
assert_rc 0
assert_eq "$(rev odd "$C")" "$(rev "refs/sandboxes/$SB/odd")" "odd"
assert_match "$OUT" "^  odd  \(new\) [0-9a-f]{7}  \(5 new commits\)$"
assert_contains "$ERR" "libgit2 cannot read"

bi_case unreadable-commit "the branch is chosen and every commit listed"
run_airlock log main
assert_rc 0
assert_eq 5 "$(wc -l <<<"$OUT" | tr -d ' ')" "commits listed"
assert_contains "$OUT" "author date past 64 bits"
assert_contains "$OUT" "1970-01-01 00:00 +0000  at the edge of the range"
run_airlock log --json main
assert_rc 0
assert_json "$OUT_FILE" "log --json"
assert_contains "$OUT" '"date":"1970-01-01T00:00:00+00:00"'

bi_case unreadable-commit "later fetches still work on top of them"
agent_script "$T/more" <<'A'
git checkout -q odd
git commit -q --allow-empty -m "more on odd"
git checkout -q main
A
for i in 1 2; do
	agent_run "$T/more"
	run_airlock fetch
	assert_rc 0
	assert_eq "$(rev odd "$C")" "$(rev "refs/sandboxes/$SB/odd")" \
	    "fetch $i"
done

bi_case unreadable-commit "rm keeps them"
tip=$(rev odd "$C")
run_airlock rm --yes
assert_rc 0
held_after_rm "$tip"
fsck_clean

# ---- incomplete-history -----------------------------------------------

new_repo broken
new_box
C=$(clone_dir)
git -C "$C" config user.name A && git -C "$C" config user.email a@x

# serve_evil NAME REFS_LINES OBJECTS...: serve an advertisement and a
# pack of exactly OBJECTS at the sandbox remote's URL (the sandbox runs,
# so this is the daemon sbx vouches for), then fetch and rm.
serve_evil()
{
	local label=$1 refs=$2 packs before
	shift 2
	printf '%s\n' "$refs" >"$T/evil.refs"
	{ (($# == 0)) || printf '%s\n' "$@"; } |
	    git -C "$C" pack-objects --stdout -q >"$T/evil.pack"
	hostile_start serve "$T/evil.refs" "$T/evil.pack"
	git config "remote.$REMOTE.url" "git://127.0.0.1:$HOSTILE_PORT/x"
	before=$(git for-each-ref)
	packs=$(ls .git/objects/pack)
	run_airlock fetch
	assert_rc 1 "$label"
	assert_contains "$ERR" "sandbox-$SB"
	assert_eq "$before" "$(git for-each-ref)" "no ref moved"
	assert_eq "$packs" "$(ls .git/objects/pack)" "no pack joined"
	assert_eq "" "$(find .git/objects -maxdepth 1 -name 'incoming-*')" \
	    "quarantine left"
	fsck_clean
	calls_reset
	run_airlock rm --yes
	assert_rc 1 "rm"
	assert_not_contains "$(calls_log)" "sbx rm"
	hostile_stop
}

printf 'new\n' >"$T/new.txt"
blob=$(git -C "$C" hash-object -w "$T/new.txt")
tree=$(printf '100644 blob %s\tnew.txt\n' "$blob" | git -C "$C" mktree)
base=$(rev main)

bi_case incomplete-history "a commit without its tree"
c=$(git -C "$C" commit-tree -p "$base" -m "no tree sent" "$tree")
serve_evil tree "$c refs/heads/evil" "$c"

bi_case incomplete-history "a tree without its blob"
serve_evil blob "$c refs/heads/evil" "$c" "$tree"

bi_case incomplete-history "a commit without its parent"
t0=$(git rev-parse "main^{tree}")
p=$(git -C "$C" commit-tree -p "$base" -m "parent" "$t0")
c=$(git -C "$C" commit-tree -p "$p" -m "child" "$t0")
serve_evil parent "$c refs/heads/evil" "$c"

bi_case incomplete-history "a tag whose commit is not sent"
git -C "$C" tag -a -m "tag of nothing" evil-tag "$c"
t=$(git -C "$C" rev-parse evil-tag)
serve_evil tag "$t refs/tags/evil-tag" "$t"

bi_case incomplete-history "a blob named as a directory"
bad=$(perl -e 'print "40000 dir\0", pack("H*", $ARGV[0])' "$blob" |
    git -C "$C" hash-object -w -t tree --literally --stdin)
c=$(git -C "$C" commit-tree -p "$base" -m "blob as dir" "$bad")
serve_evil type "$c refs/heads/evil" "$c" "$bad" "$blob"

bi_case incomplete-history "an advertised commit that never comes"
serve_evil nothing "$c refs/heads/evil"

bi_case incomplete-history "a commit without a tree line"
m=$(printf 'garbage\n\nno tree\n' |
    git -C "$C" hash-object -w -t commit --literally --stdin)
serve_evil malformed "$m refs/heads/evil" "$m"

# ---- keep-first -------------------------------------------------------

agent_script "$T/two" <<'A'
for b in one two; do
	git checkout -q -b "$b" main
	printf '%s\n' "$b" >"$b.txt"; git add "$b.txt"
	git commit -q -m "$b"
done
git checkout -q main
A
agent_script "$T/rewrite" <<'A'
for b in one two; do
	git checkout -q "$b"
	git commit -q --amend -m "$b, rewritten"
done
git checkout -q main
A

bi_case keep-first "nothing can be kept: no ref moves, every tip named"
new_repo full
new_box "$T/two"
run_airlock fetch
assert_rc 0
one=$(rev "refs/sandboxes/$SB/one")
two=$(rev "refs/sandboxes/$SB/two")
agent_run "$T/rewrite"
# A full disk refuses every new ref the same way.
git update-ref refs/code-airlock "$(rev main)"
before=$(git for-each-ref refs/sandboxes refs/remotes)
run_airlock fetch
assert_rc 1
assert_contains "$ERR" "${one:0:12}"
assert_contains "$ERR" "${two:0:12}"
# Both old tips, and both new ones (kept by id when their refs fail).
assert_contains "$ERR" "cannot keep 4 tips"
assert_eq "$before" "$(git for-each-ref refs/sandboxes refs/remotes)" \
    "no ref moved"
held_after_rm "$one" "$two"

bi_case keep-first "a later rm refuses, then works once they can be kept"
calls_reset
run_airlock rm --yes
assert_rc 1
assert_not_contains "$(calls_log)" "sbx rm"
git update-ref -d refs/code-airlock
run_airlock rm --yes
assert_rc 0
held_after_rm "$one" "$two"
fsck_clean

bi_finish
