#!/usr/bin/env bash
#
# The network policy commands: lockdown (ALLOW validated before any sbx
# call, the sandbox required, deny-all default plus this sandbox's
# allowlist), unlock (a warning, then `sbx policy reset`) and net
# (`sbx policy log [NAME]` passed through).

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

P=$SBX_DOUBLE_STATE/policy
DEFAULT_ALLOW='api.anthropic.com,*.anthropic.com,api.openai.com,*.openai.com,github.com,*.github.com,codeload.github.com,objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org'

new_repo repo

t "lockdown with a bad ALLOW entry: exit 2, no sbx policy call"
for bad in 'http://example.com' 'example.com/path' 'a b.com' \
    'example.com,,x.org'; do
	calls_reset
	ALLOW=$bad run_airlock lockdown
	assert_rc 2 "ALLOW='$bad'"
	assert_contains "$ERR" "ALLOW"
	assert_not_contains "$(calls_log)" "policy"
done

t "a bad ALLOW in a config file names file:line"
printf 'AGENT=claude\nALLOW=example.com,https://evil.example\n' \
    >"$T/allow.conf"
calls_reset
CODE_AIRLOCK_CONFIG=$T/allow.conf run_airlock lockdown
assert_rc 2
assert_contains "$ERR" "allow.conf:2"
assert_eq "" "$(calls_log)"

t "lockdown of an absent sandbox: error, no policy change"
calls_reset
run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-repo' does not exist"
assert_contains "$ERR" "code-airlock up"
assert_eq "sbx ls --json" "$(calls_log)"
assert_file_missing "$P/default"

new_box

t "lockdown: deny-all default, then this sandbox's allowlist"
calls_reset
run_airlock lockdown
assert_rc 0
assert_eq "sbx ls --json
sbx policy set-default deny-all
sbx policy allow network --sandbox sbx-repo '$DEFAULT_ALLOW'" "$(calls_log)"
assert_eq deny-all "$(cat "$P/default")"
assert_contains "$(cat "$P/rules")" "sbx-repo allow api.anthropic.com"
assert_contains "$(cat "$P/rules")" "sbx-repo allow *.npmjs.org"
assert_contains "$ERR" "every sandbox"
assert_contains "$ERR" "code-airlock unlock"

t "lockdown with a custom ALLOW"
calls_reset
ALLOW='example.com,*.example.org,10.0.0.0/8,[::1]:8080' run_airlock lockdown
assert_rc 0
assert_contains "$(calls_log)" \
    "sbx policy allow network --sandbox sbx-repo 'example.com,*.example.org,10.0.0.0/8,[::1]:8080'"

t "dry-run lockdown: the plan only"
calls_reset
run_airlock --dry-run lockdown
assert_rc 0
assert_eq "+ sbx policy set-default deny-all
+ sbx policy allow network --sandbox sbx-repo '$DEFAULT_ALLOW'" "$OUT"
assert_eq "sbx ls --json" "$(calls_log)"
assert_contains "$ERR" "deny-all the network default for every sandbox"
assert_contains "$ERR" "code-airlock unlock"

t "set-default failing: sbx's message, no allow call"
calls_reset
SBX_DOUBLE_FAIL_CMD='policy set-default' run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "'sbx policy set-default' failed: injected failure"
assert_not_contains "$(calls_log)" "policy allow"

t "allow failing after the default changed: says how to undo"
SBX_DOUBLE_FAIL_CMD='policy allow' run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "'sbx policy allow' failed: injected failure"
assert_contains "$ERR" "deny-all for every sandbox"
assert_contains "$ERR" "code-airlock unlock"

t "net: sbx policy log NAME passed through"
calls_reset
run_airlock net
assert_rc 0
assert_eq "sbx policy log sbx-repo" "$(calls_log)"
assert_match "$OUT" '^SANDBOX +HOST +ACTION +COUNT$'
assert_match "$OUT" '^sbx-repo +api\.anthropic\.com +allowed +12$'

t "net --all: sbx policy log without a name"
calls_reset
run_airlock net --all
assert_rc 0
assert_eq "sbx policy log" "$(calls_log)"
assert_match "$OUT" '^\* +example\.com +blocked +1$'

t "net dry-run and failure"
calls_reset
run_airlock --dry-run net
assert_rc 0
assert_eq "+ sbx policy log sbx-repo" "$OUT"
assert_eq "" "$(calls_log)"
run_airlock --name sbx-gone net
assert_rc 1
assert_contains "$ERR" "sandbox 'sbx-gone' not found"
assert_contains "$ERR" "net --all"

t "unlock: warns first, then sbx policy reset"
calls_reset
run_airlock unlock
assert_rc 0
assert_eq "sbx policy reset" "$(calls_log)"
assert_match "$ERR" "warning: .*every network policy rule for every sandbox"
assert_file_missing "$P/rules"
assert_file_missing "$P/default"
assert_eq no-tty "$(cat "$P/resets")"

t "unlock dry-run and failure"
calls_reset
run_airlock --dry-run unlock
assert_rc 0
assert_eq "+ sbx policy reset" "$OUT"
assert_eq "" "$(calls_log)"
SBX_DOUBLE_FAIL=daemon run_airlock unlock
assert_rc 1
assert_contains "$ERR" "'sbx policy reset' failed"
assert_contains "$ERR" "cannot connect to the sbx daemon"
assert_match "$(head -n 1 <<<"$ERR")" 'warning: .*every sandbox' \
    "the warning comes before sbx runs"

finish
