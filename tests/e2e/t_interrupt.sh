#!/usr/bin/env bash
#
# Interruption: ^C (SIGINT to the whole process group, as a terminal sends
# it), SIGTERM to code-airlock alone, and the sandbox's git daemon dying,
# in the middle of a large fetch, of rm, up and review.  Each must leave
# the repo fsck-clean with every ref at its old or its new value, no lock
# file or temporary pack in .git, nothing of ours under $TMPDIR, exit
# 128+signal (as the shell sees it) or non-zero for the daemon, and rm
# must leave the sandbox in place.  A last fetch then brings everything.
#
# No timing: the fetch is held in mid-transfer by an upload-pack hook
# that sends part of the pack, touches a marker and waits; other steps
# wait the same way in a slow agent, difftool, mkdir or cp.  The tests
# wait for the marker, send the signal, then release what waits.
#
# The classes and their counts are listed in docs/robustness.md.

. "$(dirname "$0")/../lib/badinput.sh"

SIGS=(INT TERM)
bi_class interrupt-fetch $((2 * ${#SIGS[@]}))
bi_class interrupt-rm "${#SIGS[@]}"
bi_class interrupt-up 3
bi_class interrupt-review "${#SIGS[@]}"
bi_class git-daemon-death 1
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# Job control: each background run gets a process group of its own (so a
# group signal is a terminal's ^C).  A shell started in the background
# ignores SIGINT and cannot undo that; env can, for the runs.
set -m
DFL=()
if env --default-signal=INT true 2>/dev/null; then
	DFL=(env --default-signal=INT)
fi
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR" "$T/slowbin"
BG=0

# wait_file FILE: wait (at most 2 minutes) for FILE; 1 when it never came.
wait_file()
{
	local i
	for ((i = 0; i < 1200; i++)); do
		[[ -e $1 ]] && return 0
		sleep 0.1
	done
	fail "never saw $1"
	return 1
}

# start_bg ARGS...: code-airlock in the background, its pid in $BG, with
# the slow tools of $T/slowbin first on its PATH.
start_bg()
{
	PATH=$T/slowbin:$PATH "${DFL[@]}" "$AIRLOCK" "$@" </dev/null \
	    >"$OUT_FILE" 2>"$ERR_FILE" &
	BG=$!
}

# end_bg: wait (bounded) for the background run; $RC, $OUT, $ERR as
# run_cmd gives them.  One still running after 2 minutes is killed.
end_bg()
{
	local i
	for ((i = 0; i < 1200; i++)); do
		pid_alive "$BG" || break
		sleep 0.1
	done
	if pid_alive "$BG"; then
		fail "code-airlock did not stop"
		kill -KILL "$BG" 2>/dev/null || true
	fi
	RC=0
	wait "$BG" 2>/dev/null || RC=$?
	OUT=$(cat "$OUT_FILE")
	ERR=$(cat "$ERR_FILE")
}

# release: let every waiting hook, agent and tool go on (and end).
release()
{
	: >"$T/release"
}

# interrupt SIG: ^C (INT: SIGINT to the whole process group, as a
# terminal sends it) or SIGTERM to code-airlock alone.
interrupt()
{
	if [[ $1 == INT ]]; then
		kill -INT -- "-$BG"
	else
		kill "-$1" "$BG"
	fi
}

# interrupt_fetch SIG: interrupt, then let the held pack go on.  The
# signal is recorded before code-airlock runs again, so whether it is
# noticed in a blocked read or in the next progress callback, the fetch
# cannot finish.  (Where a child must get the forwarded signal first,
# tests release only after code-airlock ended.)
interrupt_fetch()
{
	interrupt "$1"
	release
}

# armed MARK: forget earlier markers and releases; MARK is the one to
# wait for.
armed()
{
	rm -f "$T/release" "$1"
}

# hold_fetch: from now on the sandbox's git daemon sends the first 64 KiB
# of each pack, touches $T/fetch.mark and waits for $T/release.  (The
# daemon takes the global git config: uploadpack.packObjectsHook.)
hold_fetch()
{
	cat >"$T/hold-pack" <<EOF
#!/usr/bin/env bash
"\$@" | {
	dd bs=65536 count=1 iflag=fullblock 2>/dev/null
	: >"$T/fetch.mark"
	for ((i = 0; i < 1200; i++)); do
		[[ -e "$T/release" ]] && break
		sleep 0.1
	done
	cat
}
EOF
	chmod +x "$T/hold-pack"
	armed "$T/fetch.mark"
	git config --global uploadpack.packObjectsHook "$T/hold-pack"
}

unhold_fetch()
{
	release
	git config --global --unset uploadpack.packObjectsHook || true
}

# slow_tool NAME GLOB: $T/slowbin/NAME runs the real NAME; when its last
# argument matches GLOB it then touches $T/NAME.mark and waits for
# $T/release.  Put $T/slowbin first on PATH to use it.
slow_tool()
{
	local real
	real=$(command -v "$1")
	cat >"$T/slowbin/$1" <<EOF
#!/usr/bin/env bash
"$real" "\$@" || exit
if [[ \${@: -1} == $2 ]]; then
	: >"$T/$1.mark"
	for ((i = 0; i < 1200; i++)); do
		[[ -e "$T/release" ]] && break
		sleep 0.1
	done
fi
EOF
	chmod +x "$T/slowbin/$1"
	armed "$T/$1.mark"
}

# snap_refs [DIR]: every ref of DIR (default $R) with its value.
snap_refs()
{
	git -C "${1:-$R}" for-each-ref --format='%(refname) %(objectname)' |
	    LC_ALL=C sort
}

# assert_repo_sound BEFORE: git fsck finds nothing, .git holds no lock
# file and no temporary pack, no ref vanished, and each ref is at its
# value in BEFORE (a snap_refs file) or at the sandbox's new value.
assert_repo_sound()
{
	local out ref val old new b

	out=$(git -C "$R" fsck --no-dangling 2>&1) ||
	    fail "git fsck fails"
	if grep -qiE 'error|missing|broken|corrupt|bad' <<<"$out"; then
		fail "git fsck complains"
		_e2e_show fsck "$out"
	fi
	assert_eq "" "$(find "$R/.git" -name '*.lock')" "lock files"
	assert_eq "" "$(find "$R/.git/objects" -name 'pack_git2_*' -o \
	    -name 'tmp_*' -o -name 'incoming-*')" "temporary packs"
	while read -r ref val; do
		git -C "$R" show-ref -q --verify "$ref" || fail "$ref vanished"
	done <"$1"
	while read -r ref val; do
		old=$(awk -v r="$ref" '$1 == r { print $2 }' "$1")
		[[ $val == "$old" ]] && continue
		case $ref in
		"refs/remotes/$REMOTE/"*) b=${ref#"refs/remotes/$REMOTE/"} ;;
		"refs/sandboxes/$SB/"*) b=${ref#"refs/sandboxes/$SB/"} ;;
		*) fail "$ref moved from '$old' to $val"; continue ;;
		esac
		new=$(rev "refs/heads/$b" "$(clone_dir)")
		[[ $val == "$new" ]] || fail "$ref is at $val: neither its" \
		    "old value '$old' nor the sandbox's $new"
	done < <(snap_refs)
}

# assert_no_tmp [RE]: nothing under $TMPDIR but names matching RE; then
# empty it, so that the next case starts clean.
assert_no_tmp()
{
	local left
	left=$(ls -A "$TMPDIR" | grep -v -x -- "${1:-}" || true)
	assert_eq "" "$left" "files left under \$TMPDIR"
	rm -rf "${TMPDIR:?}"/* "$TMPDIR"/.[!.]* 2>/dev/null || true
}

# ---- the large fetch ---------------------------------------------------

new_repo repo
new_box
run_airlock fetch
assert_rc 0
C=$(clone_dir)

# 3000 commits on main and 500 on a new branch, each rewriting one of 200
# files with 2 KiB of noise: a few MB to fetch.
awk 'BEGIN {
	srand(7)
	for (i = 0; i < 3500; i++) {
		br = i < 3000 ? "main" : "side"
		s = ""
		for (j = 0; j < 256; j++)
			s = s sprintf("%08x", int(rand() * 2147483647))
		printf "commit refs/heads/%s\n", br
		printf "committer Sandbox Agent <agent@sandbox.invalid> %d +0000\n",
		    1700000000 + i
		printf "data <<EOM\nbulk %d\nEOM\n", i
		if (i == 0 || i == 3000)
			printf "from refs/heads/main^0\n"
		printf "M 644 inline bulk/f%03d.txt\ndata %d\n%s\n", i % 200,
		    length(s), s
	}
}' | git -C "$C" fast-import --quiet
[[ $(git -C "$C" rev-list --count main) -gt 3000 ]] ||
    { echo "# fixture: fast-import failed" >&2; exit 1; }
snap_refs >"$T/before"

for sig in "${SIGS[@]}"; do
	code=$((128 + $(kill -l "$sig")))
	bi_case interrupt-fetch "SIG$sig in a large fetch: exit $code"
	hold_fetch
	start_bg fetch
	if wait_file "$T/fetch.mark"; then
		interrupt_fetch $sig
	fi
	end_bg
	assert_rc "$code"
	assert_contains "$ERR" "interrupted while fetching remote '$REMOTE'"
	assert_not_contains "$ERR" "callback"
	assert_repo_sound "$T/before"
	assert_no_tmp
	unhold_fetch
done

for sig in "${SIGS[@]}"; do
	code=$((128 + $(kill -l "$sig")))
	bi_case interrupt-rm "SIG$sig in rm --yes at the fetch: exit $code"
	hold_fetch
	calls_reset
	start_bg rm --yes
	if wait_file "$T/fetch.mark"; then
		interrupt_fetch $sig
	fi
	end_bg
	assert_rc "$code"
	assert_contains "$ERR" "sandbox '$SB' was not removed"
	assert_not_contains "$(calls_log)" "sbx rm"
	assert_contains "$(sbx ls)" "$SB"
	assert_repo_sound "$T/before"
	assert_no_tmp
	unhold_fetch
done

bi_case git-daemon-death "killed in mid-fetch: started again and fetched once more, repo sound"
hold_fetch
start_bg fetch
if wait_file "$T/fetch.mark"; then
	# The daemon, its upload-pack and the hook: one process group.
	kill -KILL -- "-$(cat "$SBX_DOUBLE_STATE/sandboxes/$SB/daemon.pid")"
	release
fi
end_bg
assert_rc 0
assert_contains "$ERR" "stopped during the fetch; starting it again"
assert_repo_sound "$T/before"
assert_no_tmp
unhold_fetch

t "then a fetch restarts the sandbox and brings everything"
run_airlock fetch
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev "refs/remotes/$REMOTE/main")" "main"
assert_eq "$(rev side "$C")" "$(rev "refs/sandboxes/$SB/side")" "side"
assert_eq "" "$(git fsck --no-dangling 2>&1 | grep -iE 'error|missing' ||
    true)" "git fsck"
assert_no_tmp

# ---- submodule bundles -------------------------------------------------

make_repo "$T/lib1"
new_repo subs
git -c protocol.file.allow=always submodule add -q "$T/lib1" lib1
git commit -q -m "add submodule"
agent_script "$T/sub-agent" <<'A'
git -c protocol.file.allow=always submodule -q update --init lib1
git -C lib1 commit -q --allow-empty -m "patch lib1"
A
new_box "$T/sub-agent"
run_airlock fetch
assert_rc 0
snap_refs >"$T/before"
snap_refs "$R/lib1" >"$T/before-lib1"

for sig in "${SIGS[@]}"; do
	code=$((128 + $(kill -l "$sig")))
	bi_case interrupt-fetch "SIG$sig while a bundle is copied: exit $code"
	slow_tool cp "$TMPDIR/*"
	start_bg fetch
	if wait_file "$T/cp.mark"; then
		assert_match "$(find "$TMPDIR" -name '*.bundle')" 'bundle$' \
		    "the bundle being copied"
		interrupt $sig
	fi
	end_bg
	release
	assert_rc "$code"
	assert_repo_sound "$T/before"
	assert_eq "$(cat "$T/before-lib1")" "$(snap_refs "$R/lib1")" \
	    "submodule refs"
	assert_no_tmp
	assert_eq "" "$(ls -A "$SBX_DOUBLE_STATE/sandboxes/$SB/root/tmp")" \
	    "bundles left in the sandbox"
done
rm -f "$T/slowbin/cp"

# ---- up ----------------------------------------------------------------

# An agent that says it runs, then works until released.
agent_script "$T/slow-agent" <<EOF
: >"$T/agent.mark"
for ((i = 0; i < 1200; i++)); do
	[[ -e "$T/release" ]] && break
	sleep 0.1
done
EOF
mkdir -p "$HOME/.config/notes"
printf 'note %d\n' 1 2 3 >"$HOME/.config/notes/a.md"
printf 'more\n' >"$HOME/.config/notes/b.md"
new_repo up1

bi_case interrupt-up "SIGTERM while up seeds: exit 143, no agent"
slow_tool mkdir "*/root/home/agent/.config"
calls_reset
SEED_PATHS=.config/notes start_bg up
if wait_file "$T/mkdir.mark"; then
	assert_match "$(ls -A "$TMPDIR")" '^code-airlock-seed\.' \
	    "the staging copy being sent"
	interrupt TERM
fi
end_bg
release
assert_rc 143
assert_contains "$ERR" "its agent was not started"
assert_not_contains "$(calls_log)" "sbx run"
assert_contains "$(calls_log)" "sbx exec $SB sh -c 'echo ready"
assert_eq 0 "$(sbx __sessions "$SB")" "the session held for the copies"
assert_no_tmp
rm -f "$T/slowbin/mkdir"

bi_case interrupt-up "SIGTERM while up's agent runs: exit 143"
new_repo up2
armed "$T/agent.mark"
SBX_DOUBLE_AGENT=$T/slow-agent SEED_PATHS=.config/notes start_bg up
if wait_file "$T/agent.mark"; then
	interrupt TERM
fi
end_bg
release
assert_rc 143
assert_contains "$(calls_log)" "sbx run --name $SB"
assert_no_tmp

bi_case interrupt-up "^C while up's agent runs: exit 130"
armed "$T/agent.mark"
SBX_DOUBLE_AGENT=$T/slow-agent start_bg up
if wait_file "$T/agent.mark"; then
	interrupt INT
fi
end_bg
release
assert_rc 130
assert_no_tmp

# ---- review ------------------------------------------------------------

agent_script "$T/work-agent" <<'A'
printf 'work\n' >work.txt
git add work.txt
git commit -q -m "agent work"
A
new_repo rev
new_box "$T/work-agent"
run_airlock fetch
assert_rc 0
cat >"$T/slowdiff" <<EOF
#!/usr/bin/env bash
: >"$T/slowdiff.mark"
for ((i = 0; i < 1200; i++)); do
	[[ -e "$T/release" ]] && break
	sleep 0.1
done
EOF
chmod +x "$T/slowdiff"
git config --global difftool.slow.cmd "$T/slowdiff \"\$LOCAL\" \"\$REMOTE\""
snap_refs >"$T/before"

for sig in "${SIGS[@]}"; do
	code=$((128 + $(kill -l "$sig")))
	bi_case interrupt-review "SIG$sig while the difftool runs: exit $code"
	armed "$T/slowdiff.mark"
	REVIEW_TOOL=slow start_bg review
	if wait_file "$T/slowdiff.mark"; then
		interrupt $sig
	fi
	end_bg
	release
	assert_rc "$code"
	assert_contains "$ERR" "interrupted; 'git difftool' stopped"
	assert_not_contains "$ERR" "difftool --tool-help"
	assert_eq "$(cat "$T/before")" "$(snap_refs)" "refs"
	assert_repo_sound "$T/before"
	assert_eq "" "$(git status --porcelain)" "work tree"
	# git's own git-difftool.XXXXXX is git's to remove (it does not on
	# a signal); nothing of ours may stay.
	assert_no_tmp 'git-difftool\..*'
done

bi_finish
