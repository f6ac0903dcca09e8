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
assert_contains "$ERR" "'sbx ls' failed: daemon not running"
assert_contains "$ERR" "'sbx daemon start'"
assert_not_contains "$ERR" "sbx setup"
assert_eq "" "$OUT"

t "a daemon banner before the JSON, on stdout: read all the same"
SBX_DOUBLE_BANNER=stdout run_airlock ls
assert_rc 0
assert_match "$OUT" "^\\* sbx-repo +claude +running +$R\$"

t "indented JSON with id and ports"
SBX_DOUBLE_LS_FORMAT=pretty run_airlock ls --json
assert_rc 0
assert_json "$OUT_FILE"
assert_contains "$OUT" '"sbx-repo"'

t "an sbx that does not answer: stopped within SBX_TIMEOUT, both fixes named"
SECONDS=0
SBX_TIMEOUT=2 SBX_DOUBLE_FAIL=expired run_airlock ls
took=$SECONDS
assert_rc 1
assert_contains "$ERR" "'sbx ls' did not answer within 2 s (SBX_TIMEOUT)"
assert_contains "$ERR" "'sbx login' in a terminal"
assert_contains "$ERR" "'sbx daemon restart'"
((took < 60)) || fail "ls took $took s"
for f in "$SBX_DOUBLE_STATE"/blocked/*; do
	[[ -e $f ]] || continue
	! pid_alive "${f##*/}" || fail "the waiting sbx ${f##*/} is left"
done

finish
