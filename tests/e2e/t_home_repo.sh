#!/usr/bin/env bash
#
# A dotfiles repository at $HOME, and a new project folder in it that is
# no repository yet: REPO_DIR resolves to $HOME, and sbx would mount the
# whole home directory (~/.ssh, ~/.aws, browser profiles) into the VM.
# up and run refuse that without a terminal and ask on one, as they do for
# REPO_DIR above $HOME and for a current directory that holds nothing
# the repository around it tracks.

. "$(dirname "$0")/../lib/e2e.sh"

# The dotfiles repository, with a key it does not track.
make_repo "$HOME"
printf 'alias ll=ls\n' >"$HOME/.bashrc"
git -C "$HOME" add .bashrc
git -C "$HOME" commit -q -m dotfiles
mkdir -p "$HOME/.ssh" "$HOME/newproj/src"
printf 'KEY\n' >"$HOME/.ssh/id_ed25519"

# refused WHAT CMD...: refused before any sbx call.
refused()
{
	local what=$1
	shift
	calls_reset
	run_airlock "$@"
	assert_rc 1
	assert_contains "$ERR" "$what"
	assert_contains "$ERR" "nothing was started"
	assert_contains "$ERR" "--repo"
	assert_eq "" "$(calls_log)" "no sbx call"
}

t "a new project folder inside a dotfiles repository at \$HOME"
cd "$HOME/newproj/src"
refused "REPO_DIR '$HOME' is your home directory, so sbx would mount all of it" up
refused "is your home directory" run "a task"
refused "is your home directory" --dry-run up

t "REPO_DIR named explicitly as \$HOME or above it"
cd "$T"
refused "REPO_DIR '$HOME' is your home directory" --repo "$HOME" up
mkdir -p "$T/top"
git init -q -b main "$T/top"
git -C "$T/top" commit -q --allow-empty -m x
mv "$HOME" "$T/top/home"
export HOME=$T/top/home
refused "REPO_DIR '$T/top' is above your home directory" --repo "$T/top" up
mv "$HOME" "$T/home"
export HOME=$T/home

t "a folder the repository around it does not track"
make_repo "$T/proj"
mkdir -p "$T/proj/src/lib" "$T/proj/scratch/deep"
commit_file "$T/proj" src/main.c "int x;" "code"
cd "$T/proj/scratch/deep"
refused "the current directory '$T/proj/scratch/deep' holds nothing the repository around it tracks" up

t "inside the tracked tree, or the repository named, up goes on"
for d in "$T/proj" "$T/proj/src" "$T/proj/src/lib"; do
	cd "$d"
	run_airlock --dry-run up
	assert_rc 0
	assert_contains "$OUT" "--name sbx-proj claude $T/proj" "planned from $d"
done
cd "$T/proj/scratch/deep"
run_airlock --dry-run --repo "$T/proj" up
assert_rc 0
assert_contains "$OUT" "--name sbx-proj claude $T/proj"

if command -v script >/dev/null; then
	t "on a terminal the user is asked, and no means nothing starts"
	cd "$HOME/newproj"
	calls_reset
	printf 'n\n' >"$T/no"
	RC=0
	script -qec "'$AIRLOCK' up" /dev/null <"$T/no" >"$T/script.out" 2>&1 ||
	    RC=$?
	assert_rc 1
	assert_contains "$(cat "$T/script.out")" "start the sandbox on '$HOME' anyway?"
	assert_not_contains "$(calls_log)" "sbx run"

	t "and yes goes on"
	printf 'y\n' >"$T/yes"
	RC=0
	script -qec "'$AIRLOCK' up" /dev/null <"$T/yes" >"$T/script.out" 2>&1 ||
	    RC=$?
	assert_rc 0
	assert_contains "$(calls_log)" "sbx run --clone --name sbx-home claude $HOME"
fi

finish
