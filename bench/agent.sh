#!/usr/bin/env bash
#
# The benchmark's "agent": the sbx double runs it inside the sandbox's
# clone (SBX_DOUBLE_AGENT) with the agent arguments given after `--`.
# It commits synthetic history on the current branch with git
# fast-import instead of thousands of `git commit`s, then repacks so
# that the sandbox's git daemon serves a packed repository, as it would
# after `git gc`.
#
#	sbx run --name NAME -- commits=3000 files=20000 touch=3 size=big
#	sbx run --name NAME -- zeros=1610612736
#
# Every argument is a variable of gen-history.awk, but for repack=0,
# which skips the repack (a few commits on a long history), and zeros=N,
# which instead commits one file of N zero bytes (zeros.img), streamed
# into the pack as git stores any blob over core.bigFileThreshold.

set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
branch=$(git symbolic-ref HEAD)
vars=(-v "ref=$branch" -v "from=$branch^0")
if [[ ${1:-} == zeros=* ]]; then
	n=${1#zeros=}
	{
		printf 'blob\nmark :1\ndata %s\n' "$n"
		head -c "$n" /dev/zero
		printf '\ncommit %s\n' "$branch"
		printf 'committer Bench Agent <agent@bench.invalid> 1710000000 +0000\n'
		printf 'data 12\na large blob\nfrom %s^0\n' "$branch"
		printf 'M 100644 :1 zeros.img\n\n'
	} | git fast-import --quiet
	exit 0
fi
repack=1
for a in "$@"; do
	case $a in
	repack=*) repack=${a#repack=} ;;
	*) vars+=(-v "$a") ;;
	esac
done
awk "${vars[@]}" -f "$here/gen-history.awk" | git fast-import --quiet
# Nothing reads the clone's work tree, so it is left behind the branch.
if ((repack)); then
	git repack -adfq
fi
