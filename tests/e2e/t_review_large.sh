#!/usr/bin/env bash
#
# review --summary on a blob far larger than it compresses to: sizes come
# from object headers and the binary sniff reads a bounded prefix, so the
# summary's memory does not grow with the blob (a 1.5 GB zero blob is
# under 2 MB on the wire).

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"
[[ -x /usr/bin/time ]] || { echo "# GNU time is needed" >&2; exit 1; }

MIB=256

new_repo repo
new_box
agent_script "$T/agent" <<A
head -c ${MIB}M /dev/zero >zeros.img
printf 'small\n' >small.txt
git add zeros.img small.txt
git commit -q -m "a large blob"
rm zeros.img
A
agent_run "$T/agent"
run_airlock fetch
assert_rc 0

t "a ${MIB} MiB blob is measured and sniffed without being read whole"
run_cmd /usr/bin/time -f 'rss %M' "$AIRLOCK" review --summary
assert_rc 0
assert_contains "$OUT" "  A  zeros.img  (${MIB}.0 MiB)"
assert_contains "$OUT" "binary files:
  A  zeros.img"
rss=$(sed -n 's/^rss //p' <<<"$ERR")
echo "# peak RSS of review --summary: ${rss} KiB"
if ((rss > MIB * 1024 / 2)); then
	fail "peak RSS ${rss} KiB for a ${MIB} MiB blob"
fi

t "--json gives its size from the object header"
run_airlock --json review
assert_rc 0
assert_eq "$((MIB * 1024 * 1024))" "$(jq -r '.flagged.large[0].size' "$OUT_FILE")"

finish
