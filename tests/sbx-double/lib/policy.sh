# The sbx double's local network policy: `policy init` once (a preset
# adds its global allow rules), global and per-sandbox allow and deny
# rules where deny always wins, the agent kit's own per-sandbox allow on
# create, `policy rm`, `policy ls [NAME] [--json]`, `policy check network`
# and `policy reset`, which stops every running sandbox.  Sourced by
# ../sbx.
#
# $P/rules holds one rule per line, tab-separated: id, scope ("all" or
# "sandbox:NAME"), decision, resource, source (preset, local, kit), name.
#
# `policy ls --json` prints, by SBX_DOUBLE_POLICY_JSON:
#   nested  {"policies":[{"name","source","applies_to","rules":[{"id",
#           "name","type","decision","resources":[...],"status"}]}]}
#   flat    [{"id","type","decision","resource","scope"}]
#   rules   {"rules":[{"id","type","decision","hosts":[...],"sandbox"}]}
#           ("sandbox" absent on a global rule)
# each with a filesystem rule allowing "**" among the network ones.

BALANCED='api.anthropic.com *.anthropic.com api.openai.com *.openai.com
github.com *.github.com codeload.github.com objects.githubusercontent.com
registry.npmjs.org *.npmjs.org pypi.org files.pythonhosted.org
proxy.golang.org sum.golang.org crates.io static.crates.io
index.crates.io rubygems.org deb.debian.org *.docker.io'

NOT_INITIALIZED='global network policy has not been initialized; run "sbx policy init" first'

need_policy()
{
	[[ -s $P/preset ]] || die "$NOT_INITIALIZED"
}

add_rule()
{
	local id=1
	[[ -s $P/seq ]] && id=$(($(<"$P/seq") + 1))
	echo "$id" >"$P/seq"
	printf 'r%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$1" "$2" "$3" "$4" \
	    "${5:-local:r$id}" >>"$P/rules"
}

policy_init()
{
	local h
	case $1 in
	allow-all | balanced | deny-all) ;;
	*) die "invalid policy \"$1\": use allow-all, balanced or deny-all" ;;
	esac
	[[ ! -s $P/preset ]] || die "global network policy is already" \
	    "initialized; use \"sbx policy reset\" first to change it"
	printf '%s\n' "$1" >"$P/preset"
	case $1 in
	allow-all) add_rule all allow '**' preset allow-all ;;
	balanced)
		for h in $BALANCED; do
			add_rule all allow "$h" preset balanced-dev
		done ;;
	esac
}

# The agent kit's own rules, added with the sandbox: its model API.
kit_rules()
{
	local h hosts=''
	case $2 in
	claude) hosts='api.anthropic.com statsig.anthropic.com' ;;
	codex) hosts='api.openai.com chatgpt.com' ;;
	gemini) hosts='generativelanguage.googleapis.com' ;;
	copilot) hosts='api.githubcopilot.com' ;;
	opencode) hosts='opencode.ai' ;;
	esac
	for h in $hosts; do
		add_rule "sandbox:$1" allow "$h" kit "kit:$1"
	done
}

# Keep the rules for which awk program $1 is false.
drop_rules()
{
	[[ -f $P/rules ]] || return 0
	awk -F '\t' "!($1)" "$P/rules" >"$P/rules.new"
	mv "$P/rules.new" "$P/rules"
}

drop_box_rules()
{
	SCOPE=sandbox:$1 drop_rules '$2 == ENVIRON["SCOPE"]'
}

# Parse [--sandbox NAME] into SCOPE ("all" or "sandbox:NAME"), the rest
# into ARGS.
parse_scope()
{
	SCOPE=all ARGS=()
	while (($#)); do
		case $1 in
		--sandbox=* | --sandbox)
			! older_than 0.38 || die "unknown flag: --sandbox"
			if [[ $1 == --sandbox ]]; then
				(($# > 1)) || die "flag needs an argument:" \
				    "--sandbox"
				SCOPE=sandbox:$2
				shift
			else
				SCOPE=sandbox:${1#--sandbox=}
			fi ;;
		*) ARGS+=("$1") ;;
		esac
		shift
	done
	[[ $SCOPE == all ]] || need_box "${SCOPE#sandbox:}"
}

policy_rule()
{
	local decision=$1 h hosts=()
	shift
	[[ ${1:-} == network ]] || die "unknown policy type: ${1:-}" \
	    "(only network is supported)"
	shift
	parse_scope "$@"
	set -- "${ARGS[@]}"
	for h in "$@"; do
		[[ $h != -* ]] || die "unknown flag: $h"
	done
	(($# == 1)) || die "usage: sbx policy $decision network" \
	    "[--sandbox NAME] RESOURCES"
	need_policy
	IFS=, read -ra hosts <<<"$1"
	((${#hosts[@]})) || die "no resources given"
	for h in "${hosts[@]}"; do
		[[ -n $h && $h != *[[:space:]]* && $h != *://* ]] ||
		    die "invalid resource \"$h\""
	done
	for h in "${hosts[@]}"; do
		add_rule "$SCOPE" "$decision" "$h" local
	done
}

policy_rm()
{
	local res='' rest=()
	[[ ${1:-} == network ]] || die "unknown policy type: ${1:-}"
	shift
	parse_scope "$@"
	set -- "${ARGS[@]}"
	while (($#)); do
		case $1 in
		--resource=*) res=${1#--resource=} ;;
		--resource)
			(($# > 1)) || die "flag needs an argument: --resource"
			res=$2; shift ;;
		-*) die "unknown flag: $1" ;;
		*) rest+=("$1") ;;
		esac
		shift
	done
	((${#rest[@]} == 0)) || die "unexpected argument: ${rest[0]}"
	[[ -n $res ]] || die "usage: sbx policy rm network [--sandbox NAME]" \
	    "--resource RESOURCE"
	if ! awk -F '\t' -v s="$SCOPE" -v r="$res" \
	    '$2 == s && $4 == r { f = 1 } END { exit !f }' \
	    "$P/rules" 2>/dev/null; then
		die "no network rule for \"$res\" in scope $SCOPE"
	fi
	RES=$res SCOPE=$SCOPE drop_rules \
	    '$2 == ENVIRON["SCOPE"] && $4 == ENVIRON["RES"]'
}

# ---- matching ----------------------------------------------------------

# Dotted IPv4 $1 as a number in REPLY; 1 when it is none.
ip4()
{
	local a b c d
	[[ $1 =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || return 1
	a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]} c=${BASH_REMATCH[3]}
	d=${BASH_REMATCH[4]}
	((a < 256 && b < 256 && c < 256 && d < 256)) || return 1
	REPLY=$(((a << 24) | (b << 16) | (c << 8) | d))
}

# Split resource or target $1 into R_HOST and R_PORT ('' when none).
split_hostport()
{
	local r=$1
	R_PORT=''
	if [[ $r =~ ^\[([^]]*)\](:([0-9]+))?$ ]]; then
		R_HOST=${BASH_REMATCH[1]} R_PORT=${BASH_REMATCH[3]}
	elif [[ $r == *:*:* ]]; then
		R_HOST=$r
	elif [[ $r == *:* ]]; then
		R_HOST=${r%:*} R_PORT=${r##*:}
	else
		R_HOST=$r
	fi
	R_HOST=${R_HOST,,}
}

# Does resource $1 match host $2 on port $3?
res_matches()
{
	local host=$2 port=$3 h net len mask
	[[ $1 == '**' ]] && return 0
	split_hostport "$1"
	h=$R_HOST
	[[ -z $R_PORT || $R_PORT == "$port" ]] || return 1
	if [[ $h == */* ]]; then
		net=${h%/*} len=${h#*/}
		ip4 "$net" || return 1
		net=$REPLY
		ip4 "$host" || return 1
		((len == 0)) && return 0
		mask=$(((0xffffffff << (32 - len)) & 0xffffffff))
		(((REPLY & mask) == (net & mask)))
		return
	fi
	case $h in
	'**') return 0 ;;
	'**.'*) [[ $host == *".${h#\*\*.}" ]] ;;
	'*.'*) [[ $host == *".${h#\*.}" && ${host%".${h#\*.}"} != *.* ]] ;;
	*) [[ $host == "$h" ]] ;;
	esac
}

# Parse a check target (host, host:port, IP, [v6]:port or URL) into
# T_HOST and T_PORT (443 for a bare host).
parse_target()
{
	local t=$1 port=443
	case $t in
	http://*) t=${t#http://} port=80 ;;
	https://*) t=${t#https://} ;;
	*://*) t=${t#*://}; port='' ;;
	esac
	t=${t%%/*}
	split_hostport "$t"
	[[ -n $R_HOST ]] || die "invalid target \"$1\""
	T_HOST=$R_HOST T_PORT=${R_PORT:-$port}
	[[ -n $T_PORT ]] || die "target \"$1\": this scheme needs a port"
}

policy_check()
{
	local json=0 t rows=() line id scope dec res decision=deny reason
	[[ ${1:-} == network ]] || die "unknown check type: ${1:-}"
	shift
	parse_scope "$@"
	set --
	for t in "${ARGS[@]}"; do
		case $t in
		--json) json=1 ;;
		-*) die "unknown flag: $t" ;;
		*) set -- "$@" "$t" ;;
		esac
	done
	(($# == 1)) || die "usage: sbx policy check network [--sandbox" \
	    "NAME] TARGET"
	need_policy
	parse_target "$1"
	reason="no matching allow rule (default deny)"
	[[ -f $P/rules ]] && mapfile -t rows <"$P/rules"
	for line in "${rows[@]}"; do
		IFS=$'\t' read -r id scope dec res _ <<<"$line"
		[[ $scope == all || $scope == "$SCOPE" ]] || continue
		res_matches "$res" "$T_HOST" "$T_PORT" || continue
		if [[ $dec == deny ]]; then
			decision=deny reason="denied by rule $id ($res)"
			break
		fi
		if [[ $decision == deny && $reason == no* ]]; then
			decision=allow reason="allowed by rule $id ($res)"
		fi
	done
	if ((json)); then
		json_str "$reason"
		printf '{"decision":"%s","target":"%s:%s","reason":%s}\n' \
		    "$decision" "$T_HOST" "$T_PORT" "$REPLY"
	else
		[[ $decision == allow ]] && t=Allowed || t=Denied
		printf 'Decision: %s\nTarget:   %s:%s\nReason:   %s\n' "$t" \
		    "$T_HOST" "$T_PORT" "$reason"
	fi
	[[ $decision == allow ]]
}

# ---- listing -----------------------------------------------------------

FS_RULE='"id":"default-fs-read-allow-all","type":"filesystem:read","decision":"allow"'

# The rules that apply to sandbox $1 (every rule when empty) in ROWS.
select_rules()
{
	local line scope
	ROWS=()
	[[ -f $P/rules ]] || return 0
	while IFS= read -r line; do
		IFS=$'\t' read -r _ scope _ <<<"$line"
		if [[ -z $1 || $scope == all || $scope == "sandbox:$1" ]]; then
			ROWS+=("$line")
		fi
	done <"$P/rules"
}

# One rule in the shape $1 in REPLY.
rule_json()
{
	local id scope dec res src name o
	IFS=$'\t' read -r id scope dec res src name <<<"$2"
	json_str "$res"
	case $1 in
	nested) o="{\"id\":\"$id\",\"name\":\"$name\",\"type\":\"network\""
		o+=",\"decision\":\"$dec\",\"resources\":[$REPLY]"
		o+=",\"status\":\"active\"}" ;;
	flat) o="{\"id\":\"$id\",\"type\":\"network\",\"decision\":\"$dec\""
		o+=",\"resource\":$REPLY,\"scope\":\"$scope\"}" ;;
	rules) o="{\"id\":\"$id\",\"type\":\"network\",\"decision\":\"$dec\""
		o+=",\"hosts\":[$REPLY]"
		[[ $scope == all ]] || o+=",\"sandbox\":\"${scope#sandbox:}\""
		o+="}" ;;
	esac
	REPLY=$o
}

# The nested shape: one policy per (source, scope).
nested_json()
{
	local line key src scope out='' first=1 k keys=() r
	declare -A body=()
	for line in "${ROWS[@]}"; do
		IFS=$'\t' read -r _ scope _ _ src _ <<<"$line"
		[[ $src == kit ]] || src=local
		key="$src|$scope"
		[[ -v "body[$key]" ]] || { keys+=("$key"); body[$key]=''; }
		rule_json nested "$line"
		body[$key]+=${body[$key]:+,}$REPLY
	done
	if [[ ! -v "body[local|all]" ]]; then
		keys=("local|all" "${keys[@]}")
		body["local|all"]=''
	fi
	for k in "${keys[@]}"; do
		src=${k%%|*} scope=${k#*|}
		r=${body[$k]}
		[[ $k != "local|all" ]] ||
		    r="{$FS_RULE,\"resources\":[\"**\"],\"status\":\"active\"}${r:+,}$r"
		((first)) || out+=','
		first=0
		[[ $src == kit ]] && key="kit:${scope#sandbox:}" ||
		    key=local-policy
		out+="{\"name\":\"$key\",\"source\":\"$src\",\"applies_to\":"
		out+="\"$scope\",\"rules\":[$r]}"
	done
	printf '{"policies":[%s]}\n' "$out"
}

policy_ls()
{
	local json=0 wide=0 name='' line shape=${SBX_DOUBLE_POLICY_JSON:-nested}
	local out id scope dec res
	while (($#)); do
		case $1 in
		--json) ! older_than 0.35 || die "unknown flag: --json"
			json=1 ;;
		--wide) wide=1 ;;
		-*) die "unknown flag: $1" ;;
		*) [[ -z $name ]] || die "too many arguments"
			name=$1 ;;
		esac
		shift
	done
	select_rules "$name"
	if ((json == 0)); then
		printf '%-14s %-8s %-20s %s\n' POLICY SOURCE 'APPLIES TO' SUMMARY
		((wide)) || return 0
		for line in "${ROWS[@]}"; do
			IFS=$'\t' read -r id scope dec res _ <<<"$line"
			printf '  %-6s %-20s %-6s %s\n' "$id" "$scope" "$dec" "$res"
		done
		return 0
	fi
	case $shape in
	nested) nested_json; return 0 ;;
	flat) out="{$FS_RULE,\"resource\":\"**\",\"scope\":\"all\"}" ;;
	rules) out="{$FS_RULE,\"hosts\":[\"**\"]}" ;;
	*) die "sbx double: unknown SBX_DOUBLE_POLICY_JSON '$shape'" ;;
	esac
	for line in "${ROWS[@]}"; do
		rule_json "$shape" "$line"
		out+=",$REPLY"
	done
	[[ $shape == flat ]] && printf '[%s]\n' "$out" ||
	    printf '{"rules":[%s]}\n' "$out"
}

# ---- reset and the rest ------------------------------------------------

# Every rule of every sandbox goes and the sbx daemon restarts, so every
# running sandbox stops.  On a terminal sbx asks for a new preset;
# without one the policy stays uninitialized.
policy_reset()
{
	local d n answer
	(($# == 0)) || die "unknown flag: $1"
	for d in "$S/sandboxes/"*/; do
		n=$(basename "$d")
		exists "$n" && stop_vm "$n"
	done
	rm -f "$P/preset" "$P/rules"
	if [[ -t 0 ]]; then
		echo tty >>"$P/resets"
		printf '%s\n' "Choose a default network policy:" \
		    "  1. allow-all  2. balanced  3. deny-all" >&2
		read -r answer || answer=''
		case $answer in
		1) policy_init allow-all ;;
		2) policy_init balanced ;;
		3) policy_init deny-all ;;
		esac
	else
		echo no-tty >>"$P/resets"
	fi
}

cmd_policy()
{
	local sub=${1:-}
	(($#)) && shift
	case $sub in
	init)
		(($# == 1)) || die "usage: sbx policy init" \
		    "allow-all|balanced|deny-all"
		policy_init "$1" ;;
	allow | deny) policy_rule "$sub" "$@" ;;
	rm) policy_rm "$@" ;;
	ls) policy_ls "$@" ;;
	check) policy_check "$@" || exit 1 ;;
	reset) policy_reset "$@" ;;
	log)
		(($# <= 1)) || die "usage: sbx policy log [SANDBOX]"
		[[ $# -eq 0 ]] || need_box "$1"
		printf '%-24s %-28s %-8s %s\n' SANDBOX HOST ACTION COUNT
		printf '%-24s %-28s %-8s %s\n' "${1:-*}" api.anthropic.com \
		    allowed 12 "${1:-*}" example.com blocked 1 ;;
	'') die "usage: sbx policy init|allow|deny|rm|ls|check|reset|log" ;;
	*) die "unknown command: policy $sub" ;;
	esac
}
