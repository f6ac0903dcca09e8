# The sbx double's sessions and the idle auto-stop.  Each `sbx run` or
# `sbx exec` is one session while it runs (a file sessions/PID holding
# the process's start time, so that a recycled pid is not taken for it).
# A watcher per running sandbox stops it SBX_DOUBLE_GRACE seconds after
# the last session ended, as a local sandbox stops by itself; with a
# grace of 0 the last session stops it as it ends.  Sourced by ../sbx.

# The start time of process $1 (field 22 of /proc/PID/stat) in REPLY;
# 1 when it is gone or a zombie.
proc_start()
{
	local s f
	{ read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
	s=${s##*) }
	read -ra f <<<"$s"
	[[ ${f[0]} != Z ]] || return 1
	REPLY=${f[19]}
}

SESSION_BOX='' SESSION_CHILD=''

# A signal ends the session at once: its command goes too, unless
# SBX_DOUBLE_EXEC_ORPHAN=1 (as `docker exec` does, it is left running).
session_signal()
{
	if [[ -n $SESSION_CHILD && ${SBX_DOUBLE_EXEC_ORPHAN:-0} != 1 ]]; then
		kill_tree "$SESSION_CHILD"
	fi
	exit "$1"
}

session_begin()
{
	local d=$S/sandboxes/$1
	proc_start $$ || die "sbx double: cannot read /proc/$$/stat"
	mkdir -p "$d/sessions"
	printf '%s\n' "$REPLY" >"$d/sessions/$$"
	SESSION_BOX=$1
	trap session_end EXIT
	trap 'session_signal 143' TERM
	trap 'session_signal 129' HUP
	trap 'session_signal 130' INT
}

session_end()
{
	local name=$SESSION_BOX d
	[[ -n $name ]] || return 0
	SESSION_BOX=''
	d=$S/sandboxes/$name
	rm -f "$d/sessions/$$"
	[[ -d $d ]] || return 0
	if ! exists "$name"; then
		rm -rf "$d"	# its creation failed
		return 0
	fi
	printf '%s\n' "$EPOCHREALTIME" >"$d/last-activity"
	secs_to_us "${SBX_DOUBLE_GRACE:-45}"
	if ((REPLY == 0)) && ! live_sessions "$name"; then
		stop_daemon "$name"
	fi
}

# Pids of the live sessions of sandbox $1 in SESSIONS (stale files go).
list_sessions()
{
	local f pid want
	SESSIONS=()
	for f in "$S/sandboxes/$1/sessions/"*; do
		[[ -f $f ]] || continue
		pid=${f##*/}
		{ read -r want <"$f"; } 2>/dev/null || continue
		if proc_start "$pid" && [[ $REPLY == "$want" ]]; then
			SESSIONS+=("$pid")
		else
			rm -f "$f"
		fi
	done
}

live_sessions()
{
	list_sessions "$1"
	((${#SESSIONS[@]} > 0))
}

count_sessions()
{
	list_sessions "$1"
	REPLY=${#SESSIONS[@]}
}

# Kill process $1 and everything below it (children first: a shell
# waiting for its child runs its traps only once the child is gone).
kill_tree()
{
	local c
	for c in $(pgrep -P "$1" 2>/dev/null || true); do
		kill_tree "$c"
	done
	kill -TERM "$1" 2>/dev/null || true
}

# The VM stopped: every session in it ends (never this very process).
end_sessions()
{
	local pid
	list_sessions "$1"
	for pid in "${SESSIONS[@]}"; do
		[[ $pid != "$$" ]] || continue
		kill_tree "$pid"
	done
}

# __watch NAME: stop sandbox NAME once it has had no session for the
# grace period; return when it stopped or is gone.  One watcher per
# sandbox (flock), started detached by start_daemon with the state dir
# as a second word, so that __stop-all can find it by its command line.
watch_box()
{
	local name=$1 d grace step last
	d=$S/sandboxes/$name
	[[ -d $d ]] || return 0
	exec 9>>"$d/watcher.lock"
	flock -n 9 || return 0
	printf '%s\n' "$$" >"$d/watcher.pid"
	# A FIFO nobody writes to: read -t on it waits without a fork, so
	# many idle watchers cost next to nothing.
	rm -f "$d/watcher.fifo"
	mkfifo "$d/watcher.fifo"
	exec 8<>"$d/watcher.fifo"
	secs_to_us "${SBX_DOUBLE_GRACE:-45}"
	grace=$REPLY
	step=1
	((grace >= 5000000)) || step=0.1
	((grace >= 1000000)) || step=0.05
	while exists "$name" && daemon_alive "$name"; do
		if ! live_sessions "$name"; then
			{ read -r last <"$d/last-activity"; } 2>/dev/null ||
			    last=$EPOCHREALTIME
			usecs "$last"
			last=$REPLY
			usecs
			if ((REPLY - last >= grace)); then
				stop_daemon "$name"
				break
			fi
		fi
		read -r -t "$step" -u 8 _ || true
	done
	rm -f "$d/watcher.pid" "$d/watcher.fifo"
}

# Test-only: stop every process this state dir started.
stop_all()
{
	local d n pid f esc
	for f in "$S/blocked/"*; do
		[[ -f $f ]] || continue
		kill -TERM "${f##*/}" 2>/dev/null || true
		rm -f "$f"
	done
	if [[ -d $S/sandboxes ]]; then
		for d in "$S/sandboxes/"*/; do
			[[ -d $d ]] || continue
			n=$(basename "$d")
			valid_name "$n" || continue
			if [[ -s $d/watcher.pid ]]; then
				kill -TERM "$(<"$d/watcher.pid")" 2>/dev/null ||
				    true
			fi
			end_sessions "$n"
			stop_daemon "$n"
		done
	fi
	# A daemon or watcher whose pid file was lost: its command line
	# names our dir.
	command -v pgrep >/dev/null || return 0
	esc=$(printf '%s' "$S" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
	for pid in $(pgrep -f -- "--base-path=$esc/sandboxes/" || true) \
	    $(pgrep -f -- " __watch [^ ]+ $esc\$" || true); do
		kill "$pid" 2>/dev/null || true
	done
}
