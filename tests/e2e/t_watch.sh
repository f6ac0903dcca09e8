#!/usr/bin/env bash
#
# watch: commits that land while it runs are printed once each, escaped,
# in text and --json; a sandbox stopped and then removed under it is
# reported, with the bell's companion NOTIFY run through sh -c with the
# event in CODE_AIRLOCK_* variables, so that hostile branch names and
# subjects reach it as data and never as code; no sbx call while the
# daemons answer; ^C and --timeout end it; bad values are usage errors;
# memory stays flat over many polls.  No sleeping on hope: each step
# waits (bounded) for the line it expects.

. "$(dirname "$0")/../lib/e2e.sh"

R=$T/repo
# The sandboxes made here keep running while the test needs them.
export SBX_DOUBLE_GRACE=900
make_repo "$R"
cd "$R"
sbx run --clone --name box-a claude "$R" >/dev/null 2>&1
sbx run --clone --name box-b codex "$R" >/dev/null 2>&1
# A sandbox of another repository is not followed.
make_repo "$T/other"
sbx run --clone --name box-z claude "$T/other" >/dev/null 2>&1

clone() { REPLY=$SBX_DOUBLE_STATE/sandboxes/$1/serve/$(basename "$R"); }
agent_commit()
{
	clone "$1"
	git -C "$REPLY" -c user.name=Agent -c user.email=a@sandbox.invalid \
	    commit -q --allow-empty -m "$2"
}

# wait_for FILE TEXT: wait (at most 2 minutes) until FILE holds TEXT.
wait_for()
{
	local i
	for ((i = 0; i < 1200; i++)); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "never saw '$2' in $1"
	sed 's/^/#   /' "$1" "$T/w.err" 2>/dev/null | head -20
	return 1
}

set -m
DFL=()
if env --default-signal=INT true 2>/dev/null; then
	DFL=(env --default-signal=INT)
fi
BG=0
start_watch()
{
	"${DFL[@]}" "$AIRLOCK" watch "$@" </dev/null >"$T/w.out" \
	    2>"$T/w.err" &
	BG=$!
	wait_for "$T/w.err" "watching"
}
stop_watch()
{
	kill -INT -- "-$BG" 2>/dev/null || true
	RC=0
	wait "$BG" 2>/dev/null || RC=$?
}

NOTIFY_SCRIPT='printf "%s|%s|%s|%s\n" "$CODE_AIRLOCK_EVENT" '\
'"$CODE_AIRLOCK_SANDBOX" "$CODE_AIRLOCK_BRANCH" "$CODE_AIRLOCK_COMMIT" '\
'>>"$NOTIFIED"; echo "notified on stdout"'
export NOTIFIED=$T/notified

t "commits as they land, once each, escaped; stop and removal reported"
calls_reset
NOTIFY=$NOTIFY_SCRIPT start_watch --interval 0.2
agent_commit box-a $'first \033[31mred\033[0m'
wait_for "$T/w.out" "box-a main"
# Once each sandbox was fetched once (a first fetch asks sbx whether the
# daemon on that port is the sandbox's), polls ask its daemon alone.
agent_commit box-b "b first"
wait_for "$T/w.out" "b first"
calls_reset
agent_commit box-a "second"
wait_for "$T/w.out" "second"
# A hostile branch: shell syntax in its name and subject.
clone box-b
evil='x;touch${IFS}PWNED1;`touch${IFS}PWNED2`$(touch${IFS}PWNED3)'
git -C "$REPLY" checkout -q -b "$evil"
agent_commit box-b '$(touch PWNED4) `touch PWNED5` "; touch PWNED6'
wait_for "$T/w.out" "PWNED4"
assert_eq "" "$(calls_log)" "no sbx call while the daemons answer"
calls_reset
sbx stop box-b
wait_for "$T/w.out" "box-b stopped"
sbx rm --force box-b >/dev/null 2>&1
wait_for "$T/w.out" "box-b removed"
# NOTIFY runs after the line is printed: wait for it before ^C.
wait_for "$NOTIFIED" "removed|box-b"
stop_watch
assert_eq 130 "$RC" "^C ends it as the signal would"
OUT=$(cat "$T/w.out")
ERR=$(cat "$T/w.err")
assert_contains "$OUT" 'box-a main '
assert_contains "$OUT" 'first \e[31mred\e[0m'
if [[ $OUT == *$'\033'* ]]; then
	fail "a raw escape reached the output"
fi
assert_eq 1 "$(grep -c ' second$' <<<"$OUT")" "each commit once"
assert_contains "$OUT" "box-b $evil "
assert_not_contains "$OUT" "box-z"
assert_eq "" "$(find "$T" -name 'PWNED*')" "nothing ran from agent text"
tip=$(git rev-parse "refs/sandboxes/box-b/$evil")
assert_eq "stopped|box-b|$evil|$tip
removed|box-b|$evil|$tip" "$(cat "$NOTIFIED")" "NOTIFY's environment"
assert_contains "$ERR" "notified on stdout"
assert_eq "sbx ls --json" "$(calls_log | grep -v -e '^sbx stop' -e '^sbx rm' |
    sort -u)" "sbx asked only on the stop"

t "--json: one object per event and line"
rm -f "$NOTIFIED"
start_watch --json --interval 0.2
agent_commit box-a $'json "quoted"\nsecond line'
wait_for "$T/w.out" '"event":"commit"'
stop_watch
line=$(head -n 1 "$T/w.out")
assert_match "$line" '^\{"schema":1,"event":"commit","sandbox":"box-a","branch":"main","commit":"[0-9a-f]{40}","subject":"json \\"quoted\\" second line","time":[0-9]+\}$'
assert_eq 1 "$(wc -l <"$T/w.out")" "one line"
assert_file_missing "$NOTIFIED"

t "--timeout ends it with exit 0, with no sandbox at all too"
make_repo "$T/empty"
cd "$T/empty"
run_airlock watch --timeout 0.5 --interval 0.1
cd "$R"
assert_rc 0
assert_contains "$ERR" "watching 0 sandboxes"

t "bad --interval and --timeout are usage errors"
for v in 0 -1 abc 1e9 nan inf ''; do
	run_airlock watch --interval "$v"
	assert_rc 2
	run_airlock watch --timeout "$v"
	assert_rc 2
done
assert_contains "$ERR" "invalid --timeout"

t "memory stays flat over many polls"
sbx run --clone --name box-c claude "$R" >/dev/null 2>&1
# Under AddressSanitizer, freed memory waits in a quarantine that would
# read as growth here: none for this run (a plain build ignores it).
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}quarantine_size_mb=0 \
    start_watch --interval 0.005 --timeout 60
# A leak of one lookup per poll grew it by megabytes in these seconds;
# flat means within 1 MiB, the allocator's own slack.
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$BG/status"; }
sleep 3
r1=$(rss)
sleep 8
r2=$(rss)
stop_watch
if ((r2 - r1 > 1024)); then
	fail "resident memory grew from $r1 kB to $r2 kB"
fi
set +m

finish
