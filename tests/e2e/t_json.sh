#!/usr/bin/env bash
#
# Every --json document, byte for byte: status, ls, log and review
# --summary in a world whose commits are fixed (dates and identities), with
# a sandbox branch and a commit message an attacker would choose (quotes,
# backslash, escape sequences, UTF-8), and status and ls outside any repo.
# The golden files are tests/e2e/golden/*.json; AIRLOCK_GOLDEN_UPDATE=1
# rewrites them from this run.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

GOLDEN=$E2E_DIR/golden
export GIT_AUTHOR_DATE='2024-05-01T10:00:00+0000'
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE

new_repo repo
new_box
agent_script "$T/agent" <<'A'
export GIT_AUTHOR_DATE='2024-05-01T12:00:00+0200'
export GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
git switch -q -c 'fix/p"q'
mkdir -p .github/workflows
printf 'on: push\n' >.github/workflows/ci.yml
ln -s /etc/passwd link
printf '\0bin' >blob.bin
printf 'x\n' >run.sh
chmod +x run.sh
git add -A
git commit -q -m $'evil \033]0;title\007 subject "q" \\ \xc3\xa9'
A
agent_run "$T/agent"

# golden NAME ARGS...: --json ARGS matches golden/NAME.json, the world's
# directory and the daemon's port written as /T and PORT.
golden()
{
	local name=$1 got
	shift
	run_airlock --json "$@"
	assert_rc 0 "$*"
	assert_json "$OUT_FILE" "$*"
	got=$(sed -e "s|$T|/T|g" -e 's|127\.0\.0\.1:[0-9]*|PORT|g' \
	    "$OUT_FILE")
	if [[ ${AIRLOCK_GOLDEN_UPDATE:-0} == 1 ]]; then
		printf '%s\n' "$got" >"$GOLDEN/$name.json"
	fi
	assert_eq "$(cat "$GOLDEN/$name.json")" "$got" "$name.json"
	assert_eq "$(tail -c 1 "$OUT_FILE" | od -An -c | tr -d ' ')" '\n' \
	    "$name ends in one newline"
}

# sbx fetched main once itself when it created the sandbox.
t "status before code-airlock fetches"
golden status-unfetched status

t "log and review --summary of the agent's branch"
golden log log main
golden review review --summary main

t "status and ls after the fetch"
golden status status
golden ls ls

t "status and ls outside any repo"
cd "$T"
golden status-norepo --name nosuch status
golden ls-norepo --name nosuch ls

finish
