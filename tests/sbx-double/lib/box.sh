# The sbx double's sandboxes: the clone, its git daemon, the VM's files
# and the commands run, create, exec, cp, stop, rm and ls.  Sourced by
# ../sbx.

valid_name()
{
	[[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9.-]+$ ]]
}

check_name()
{
	valid_name "$1" || die "invalid sandbox name '$1': use at least" \
	    "2 characters, starting with a letter or digit, then only" \
	    "letters, digits, '-' and '.'"
}

exists()
{
	[[ -f $S/sandboxes/$1/workspace ]]
}

need_box()
{
	check_name "$1"
	exists "$1" || die "sandbox '$1' not found"
}

meta()
{
	cat "$S/sandboxes/$1/$2"
}

clone_dir()
{
	REPLY="$S/sandboxes/$1/serve/$(meta "$1" repo)"
}

# True when process $1 is a git daemon of sandbox $2 (guards against a
# recycled pid).
is_our_daemon()
{
	local a args=()
	[[ $1 =~ ^[0-9]+$ && -r /proc/$1/cmdline ]] || return 1
	mapfile -d '' args <"/proc/$1/cmdline" 2>/dev/null || return 1
	for a in "${args[@]}"; do
		[[ $a == "--base-path=$S/sandboxes/$2/serve" ]] && return 0
	done
	return 1
}

daemon_alive()
{
	local pidf=$S/sandboxes/$1/daemon.pid pid
	[[ -s $pidf ]] && { read -r pid <"$pidf"; } 2>/dev/null &&
	    is_our_daemon "$pid" "$1"
}

# Any listening TCP socket on port $1?
port_in_use()
{
	local hex f local_ st
	printf -v hex ':%04X' "$1"
	for f in /proc/net/tcp /proc/net/tcp6; do
		[[ -r $f ]] || continue
		while read -r _ local_ _ st _; do
			[[ $st == 0A && $local_ == *"$hex" ]] && return 0
		done <"$f"
	done
	return 1
}

# Does process $1 hold the socket listening on 127.0.0.1:$2?
pid_listens()
{
	local hex inode='' local_ st ino fd
	if [[ ! -r /proc/net/tcp ]]; then
		(exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null
		return
	fi
	printf -v hex '0100007F:%04X' "$2"
	while read -r _ local_ _ st _ _ _ _ _ ino _; do
		if [[ $local_ == "$hex" && $st == 0A ]]; then
			inode=$ino
			break
		fi
	done </proc/net/tcp
	[[ -n $inode ]] || return 1
	for fd in "/proc/$1/fd/"*; do
		[[ $(readlink "$fd" 2>/dev/null) == "socket:[$inode]" ]] &&
		    return 0
	done
	return 1
}

# Stop the git daemon of sandbox $1 and every connection it serves: it
# runs in a session of its own (--detach), so its process group is
# exactly that.
stop_daemon()
{
	local d=$S/sandboxes/$1 pid i
	if [[ -s $d/daemon.pid ]]; then
		pid=$(<"$d/daemon.pid")
		if is_our_daemon "$pid" "$1"; then
			kill -TERM -- "-$pid" 2>/dev/null ||
			    kill "$pid" 2>/dev/null || true
			# A zombie (nobody may reap it) has no command line.
			for ((i = 0; i < 100; i++)); do
				is_our_daemon "$pid" "$1" || break
				sleep 0.02
			done
			! is_our_daemon "$pid" "$1" ||
			    kill -KILL -- "-$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$d/daemon.pid"
	[[ ! -d $d ]] || echo stopped >"$d/status"
}

# The VM stops: its git daemon and every session in it end.
stop_vm()
{
	stop_daemon "$1"
	end_sessions "$1"
}

# Wait for the daemon of sandbox $1 to listen on $2; 1 if it died.
wait_listening()
{
	local pidf=$S/sandboxes/$1/daemon.pid pid i
	for ((i = 0; i < 200; i++)); do
		if [[ -s $pidf ]]; then
			pid=$(<"$pidf")
			is_our_daemon "$pid" "$1" || return 1
			pid_listens "$pid" "$2" && return 0
		fi
		sleep 0.05
	done
	return 1
}

# The access hook (only with SBX_DOUBLE_SERVE_DELAY or SBX_DOUBLE_VANISH):
# slow every request down, or crash the sandbox on the first one.
serve_hook()
{
	local name=$1 d
	d=$S/sandboxes/$1
	if [[ -n ${SBX_DOUBLE_SERVE_DELAY:-} ]]; then
		sleep "$SBX_DOUBLE_SERVE_DELAY"
	fi
	if [[ ${SBX_DOUBLE_VANISH:-} == always ||
	    (${SBX_DOUBLE_VANISH:-} == once && ! -e $d/vanished) ]]; then
		: >"$d/vanished"
		detach __crash "$name"
		sleep 10	# ends with the daemon
	fi
}

# The VM died (test only): as `sbx stop`, without a logged call.
crash_box()
{
	exists "$1" || return 0
	stop_vm "$1"
}

hook_args()
{
	local d=$S/sandboxes/$1
	HOOK=()
	[[ -n ${SBX_DOUBLE_SERVE_DELAY:-}${SBX_DOUBLE_VANISH:-} ]] || return 0
	printf '#!/bin/sh\nexec %q __hook %q "$@"\n' "$SELF" "$1" >"$d/hook"
	chmod +x "$d/hook"
	HOOK=(--access-hook="$d/hook")
}

# Start the git daemon of sandbox $1 on a fresh random port (never the
# previous one, as a restarted sandbox gets a new port), or on
# $SBX_DOUBLE_PORT; then the watcher that stops it when idle.
start_daemon()
{
	local name=$1 d=$S/sandboxes/$1 old='' port try
	[[ -f $d/port ]] && old=$(<"$d/port")
	hook_args "$name"
	for ((try = 0; try < 30; try++)); do
		if [[ -n ${SBX_DOUBLE_PORT:-} ]]; then
			port=$SBX_DOUBLE_PORT
			((try == 0)) && ! port_in_use "$port" ||
			    die "cannot start the git daemon of sandbox" \
			    "'$name' on port $port (SBX_DOUBLE_PORT)"
		else
			port=$((20000 + (RANDOM * 32768 + RANDOM) % 40001))
			[[ $port != "$old" ]] || continue
			port_in_use "$port" && continue
		fi
		rm -f "$d/daemon.pid"
		# Closed fds 3+: a daemon holding a caller's pipe would hang it.
		(close_fds; exec git daemon --listen=127.0.0.1 --port="$port" \
		    --base-path="$d/serve" --export-all --reuseaddr \
		    "${HOOK[@]}" --detach --pid-file="$d/daemon.pid" \
		    </dev/null >/dev/null 2>&1) || continue
		if wait_listening "$name" "$port"; then
			echo "$port" >"$d/port"
			echo running >"$d/status"
			printf '%s\n' "$EPOCHREALTIME" >"$d/last-activity"
			detach __watch "$name" "$S"
			return 0
		fi
		stop_daemon "$name"
	done
	die "cannot start the git daemon of sandbox '$name'"
}

remote_url()
{
	REPLY="git://127.0.0.1:$(meta "$1" port)/$(meta "$1" repo)"
}

# Add remote sandbox-NAME to the host repo as sbx does, with both
# refspecs.  Written with git config so that a stale section is replaced.
add_host_remote()
{
	local name=$1 ws r=sandbox-$1
	ws=$(meta "$name" workspace)
	remote_url "$name"
	git -C "$ws" config --remove-section "remote.$r" 2>/dev/null || true
	git -C "$ws" config "remote.$r.url" "$REPLY"
	git -C "$ws" config --add "remote.$r.fetch" \
	    "+refs/heads/*:refs/remotes/$r/*"
	git -C "$ws" config --add "remote.$r.fetch" \
	    "+refs/heads/*:refs/sandboxes/$name/*"
}

# A stopped sandbox starts (only on an initialized policy).
ensure_running()
{
	local name=$1 ws
	daemon_alive "$name" && return 0
	need_policy
	start_daemon "$name"
	ws=$(meta "$name" workspace)
	remote_url "$name"
	if git -C "$ws" config "remote.sandbox-$name.url" >/dev/null 2>&1; then
		git -C "$ws" remote set-url "sandbox-$name" "$REPLY"
	fi
}

# Check that $1 is a usable clone-mode workspace; absolute path in REPLY.
check_workspace()
{
	local path=$1 ws top gd cd
	[[ -d $path ]] || die "workspace path '$path' does not exist"
	ws=$(cd "$path" && pwd)
	top=$(git -C "$ws" rev-parse --show-toplevel 2>/dev/null) ||
	    die "clone mode needs a git repository: '$ws' is not one"
	[[ $top == "$(cd "$ws" && pwd -P)" ]] ||
	    die "clone mode needs the top level of a git repository," \
	    "not '$ws'"
	git -C "$ws" rev-parse -q --verify 'HEAD^{commit}' >/dev/null ||
	    die "repository '$ws' has no commits; commit something first"
	[[ $(git -C "$ws" rev-parse --is-shallow-repository) == false ]] ||
	    die "failed to clone '$ws': shallow repositories are not" \
	    "supported in clone mode"
	gd=$(git -C "$ws" rev-parse --path-format=absolute --git-dir)
	cd=$(git -C "$ws" rev-parse --path-format=absolute --git-common-dir)
	[[ $gd == "$cd" ]] ||
	    die "clone mode does not support git worktrees: '$ws'" \
	    "is a linked worktree"
	REPLY=$ws
}

create_box()
{
	local name=$1 agent=$2 ws repo d branch args=(clone -q --no-local)
	[[ $agent =~ ^[a-z][a-z0-9-]*$ ]] || die "unknown agent: $agent"
	need_policy
	check_workspace "$3"
	ws=$REPLY
	repo=$(basename "$ws")
	d=$S/sandboxes/$name
	mkdir -p "$d/serve" "$d/sessions" "$d/root/tmp" "$d/root/home/agent"
	# Outside /tmp and /home/agent the VM is not the agent's to write:
	# a regular file where a directory would be makes that so, for
	# root too.
	: >"$d/root/.readonly"
	branch=$(git -C "$ws" symbolic-ref -q --short HEAD || true)
	[[ -z $branch ]] || args+=(-b "$branch")
	if ! git "${args[@]}" -- "$ws" "$d/serve/$repo" \
	    >/dev/null 2>"$d/clone.err"; then
		local why
		why=$(head -n 1 "$d/clone.err")
		rm -rf "$d"
		die "failed to clone '$ws': $why"
	fi
	# The VM sees the host repo read-only; do not offer it as a remote.
	git -C "$d/serve/$repo" remote remove origin
	printf '%s\n' "$agent" >"$d/agent"
	printf '%s\n' "$repo" >"$d/repo"
	printf '%08x-%04x-%04x\n' "$RANDOM$RANDOM" "$RANDOM" "$RANDOM" \
	    >"$d/id"
	echo stopped >"$d/status"
	printf '%s\n' "$ws" >"$d/workspace"
	kit_rules "$name" "$agent"
	start_daemon "$name"
	add_host_remote "$name"
	# sbx fetches the new sandbox once itself, with its forced refspecs:
	# refs/sandboxes/NAME/* of an earlier sandbox of that name are
	# overwritten before any client sees them.
	git -C "$ws" fetch -q "sandbox-$name" >/dev/null 2>&1 || true
}

# Map a path as the VM sees it to where the double keeps it: the
# workspace is the clone, /tmp and /home/agent live under root/, the rest
# of /home cannot be written.  all=1 maps every absolute path (cp), all=0
# only those (exec, whose other words may be programs such as /bin/sh).
map_vm_path()
{
	local name=$1 p=$2 all=$3 ws root
	ws=$(meta "$name" workspace)
	root=$S/sandboxes/$name/root
	clone_dir "$name"
	case $p in
	"$ws" | "$ws"/*) REPLY=$REPLY${p#"$ws"} ;;
	/tmp | /tmp/* | /home/agent | /home/agent/*) REPLY=$root$p ;;
	/home | /home/*) REPLY=$root/.readonly$p ;;
	/*) if ((all)); then REPLY=$root$p; else REPLY=$p; fi ;;
	*) if ((all)); then REPLY=$root/home/agent/$p; else REPLY=$p; fi ;;
	esac
}

# Run "$@" as user agent inside sandbox $1 (cwd the clone) and exit with
# its status.  The caller began the session before the sandbox started,
# so that the idle watcher never sees a started sandbox without it.
run_inside()
{
	local name=$1 stdin=$2 rc=0
	shift 2
	clone_dir "$name"
	local clone=$REPLY home=$S/sandboxes/$name/root/home/agent
	if [[ $stdin == null ]]; then
		exec </dev/null
	fi
	# In the background (stdin kept) and waited for, so that a signal to
	# sbx ends the session at once, as sbx does, instead of waiting for
	# the command to finish.
	(cd "$clone" && exec env HOME="$home" USER=agent LOGNAME=agent \
	    GIT_CONFIG_GLOBAL="$home/.gitconfig" \
	    GIT_AUTHOR_NAME="Sandbox Agent" \
	    GIT_AUTHOR_EMAIL="agent@sandbox.invalid" \
	    GIT_COMMITTER_NAME="Sandbox Agent" \
	    GIT_COMMITTER_EMAIL="agent@sandbox.invalid" \
	    SBX_NAME="$name" SBX_AGENT="$(meta "$name" agent)" \
	    "${EXTRA_ENV[@]}" "$@") <&0 &
	SESSION_CHILD=$!
	wait "$SESSION_CHILD" || rc=$?
	exit "$rc"
}

check_port_mapping()
{
	[[ $1 =~ ^([0-9.]+:)?[0-9]+:[0-9]+(/(tcp|udp))?$ ]] ||
	    die "invalid port mapping \"$1\": expected HOST_PORT:SANDBOX_PORT"
}

# Parse `run`/`create` arguments into O_CLONE, O_NAME, POS, AGENT_ARGS.
parse_run()
{
	O_CLONE=0 O_NAME='' O_NAMED=0 O_DASH=0 POS=() AGENT_ARGS=()
	while (($#)); do
		case $1 in
		--) shift; O_DASH=1; AGENT_ARGS=("$@"); break ;;
		--clone) O_CLONE=1 ;;
		--name=*) O_NAME=${1#--name=} O_NAMED=1 ;;
		--name)
			(($# > 1)) || die "flag needs an argument: --name"
			O_NAME=$2 O_NAMED=1; shift ;;
		--publish=*) check_port_mapping "${1#--publish=}" ;;
		-p | --publish)
			(($# > 1)) || die "flag needs an argument: $1"
			check_port_mapping "$2"; shift ;;
		-p?*) check_port_mapping "${1#-p}" ;;
		-*) die "unknown flag: $1" ;;
		*) POS+=("$1") ;;
		esac
		shift
	done
	((${#POS[@]} <= 2)) ||
	    die "too many arguments: ${POS[*]:2} (agent arguments go after --)"
}

cmd_run()
{
	parse_run "$@"
	if ((O_NAMED == 0)); then
		((${#POS[@]} > 0)) || die "an agent or --name is required"
		[[ -d ${POS[1]:-.} ]] ||
		    die "workspace path '${POS[1]}' does not exist"
		O_NAME=${POS[0]}-$(basename "$(cd "${POS[1]:-.}" && pwd)")
		O_NAME=${O_NAME//[!A-Za-z0-9.-]/-}
	fi
	check_name "$O_NAME"
	session_begin "$O_NAME"
	if exists "$O_NAME"; then
		ensure_running "$O_NAME"
	else
		((O_CLONE)) || die "sandbox '$O_NAME' not found (the sbx" \
		    "double creates sandboxes only with --clone)"
		((${#POS[@]} == 2)) || die "clone mode needs AGENT and PATH"
		create_box "$O_NAME" "${POS[0]}" "${POS[1]}"
	fi
	EXTRA_ENV=()
	if [[ -z ${SBX_DOUBLE_AGENT:-} ]]; then
		run_inside "$O_NAME" inherit true
	fi
	[[ -x $SBX_DOUBLE_AGENT && -f $SBX_DOUBLE_AGENT ]] ||
	    die "sbx double: SBX_DOUBLE_AGENT '$SBX_DOUBLE_AGENT' is not" \
	    "an executable file"
	run_inside "$O_NAME" inherit "$SBX_DOUBLE_AGENT" "${AGENT_ARGS[@]}"
}

cmd_create()
{
	parse_run "$@"
	((O_DASH == 0)) || die "create does not take agent arguments"
	((O_NAMED)) || die "--name is required"
	check_name "$O_NAME"
	((O_CLONE)) || die "the sbx double creates sandboxes only with --clone"
	((${#POS[@]} == 2)) || die "clone mode needs AGENT and PATH"
	! exists "$O_NAME" || die "sandbox '$O_NAME' already exists"
	create_box "$O_NAME" "${POS[0]}" "${POS[1]}"
}

cmd_exec()
{
	local stdin=null tty=0 name words=() w
	EXTRA_ENV=()
	while (($#)); do
		case $1 in
		--) shift; break ;;
		-i | --interactive) stdin=inherit ;;
		-t | --tty) tty=1 ;;
		-it | -ti) stdin=inherit; tty=1 ;;
		-e | --env)
			(($# > 1)) || die "flag needs an argument: $1"
			EXTRA_ENV+=("$2"); shift ;;
		--env=*) EXTRA_ENV+=("${1#--env=}") ;;
		-e?*) EXTRA_ENV+=("${1#-e}") ;;
		-*) die "unknown flag: $1" ;;
		*) break ;;
		esac
		shift
	done
	for w in "${EXTRA_ENV[@]}"; do
		[[ $w == [A-Za-z_]*=* ]] || die "invalid environment variable: $w"
	done
	(($# >= 2)) || die "usage: sbx exec [-it] [-e K=V] SANDBOX COMMAND" \
	    "[ARG...]"
	name=$1
	shift
	for w in "$@"; do
		[[ -n $w ]] || die "exec: empty argument strings are not" \
		    "supported"
	done
	need_box "$name"
	((tty == 0)) || [[ -t 0 ]] || die "the input device is not a TTY"
	for w in "$@"; do
		map_vm_path "$name" "$w" 0
		words+=("$REPLY")
	done
	session_begin "$name"
	ensure_running "$name"
	run_inside "$name" "$stdin" "${words[@]}"
}

# `sbx cp SRC NAME:DEST` (DEST an absolute directory that exists: SRC
# lands in it) or `sbx cp NAME:SRC DEST`.  The sandbox must run; the
# host file's mode is kept.
cmd_cp()
{
	local src dst name='' vmpath err into=0
	while (($#)) && [[ $1 == -* ]]; do
		[[ $1 == -- ]] && { shift; break; }
		die "unknown flag: $1"
	done
	(($# == 2)) || die "usage: sbx cp SRC SANDBOX:DEST | SANDBOX:SRC DEST"
	src=$1 dst=$2
	if [[ $src =~ ^([A-Za-z0-9][A-Za-z0-9.-]+):(.*)$ ]]; then
		name=${BASH_REMATCH[1]} vmpath=${BASH_REMATCH[2]}
		need_box "$name"
		map_vm_path "$name" "$vmpath" 1
		src=$REPLY
	fi
	if [[ $dst =~ ^([A-Za-z0-9][A-Za-z0-9.-]+):(.*)$ ]]; then
		[[ -z $name ]] || die "cp: copying between sandboxes is not" \
		    "supported"
		name=${BASH_REMATCH[1]} vmpath=${BASH_REMATCH[2]}
		need_box "$name"
		[[ $vmpath == /* ]] || die "cp: destination path '$vmpath'" \
		    "must be absolute"
		map_vm_path "$name" "$vmpath" 1
		dst=$REPLY
		into=1
	fi
	[[ -n $name ]] || die "cp: one of SRC or DEST must be SANDBOX:PATH"
	daemon_alive "$name" || die "sandbox '$name' is not running"
	[[ -e $src || -L $src ]] || die "cp: no such file or directory: $1"
	if ((into)) && [[ ! -d $dst ]]; then
		die "cp: destination directory '$vmpath' does not exist"
	fi
	err=$(cp -R --preserve=mode -- "$src" "$dst" 2>&1) || die "$err"
}

cmd_stop()
{
	local n
	(($#)) || die "usage: sbx stop SANDBOX..."
	for n in "$@"; do
		[[ $n != -* ]] || die "unknown flag: $n"
		need_box "$n"
	done
	for n in "$@"; do
		stop_vm "$n"
	done
}

remove_box()
{
	local name=$1 ws ref
	ws=$(meta "$name" workspace)
	stop_vm "$name"
	drop_box_rules "$name"
	rm -rf "${S:?}/sandboxes/$name"
	[[ -d $ws ]] || return 0
	# Unlike `git remote remove`, keep refs/sandboxes/NAME/*.
	git -C "$ws" config --remove-section "remote.sandbox-$name" \
	    2>/dev/null || true
	git -C "$ws" for-each-ref --format='%(refname)' \
	    "refs/remotes/sandbox-$name/" 2>/dev/null |
	    while IFS= read -r ref; do
		git -C "$ws" update-ref -d "$ref"
	done
}

cmd_rm()
{
	local force=0 names=() n answer
	while (($#)); do
		case $1 in
		-f | --force) force=1 ;;
		-*) die "unknown flag: $1" ;;
		*) names+=("$1") ;;
		esac
		shift
	done
	((${#names[@]})) || die "usage: sbx rm [--force] SANDBOX..."
	for n in "${names[@]}"; do
		need_box "$n"
	done
	if ((force == 0)); then
		[[ -t 0 ]] || die "cannot confirm removal: stdin is not a" \
		    "terminal; use --force"
		printf 'Remove %s? [y/N] ' "${names[*]}" >&2
		read -r answer || answer=n
		[[ $answer == [yY]* ]] || die "removal cancelled"
	fi
	for n in "${names[@]}"; do
		remove_box "$n"
	done
}

# One sandbox as a JSON object in REPLY (indented when $2 is set).
box_json()
{
	local n=$1 nl=${2:-} st=stopped agent ws id ports='' o
	daemon_alive "$n" && st=running
	agent=$(meta "$n" agent)
	ws=$(meta "$n" workspace)
	id=$(meta "$n" id)
	if [[ $st == running ]]; then
		ports="{\"host_ip\":\"127.0.0.1\",\"host_port\":$(meta "$n" \
		    port),\"sandbox_port\":9418,\"protocol\":\"tcp\"}"
	fi
	json_str "$n"; o="{$nl\"name\":$REPLY"
	json_str "$id"; o+=",$nl\"id\":$REPLY"
	json_str "$agent"; o+=",$nl\"agent\":$REPLY"
	o+=",$nl\"status\":\"$st\""
	json_str "$ws"; o+=",$nl\"workspaces\":[$REPLY]"
	o+=",$nl\"ports\":[$ports]$nl}"
	REPLY=$o
}

cmd_ls()
{
	local json=0 d n first=1 rows='' fmt=${SBX_DOUBLE_LS_FORMAT:-} nl=''
	while (($#)); do
		case $1 in
		--json) json=1 ;;
		*) die "unknown flag: $1" ;;
		esac
		shift
	done
	[[ -n $fmt ]] || ! older_than 0.38 || fmt=array
	[[ $fmt != pretty ]] || nl=$'\n    '
	((json)) || printf '%-24s %-10s %-8s %s\n' NAME AGENT STATUS WORKSPACE
	for d in "$S/sandboxes/"*/; do
		n=$(basename "$d")
		exists "$n" || continue
		if ((json == 0)); then
			local st=stopped
			daemon_alive "$n" && st=running
			printf '%-24s %-10s %-8s %s\n' "$n" "$(meta "$n" agent)" \
			    "$st" "$(meta "$n" workspace)"
			continue
		fi
		((first)) || rows+=','
		first=0
		box_json "$n" "$nl"
		rows+=${nl:+$'\n  '}$REPLY
	done
	((json)) || return 0
	case $fmt in
	array) printf '[%s]\n' "$rows" ;;
	pretty) printf '{\n  "sandboxes": [%s\n  ]\n}\n' "$rows" ;;
	'') printf '{"sandboxes":[%s]}\n' "$rows" ;;
	*) die "sbx double: unknown SBX_DOUBLE_LS_FORMAT '$fmt'" ;;
	esac
}
