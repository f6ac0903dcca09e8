#!/usr/bin/env bash
#
# ls: every sandbox sbx knows, this repo's marked, from `sbx ls --json`
# in either shape, or the plain table of an sbx without --json.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

new_repo other
OTHER=$R
new_repo repo

t "no sandboxes: nothing on stdout, a hint on stderr"
run_airlock ls
assert_rc 0
assert_eq "" "$OUT"
assert_contains "$ERR" "no sandboxes"
run_airlock ls --json
assert_rc 0
assert_eq "{\"repo\":\"$R\",\"sandbox\":\"sbx-repo\",\"sandboxes\":[]}" "$OUT"

sbx run --clone --name sbx-repo claude "$R"
sbx run --clone --name sbx-other codex "$OTHER"
sbx stop sbx-other

t "this repo's sandbox is marked"
calls_reset
run_airlock ls
assert_rc 0
assert_match "$OUT" '^ +NAME +AGENT +STATUS +WORKSPACE$'
assert_match "$OUT" "^\\* sbx-repo +claude +running +$R\$"
assert_match "$OUT" "^  sbx-other +codex +stopped +$OTHER\$"
assert_eq "sbx ls --json" "$(calls_log)" "only sbx ls is called"

t "JSON marks it as current"
run_airlock ls --json
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" "{\"name\":\"sbx-repo\",\"agent\":\"claude\",\"status\":\"running\",\"status_text\":\"running\",\"workspaces\":[\"$R\"],\"current\":true}"
assert_contains "$OUT" "{\"name\":\"sbx-other\",\"agent\":\"codex\",\"status\":\"stopped\",\"status_text\":\"stopped\",\"workspaces\":[\"$OTHER\"],\"current\":false}"

t "the old bare-array format reads the same"
SBX_DOUBLE_LS_FORMAT=array run_airlock ls
assert_rc 0
assert_match "$OUT" "^\\* sbx-repo +claude +running +$R\$"
assert_match "$OUT" "^  sbx-other +codex +stopped +$OTHER\$"

t "a sandbox of this repo under another name is marked by its workspace"
run_airlock --name custom ls
assert_rc 0
assert_match "$OUT" "^\\* sbx-repo "
cd "$OTHER"
run_airlock ls
assert_match "$OUT" "^\\* sbx-other "
assert_match "$OUT" "^  sbx-repo "
cd "$R"

t "outside a repo nothing is marked"
mkdir "$T/plain"
cd "$T/plain"
run_airlock ls
assert_rc 0
assert_not_contains "$OUT" "*"
cd "$R"

t "an sbx without --json: its table is read instead"
mkdir -p "$T/oldbin"
cat >"$T/oldbin/sbx" <<EOS
#!/usr/bin/env bash
for a in "\$@"; do
	if [[ \$a == --json ]]; then
		echo "ERROR: unknown flag: --json" >&2
		exit 1
	fi
done
exec "$SBX_DOUBLE_DIR/sbx" "\$@"
EOS
chmod +x "$T/oldbin/sbx"
calls_reset
PATH=$T/oldbin:$PATH run_airlock ls
assert_rc 0
assert_match "$OUT" "^\\* sbx-repo +claude +running +$R\$"
assert_match "$OUT" "^  sbx-other +codex +stopped +$OTHER\$"
# The wrapper refused --json before the double could log it.
assert_eq "sbx ls" "$(calls_log)"

t "sbx failing: its message and the fix, exit 1"
SBX_DOUBLE_FAIL=daemon run_airlock ls
assert_rc 1
assert_contains "$ERR" "cannot connect to the sbx daemon"
assert_contains "$ERR" "sbx setup"
assert_eq "" "$OUT"

finish
