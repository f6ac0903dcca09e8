#!/usr/bin/env bash
#
# pr [BASE] [BRANCH] (SPEC §4): a missing origin, the branch set with
# libgit2 and pushed to a local bare origin with the user's git, then gh
# when installed, else the github.com compare URL for both URL forms.

. "$(dirname "$0")/../lib/e2e.sh"
. "$TESTS_LIB/review_fixtures.sh"

# A PATH without gh: every PATH directory holding gh is replaced by a
# copy of its symlinks minus gh.
NOGH_PATH=''
i=0
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	if [[ -x $d/gh ]]; then
		i=$((i + 1))
		mkdir -p "$T/nogh/$i"
		for f in "$d"/*; do
			[[ ${f##*/} == gh ]] || ln -s "$f" "$T/nogh/$i/"
		done
		d=$T/nogh/$i
	fi
	NOGH_PATH+=${NOGH_PATH:+:}$d
done
export PATH=$NOGH_PATH

new_repo repo
new_box
C=$(clone_dir)
BR=code-airlock/$SB

t "nothing new: nothing to propose"
git init -q --bare "$T/origin.git"
git remote add origin "$T/origin.git"
run_airlock pr
assert_rc 1
assert_contains "$ERR" "nothing to propose"

agent_script "$T/agent" <<'A'
printf 'pr\n' >pr.txt; git add pr.txt; git commit -q -m "agent pr"
A
agent_run "$T/agent"

t "a missing origin is an error that says how to add one"
git remote remove origin
run_airlock pr
assert_rc 1
assert_contains "$ERR" "no remote 'origin'"
assert_contains "$ERR" "remote add origin URL"
assert_eq "" "$(rev "$BR")" "no branch made"

t "dry-run plans the branch, the push and the compare URL"
git remote add origin git@github.com:acme/widget.git
git config url."$T/origin.git".pushInsteadOf git@github.com:acme/widget.git
run_airlock --dry-run pr
assert_rc 0
assert_eq "+ git -C $R fetch $REMOTE
+ git -C $R branch $BR $(rev main "$C")
+ git -C $R push -u origin $BR" "$OUT" "plan"
assert_eq "" "$(rev "$BR")" "no branch made"
assert_eq "" "$(rev "$BR" "$T/origin.git")" "nothing pushed"
assert_contains "$ERR" "https://github.com/acme/widget/compare/main...$BR?expand=1"

t "pr without gh: branch set, pushed with upstream, compare URL printed"
run_airlock pr
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev "$BR")" "local branch at the sandbox tip"
assert_eq "$(rev main "$C")" "$(rev "$BR" "$T/origin.git")" "pushed"
assert_eq "origin" "$(git config "branch.$BR.remote")" "upstream set"
# git push itself may say "branch ... set up to track" on stdout first.
assert_eq "https://github.com/acme/widget/compare/main...$BR?expand=1" \
    "$(tail -n 1 <<<"$OUT")" "compare URL (ssh form)"
assert_eq "main" "$(git branch --show-current)" "still on main"
assert_eq "" "$(git status --porcelain)"

t "the https form of a github.com origin, and an explicit BRANCH"
git remote set-url origin https://github.com/acme/widget
git config url."$T/origin.git".pushInsteadOf https://github.com/acme/widget
run_airlock pr main feature/x
assert_rc 0
assert_eq "https://github.com/acme/widget/compare/main...feature/x?expand=1" \
    "$(tail -n 1 <<<"$OUT")" "compare URL (https form)"
assert_eq "$(rev main "$C")" "$(rev feature/x "$T/origin.git")"

t "an origin elsewhere: pushed, no URL guessed"
git remote set-url origin "$T/origin.git"
PR_BRANCH=review/one run_airlock pr
assert_rc 0
assert_not_contains "$OUT" "https://"
assert_contains "$ERR" "open a pull request"
assert_eq "$(rev main "$C")" "$(rev review/one "$T/origin.git")"

t "with gh installed: gh pr create in the repo"
mkdir -p "$T/fakegh"
cat >"$T/fakegh/gh" <<'G'
#!/bin/sh
{ pwd; printf '%s\n' "$@"; } >"$HOME/gh.args"
G
chmod +x "$T/fakegh/gh"
PATH=$T/fakegh:$PATH run_airlock pr
assert_rc 0
assert_eq "$R
pr
create
--head
$BR
--base
main
--fill" "$(cat "$HOME/gh.args" 2>/dev/null)" "gh call"

t "the checked-out branch is never moved"
git switch -q -c mine
run_airlock pr main mine
assert_rc 1
assert_contains "$ERR" "branch 'mine' is checked out in a worktree"
assert_eq "$(rev main)" "$(rev mine)"
git switch -q main

t "a branch checked out in another worktree is never moved, not even --force"
git branch -q wtb main
git worktree add -q "$T/wt" wtb
for args in "main wtb" "--force main wtb"; do
	# shellcheck disable=SC2086 # two words on purpose
	PR_BRANCH=wtb run_airlock pr $args
	assert_rc 1
	assert_contains "$ERR" "branch 'wtb' is checked out in a worktree"
	assert_eq "$(rev main)" "$(rev wtb)" "wtb not moved ($args)"
	assert_eq "" "$(rev wtb "$T/origin.git")" "nothing pushed ($args)"
done
git worktree remove --force "$T/wt"

t "a branch holding the user's own commits is never moved back"
git branch -q userb main
git -C "$R" commit -q --allow-empty -m "user work" 2>/dev/null
git branch -q -f userb HEAD
git reset -q --hard HEAD~1
U=$(rev userb)
run_airlock pr main userb
assert_rc 1
assert_contains "$ERR" "branch 'userb' holds commits that"
assert_contains "$ERR" "name another BRANCH; --force replaces only PR_BRANCH"
assert_eq "$U" "$(rev userb)" "the user's commit kept"
run_airlock pr --force main userb
assert_rc 1
assert_eq "$U" "$(rev userb)" "--force does not reach another branch"

t "an existing branch moves forward"
git branch -q -f ffb main
run_airlock pr main ffb
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev ffb)" "fast-forwarded"

t "PR_BRANCH rewritten by the agent moves only with --force"
agent_script "$T/amend" <<'A'
printf 'again\n' >pr.txt; git commit -q -a --amend -m "agent pr again"
A
agent_run "$T/amend"
run_airlock review --summary
old=$(rev "$BR")
run_airlock pr
assert_rc 1
assert_contains "$ERR" "branch '$BR' holds commits that"
assert_contains "$ERR" "pass --force to replace PR_BRANCH '$BR'"
assert_eq "$old" "$(rev "$BR")" "not moved"
run_airlock --dry-run pr --force
assert_rc 0
assert_contains "$OUT" "+ git -C $R branch -f $BR $(rev main "$C")"
assert_contains "$OUT" "+ git -C $R push --force-with-lease -u origin $BR"
run_airlock pr --force
assert_rc 0
assert_eq "$(rev main "$C")" "$(rev "$BR")" "moved"
assert_eq "$(rev main "$C")" "$(rev "$BR" "$T/origin.git")" "force-pushed"

t "an invalid branch name is a usage error"
run_airlock pr main 'bad..name'
assert_rc 2
assert_contains "$ERR" "not a valid branch name"

t "a failing push is reported"
git remote set-url origin "$T/nowhere.git"
run_airlock pr
assert_rc 1
assert_contains "$ERR" "'git push'"

finish
