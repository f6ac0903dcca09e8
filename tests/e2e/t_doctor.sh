#!/usr/bin/env bash
#
# doctor: one OK/WARN/FAIL line per check, exit 1 on any FAIL, --json;
# sbx's login and daemon errors mapped to their fix; the repo checks; a
# bad configuration is a FAIL line naming file:line, not an early exit.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo repo

t "healthy setup: every line OK or WARN, exit 0"
run_airlock doctor
assert_rc 0
assert_match "$OUT" '^OK +sbx: .*sbx version: v0\.45\.1 '
assert_match "$OUT" '^OK +sbx-version: 0\.45\.1 \(0\.38 or later'
assert_match "$OUT" '^OK +git: .*git version'
assert_match "$OUT" '^(OK  |WARN) virtualization: '
assert_match "$OUT" '^OK +sbx-login: '
assert_match "$OUT" '^(OK  |WARN) tmux: '
assert_match "$OUT" "^OK +repo: $R\$"
assert_match "$OUT" '^OK +repo-commit: '
assert_match "$OUT" '^OK +repo-shallow: '
assert_match "$OUT" '^OK +repo-worktree: '
assert_match "$OUT" '^OK +config: '
assert_not_contains "$OUT" "FAIL"
assert_contains "$(calls_log)" "sbx version"
assert_not_contains "$(calls_log)" "exec"

t "JSON: checks and ok"
run_airlock doctor --json
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '{"name":"sbx","status":"ok","detail":"'
assert_contains "$OUT" '{"name":"sbx-version","status":"ok","detail":"'
assert_contains "$OUT" '{"name":"sbx-login","status":"ok","detail":"'
assert_contains "$OUT" '{"name":"config","status":"ok"'
assert_match "$OUT" '"ok":true}$'

t "sbx's own output is printed terminal-safe"
SBX_DOUBLE_VERSION=$'v9\e]0;owned\a' run_airlock doctor
assert_rc 0
assert_match "$OUT" '^OK +sbx: .*v9\\e\]0;owned\\x07'
assert_match "$OUT" '^WARN sbx-version: cannot read the version .*v9\\e'
assert_no_ctl "$OUT_FILE"

t "sbx older than 0.38: FAIL naming the upgrade, in either version format"
SBX_DOUBLE_VERSION=v0.37.2 run_airlock doctor
assert_rc 1
assert_match "$OUT" '^FAIL sbx-version: sbx 0\.37\.2 is older than 0\.38'
assert_match "$OUT" '^ +hint: upgrade it'
SBX_DOUBLE_VERSION=v0.33.0 run_airlock doctor
assert_rc 1
assert_match "$OUT" '^OK +sbx: .*Client Version: v0\.33\.0'
assert_match "$OUT" '^FAIL sbx-version: sbx 0\.33\.0 is older than 0\.38'
SBX_DOUBLE_VERSION=v0.38.0 run_airlock doctor
assert_rc 0
assert_match "$OUT" '^OK +sbx-version: 0\.38\.0 '

t "not logged in: FAIL naming sbx login, exit 1"
SBX_DOUBLE_FAIL=login run_airlock doctor
assert_rc 1
assert_match "$OUT" '^FAIL sbx-login: .*401 Unauthorized'
assert_match "$OUT" "^ +hint: .*'sbx login'"
assert_match "$OUT" '^OK +sbx: ' "the version still shows"
SBX_DOUBLE_FAIL=login run_airlock doctor --json
assert_rc 1
assert_json "$OUT_FILE"
assert_contains "$OUT" '{"name":"sbx-login","status":"fail","detail":"'"'"'sbx ls'"'"' failed: 401 Unauthorized'
assert_contains "$OUT" "\"hint\":\"log in with 'sbx login' in a terminal\""
assert_match "$OUT" '"ok":false}$'

t "daemon not running: FAIL naming sbx daemon start, never sbx setup"
SBX_DOUBLE_FAIL=daemon run_airlock doctor
assert_rc 1
assert_match "$OUT" '^FAIL sbx-login: .*daemon not running'
assert_match "$OUT" "^ +hint: .*'sbx daemon start'"
assert_not_contains "$OUT" "sbx setup"

t "backend unavailable: FAIL naming sbx daemon restart"
SBX_DOUBLE_FAIL=backend run_airlock doctor
assert_rc 1
assert_match "$OUT" '^FAIL sbx-login: .*backend unavailable'
assert_match "$OUT" "^ +hint: .*'sbx daemon restart'"
assert_not_contains "$OUT" "sbx setup"

t "an expired login: sbx ls waits for a sign-in; doctor stops it in time"
SECONDS=0
SBX_TIMEOUT=2 SBX_DOUBLE_FAIL=expired run_airlock doctor
took=$SECONDS
assert_rc 1
assert_match "$OUT" "^FAIL sbx-login: 'sbx ls' did not answer within 2 s"
assert_match "$OUT" "^ +hint: .*'sbx login' in a terminal.*'sbx daemon restart'"
((took < 60)) || fail "doctor took $took s"
for f in "$SBX_DOUBLE_STATE"/blocked/*; do
	[[ -e $f ]] || continue
	! pid_alive "${f##*/}" || fail "the waiting sbx ls ${f##*/} is left"
done

t "a daemon banner before the JSON still reads as logged in"
SBX_DOUBLE_BANNER=stdout run_airlock doctor
assert_rc 0
assert_match "$OUT" '^OK +sbx-login: '

t "sbx missing: FAIL with the install hint, no login check"
PATH=${PATH#"$SBX_DOUBLE_DIR:"} run_airlock doctor
assert_rc 1
assert_match "$OUT" "^FAIL sbx: 'sbx' .*not installed"
assert_match "$OUT" '^ +hint: .*(docker-sbx|guide)'
assert_not_contains "$OUT" "sbx-login"
assert_match "$OUT" '^OK +git: '

t "shallow repo: FAIL with the unshallow hint"
git clone -q --depth 1 "file://$R" "$T/shallow"
cd "$T/shallow"
run_airlock doctor
assert_rc 1
assert_match "$OUT" "^FAIL repo-shallow: '$T/shallow' is a shallow clone"
assert_match "$OUT" "^ +hint: fetch the whole history first: 'git -C .*shallow fetch --unshallow'\$"
assert_match "$OUT" '^OK +repo-commit: '
cd "$R"

# up_says_as_doctor PROBE: up's error is doctor's FAIL line for PROBE and
# its hint, joined, word for word.
up_says_as_doctor()
{
	local detail hint
	run_airlock doctor
	detail=$(sed -n "s/^FAIL $1: //p" "$OUT_FILE")
	hint=$(sed -n "/^FAIL $1: /{n;s/^ *hint: //p;}" "$OUT_FILE")
	[[ -n $detail && -n $hint ]] || fail "no FAIL line with a hint for $1"
	run_airlock up
	assert_rc 1 "up"
	assert_contains "$ERR" "error: $detail; $hint" "up's words for $1"
}

t "up warns about virtualization in doctor's words"
run_airlock doctor
virt=$(sed -n 's/^WARN virtualization: //p' "$OUT_FILE")
if [[ -n $virt ]]; then
	hint=$(sed -n '/^WARN virtualization: /{n;s/^ *hint: //p;}' "$OUT_FILE")
	run_airlock --dry-run up
	assert_rc 0 "--dry-run up"
	assert_contains "$ERR" "warning: $virt; $hint" "up's warning"
else
	echo "# SKIP virtualization is usable here"
fi

t "up and doctor word an unfit repository the same way"
cd "$T/shallow"
up_says_as_doctor repo-shallow
cd "$R"

t "linked worktree: FAIL naming the main worktree"
git -C "$R" worktree add -q "$T/wt" -b side
cd "$T/wt"
run_airlock doctor
assert_rc 1
assert_match "$OUT" '^FAIL repo-worktree: .*linked git worktree'
assert_match "$OUT" "^ +hint: .*$R"
up_says_as_doctor repo-worktree
cd "$R"

t "repo without a commit, and no repo at all"
git init -q "$T/empty"
cd "$T/empty"
run_airlock doctor
assert_rc 1
assert_match "$OUT" '^FAIL repo-commit: .*no commits'
up_says_as_doctor repo-commit
mkdir "$T/plain"
cd "$T/plain"
run_airlock doctor
assert_rc 1
assert_match "$OUT" "^FAIL repo: '$T/plain' is not a git repository"
assert_not_contains "$OUT" "repo-shallow"
up_says_as_doctor repo
cd "$R"

t "bad config: a FAIL line naming file:line, the other checks still run"
printf '# settings\nAGENT=codex\nNETWORK_POLICY=deny-all\n' >"$T/bad.conf"
CODE_AIRLOCK_CONFIG=$T/bad.conf run_airlock doctor
assert_rc 1
assert_match "$OUT" "^FAIL config: .*bad\\.conf:3"
assert_match "$OUT" '^OK +sbx: '
assert_match "$OUT" "^OK +repo: $R\$"
CODE_AIRLOCK_CONFIG=$T/bad.conf run_airlock doctor --json
assert_rc 1
assert_json "$OUT_FILE"
assert_contains "$OUT" '{"name":"config","status":"fail","detail":"'

t "--repo chooses the repo to check"
cd "$T/plain"
run_airlock --repo "$T/shallow" doctor
assert_rc 1
assert_match "$OUT" "^OK +repo: $T/shallow\$"
assert_match "$OUT" '^FAIL repo-shallow: '
cd "$R"

finish
