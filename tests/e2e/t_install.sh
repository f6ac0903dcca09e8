#!/usr/bin/env bash
#
# Installing: `cmake --install` into a DESTDIR puts every file where
# the install layout says (binary, codelock links, man page, bash/zsh/fish
# completions, sandbox.conf.example) and the installed pieces work; and
# install.sh builds and installs with the alias rules, the PATH hint and
# the dependency check, and can run again safely.

. "$(dirname "$0")/../lib/e2e.sh"

unset PREFIX CODE_AIRLOCK_ALIAS CODE_AIRLOCK_INSTALL_ALIAS \
    CODE_AIRLOCK_NO_DEPS CODE_AIRLOCK_BUILD_DIR CODE_AIRLOCK_REPO_URL \
    CODE_AIRLOCK_REF CODE_AIRLOCK_STATIC DESTDIR

BUILD=$(dirname "$AIRLOCK")
INSTALL_SH=$AIRLOCK_SRC/install.sh

# assert_link PATH TARGET: PATH is a symlink to TARGET that resolves.
assert_link()
{
	if [[ ! -L $1 ]]; then
		fail "not a symlink: $1"
	elif [[ $(readlink "$1") != "$2" ]]; then
		fail "$1 points to '$(readlink "$1")', expected '$2'"
	elif [[ ! -e $1 ]]; then
		fail "dangling symlink: $1"
	fi
}

# ---- cmake --install ----------------------------------------------------

STAGE=$T/stage
P=$STAGE/usr

t "cmake --install honours DESTDIR and the prefix"
if [[ ! -f $BUILD/cmake_install.cmake ]]; then
	fail "no cmake_install.cmake next to $AIRLOCK"
fi
DESTDIR=$STAGE run_cmd cmake --install "$BUILD" --prefix /usr
assert_rc 0 "cmake --install"
expected="usr/bin/code-airlock f
usr/bin/codelock l
usr/share/bash-completion/completions/code-airlock f
usr/share/bash-completion/completions/codelock l
usr/share/doc/code-airlock/LICENSE f
usr/share/doc/code-airlock/README.md f
usr/share/doc/code-airlock/sandbox.conf.example f
usr/share/fish/vendor_completions.d/code-airlock.fish f
usr/share/fish/vendor_completions.d/codelock.fish l
usr/share/man/man1/code-airlock.1 f
usr/share/man/man1/codelock.1 l
usr/share/zsh/site-functions/_code-airlock f"
assert_eq "$expected" "$(cd "$STAGE" && find . ! -type d -printf '%P %y\n' |
    LC_ALL=C sort)" "installed files"

t "the installed links are relative and resolve"
assert_link "$P/bin/codelock" code-airlock
assert_link "$P/share/man/man1/codelock.1" code-airlock.1
assert_link "$P/share/bash-completion/completions/codelock" code-airlock
assert_link "$P/share/fish/vendor_completions.d/codelock.fish" \
    code-airlock.fish

t "the installed codelock runs the same program"
run_cmd "$P/bin/codelock" --version
assert_rc 0 "codelock --version"
assert_match "$OUT" '^code-airlock [0-9]+\.[0-9]+\.[0-9]+' "version line"
run_cmd "$P/bin/code-airlock" help
help=$OUT
run_cmd "$P/bin/codelock" help
assert_eq "$help" "$OUT" "help through codelock"

t "the installed completions are what the binary generates"
for sh in bash zsh fish; do
	case $sh in
	bash) f=$P/share/bash-completion/completions/code-airlock ;;
	zsh) f=$P/share/zsh/site-functions/_code-airlock ;;
	fish) f=$P/share/fish/vendor_completions.d/code-airlock.fish ;;
	esac
	run_airlock completion "$sh"
	assert_rc 0 "completion $sh"
	assert_eq "$OUT" "$(cat "$f")" "installed $sh completion"
done
assert_match "$(head -n1 "$P/share/zsh/site-functions/_code-airlock")" \
    '^#compdef code-airlock codelock' "zsh #compdef line"
cmp -s "$AIRLOCK_SRC/sandbox.conf.example" \
    "$P/share/doc/code-airlock/sandbox.conf.example" ||
    fail "installed sandbox.conf.example differs"
cmp -s "$AIRLOCK_SRC/docs/code-airlock.1" \
    "$P/share/man/man1/code-airlock.1" || fail "installed man page differs"

t "bash loads the installed completion for both names"
run_cmd bash --norc -c '
	. "$1"
	complete -p code-airlock codelock
	COMP_WORDS=(codelock st); COMP_CWORD=1; _code_airlock
	echo "words: ${COMPREPLY[*]}"' bash \
    "$P/share/bash-completion/completions/codelock"
assert_rc 0 "bash completion"
assert_match "$OUT" '^complete -F _code_airlock .*codelock' "complete -p"
assert_match "$OUT" '^words: .*status' "completing 'codelock st'"
assert_match "$OUT" '^words: .*stop' "completing 'codelock st'"

t "zsh and fish load the installed completions"
if command -v zsh >/dev/null; then
	run_cmd zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit
	    compinit -u -d "$2"; print -r -- "$_comps[codelock]"' zsh \
	    "$P/share/zsh/site-functions" "$T/zcompdump"
	assert_rc 0 "zsh compinit"
	assert_eq "_code-airlock" "$OUT" "zsh completion function for codelock"
else
	echo "# SKIP zsh is not installed"
fi
if command -v fish >/dev/null; then
	run_cmd fish --no-config -c "source '$P/share/fish/vendor_completions.d/codelock.fish'; complete -C 'codelock sta'"
	assert_rc 0 "fish completion"
	assert_match "$OUT" '^status' "fish completing 'codelock sta'"
else
	echo "# SKIP fish is not installed"
fi

t "man opens the installed page under both names"
if command -v man >/dev/null; then
	run_cmd env MANWIDTH=80 man -l "$P/share/man/man1/codelock.1"
	assert_rc 0 "man -l codelock.1"
	assert_contains "$OUT" "codelock" "rendered page"
	assert_contains "$OUT" "lockdown" "rendered page"
else
	echo "# SKIP man is not installed"
fi

# ---- install.sh ---------------------------------------------------------

# One build directory for every run below: the first run builds, the
# others only check that it is up to date.
export CODE_AIRLOCK_BUILD_DIR=$T/build CODE_AIRLOCK_NO_DEPS=1

# The alias rules look at PATH: drop directories that already hold a
# codelock (an earlier install on this machine) so the results are ours.
clean_path=''
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	[[ -e $d/codelock ]] || clean_path=${clean_path:+$clean_path:}$d
done
export PATH=$clean_path

t "install.sh --help prints the usage"
run_cmd sh "$INSTALL_SH" --help
assert_rc 0 "--help"
for w in PREFIX '~/.local/bin' /usr/local/bin CODE_AIRLOCK_ALIAS \
    CODE_AIRLOCK_INSTALL_ALIAS CODE_AIRLOCK_NO_DEPS CODE_AIRLOCK_BUILD_DIR; do
	assert_contains "$OUT" "$w" "usage"
done
run_cmd sh "$INSTALL_SH" --frobnicate
assert_rc 2 "an unknown argument"

t "install.sh with CODE_AIRLOCK_NO_DEPS=1 lists what is missing"
mkdir -p "$T/no-pc"
PKG_CONFIG_LIBDIR=$T/no-pc PREFIX=$T/none/bin run_cmd sh "$INSTALL_SH"
assert_rc 1 "missing libraries"
assert_contains "$ERR" "libgit2 inih jansson" "missing modules"
assert_contains "$ERR" "libgit2-dev libinih-dev libjansson-dev" "packages"
assert_file_missing "$T/none" "nothing installed"

t "install.sh builds and installs into PREFIX with the codelock alias"
A=$T/a/bin
PREFIX=$A run_cmd sh "$INSTALL_SH"
assert_rc 0 "install.sh"
assert_file_exists "$A/code-airlock"
[[ -x $A/code-airlock ]] || fail "$A/code-airlock is not executable"
assert_link "$A/codelock" code-airlock
assert_link "$T/a/share/man/man1/codelock.1" code-airlock.1
assert_link "$T/a/share/bash-completion/completions/codelock" code-airlock
assert_link "$T/a/share/fish/vendor_completions.d/codelock.fish" \
    code-airlock.fish
assert_file_exists "$T/a/share/zsh/site-functions/_code-airlock"
assert_file_exists "$T/a/share/doc/code-airlock/sandbox.conf.example"
assert_contains "$ERR" "$A is not on your PATH" "PATH hint"
run_cmd "$A/codelock" --version
assert_rc 0 "installed codelock --version"

t "install.sh links libgit2, inih and jansson into the binary"
run_cmd "$AIRLOCK_SRC/scripts/check-static.sh" "$A/code-airlock"
assert_rc 0 "only glibc and Kerberos stay shared"

t "install.sh can run again"
before=$(cd "$T/a" && find . -printf '%y %P %l\n' | sort)
PREFIX=$A run_cmd sh "$INSTALL_SH"
assert_rc 0 "second run"
assert_eq "$before" "$(cd "$T/a" && find . -printf '%y %P %l\n' | sort)" \
    "the same files, and no leftovers"

t "install.sh leaves a taken alias alone"
mkdir -p "$T/elsewhere"
printf '#!/bin/sh\necho other\n' >"$T/elsewhere/codelock"
chmod +x "$T/elsewhere/codelock"
PATH=$T/elsewhere:$PATH PREFIX=$T/b/bin run_cmd sh "$INSTALL_SH"
assert_rc 0 "codelock elsewhere on PATH"
assert_file_missing "$T/b/bin/codelock" "alias despite another codelock"
assert_file_missing "$T/b/share/man/man1/codelock.1" "codelock.1"
assert_contains "$ERR" "$T/elsewhere/codelock" "names the other codelock"
mkdir -p "$T/c/bin"
printf 'mine\n' >"$T/c/bin/codelock"
PREFIX=$T/c/bin run_cmd sh "$INSTALL_SH"
assert_rc 0 "a file called codelock in PREFIX"
assert_eq "mine" "$(cat "$T/c/bin/codelock")" "the file is untouched"

t "install.sh honours CODE_AIRLOCK_INSTALL_ALIAS=0 and CODE_AIRLOCK_ALIAS"
CODE_AIRLOCK_INSTALL_ALIAS=0 PREFIX=$T/d/bin run_cmd sh "$INSTALL_SH"
assert_rc 0 "CODE_AIRLOCK_INSTALL_ALIAS=0"
assert_file_exists "$T/d/bin/code-airlock"
assert_file_missing "$T/d/bin/codelock" "alias despite INSTALL_ALIAS=0"
CODE_AIRLOCK_ALIAS=calock PREFIX=$T/e/bin run_cmd sh "$INSTALL_SH"
assert_rc 0 "CODE_AIRLOCK_ALIAS=calock"
assert_link "$T/e/bin/calock" code-airlock
assert_link "$T/e/share/man/man1/calock.1" code-airlock.1
assert_file_missing "$T/e/bin/codelock" "codelock beside calock"

t "install.sh defaults to ~/.local/bin when it is on PATH"
PATH=$HOME/.local/bin:$PATH run_cmd sh "$INSTALL_SH"
assert_rc 0 "default PREFIX"
assert_file_exists "$HOME/.local/bin/code-airlock"
assert_link "$HOME/.local/bin/codelock" code-airlock
assert_file_exists "$HOME/.local/share/man/man1/code-airlock.1"
assert_not_contains "$ERR" "not on your PATH" "PATH hint"
PATH=$HOME/.local/bin:$PATH run_cmd code-airlock --version
assert_rc 0 "code-airlock found on PATH"

finish
