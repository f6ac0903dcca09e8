#!/usr/bin/env bash
#
# The network policy commands against the double's sbx 0.45 policy:
# lockdown restricts only this sandbox (per-sandbox rules, deny winning),
# proves it with `sbx policy check`, records what it added, and changes
# nothing when it cannot build or prove "only ALLOW"; unlock removes
# exactly the recorded rules; only `unlock --reset-all` resets, after
# saying that every running sandbox stops, and initializes the policy
# again; net passes `sbx policy log` through.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

P=$SBX_DOUBLE_STATE/policy
DEFAULT_ALLOW='api.anthropic.com,*.anthropic.com,api.openai.com,*.openai.com,github.com,*.github.com,codeload.github.com,objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org'

# rules [SCOPE]: the rules in effect, one "scope decision resource" per
# line, sorted; only those of SCOPE ("all", "sandbox:NAME") when given.
rules()
{
	[[ -f $P/rules ]] || return 0
	awk -F '\t' -v s="${1:-}" 's == "" || $2 == s { print $2, $3, $4 }' \
	    "$P/rules" | sort
}

# check NAME TARGET: "allow" or "deny", as sbx policy check says.
check()
{
	if sbx policy check network --sandbox "$1" "$2" >/dev/null 2>&1; then
		echo allow
	else
		echo deny
	fi
}

new_repo repo
RECORD=$R/.git/code-airlock/lockdown/$SB

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

new_box
make_repo "$T/other"
sbx run --clone --name other codex "$T/other" >/dev/null
GLOBAL=$(rules all)
OTHER=$(rules sandbox:other)
OWN=$(rules sandbox:$SB)

t "dry-run lockdown: the plan, nothing changed"
calls_reset
run_airlock --dry-run lockdown
assert_rc 0
assert_match "$OUT" "^\+ sbx policy deny network --sandbox $SB 'pypi\.org,"
assert_match "$OUT" "^\+ sbx policy allow network --sandbox $SB "
assert_match "$OUT" "^\+ sbx policy check network --sandbox $SB example\.com\$"
assert_eq "sbx ls --json
sbx policy ls $SB --json" "$(calls_log)"
assert_eq "$GLOBAL$OTHER$OWN" "$(rules all)$(rules sandbox:other)$(rules \
    sandbox:$SB)" "rules"
assert_file_missing "$RECORD"

t "lockdown restricts this sandbox alone, and proves it"
calls_reset
run_airlock lockdown
assert_rc 0
log=$(calls_log)
assert_not_contains "$log" "policy reset"
assert_not_contains "$log" "policy init"
assert_not_contains "$log" "set-default"
assert_not_contains "$(grep -E 'policy (allow|deny|rm)' <<<"$log")" \
    "--sandbox other"
[[ $(grep -Ec 'policy (allow|deny) ' <<<"$log") == 2 ]] ||
    fail "expected one deny and one allow call: $log"
assert_match "$log" "^sbx policy check network --sandbox $SB example\.com\$"
assert_eq "$GLOBAL" "$(rules all)" "the global rules are untouched"
assert_eq "$OTHER" "$(rules sandbox:other)" "the other sandbox is untouched"
for h in api.anthropic.com x.anthropic.com github.com api.github.com \
    registry.npmjs.org statsig.anthropic.com; do
	assert_eq allow "$(check "$SB" "$h")" "$SB may reach $h"
done
for h in pypi.org files.pythonhosted.org crates.io registry-1.docker.io \
    example.com chatgpt.com; do
	assert_eq deny "$(check "$SB" "$h")" "$SB may not reach $h"
done
assert_eq allow "$(check other pypi.org)" "the other sandbox still may"
assert_contains "$ERR" "may now reach only: $DEFAULT_ALLOW"
assert_contains "$ERR" "checked with 'sbx policy check'"
assert_contains "$ERR" "code-airlock unlock"
assert_file_exists "$RECORD"
assert_contains "$(cat "$RECORD")" "deny pypi.org"
assert_contains "$(cat "$RECORD")" "allow *.openai.com"
assert_not_contains "$(cat "$RECORD")" "allow api.anthropic.com" \
    "the kit's own rule is not lockdown's"

t "lockdown again changes nothing and proves it again"
before=$(rules)
calls_reset
run_airlock lockdown
assert_rc 0
assert_not_contains "$(calls_log)" "policy allow"
assert_not_contains "$(calls_log)" "policy deny"
assert_not_contains "$(calls_log)" "policy rm"
assert_contains "$(calls_log)" "policy check"
assert_eq "$before" "$(rules)"

t "dry-run unlock: one rm per recorded rule, nothing changed"
calls_reset
run_airlock --dry-run unlock
assert_rc 0
assert_eq "$(wc -l <"$RECORD")" "$(grep -c '^+ sbx policy rm network --sandbox sbx-repo --resource ' <<<"$OUT")"
assert_eq "" "$(calls_log)"
assert_file_exists "$RECORD"

t "unlock removes exactly the rules lockdown added"
n=$(wc -l <"$RECORD")
calls_reset
run_airlock unlock
assert_rc 0
assert_eq "$n" "$(calls_log | grep -c "^sbx policy rm network --sandbox $SB --resource ")"
assert_eq "$n" "$(calls_log | wc -l)" "no other call"
assert_eq "$GLOBAL$OTHER$OWN" "$(rules all)$(rules sandbox:other)$(rules \
    sandbox:$SB)" "every other rule is as before, the kit's included"
assert_file_missing "$RECORD"
assert_contains "$ERR" "removed the $n rules lockdown added"
assert_eq allow "$(check "$SB" pypi.org)"

t "unlock with nothing recorded: nothing to remove, no sbx call"
calls_reset
run_airlock unlock
assert_rc 0
assert_contains "$ERR" "nothing to remove"
assert_eq "" "$(calls_log)"

t "a second lockdown with another ALLOW replaces the first"
ALLOW='*.anthropic.com,*.github.com,github.com' run_airlock lockdown
assert_rc 0
first=$(cat "$RECORD")
calls_reset
ALLOW='*.anthropic.com,registry.npmjs.org,*.npmjs.org' run_airlock lockdown
assert_rc 0
log=$(calls_log)
# New rules come before old ones go; a resource whose decision flips
# goes first and comes back (sbx policy rm takes a resource, not a rule).
add_at=$(grep -n 'policy \(allow\|deny\) ' <<<"$log" | head -n 1 | cut -d: -f1)
rm_at=$(grep -n 'policy rm ' <<<"$log" | head -n 1 | cut -d: -f1)
((${add_at:-99} < ${rm_at:-0})) || fail "new rules before old ones go: $log"
flip_rm=$(grep -n "policy rm .*--resource registry.npmjs.org\$" <<<"$log" |
    cut -d: -f1)
flip_add=$(grep -n "policy allow .*registry.npmjs.org" <<<"$log" | cut -d: -f1)
((${flip_rm:-99} < ${flip_add:-0})) || fail "a flip goes, then comes: $log"
assert_eq deny "$(check "$SB" github.com)"
assert_eq allow "$(check "$SB" registry.npmjs.org)"
assert_not_contains "$(cat "$RECORD")" "allow github.com"
run_airlock unlock
assert_rc 0
assert_eq "$GLOBAL$OTHER$OWN" "$(rules all)$(rules sandbox:other)$(rules \
    sandbox:$SB)"
[[ -n $first ]] || fail "the first lockdown recorded nothing"

t "a global rule wider than ALLOW: nothing changed, the reason given"
sbx policy allow network '**.example.org' >/dev/null
before=$(rules)
calls_reset
ALLOW='*.anthropic.com,www.example.org' run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "'**.example.org'"
assert_contains "$ERR" "'www.example.org'"
assert_contains "$ERR" "deny always wins"
assert_contains "$ERR" "nothing was changed"
assert_eq "$before" "$(rules)"
assert_not_contains "$(calls_log)" "policy allow"
assert_file_missing "$RECORD"
sbx policy rm network --resource '**.example.org' >/dev/null

t "a proof that fails rolls everything back"
sbx policy deny network code-airlock-check.github.com >/dev/null
before=$(rules)
calls_reset
run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "code-airlock-check.github.com"
assert_contains "$ERR" "nothing was changed"
assert_contains "$(calls_log)" "policy allow network --sandbox $SB"
assert_eq "$before" "$(rules)" "rules rolled back"
assert_file_missing "$RECORD"
sbx policy rm network --resource code-airlock-check.github.com >/dev/null

t "an sbx call failing midway rolls back too"
before=$(rules)
SBX_DOUBLE_FAIL_CMD='policy allow' run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "'sbx policy allow' failed: injected failure"
assert_eq "$before" "$(rules)"
assert_file_missing "$RECORD"
SBX_DOUBLE_FAIL_CMD='policy check' run_airlock lockdown
assert_rc 1
assert_eq "$before" "$(rules)"
assert_file_missing "$RECORD"

t "an sbx without per-sandbox rules: nothing changed, the reason given"
calls_reset
SBX_DOUBLE_VERSION=v0.34.0 run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "0.38"
assert_contains "$ERR" "nothing was changed"
assert_eq "$before" "$(rules)"

t "policy ls --json in other shapes gives the same lockdown"
for shape in flat rules; do
	SBX_DOUBLE_POLICY_JSON=$shape run_airlock lockdown
	assert_rc 0 "shape $shape"
	got=$(sort "$RECORD")
	SBX_DOUBLE_POLICY_JSON=$shape run_airlock unlock
	assert_rc 0
	run_airlock lockdown
	assert_eq "$got" "$(sort "$RECORD")" "shape $shape"
	run_airlock unlock
done

t "allow-all: no per-sandbox rule can narrow '**'; nothing changed"
sbx policy reset >/dev/null
sbx policy init allow-all >/dev/null
before=$(rules)
run_airlock lockdown
assert_rc 1
assert_contains "$ERR" "allows every host"
assert_contains "$ERR" "GLOBAL_NETWORK_POLICY"
assert_eq "$before" "$(rules)"

t "unlock --reset-all without a terminal or --yes: refused, exit 2"
calls_reset
run_airlock unlock --reset-all
assert_rc 2
assert_contains "$ERR" "--yes"
assert_match "$(head -n 1 <<<"$ERR")" 'warning: .*stops every running sandbox'
assert_eq "" "$(calls_log)"
run_airlock unlock --yes
assert_rc 2
assert_contains "$ERR" "--reset-all"

t "dry-run unlock --reset-all: the plan only"
calls_reset
run_airlock --dry-run unlock --reset-all
assert_rc 0
assert_eq "+ sbx policy reset
+ sbx policy init balanced" "$OUT"
assert_eq "" "$(calls_log)"

t "unlock --reset-all --yes: reset (every sandbox stops), then init"
sbx exec "$SB" true
ALLOW='*.anthropic.com' run_airlock lockdown || true
sbx policy reset >/dev/null
sbx policy init balanced >/dev/null
sbx exec other true
[[ -n $(daemon_pids) ]] || fail "expected running sandboxes"
calls_reset
run_airlock unlock --reset-all --yes
assert_rc 0
assert_eq "sbx policy reset
sbx policy init balanced" "$(calls_log)"
assert_eq "" "$(daemon_pids)" "every sandbox stopped"
assert_eq balanced "$(cat "$P/preset")"
assert_eq no-tty "$(tail -n 1 "$P/resets")"
assert_contains "$ERR" "running sandboxes stopped"
assert_file_missing "$RECORD"

t "up resumes after a reset left the policy uninitialized"
sbx policy reset >/dev/null
calls_reset
run_airlock up
assert_rc 0
assert_eq "sbx ls --json
sbx policy init balanced
sbx run --name $SB" "$(calls_log)"

t "a failing init after the reset says sandboxes cannot start"
SBX_DOUBLE_FAIL_CMD='policy init' run_airlock unlock --reset-all --yes
assert_rc 1
assert_contains "$ERR" "'sbx policy init balanced' failed"
assert_contains "$ERR" "no sandbox can start"
sbx policy init balanced >/dev/null

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

finish
