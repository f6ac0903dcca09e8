# shellcheck shell=bash
# The private world code-airlock runs in under the end-to-end scenarios
# (tests/lib/e2e.sh) and the benchmark (bench/lib.sh): nothing from the
# caller's environment may steer code-airlock, git or the sbx double;
# HOME, the tmux socket directory and the git identity are the world's
# own; the sbx double (tests/sbx-double/sbx) is first on PATH.  Sourced,
# not run.

WORLD_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SBX_DOUBLE_DIR=$(cd "$WORLD_LIB/../sbx-double" && pwd)

# world_env ROOT NAME EMAIL: live under ROOT (home/, tmux/, gitconfig),
# committing as NAME <EMAIL>.
world_env()
{
	local root=$1 name=$2 email=$3

	unset SANDBOX_NAME AGENT REPO_DIR GLOBAL_NETWORK_POLICY REVIEW_TOOL \
	    REVIEW_RULES \
	    TMUX_SESSION TMUX_ATTACH SEED_CONFIG SEED_USER_CONFIG SEED_PATHS \
	    FETCH_SUBMODULES FETCH_TIMEOUT PR_BRANCH ALLOW DRY_RUN USE_TMUX \
	    CODE_AIRLOCK_CONFIG TMUX TMUX_PANE NO_COLOR SBX_DOUBLE_AGENT \
	    SBX_DOUBLE_FAIL SBX_DOUBLE_FAIL_CMD SBX_DOUBLE_LS_FORMAT \
	    SBX_DOUBLE_VERSION SBX_DOUBLE_BANNER \
	    SBX_DOUBLE_POLICY_JSON SBX_DOUBLE_GRACE SBX_DOUBLE_SERVE_DELAY \
	    SBX_DOUBLE_VANISH SBX_DOUBLE_PORT SBX_TIMEOUT GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE \
	    GIT_COMMON_DIR GIT_PREFIX GIT_OBJECT_DIRECTORY \
	    GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_AUTHOR_DATE \
	    GIT_COMMITTER_DATE GIT_PAGER PAGER EDITOR VISUAL
	export HOME=$root/home
	export XDG_CONFIG_HOME=$HOME/.config
	export TMUX_TMPDIR=$root/tmux
	export GIT_CONFIG_GLOBAL=$root/gitconfig
	export GIT_CONFIG_NOSYSTEM=1
	export GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email
	export GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email
	export GIT_TERMINAL_PROMPT=0
	export LC_ALL=C.UTF-8
	export PATH=$SBX_DOUBLE_DIR:$PATH
	mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$TMUX_TMPDIR"
	printf '%s\n' '[user]' "	name = $name" "	email = $email" \
	    '[init]' '	defaultBranch = main' '[advice]' \
	    '	detachedHead = false' '[commit]' '	gpgsign = false' \
	    '[protocol "file"]' '	allow = always' >"$GIT_CONFIG_GLOBAL"
}

# make_repo DIR: a git repo on branch main with one commit (README.md).
make_repo()
{
	git init -q -b main "$1"
	printf 'hello\n' >"$1/README.md"
	git -C "$1" add README.md
	git -C "$1" commit -q -m "initial commit"
}
