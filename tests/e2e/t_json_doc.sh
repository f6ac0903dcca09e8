#!/usr/bin/env bash
#
# docs/json.md against the real --json of review, log, status, verify,
# ls --repo and compare: every member the binary prints is documented, and every
# documented member is printed by a scenario that exercises it.  A member of one category of
# review's "flagged" may be documented for all as "flagged.*[].NAME".

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"
command -v jq >/dev/null || { echo "# jq is needed" >&2; exit 1; }

DOC=$AIRLOCK_SRC/docs/json.md

# documented HEADING: the member column of the table under "## HEADING".
documented()
{
	awk -v h="## $1" '$0 == h { on = 1; next } on && /^## / { exit }
	    on && /^\| `/ { print }' "$DOC" |
	    sed -E 's/^\| `([^`]+)`.*/\1/' | sort -u
}

# check HEADING FILE: the two lists agree.
check()
{
	local doc out m norm
	doc=$(documented "$1")
	out=$(json_paths "$2")
	[[ -n $doc ]] || fail "no table under '## $1' in docs/json.md"
	while IFS= read -r m; do
		norm=$(sed -E 's/^flagged\.[a-z_]+\[\]/flagged.*[]/' <<<"$m")
		grep -qxF -- "$m" <<<"$doc" || grep -qxF -- "$norm" <<<"$doc" ||
		    fail "$1: '$m' is printed but not in docs/json.md"
	done <<<"$out"
	while IFS= read -r m; do
		if [[ $m == *'*'* ]]; then
			sed -E 's/^flagged\.[a-z_]+\[\]/flagged.*[]/' <<<"$out" |
			    grep -qxF -- "$m" ||
			    fail "$1: '$m' is documented but never printed"
		else
			grep -qxF -- "$m" <<<"$out" ||
			    fail "$1: '$m' is documented but never printed"
		fi
	done <<<"$doc"
}

new_repo repo
commit_file "$R" package.json '{"dependencies":{"a":"1"}}'
new_box
agent_script "$T/agent" <<'A'
printf 'x\n' >AGENTS.md
printf 'use nix\n' >.envrc
mkdir -p .github/workflows
printf 'on: push\n' >.github/workflows/ci.yml
printf '#!/bin/sh\n' >build.sh
chmod +x build.sh
printf '*.o\n' >.gitignore
ln -s /etc/passwd link
printf 'k=AKIAQWERTYUIOPASDFGH\nu="http://evil.io:81/"\n' >c.env
printf '{"dependencies":{"a":"2"}}\n' >package.json
head -c 1100000 /dev/urandom >blob.bin
git add -A
git commit -q -m "everything"
A
agent_run "$T/agent"
printf 'ci *.env\n' >"$T/rules"

t "review --json matches docs/json.md"
REVIEW_RULES=$T/rules run_airlock --json review
assert_rc 0
assert_json "$OUT_FILE"
check "review --json" "$OUT_FILE"

t "log --json matches docs/json.md"
run_airlock --json log
assert_rc 0
check "log --json" "$OUT_FILE"

t "status --json matches docs/json.md"
run_airlock --json status
assert_rc 0
check "status --json" "$OUT_FILE"

t "verify --json matches docs/json.md"
VERIFY='echo out; exit 0' run_airlock --json verify
assert_rc 0
check "verify --json" "$OUT_FILE"

t "ls --repo --json matches docs/json.md"
run_airlock --json ls --repo
assert_rc 0
check "ls --repo --json" "$OUT_FILE"

t "compare --json matches docs/json.md"
run_airlock --json compare
assert_rc 0
check "compare --json" "$OUT_FILE"

t "every document carries schema 1"
for c in review log status verify "ls --repo" compare; do
	# shellcheck disable=SC2086 # "ls --repo" is two words
	VERIFY=true run_airlock --json $c
	assert_eq 1 "$(jq -r .schema "$OUT_FILE")" "$c --json schema"
done

finish
