#!/usr/bin/env bash
#
# The sbx double's network policy, checked against SPEC.md section 1:
# `policy init` is one-time with sbx's exact error, there is no
# `set-default`, an uninitialized policy refuses to create or start a
# sandbox, rules are global or per sandbox and deny always wins, the
# balanced preset and the agent kit add allow rules, `policy check`
# exits 1 when denied, `policy ls --json` comes in the shapes clients
# meet, and `policy reset` stops every running sandbox and leaves the
# policy uninitialized without a terminal.  Needs no code-airlock binary.

E2E_NEEDS_AIRLOCK=0
E2E_POLICY=none
. "$(dirname "$0")/../lib/e2e.sh"

make_repo "$T/repo"
R=$T/repo
P=$SBX_DOUBLE_STATE/policy
ALREADY='ERROR: global network policy is already initialized; use "sbx policy reset" first to change it'

t "an uninitialized policy refuses to create a sandbox"
run_cmd sbx run --clone --name box claude "$R"
assert_rc 1
assert_contains "$ERR" "global network policy has not been initialized"
run_cmd sbx create --clone --name box claude "$R"
assert_rc 1
assert_contains "$ERR" "global network policy has not been initialized"
assert_file_missing "$SBX_DOUBLE_STATE/sandboxes/box"
run_cmd sbx policy allow network a.com
assert_rc 1
assert_contains "$ERR" "has not been initialized"

t "init is one-time, with sbx's own error; there is no set-default"
run_cmd sbx policy init open
assert_rc 1
run_cmd sbx policy init balanced
assert_rc 0
run_cmd sbx policy init deny-all
assert_rc 1
assert_eq "$ALREADY" "$ERR"
assert_eq balanced "$(cat "$P/preset")"
run_cmd sbx policy set-default deny-all
assert_rc 1
assert_contains "$ERR" "unknown command"

t "the balanced preset allows dev hosts, nothing else"
run_cmd sbx policy check network pypi.org
assert_rc 0
assert_match "$OUT" '^Decision: Allowed'
run_cmd sbx policy check network example.com
assert_rc 1
assert_match "$OUT" '^Decision: Denied'
assert_contains "$OUT" "default deny"

t "the agent kit adds its model API for its own sandbox only"
run_cmd sbx run --clone --name box claude "$R"
assert_rc 0
run_cmd sbx create --clone --name other shell "$R"
assert_rc 0
run_cmd sbx policy check network --sandbox box statsig.anthropic.com
assert_rc 0
run_cmd sbx policy check network --sandbox other statsig.anthropic.com
assert_rc 0 "the preset's *.anthropic.com"
run_cmd sbx policy ls box --json
assert_rc 0
assert_eq "api.anthropic.com statsig.anthropic.com" "$(jq -r '
    [.policies[] | select(.applies_to == "sandbox:box") | .rules[] |
    .resources[]] | join(" ")' "$OUT_FILE")"
run_cmd sbx policy ls other --json
assert_eq "" "$(jq -r '.policies[] | select(.applies_to != "all") |
    .name' "$OUT_FILE")" "another sandbox's kit rules"

t "per-sandbox rules; deny wins over allow, also over a global allow"
run_cmd sbx policy deny network --sandbox box "pypi.org,*.docker.io"
assert_rc 0
run_cmd sbx policy check network --sandbox box pypi.org
assert_rc 1
assert_contains "$OUT" "denied by rule"
run_cmd sbx policy check network --sandbox box registry-1.docker.io
assert_rc 1
run_cmd sbx policy check network --sandbox other pypi.org
assert_rc 0 "another sandbox is untouched"
run_cmd sbx policy check network pypi.org
assert_rc 0 "the global policy is untouched"
run_cmd sbx policy allow network --sandbox box pypi.org
run_cmd sbx policy check network --sandbox box pypi.org
assert_rc 1 "an allow cannot narrow a deny"
run_cmd sbx policy allow network --sandbox nope a.com
assert_rc 1
assert_contains "$ERR" "sandbox 'nope' not found"

t "patterns: *. is one label, **. any depth, ports, CIDRs, **"
run_cmd sbx policy allow network --sandbox other \
    "*.one.test,**.any.test,port.test:8443,10.1.0.0/16"
assert_rc 0
for ok in a.one.test a.any.test b.a.any.test port.test:8443 10.1.2.3; do
	run_cmd sbx policy check network --sandbox other "$ok"
	assert_rc 0 "$ok allowed"
done
for no in one.test b.a.one.test any.test port.test 10.2.0.1 \
    https://port.test/x; do
	run_cmd sbx policy check network --sandbox other "$no"
	assert_rc 1 "$no denied"
done
run_cmd sbx policy check network --sandbox other http://port.test:8443/a
assert_rc 0 "a URL's host and port"

t "policy rm removes the rule of that scope only"
run_cmd sbx policy rm network --sandbox box --resource pypi.org
assert_rc 0
run_cmd sbx policy check network --sandbox box pypi.org
assert_rc 0 "the global allow is back in effect"
run_cmd sbx policy rm network --sandbox box --resource pypi.org
assert_rc 1 "no such rule any more"
run_cmd sbx policy rm network --resource nowhere.test
assert_rc 1

t "policy ls --json in the nested, flat and rules shapes"
run_cmd sbx policy ls box --json
jq -e . "$OUT_FILE" >/dev/null || fail "not JSON: $OUT"
assert_eq "**" "$(jq -r '.policies[0].rules[] |
    select(.type == "filesystem:read") | .resources[0]' "$OUT_FILE")"
assert_contains "$(jq -r '.policies[] | select(.applies_to ==
    "sandbox:box") | .rules[] | "\(.decision) \(.resources[0])"' \
    "$OUT_FILE")" "deny *.docker.io"
SBX_DOUBLE_POLICY_JSON=flat run_cmd sbx policy ls box --json
assert_eq "deny" "$(jq -r '.[] | select(.resource == "*.docker.io" and
    .scope == "sandbox:box") | .decision' "$OUT_FILE")"
SBX_DOUBLE_POLICY_JSON=rules run_cmd sbx policy ls box --json
assert_eq "box" "$(jq -r '.rules[] | select(.hosts[0] == "*.docker.io" and
    .decision == "deny") | .sandbox' "$OUT_FILE")"
SBX_DOUBLE_VERSION=v0.34.2 run_cmd sbx policy ls box --json
assert_rc 1 "no --json before 0.35"
SBX_DOUBLE_VERSION=v0.37.0 run_cmd sbx policy deny network --sandbox box x.test
assert_rc 1 "no --sandbox before 0.38"

t "policy reset stops every running sandbox and, without a terminal, leaves the policy uninitialized"
run_cmd sbx exec other true
[[ -n $(daemon_pids) ]] || fail "expected running sandboxes"
sbx exec other sh -c 'echo ready; exec sleep 30' >"$T/hold.out" &
hold=$!
for ((i = 0; i < 200; i++)); do
	[[ -s $T/hold.out ]] && break
	sleep 0.05
done
run_cmd sbx policy reset
assert_rc 0
assert_eq no-tty "$(cat "$P/resets")"
assert_eq "" "$(daemon_pids)" "daemons left"
wait "$hold" 2>/dev/null || true
! pid_alive "$hold" || fail "a session survived the reset"
assert_file_missing "$P/preset"
run_cmd sbx policy check network --sandbox box api.anthropic.com
assert_rc 1
run_cmd sbx exec box true
assert_rc 1 "a stopped sandbox cannot start"
assert_contains "$ERR" "global network policy has not been initialized"
run_cmd sbx policy init deny-all
assert_rc 0
run_cmd sbx exec box true
assert_rc 0
run_cmd sbx policy check network --sandbox box api.anthropic.com
assert_rc 1 "the reset removed the kit's rules too"

finish
