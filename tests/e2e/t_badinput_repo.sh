#!/usr/bin/env bash
# Repo paths.  Odd but legal directory names (blanks, quotes, '$',
# backticks, newlines, UTF-8, a leading '-', glob characters) must work:
# the --dry-run plan of `up`, fed to sh, gives back exactly the argv the
# tool would run and never evaluates any part of the path; a real `up`
# against the double creates the sandbox for that path.  Repos clone mode
# cannot use (not a repo, no commit, shallow, a linked worktree, a bare
# repo, a missing or non-directory REPO_DIR) are refused before any sbx
# call with one error line: exit 2 for a bad setting, 1 for a repo that is
# not fit (SPEC §2), nothing written.

. "$(dirname "$0")/../lib/badinput.sh"

# Each name is a directory under the test's world (no '/' in a name).
# '$(touch PWNED)' and backticks would leave a PWNED file if anything
# evaluated them.  Each path is tried four ways: `--dry-run up` from
# inside the repo, `--dry-run --repo PATH up` and `REPO_DIR=PATH
# --dry-run up` from elsewhere, and a real `up` from inside against the
# double.  A newline or a tab works from all of them: REPO_DIR may hold
# a control character when it names an existing directory.
PATHS=()
path_case() { PATHS+=("$1" "${2:-inside repo env up}"); }
path_case "my repo"
path_case " leading blank"
path_case "trailing blank "
path_case "it's"
path_case 'double"quote'
# Not from the environment, where $HOME in REPO_DIR is expanded.
# shellcheck disable=SC2016 # literal '$' and backticks are the point
path_case 'dollar$HOME' "inside repo up"
# shellcheck disable=SC2016
path_case 'back`touch PWNED`tick'
# shellcheck disable=SC2016
path_case '$(touch PWNED)'
path_case $'new\nline'
path_case $'tab\there'
path_case $'both\n\tand'
path_case "café €"
path_case "日本語"
path_case "-dash"
path_case "semi;colon"
path_case "glob*?[x]"
path_case "percent%s%n"
path_case 'back\slash'
path_case "!bang"
path_case "a=b"

# Unfit repos: LABEL, KIND, RC, WHAT.
BAD=(
	"not a git repo" plain 1 "is not a git repository"
	"repo without a commit" empty 1 "has no commits yet"
	"shallow clone" shallow 1 "is a shallow clone"
	"linked worktree" worktree 1 "is a linked git worktree"
	"bare repo" bare 2 "is a bare repository"
	"--repo names a missing directory" missing 2 "does not exist"
	"--repo names a file" file 2 "is not a directory"
	"--repo is empty" emptyarg 2 "REPO_DIR is empty"
	"REPO_DIR names a missing directory" envmissing 2 "does not exist"
	"--repo with a newline names no directory" ctlmissing 2
	    "holds a control character and names no directory"
	"REPO_DIR with an escape names no directory" envctl 2
	    "REPO_DIR: REPO_DIR holds a control character"
	"--repo with a tab names a file" ctlfile 2
	    "holds a control character and names no directory"
)

n=0
for ((i = 0; i < ${#PATHS[@]}; i += 2)); do
	read -ra ways <<<"${PATHS[i + 1]}"
	n=$((n + ${#ways[@]}))
done
bi_class repo-path-ok "$n"
bi_class repo-unfit $((${#BAD[@]} / 4))
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"

# A "+" command on PATH: feeding a plan to sh runs it for every planned
# line; it stores that line's argv, NUL-separated, in $PLUS_DIR/N.
mkdir -p "$T/bin" "$T/scratch" "$T/unfit"
cat >"$T/bin/+" <<'EOF'
#!/bin/sh
n=$(ls "$PLUS_DIR" | wc -l)
printf '%s\0' "$@" >"$PLUS_DIR/$n"
EOF
chmod +x "$T/bin/+"

# plan_runs PLAN REPO: sh reads PLAN (from a scratch directory); its
# `sbx run` line must give back exactly the argv for REPO, and nothing in
# the path may have been evaluated.
plan_runs()
{
	local plan=$1 repo=$2 f argv found=0

	rm -rf "$T/plus"
	mkdir -p "$T/plus"
	(cd "$T/scratch" && PLUS_DIR=$T/plus PATH=$T/bin:$PATH sh) \
	    <<<"$plan" || fail "sh could not run the plan"
	for f in "$T"/plus/*; do
		[[ -e $f ]] || continue
		mapfile -d '' argv <"$f"
		[[ ${argv[0]} == sbx && ${argv[1]} == run ]] || continue
		found=1
		assert_eq "$repo" "${argv[-1]}" "the plan gives back the path"
		assert_eq "--clone --name" "${argv[2]} ${argv[3]}" \
		    "the plan's sbx run words"
	done
	((found)) || fail "no 'sbx run' line in the plan"
	assert_file_missing "$T/scratch/PWNED" "the path was evaluated"
	assert_file_missing "$repo/PWNED" "the path was evaluated"
}

# try_path WAY PATH: one way of using the repo at PATH.
try_path()
{
	local repo=$1 way=$2 name

	calls_reset
	case $way in
	inside)	cd "$repo"
		run_airlock --dry-run up
		cd "$T"
		assert_rc 0
		bi_no_crash
		plan_runs "$OUT" "$repo"
		assert_eq "sbx ls --json" "$(calls_log)" \
		    "only the read-only probe ran" ;;
	repo)	run_airlock --dry-run --repo "$repo" up
		assert_rc 0
		bi_no_crash
		plan_runs "$OUT" "$repo" ;;
	env)	run_cmd env "REPO_DIR=$repo" "$AIRLOCK" --dry-run up
		assert_rc 0
		bi_no_crash
		plan_runs "$OUT" "$repo" ;;
	up)	cd "$repo"
		run_airlock up
		cd "$T"
		assert_rc 0
		bi_no_crash
		name=$(git -C "$repo" remote | sed -n 's/^sandbox-//p')
		[[ -n $name ]] || fail "no sandbox remote in the repo"
		assert_contains "$(calls_log)" \
		    "sbx run --clone --name $name claude" "sbx ran the agent"
		cd "$repo"
		run_airlock status
		cd "$T"
		assert_rc 0
		assert_contains "$OUT" "running" "the sandbox runs"
		assert_file_missing "$T/PWNED" "the path was evaluated"
		assert_file_missing "$repo/PWNED" "the path was evaluated"
		"$SBX_DOUBLE_DIR/sbx" __stop-all >/dev/null 2>&1 || true ;;
	esac
}

for ((i = 0; i < ${#PATHS[@]}; i += 2)); do
	repo=$T/${PATHS[i]}
	make_repo "$repo"
	read -ra ways <<<"${PATHS[i + 1]}"
	for way in "${ways[@]}"; do
		bi_case repo-path-ok "$(printf '%q' "${PATHS[i]}"): $way"
		try_path "$repo" "$way"
	done
done

# unfit KIND: make the repo, print the arguments for `up`.
unfit()
{
	local d=$T/unfit/$1

	case $1 in
	plain)	mkdir -p "$d" ;;
	empty)	git init -q "$d" ;;
	shallow)
		make_repo "$T/unfit/src"
		commit_file "$T/unfit/src" a.txt a
		git clone -q --depth 1 "file://$T/unfit/src" "$d" ;;
	worktree)
		make_repo "$T/unfit/main"
		git -C "$T/unfit/main" worktree add -q -b wt "$d" ;;
	bare)	make_repo "$T/unfit/src2"
		git clone -q --bare "$T/unfit/src2" "$d" ;;
	missing)	d=$T/unfit/no/such/dir ;;
	file)	printf 'x\n' >"$d" ;;
	emptyarg)	d="" ;;
	envmissing)	printf '%s\0' env "REPO_DIR=$T/unfit/no/such/dir" \
			    "$AIRLOCK" up; return ;;
	ctlmissing)	d=$T/unfit/$'no\nsuch' ;;
	envctl)	printf '%s\0' env "REPO_DIR=$T/unfit/"$'\e[2Jno' \
			    "$AIRLOCK" up; return ;;
	ctlfile)	d=$T/unfit/$'a\tfile'
		printf 'x\n' >"$d" ;;
	esac
	printf '%s\0' "$AIRLOCK" --repo "$d" up
}

for ((i = 0; i < ${#BAD[@]}; i += 4)); do
	bi_case repo-unfit "${BAD[i]}"
	mapfile -d '' -t argv < <(unfit "${BAD[i + 1]}")
	bi_snapshot "$T/unfit" >"$T/before"
	calls_reset
	cd "$T/unfit"
	run_cmd "${argv[@]}"
	cd "$T"
	bi_reject "${BAD[i + 2]}" "${BAD[i + 3]}"
	bi_unchanged "$T/unfit" "$T/before"
done

bi_finish
