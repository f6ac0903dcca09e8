#!/bin/sh
# install.sh: build code-airlock from source and install it, with the short
# codelock alias, its man page and shell completions.  Installs missing build
# dependencies with apt-get or brew unless told not to.  Safe to run again:
# every step replaces what an earlier run installed and nothing else.
#
# Run from a clone (./install.sh) or through a pipe (curl ... | sh); in the
# second case the source is cloned into a temporary directory first.
set -eu

repo_url=${CODE_AIRLOCK_REPO_URL:-https://github.com/Trivo25/code-airlock.git}
repo_ref=${CODE_AIRLOCK_REF:-main}
case ${CODE_AIRLOCK_STATIC:-1} in
0) static=OFF ;;
*) static=ON ;;
esac

usage() {
	cat <<'EOF'
usage: install.sh [-h|--help]

Build code-airlock from source and install it.

Where it goes (PREFIX is the bin directory):
  PREFIX=DIR       install the binary into DIR.  Default: ~/.local/bin when
                   that directory is on your PATH; otherwise /usr/local/bin
                   (through sudo when you are not root and cannot write
                   there), so the command works in the current shell right
                   away; ~/.local/bin with a PATH hint when neither is
                   possible.  As root on a stock system this means
                   /usr/local/bin.
  When PREFIX ends in /bin, the man page and the bash, zsh and fish
  completions go under the sibling share/ directory, and sandbox.conf.example
  under share/doc/code-airlock.

Environment:
  CODE_AIRLOCK_ALIAS=NAME      name of the short alias [codelock]
  CODE_AIRLOCK_INSTALL_ALIAS=0 do not add the alias.  It is also skipped
                               when a command of that name already exists
                               elsewhere on PATH.
  CODE_AIRLOCK_NO_DEPS=1       never install packages; fail and list what
                               is missing instead
  CODE_AIRLOCK_BUILD_DIR=DIR   build directory [SOURCE/build/release]
  CODE_AIRLOCK_STATIC=0        link libgit2, inih and jansson as shared
                               libraries instead of into the binary
  CODE_AIRLOCK_REPO_URL=URL    where to clone from when not run from a clone
  CODE_AIRLOCK_REF=REF         branch or tag to clone [main]

Build dependencies: a C compiler, make, cmake, pkg-config and the libgit2,
inih and jansson development files (on Linux also Kerberos's, for the
static link).  Missing ones are installed with apt-get (build-essential
cmake pkg-config libgit2-dev libinih-dev libjansson-dev libkrb5-dev; sudo
only when not root) or brew (cmake pkg-config libgit2 inih jansson).

The binary links libgit2, inih, jansson and their dependencies from their
static archives; only the C library and what has no static archive (on
Debian, Kerberos's GSSAPI, which libgit2 calls) stay shared.
EOF
}

say() {
	printf 'install.sh: %s\n' "$*" >&2
}

die() {
	say "$*"
	exit 1
}

case ${1-} in
-h|--help)
	usage
	exit 0
	;;
'')
	;;
*)
	say "unknown argument '$1'"
	usage >&2
	exit 2
	;;
esac

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	sudo="none"
fi

on_path() {
	case ":$PATH:" in
	*":$1:"*) return 0 ;;
	esac
	return 1
}

# Work out what is missing, as "what:apt-package:brew-package" words.
missing_deps() {
	command -v cc >/dev/null 2>&1 || printf '%s\n' cc:build-essential:
	command -v make >/dev/null 2>&1 ||
	    printf '%s\n' make:build-essential:make
	command -v cmake >/dev/null 2>&1 || printf '%s\n' cmake:cmake:cmake
	if command -v pkg-config >/dev/null 2>&1; then
		pc="pkg-config --exists"
	else
		pc=false
		printf '%s\n' pkg-config:pkg-config:pkg-config
	fi
	$pc libgit2 || printf '%s\n' libgit2:libgit2-dev:libgit2
	$pc inih || printf '%s\n' inih:libinih-dev:inih
	$pc jansson || printf '%s\n' jansson:libjansson-dev:jansson
	# Debian's libgit2.a calls GSSAPI, which has no static form: the
	# static link needs Kerberos's development files.
	if [ "$static" = ON ] && [ "$(uname -s)" = Linux ]; then
		$pc krb5-gssapi || printf '%s\n' krb5-gssapi:libkrb5-dev:
	fi
	if [ -n "${need_git-}" ] && ! command -v git >/dev/null 2>&1; then
		printf '%s\n' git:git:git
	fi
}

field() {
	printf '%s\n' "$1" | cut -d: -f"$2"
}

install_deps() {
	missing=$(missing_deps)
	[ -z "$missing" ] && return 0
	names=$(for m in $missing; do field "$m" 1; done | tr '\n' ' ')
	if [ "${CODE_AIRLOCK_NO_DEPS:-0}" = 1 ]; then
		debs=$(for m in $missing; do field "$m" 2; done | sort -u |
		    tr '\n' ' ')
		die "missing: ${names% } (Debian packages: ${debs% }); install" \
		    "them, or unset CODE_AIRLOCK_NO_DEPS to let install.sh do it"
	fi
	if command -v apt-get >/dev/null 2>&1; then
		pkgs=$(for m in $missing; do field "$m" 2; done | sort -u |
		    tr '\n' ' ')
		[ "$sudo" = none ] && die "missing: ${names% }; run as root:" \
		    "apt-get install ${pkgs% }"
		say "installing with apt-get: ${pkgs% }"
		$sudo apt-get update -qq
		# shellcheck disable=SC2086 # one word per package
		$sudo env DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -qq $pkgs
	elif command -v brew >/dev/null 2>&1; then
		case " $names " in
		*" cc "*) die "no C compiler; run: xcode-select --install" ;;
		esac
		pkgs=$(for m in $missing; do field "$m" 3; done | sort -u |
		    tr '\n' ' ')
		say "installing with brew: ${pkgs% }"
		# shellcheck disable=SC2086 # one word per package
		brew install $pkgs
	else
		die "missing: ${names% }; install them with your package manager"
	fi
	missing=$(missing_deps)
	[ -z "$missing" ] ||
	    die "still missing after installing: $(for m in $missing; do
		field "$m" 1; done | tr '\n' ' ')"
}

# The source tree: the directory of this script, or a fresh clone.
find_source() {
	here=$(dirname "$0")
	if [ -f "$here/src/main.c" ] &&
	    grep -q '^project(code-airlock' "$here/CMakeLists.txt" 2>/dev/null
	then
		src=$(cd "$here" && pwd)
		return 0
	fi
	need_git=1
	install_deps
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/code-airlock.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 1' HUP INT TERM
	say "cloning $repo_url ($repo_ref)"
	git clone -q --depth 1 --branch "$repo_ref" "$repo_url" "$tmp/src"
	src=$tmp/src
}

build() {
	build_dir=${CODE_AIRLOCK_BUILD_DIR:-$src/build/release}
	jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
	say "building in $build_dir"
	cmake -S "$src" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
	    -DAIRLOCK_TESTS=OFF -DAIRLOCK_STATIC="$static" >/dev/null ||
	    die "cmake could not configure the build (messages above)"
	cmake --build "$build_dir" -j "$jobs" >/dev/null ||
	    die "the build failed (messages above)"
	bin=$build_dir/code-airlock
	[ -x "$bin" ] || die "build produced no '$bin'"
}

choose_prefix() {
	if [ -n "${PREFIX-}" ]; then
		return 0
	fi
	user_bin=${HOME:?HOME is not set}/.local/bin
	if on_path "$user_bin"; then
		PREFIX=$user_bin
	elif [ -w /usr/local/bin ] || [ "$sudo" = sudo ]; then
		PREFIX=/usr/local/bin
	else
		PREFIX=$user_bin
	fi
}

# Run a command with sudo when DIR (or the nearest existing parent) is not
# writable by us.
as_owner_of() {
	d=$1
	shift
	while [ ! -d "$d" ]; do
		d=$(dirname "$d")
	done
	if [ -w "$d" ] || [ "$sudo" != sudo ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Copy SRC to DIR/NAME through a temporary name, so a running copy of the
# old file is never overwritten in place.
put() {
	as_owner_of "$2" mkdir -p "$2"
	as_owner_of "$2" cp "$1" "$2/.$3.$$"
	as_owner_of "$2" chmod "$4" "$2/.$3.$$"
	as_owner_of "$2" mv -f "$2/.$3.$$" "$2/$3"
}

link() {
	as_owner_of "$2" ln -sfn "$1" "$2/$3"
}

# The alias is ours to (re)create when the name is free on PATH, or taken
# only by our own earlier link.
alias_free() {
	a=$1
	if [ -e "$PREFIX/$a" ] || [ -L "$PREFIX/$a" ]; then
		[ -L "$PREFIX/$a" ] &&
		    [ "$(readlink "$PREFIX/$a")" = code-airlock ]
		return
	fi
	found=$(command -v "$a" 2>/dev/null || true)
	[ -z "$found" ]
}

install_alias() {
	alias_name=${CODE_AIRLOCK_ALIAS:-codelock}
	if [ "${CODE_AIRLOCK_INSTALL_ALIAS:-1}" = 0 ]; then
		alias_name=""
		return 0
	fi
	case $alias_name in
	*/*|'') die "CODE_AIRLOCK_ALIAS must be a plain command name" ;;
	esac
	if alias_free "$alias_name"; then
		link code-airlock "$PREFIX" "$alias_name"
		say "installed the alias $PREFIX/$alias_name"
	else
		say "not adding the alias '$alias_name': that command" \
		    "already exists ($(command -v "$alias_name" ||
		    echo "$PREFIX/$alias_name"))"
		alias_name=""
	fi
}

# Man page and completions, beside the bin directory.  Only the default
# alias gets completion links: the scripts register code-airlock and codelock.
install_share() {
	case $PREFIX in
	*/bin) share=${PREFIX%/bin}/share ;;
	*)
		say "PREFIX does not end in /bin: skipping the man page and" \
		    "completions (cmake --install installs them too)"
		return 0
		;;
	esac
	gen=$build_dir/share
	put "$src/docs/code-airlock.1" "$share/man/man1" code-airlock.1 644
	put "$gen/bash/code-airlock" "$share/bash-completion/completions" \
	    code-airlock 644
	put "$gen/zsh/_code-airlock" "$share/zsh/site-functions" \
	    _code-airlock 644
	put "$gen/fish/code-airlock.fish" "$share/fish/vendor_completions.d" \
	    code-airlock.fish 644
	put "$src/sandbox.conf.example" "$share/doc/code-airlock" \
	    sandbox.conf.example 644
	if [ -n "$alias_name" ]; then
		link code-airlock.1 "$share/man/man1" "$alias_name.1"
	fi
	if [ "$alias_name" = codelock ]; then
		link code-airlock "$share/bash-completion/completions" codelock
		link code-airlock.fish "$share/fish/vendor_completions.d" \
		    codelock.fish
	fi
	say "installed the man page and completions under $share"
}

main() {
	find_source
	install_deps
	build
	choose_prefix
	case $PREFIX in
	/*) ;;
	*) PREFIX=$(pwd)/$PREFIX ;;
	esac
	if [ "$PREFIX" = /usr/local/bin ] && [ ! -w /usr/local/bin ] &&
	    [ "$sudo" = sudo ]; then
		say "installing into /usr/local/bin with sudo (set" \
		    "PREFIX=\$HOME/.local/bin to install for yourself only)"
	fi
	put "$bin" "$PREFIX" code-airlock 755
	say "installed $PREFIX/code-airlock ($("$PREFIX/code-airlock" \
	    --version))"
	install_alias
	install_share
	if ! on_path "$PREFIX"; then
		say "$PREFIX is not on your PATH; add it, e.g.:"
		say "  echo 'export PATH=\"$PREFIX:\$PATH\"' >> ~/.profile"
		say "  export PATH=\"$PREFIX:\$PATH\""
	fi
}

main
