# shellcheck shell=bash
# Fixtures shared by the review-loop scenarios (t_fetch.sh, t_log.sh,
# t_diff.sh, t_review.sh, t_merge.sh, t_pr.sh).  Source after e2e.sh.
#
# The sandbox is made with the double directly (`sbx run --clone`), so
# these scenarios depend on nothing but the review commands themselves.

# new_repo: $R, a repo on main with one commit; $SB its default sandbox
# name; $REMOTE the remote sbx adds.
new_repo()
{
	R=$T/${1:-repo}
	make_repo "$R"
	SB=sbx-${1:-repo}
	REMOTE=sandbox-$SB
	cd "$R"
}

# new_box [AGENT_FILE]: create the sandbox for $R, running the agent once.
new_box()
{
	SBX_DOUBLE_AGENT=${1:-} run_cmd sbx run --clone --name "$SB" claude "$R"
	if [[ $RC != 0 ]]; then
		echo "# sbx run failed: $ERR" >&2
		exit 1
	fi
}

# agent_run AGENT_FILE: run another agent session in the existing sandbox.
agent_run()
{
	SBX_DOUBLE_AGENT=$1 run_cmd sbx run --name "$SB"
	if [[ $RC != 0 ]]; then
		echo "# sbx run failed: $ERR" >&2
		exit 1
	fi
}

# clone_dir: the sandbox's private clone.
clone_dir()
{
	printf '%s\n' "$SBX_DOUBLE_STATE/sandboxes/$SB/serve/$(basename "$R")"
}

# rev REF [DIR]: full id of REF in DIR (default $R), empty when missing.
rev()
{
	git -C "${2:-$R}" rev-parse -q --verify "$1^{commit}" 2>/dev/null || true
}

# assert_no_ctl FILE [WHAT]: FILE holds no raw terminal control byte (C0
# but newline and tab, DEL, a C1 byte raw or UTF-8 encoded).
assert_no_ctl()
{
	if LC_ALL=C tr -d '\n\t' <"$1" | LC_ALL=C grep -q '[[:cntrl:]]' ||
	    LC_ALL=C grep -q $'\x9b\|\xc2[\x80-\x9f]' "$1"; then
		fail "${2:-output} holds raw control bytes"
		_e2e_show bytes "$(od -c "$1" | head -n 20)"
	fi
}

# assert_json FILE [WHAT]: FILE is one valid JSON document.
assert_json()
{
	if command -v jq >/dev/null; then
		jq -e . <"$1" >/dev/null 2>&1 && return 0
	elif command -v python3 >/dev/null; then
		python3 -c 'import json,sys; json.load(sys.stdin)' <"$1" \
		    2>/dev/null && return 0
	else
		return 0
	fi
	fail "${2:-output} is not valid JSON"
	_e2e_show json "$(cat "$1")"
}

# json_get FILE FILTER: a jq filter's raw output over FILE, e.g.
# json_get "$OUT_FILE" '.flagged.ci[0].path'.
json_get()
{
	jq -r "$2" <"$1"
}

# json_paths FILE: every member of a JSON document as a path, one a line,
# sorted: "flagged.secrets[].findings[].line" (array elements as "[]").
json_paths()
{
	jq -r '[paths | map(if type == "number" then "[]" else . end) |
	    join(".")] | unique | .[]' "$1" | sed 's/\.\[\]/[]/g' |
	    grep -v '\[\]$' | sort -u
}
