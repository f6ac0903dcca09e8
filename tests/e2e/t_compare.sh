#!/usr/bin/env bash
#
# compare [BASE]: fetch every sandbox of this repository and one row per
# sandbox.  Its numbers must be git's own: commits as `git rev-list
# --count BASE..SBREF`, files and lines as `git diff --shortstat
# BASE...SBREF` (a rename, a binary file, a deletion included).  One
# `sbx ls`; a sandbox that cannot be fetched keeps its last numbers,
# says why, and makes the exit status 1.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# Sandboxes stay up between the steps, however slow the machine: the idle
# stop is not what this scenario is about.
export SBX_DOUBLE_GRACE=3600

new_repo other
OTHER=$R
new_repo repo
for i in 1 2 3 4 5 6 7 8; do echo "line $i"; done >"$R/moved.txt"
printf 'keep\n' >"$R/gone.txt"
git add . && git commit -q -m "base files"

box()
{
	run_cmd sbx run --clone --name "$1" "$2" "$3"
	[[ $RC == 0 ]] || { echo "# sbx run $1 failed: $ERR" >&2; exit 1; }
}
clone() { printf '%s\n' "$SBX_DOUBLE_STATE/sandboxes/$1/serve/repo"; }

box fix-a claude "$R"
box fix-b codex "$R"
box fix-c opencode "$R"
box fix-d claude "$R"
box other-box claude "$OTHER"
# fix-a: a change of every kind, over three commits.
C=$(clone fix-a)
printf 'hello\nworld\nagain\n' >"$C/README.md"
mkdir -p "$C/.github/workflows" && printf 'on: push\n' >"$C/.github/workflows/ci.yml"
git -C "$C" add . && git -C "$C" commit -q -m "readme and ci"
git -C "$C" mv moved.txt renamed.txt
sed -i 's/line 3/line three/' "$C/renamed.txt"
git -C "$C" rm -q gone.txt
git -C "$C" add . && git -C "$C" commit -q -m "rename and delete"
printf '\x00\x01\x02binary' >"$C/blob.bin"
git -C "$C" add . && git -C "$C" commit -q -m "a binary file"
# fix-b: one commit on a branch of its own.
C=$(clone fix-b)
git -C "$C" switch -q -c feature
printf 'feature\n' >"$C/feature.txt"
git -C "$C" add . && git -C "$C" commit -q -m "feature"
# fix-c: nothing.  fix-d: two branches with new commits.
C=$(clone fix-d)
git -C "$C" switch -q -c one && git -C "$C" commit -q --allow-empty -m one
git -C "$C" switch -q -c two main && git -C "$C" commit -q --allow-empty -m two

# shortstat_of REF [BASE]: "FILES ADDED REMOVED" as git counts
# BASE...REF (BASE main by default).
shortstat_of()
{
	local s f=0 a=0 d=0
	s=$(git diff --shortstat "${2:-main}...$1")
	[[ $s =~ ([0-9]+)\ file ]] && f=${BASH_REMATCH[1]}
	[[ $s =~ ([0-9]+)\ insertion ]] && a=${BASH_REMATCH[1]}
	[[ $s =~ ([0-9]+)\ deletion ]] && d=${BASH_REMATCH[1]}
	printf '%s %s %s\n' "$f" "$a" "$d"
}

# only_listing_and_holds NAME...: sbx saw one `sbx ls` and, for each
# NAME, the session a fetch holds open so the sandbox does not stop midway.
only_listing_and_holds()
{
	local want="sbx ls --json" n
	for n in "$@"; do
		want+=$'\n'"sbx exec $n sh -c 'echo ready && exec sleep 1800'"
	done
	assert_eq "$want" "$(calls_log)" "one listing, one session per fetch"
}

t "every sandbox of this repository is fetched, with one sbx ls"
calls_reset
run_airlock compare
assert_rc 0
only_listing_and_holds fix-a fix-b fix-c fix-d
for b in fix-a fix-b fix-c fix-d; do
	assert_eq "$(rev "refs/remotes/sandbox-$b/main")" \
	    "$(git -C "$(clone $b)" rev-parse main)" "$b fetched"
done
assert_not_contains "$OUT" "other-box"
assert_match "$OUT" '^NAME +AGENT +BRANCH +COMMITS +FILES +LINES +FLAGGED +VERIFIED +LAST COMMIT$'
assert_match "$OUT" '^fix-c +opencode +- +0 +0 +\+0 -0 +- +- +-$'
assert_match "$OUT" '^fix-d +claude +\(2 branches\) '
assert_contains "$ERR" "sandbox 'fix-d' has several branches with commits not in 'main': one, two"

t "the numbers are git's own"
run_airlock compare --json
assert_rc 0
assert_json "$OUT_FILE"
for b in fix-a:main fix-b:feature; do
	name=${b%%:*} br=${b#*:}
	ref=refs/remotes/sandbox-$name/$br
	q=".sandboxes[] | select(.name == \"$name\")"
	assert_eq "$br" "$(json_get "$OUT_FILE" "$q.branch")" "$name branch"
	assert_eq "$(git rev-list --count "main..$ref")" \
	    "$(json_get "$OUT_FILE" "$q.commits")" "$name commits"
	assert_eq "$(shortstat_of "$ref")" \
	    "$(json_get "$OUT_FILE" "$q | \"\(.files) \(.added) \(.removed)\"")" \
	    "$name files, lines added and removed"
	assert_eq "$(git log -1 --format=%at "$ref")" \
	    "$(json_get "$OUT_FILE" "$q.last_commit")" "$name last commit"
	assert_eq "$(rev "$ref")" "$(json_get "$OUT_FILE" "$q.commit")"
done
# The rename is one file, as git counts it: 5, not 6.
assert_eq "5 4 2" "$(shortstat_of refs/remotes/sandbox-fix-a/main)" \
    "the fixture is what this test thinks"
assert_eq "ci,binary" "$(json_get "$OUT_FILE" \
    '.sandboxes[] | select(.name == "fix-a") | .flagged | join(",")')"
assert_eq "one,two" "$(json_get "$OUT_FILE" \
    '.sandboxes[] | select(.name == "fix-d") | .candidates | join(",")')"
assert_eq "1" "$(json_get "$OUT_FILE" '.schema')"
assert_eq "main" "$(json_get "$OUT_FILE" '.base')"

t "the text rows hold the same numbers"
run_airlock compare
assert_match "$OUT" '^fix-a +claude +main +3 +5 +\+4 -2 +ci,binary +- +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{5}$'
assert_match "$OUT" '^fix-b +codex +feature +1 +1 +\+1 -0 +- +- '

t "BASE given: counted against it"
git branch older HEAD~1
run_airlock compare older --json
assert_rc 0
ref=refs/remotes/sandbox-fix-a/main
assert_eq "$(git rev-list --count "older..$ref")" "$(json_get "$OUT_FILE" \
    '.sandboxes[] | select(.name == "fix-a") | .commits')"
assert_eq "$(shortstat_of "$ref" older)" "$(json_get "$OUT_FILE" \
    '.sandboxes[] | select(.name == "fix-a") | "\(.files) \(.added) \(.removed)"')"
# Against older, fix-b's main is new too: two candidates, no guess.
assert_eq "feature,main" "$(json_get "$OUT_FILE" \
    '.sandboxes[] | select(.name == "fix-b") | .candidates | join(",")')"
run_airlock compare no-such-base
assert_rc 1
assert_contains "$ERR" "no-such-base"

t "a verification record shows"
tip=$(rev refs/remotes/sandbox-fix-a/main)
printf '{"schema":1,"commit":"%s","status":"pass","command":"make","exit_code":0}\n' \
    "$tip" >"$T/note"
git notes --ref=refs/notes/code-airlock add -F "$T/note" "$tip"
run_airlock compare
assert_match "$OUT" '^fix-a +claude +main +3 +5 +\+4 -2 +ci,binary +pass '

t "a stopped sandbox with --no-start: its last numbers, why, exit 1"
sbx stop fix-b >/dev/null
git -C "$(clone fix-b)" commit -q --allow-empty -m "after"
calls_reset
run_airlock compare --no-start
assert_rc 1
assert_match "$OUT" '^fix-b +codex +feature +1 +1 '
assert_contains "$ERR" "sandbox 'fix-b': sandbox 'fix-b' is stopped"
only_listing_and_holds fix-a fix-c fix-d
t "without --no-start it is started and fetched"
calls_reset
run_airlock compare
assert_rc 0
assert_match "$OUT" '^fix-b +codex +feature +2 '
assert_contains "$(calls_log)" "sbx exec fix-b true"

t "dry-run: the fetches it would make, nothing else"
sbx stop fix-c >/dev/null
run_airlock --dry-run compare
assert_rc 0
assert_eq "+ git -C $R fetch sandbox-fix-a
+ git -C $R fetch sandbox-fix-b
+ sbx exec fix-c true
+ git -C $R fetch sandbox-fix-c
+ git -C $R fetch sandbox-fix-d" "$OUT" "the plan"

t "no sandbox of this repository: a hint and an empty list"
make_repo "$T/lonely"
cd "$T/lonely"
run_airlock compare
assert_rc 0
assert_eq "" "$OUT"
assert_contains "$ERR" "no sandbox works on this repository"
run_airlock compare --json
assert_eq "0" "$(json_get "$OUT_FILE" '.sandboxes | length')"

finish
