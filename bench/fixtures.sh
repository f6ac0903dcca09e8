# Fixture worlds for bench/run.sh, built with the sbx double and cached
# under $FIX: each world is a directory holding a host repo (host/) and
# the double's state (sbx/), stamped with a key of the sizes and of the
# code that builds it, and rebuilt only when that key changes.  The
# double's state names absolute paths, so the key includes $FIX too.
# Sourced, not run; needs lib.sh.

BENCH_AGENT=$BENCH/agent.sh

# fixture_key WORDS...: a hash of WORDS and of the fixture code.
fixture_key()
{
	{
		printf '%s\n' "$FIX" "$@"
		cat "$BENCH/gen-history.awk" "$BENCH/agent.sh" \
		    "$BENCH/fixtures.sh" "$SRC/tests/sbx-double/sbx" \
		    "$SRC/tests/lib/world.sh" "$SRC"/tests/sbx-double/lib/*.sh
	} | git hash-object --stdin
}

# fixture WORLD BUILDER ARGS...: make $FIX/WORLD with BUILDER unless
# its stamp matches.  Leaves SBX_DOUBLE_STATE pointing at the world.
fixture()
{
	local w=$FIX/$1 builder=$2 key t0
	shift 2
	key=$(fixture_key "$builder" "$@")
	export SBX_DOUBLE_STATE=$w/sbx
	if [[ -f $w/stamp && $(<"$w/stamp") == "$key" ]]; then
		return 0
	fi
	if [[ -d $w/sbx ]]; then
		sbx __stop-all >/dev/null 2>&1 || true
	fi
	rm -rf "$w"
	mkdir -p "$w"
	# A machine whose network policy was initialized, as sbx requires.
	sbx __policy-preset balanced
	say "building fixture ${w##*/} ($builder $*)"
	t0=$(now_ns)
	"$builder" "$w" "$@"
	echo "$key" >"$w/stamp"
	say "  built in $((($(now_ns) - t0) / 1000000)) ms"
}

# agent NAME ARGS...: run the generator agent in sandbox NAME.
agent()
{
	local name=$1
	shift
	SBX_DOUBLE_AGENT=$BENCH_AGENT sbx run --name "$name" -- "$@" \
	    >/dev/null
}

# Startup and round trips: a small repo and one sandbox with a few
# agent commits, already fetched once.
build_startup()
{
	local w=$1
	make_repo "$w/host"
	sbx create --clone --name bench-start shell "$w/host" >/dev/null
	agent bench-start commits=5 files=5 repack=0 salt=1
	git -C "$w/host" fetch -q sandbox-bench-start
	sbx stop bench-start
}

# Fetch: host/ is the pristine repo before the fetch; the sandbox holds
# COMMITS agent commits adding FILES files (and changing 3 a commit).
build_fetch()
{
	local w=$1 commits=$2 files=$3
	make_repo "$w/host"
	sbx create --clone --name bench-fetch shell "$w/host" >/dev/null
	agent bench-fetch "commits=$commits" "files=$files" touch=3 \
	    size=big t0=1710000000
	sbx stop bench-fetch
}

# Large blob: the sandbox commits one blob of BYTES zero bytes (a few MB
# on the wire), fetched once into host/.
build_blob()
{
	local w=$1 bytes=$2
	host_repo "$w/host"
	sbx create --clone --name bench-blob shell "$w/host" >/dev/null
	agent bench-blob "zeros=$bytes"
	git -C "$w/host" fetch -q sandbox-bench-blob
	sbx stop bench-blob
}

# Branches: host/ is the pristine repo (with the main sbx fetched when it
# created the sandbox); the sandbox holds COUNT branches agent/bNNNN, each
# one commit on main adding a file of its own.
build_branches()
{
	local w=$1 count=$2
	host_repo "$w/host"
	sbx create --clone --name bench-branches shell "$w/host" >/dev/null
	awk -v n="$count" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "commit refs/heads/agent/b%04d\n", i
			printf "committer Agent <agent@example.com> %d +0000\n",
			    1710000000 + i
			printf "data <<EOM\nbranch %d\nEOM\n", i
			printf "from refs/heads/main^0\n"
			printf "M 644 inline b%04d.txt\ndata <<EOM\n%d\nEOM\n", i, i
		}
	}' | sbx exec -i bench-branches git fast-import --quiet
	sbx stop bench-branches
}

# History: a host repo with COMMITS commits on main, a sandbox with 10
# more, fetched once.
build_history()
{
	local w=$1 commits=$2
	git init -q -b main "$w/host"
	awk -v commits="$commits" -v files=1000 -v who="Bench User \
<bench@example.com>" -f "$BENCH/gen-history.awk" |
	    git -C "$w/host" fast-import --quiet
	git -C "$w/host" reset -q --hard
	git -C "$w/host" repack -adq
	sbx create --clone --name bench-hist shell "$w/host" >/dev/null
	agent bench-hist commits=10 files=10 repack=0 salt=1 \
	    t0=1800000000
	git -C "$w/host" fetch -q sandbox-bench-hist
	sbx stop bench-hist
}

# ls: COUNT stopped sandboxes of one small repo.
build_ls()
{
	local w=$1 count=$2 i names=()
	make_repo "$w/host"
	for ((i = 0; i < count; i++)); do
		names+=("$(printf 'bench-ls-%03d' "$i")")
		sbx create --clone --name "${names[i]}" shell "$w/host" \
		    >/dev/null
	done
	sbx stop "${names[@]}"
}
