#!/usr/bin/env bash
# docs/robustness.md must list every class of bad input the scenarios
# declare, with the number of cases each one runs now, and describe each
# class in a section of its own; scripts/robustness-counts.sh is the check.

# shellcheck disable=SC2016 # Markdown backquotes, not commands
. "$(dirname "$0")/../lib/e2e.sh"

counts=$AIRLOCK_SRC/scripts/robustness-counts.sh
doc=$AIRLOCK_SRC/docs/robustness.md

t "docs/robustness.md lists every class with its current count"
AIRLOCK_BIN=$AIRLOCK run_cmd "$counts" --check
assert_rc 0
assert_eq "" "$ERR" "no complaint"

t "a drifted count is caught"
sed 's/^| `config-file` | [0-9]* |/| `config-file` | 1 |/' "$doc" >"$T/doc.md"
AIRLOCK_BIN=$AIRLOCK run_cmd "$counts" --check "$T/doc.md"
assert_rc 1
assert_contains "$ERR" "out of date"

t "a class without its section is caught"
grep -v '^### .*`allowlist`' "$doc" >"$T/doc.md"
AIRLOCK_BIN=$AIRLOCK run_cmd "$counts" --check "$T/doc.md"
assert_rc 1
assert_contains "$ERR" '`allowlist`'

finish
