#!/usr/bin/env bash
#
# An opt-in check of code-airlock against a real Docker Sandboxes, for a
# maintainer with sbx 0.38 or later on PATH and logged in (CI does not
# run it: it needs a VM, a login and the network).
#
#	scripts/test-real-sbx.sh [BINARY]
#
# BINARY defaults to $AIRLOCK_BIN, else build/test/code-airlock.  It makes
# a scratch repository and a uniquely named `shell` sandbox of it, commits
# inside with `sbx exec`, then runs fetch, log, review --summary, lockdown
# (and checks it with `sbx policy check` itself), unlock, stop, a fetch
# that starts the sandbox again, and rm.  The sandbox and the scratch
# files go whatever happens.  Without sbx, with an sbx older than 0.38, or
# with one that does not answer, it refuses (exit 2) and changes nothing.
# Exit 1 when a step failed, 0 when all passed.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-${AIRLOCK_BIN:-$ROOT/build/test/code-airlock}}
MIN_MAJOR=0 MIN_MINOR=38
STEP_TIMEOUT=${STEP_TIMEOUT:-600}
DEFAULT_ALLOW='api.anthropic.com,*.anthropic.com,api.openai.com,*.openai.com,github.com,*.github.com,codeload.github.com,objects.githubusercontent.com,registry.npmjs.org,*.npmjs.org'

refuse()
{
	printf 'test-real-sbx: %s; nothing was changed\n' "$*" >&2
	exit 2
}

# ---- may we run at all? (read-only) ------------------------------------

[[ -x $BIN ]] || refuse "no code-airlock binary at '$BIN': build it, or" \
    "pass its path"
command -v sbx >/dev/null || refuse "sbx (Docker Sandboxes) is not on PATH"
version=$(timeout 60 sbx version 2>/dev/null) ||
    refuse "'sbx version' failed"
if [[ $version =~ (sbx\ version|Client\ Version):?\ *v?([0-9]+)\.([0-9]+) ]]
then
	major=${BASH_REMATCH[2]} minor=${BASH_REMATCH[3]}
else
	refuse "cannot read the version in '${version%%$'\n'*}'"
fi
if ((major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR))); then
	refuse "sbx $major.$minor is older than $MIN_MAJOR.$MIN_MINOR," \
	    "the oldest code-airlock supports"
fi
timeout 60 sbx ls --json >/dev/null 2>&1 ||
    refuse "'sbx ls' fails or does not answer: run 'sbx login' in a" \
    "terminal (or 'sbx daemon restart')"

# ---- the world ---------------------------------------------------------

NAME=code-airlock-test-$$-$RANDOM
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/code-airlock-real.XXXXXX")
REPO=$SCRATCH/repo
PASSED=0 FAILED=0
created=0

cleanup()
{
	local rc=$?
	set +e
	if ((created)); then
		timeout 120 "$BIN" --repo "$REPO" --name "$NAME" unlock \
		    >/dev/null 2>&1
		timeout 300 sbx rm --force "$NAME" >/dev/null 2>&1
	fi
	rm -rf "$SCRATCH"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Our own configuration only: whatever the user set would change the test.
unset SANDBOX_NAME AGENT REPO_DIR REVIEW_TOOL TMUX_SESSION TMUX_ATTACH \
    SEED_CONFIG SEED_USER_CONFIG SEED_PATHS PR_BRANCH DRY_RUN USE_TMUX \
    CODE_AIRLOCK_CONFIG
export ALLOW=$DEFAULT_ALLOW FETCH_SUBMODULES=0

pass()
{
	PASSED=$((PASSED + 1))
	printf 'ok - %s\n' "$1"
}

failed()
{
	FAILED=$((FAILED + 1))
	printf 'not ok - %s\n' "$1"
	[[ -z ${2:-} ]] || printf '%s\n' "$2" | sed 's/^/#   /'
}

# airlock WORDS...: code-airlock on the scratch repo and sandbox; its
# output in OUT, its status in RC.
airlock()
{
	RC=0
	OUT=$(timeout "$STEP_TIMEOUT" "$BIN" --repo "$REPO" --name "$NAME" \
	    --agent shell "$@" </dev/null 2>&1) || RC=$?
}

# step WHAT WORDS...: run code-airlock; pass when it exits 0.
step()
{
	local what=$1
	shift
	airlock "$@"
	if ((RC == 0)); then
		pass "$what"
	else
		failed "$what (exit $RC)" "$OUT"
	fi
}

# allowed HOST: does `sbx policy check` let the sandbox reach HOST?
allowed()
{
	timeout 60 sbx policy check network --sandbox "$NAME" "$1" \
	    >/dev/null 2>&1
}

state()
{
	timeout 60 sbx ls --json 2>/dev/null | tr -d ' \n' |
	    grep -o "\"name\":\"$NAME\"[^}]*" | grep -o '"status":"[a-z]*"' ||
	    true
}

git init -q -b main "$REPO"
git -C "$REPO" -c user.name=Test -c user.email=test@example.invalid \
    commit -q --allow-empty -m "initial commit"

# ---- the steps ---------------------------------------------------------

created=1
if timeout "$STEP_TIMEOUT" sbx create --clone --name "$NAME" shell "$REPO" \
    >/dev/null 2>"$SCRATCH/create.err"; then
	pass "sbx create --clone --name $NAME shell"
else
	failed "sbx create" "$(cat "$SCRATCH/create.err")"
	exit 1
fi

MSG="made inside the sandbox $NAME"
if timeout "$STEP_TIMEOUT" sbx exec "$NAME" git -C "$REPO" \
    -c user.name=Agent -c user.email=agent@example.invalid \
    commit -q --allow-empty -m "$MSG" </dev/null >/dev/null 2>&1; then
	pass "a commit made inside with sbx exec"
else
	failed "a commit made inside with sbx exec"
fi

step "fetch" fetch
if git -C "$REPO" log -1 --format=%s "refs/sandboxes/$NAME/main" \
    2>/dev/null | grep -qF "$MSG"; then
	pass "the commit arrived as refs/sandboxes/$NAME/main"
else
	failed "the commit arrived as refs/sandboxes/$NAME/main"
fi

airlock log
if ((RC == 0)) && grep -qF "$MSG" <<<"$OUT"; then
	pass "log lists it"
else
	failed "log lists it (exit $RC)" "$OUT"
fi

step "review --summary" review --summary

before_out=deny
allowed example.com && before_out=allow
step "lockdown" lockdown
if allowed api.anthropic.com && allowed github.com; then
	pass "sbx policy check: ALLOW reachable"
else
	failed "sbx policy check: ALLOW reachable"
fi
if ! allowed example.com && ! allowed pypi.org; then
	pass "sbx policy check: hosts outside ALLOW denied"
else
	failed "sbx policy check: hosts outside ALLOW denied"
fi

step "unlock" unlock
after_out=deny
allowed example.com && after_out=allow
if [[ $after_out == "$before_out" ]]; then
	pass "unlock put the sandbox's policy back"
else
	failed "unlock put the sandbox's policy back ($before_out before," \
	    "$after_out after)"
fi

step "stop" stop
if [[ $(state) == '"status":"stopped"' ]]; then
	pass "the sandbox is stopped"
else
	failed "the sandbox is stopped ($(state))"
fi

step "fetch of the stopped sandbox (starts it)" fetch
if grep -q "was stopped" <<<"$OUT"; then
	pass "fetch said it started the sandbox"
else
	failed "fetch said it started the sandbox" "$OUT"
fi

step "rm --yes" rm --yes
if [[ -z $(state) ]]; then
	pass "the sandbox is gone"
	created=0
else
	failed "the sandbox is gone ($(state))"
fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
