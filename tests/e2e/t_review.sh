#!/usr/bin/env bash
#
# review [BASE] (SPEC §4): the risk summary of BASE...SBREF, as text and
# --json, then the user's `git difftool --dir-diff` with REVIEW_TOOL.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"
command -v jq >/dev/null || { echo "# jq is needed" >&2; exit 1; }

new_repo repo
commit_file "$R" old.txt "to be removed"
commit_file "$R" run.sh "#!/bin/sh"
new_box

t "nothing new: review says so and opens nothing"
run_airlock review --summary
assert_rc 0
assert_eq "" "$OUT"
assert_contains "$ERR" "nothing new"

agent_script "$T/agent" <<'A'
mkdir -p .github/workflows tools
printf 'on: push\n' >.github/workflows/ci.yml
ln -s /etc/passwd abs-link
printf '#!/bin/sh\necho hi\n' >tools/install.sh
chmod +x tools/install.sh run.sh
head -c 1200000 /dev/urandom >big.bin
printf '\0binary\0' >>big.bin
printf '{"lockfileVersion": 3}\n' >package-lock.json
printf 'plain\n' >notes.txt
printf 'x\n' >$'evil\e[31m.sh'
git rm -q old.txt
git add -A
git commit -q -m "risky change"
A
agent_run "$T/agent"

t "the summary counts files and flags every risky kind"
run_airlock review --summary
assert_rc 0
assert_contains "$OUT" "9 files changed: 7 added, 1 modified, 1 deleted"
assert_contains "$OUT" "CI and automation config:
  A  .github/workflows/ci.yml"
assert_contains "$OUT" "new or changed symlinks:
  A  abs-link -> /etc/passwd  (absolute target)"
assert_contains "$OUT" "files that became executable:
  M  run.sh
  A  tools/install.sh"
assert_match "$OUT" "^  A  big.bin  \(1\.1 MiB\)$"
assert_contains "$OUT" "binary files:
  A  big.bin"
assert_contains "$OUT" "dependency manifests and lockfiles:
  A  package-lock.json"
assert_contains "$OUT" "build and install scripts:"
assert_match "$OUT" '^  A  evil\\e\[31m\.sh$'
assert_not_contains "$OUT" "notes.txt" "a plain file is not flagged"
assert_not_contains "$OUT" "old.txt" "a deleted plain file is not flagged"
assert_no_ctl "$OUT_FILE"

t "--json carries the same facts"
run_airlock --json review
assert_rc 0
assert_json "$OUT_FILE"
assert_eq "9 7 1 1" "$(json_get "$OUT_FILE" '"\(.files) \(.added) \(.modified) \(.deleted)"')"
assert_eq ".github/workflows/ci.yml" "$(json_get "$OUT_FILE" '.flagged.ci[0].path')"
assert_eq "abs-link /etc/passwd" \
    "$(json_get "$OUT_FILE" '.flagged.symlinks[0] | "\(.path) \(.target)"')"
assert_eq "run.sh tools/install.sh" \
    "$(json_get "$OUT_FILE" '[.flagged.executable[].path] | sort | join(" ")')"
assert_eq "big.bin" "$(json_get "$OUT_FILE" '.flagged.large[0].path')"
assert_eq "1200008" "$(json_get "$OUT_FILE" '.flagged.large[0].size')"
assert_eq "big.bin" "$(json_get "$OUT_FILE" '.flagged.binary[0].path')"
assert_eq "package-lock.json" \
    "$(json_get "$OUT_FILE" '.flagged.dependencies[0].path')"
assert_eq "main" "$(json_get "$OUT_FILE" '.branch')"
assert_no_ctl "$OUT_FILE"

t "review opens the user's difftool on BASE and SBREF"
git config --global difftool.record.cmd \
    'printf "%s\n" "$LOCAL" "$REMOTE" >"$HOME/difftool.args"; ls -A "$REMOTE" >"$HOME/difftool.remote"'
REVIEW_TOOL=record run_airlock review
assert_rc 0
assert_contains "$OUT" "9 files changed"
assert_file_exists "$HOME/difftool.args" "difftool ran"
assert_contains "$(cat "$HOME/difftool.remote" 2>/dev/null)" "package-lock.json"
assert_not_contains "$(cat "$HOME/difftool.remote" 2>/dev/null)" "old.txt"
assert_eq "" "$(git status --porcelain)" "working tree untouched"

t "a difftool git does not know: the summary, then a refusal naming the key"
REVIEW_TOOL=nosuchtool run_airlock review
assert_rc 2
assert_contains "$OUT" "files changed" "the summary still shows"
assert_contains "$ERR" "REVIEW_TOOL 'nosuchtool' from environment is not a difftool git knows"
assert_contains "$ERR" "difftool.nosuchtool.cmd"

# The repo's own config may be written by what the agent's work makes
# the user run; only the user's global or system config defines tools.
t "a difftool only the repo's local config defines is refused"
git config difftool.local.cmd 'touch "$HOME/local-ran"'
REVIEW_TOOL=local run_airlock review
assert_rc 2
assert_contains "$ERR" "REVIEW_TOOL 'local' from environment is not a difftool"
assert_file_missing "$HOME/local-ran" "the local tool never ran"
git config --unset difftool.local.cmd

t "difftools git ships, and their numbered variants, are accepted"
for v in meld vimdiff vimdiff1 bc3 kdiff3; do
	REVIEW_TOOL=$v run_airlock --dry-run review
	assert_rc 0
	assert_not_contains "$ERR" "REVIEW_TOOL" "'$v' accepted"
	assert_contains "$OUT" "--tool=$v main"
done
REVIEW_TOOL=meld9x run_airlock --dry-run review
assert_contains "$ERR" "warning: REVIEW_TOOL 'meld9x' from environment is not a difftool"

t "a REVIEW_TOOL that is a path is refused before anything runs"
printf '#!/bin/sh\ntouch "$HOME/path-ran"\n' >"$T/tool"
for v in "$T/tool" ../../../tmp/tool "./tool" "a/b" "-x" ".hidden" \
    "x;touch $HOME/path-ran" 'x y'; do
	calls_reset
	REVIEW_TOOL=$v run_airlock review
	assert_rc 2
	assert_contains "$ERR" "environment variable REVIEW_TOOL: invalid REVIEW_TOOL"
	assert_eq "" "$(calls_log)" "no sbx call for '$v'"
done
assert_file_missing "$HOME/path-ran" "no path ran"

t "dry-run plans the fetch and the difftool"
run_airlock --dry-run review
assert_rc 0
assert_contains "$OUT" "+ git -C $R fetch $REMOTE"
assert_contains "$OUT" \
    "+ git -C $R difftool --dir-diff --no-prompt --tool=vscode main refs/remotes/$REMOTE/main"

t "review of a --branch that does not exist fails"
run_airlock review --summary --branch nope
assert_rc 1
assert_contains "$ERR" "no sandbox branch 'nope'"

finish
