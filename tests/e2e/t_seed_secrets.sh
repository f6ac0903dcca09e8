#!/usr/bin/env bash
# Seeding never copies a secret.  Every secret pattern of SPEC §4 is
# planted under a fake $HOME in every way seeding could pick it up: by
# name inside a seeded directory, as a directory in the middle of a path,
# in capitals, with the prefixes and suffixes real tools use, as a
# configuration file naming a key, as a SEED_PATHS item, behind symlinks
# leading out of $HOME or onto a refused name, and behind a symlinked
# agent directory ($HOME/.codex -> elsewhere).  Each holds a marker of its
# own; after seeding, the double's whole sandbox directories are searched
# for each marker, and the files that must still arrive are checked.
# Files that change between the check and the copy are the unit tests'
# (test_seed_race.c): only a hook inside the program can hit that window.

. "$(dirname "$0")/../lib/badinput.sh"

# KIND PATH [TARGET MARKFILE]: f = a file holding the marker; j = a
# configuration file naming an API key; ln = a symlink PATH -> TARGET
# whose MARKFILE holds the marker; c = a file under an innocent name whose
# text holds a secret of the form CONTENT[TARGET] (with the marker); hl = a
# hard link PATH to TARGET, which holds the marker.  @OUT@ is a directory outside $HOME,
# @HOME@ is $HOME.  PATH is relative to $HOME; a row may go on over lines.
SECRETS=(
	# by name, in a seeded directory (~/.claude/commands)
	"f .claude/commands/auth.json"
	"f .claude/commands/oauth_creds.json"
	"f .claude/commands/.credentials.json"
	"f .claude/commands/creds.txt"
	"f .claude/commands/tokens.db"
	"f .claude/commands/access_token.txt"
	"f .claude/commands/session-1.json"
	"f .claude/commands/history.jsonl"
	"f .claude/commands/.bash_history"
	"f .claude/commands/debug.log"
	"f .claude/commands/error_log.txt"
	"f .claude/commands/logs/today.md"
	"f .claude/commands/cache/blob.md"
	"f .claude/commands/node_modules/pkg/index.js"
	"f .claude/commands/.env"
	"f .claude/commands/.env.local"
	"f .claude/commands/.envrc"
	"f .claude/commands/prod.env"
	"f .claude/commands/id_rsa"
	"f .claude/commands/id_rsa.pub"
	"f .claude/commands/id_ed25519"
	"f .claude/commands/id_ecdsa"
	"f .claude/commands/deploy_rsa"
	"f .claude/commands/server.pem"
	"f .claude/commands/tls.key"
	"f .claude/commands/tls.key~"
	"f .claude/commands/.ssh/config"
	"f .claude/commands/.gnupg/secring.gpg"
	"f .claude/commands/pubring.kbx"
	"f .claude/commands/.git/config"
	"f .claude/commands/.netrc"
	"f .claude/commands/client_secret.json"
	"f .claude/commands/cookies.sqlite"
	# as a directory in the middle of the path, at any depth
	"f .claude/skills/x/sessions/one.md"
	"f .claude/skills/x/deep/er/.ssh/config"
	"f .claude/agents/tokens/t.md"
	"f .claude/agents/Credentials/a.md"
	# in capitals and capitalised
	"f .claude/commands/TOKEN.md"
	"f .claude/commands/Debug.LOG"
	"f .claude/commands/ID_RSA"
	"f .claude/commands/History.txt"
	"f .claude/skills/x/AUTH/readme.md"
	"f .claude/skills/x/Cache/c.md"
	# a configuration file naming a key
	"j .claude/commands/settings.json"
	# SEED_PATHS items themselves
	"f .claude/.credentials.json"
	"f .claude/history.jsonl"
	"f .ssh/id_rsa"
	"f .aws/credentials"
	"f .gnupg/private-keys-v1.d/k.key"
	# symlinks inside seeded directories
	"ln .claude/commands/abs-out.md @OUT@/abs.md @OUT@/abs.md"
	"ln .claude/commands/rel-out.md ../../../outside/rel.md @OUT@/rel.md"
	"ln .claude/commands/dir-out @OUT@/dir @OUT@/dir/x.md"
	"ln .claude/commands/creds-link.md ../api-creds.json
	    @HOME@/.claude/api-creds.json"
	"ln .claude/commands/plain.md ../../.ssh/config @HOME@/.ssh/config"
	"ln .claude/skills/x/hop.md @OUT@/hop.md @OUT@/hop.md"
	"ln .claude/skills/x/chain.md hop.md @OUT@/hop.md"
	# SEED_PATHS items that are or pass through symlinks
	"ln linked-out.md @OUT@/linked.md @OUT@/linked.md"
	"ln linked-in.md .claude/.credentials.json
	    @HOME@/.claude/.credentials.json"
	"ln outdir @OUT@/odir @OUT@/odir/notes.md"
	# a symlinked agent directory, for the codex sandbox
	"ln .codex @OUT@/codex @OUT@/codex/AGENTS.md"
	# secrets in the text of files with innocent names
	"c .claude/skills/pem/SKILL.md pem"
	"c .claude/commands/deploy.md url"
	"c .claude/commands/gh.md github"
	"c .claude/commands/pat.md github-pat"
	"c .claude/commands/aws.md aws"
	"c .claude/commands/slack.md slack"
	"c .claude/commands/openai.md openai"
	"c .claude/commands/anthropic.md anthropic"
	"c .claude/commands/setup.md assign-env"
	"c .claude/agents/db.yaml assign-yaml"
	"c .claude/agents/cfg.json assign-json"
	"c .claude/agents/bearer.md bearer"
	"c .claude/skills/age/notes.txt age"
	# ~/.gitconfig with a token in a URL or a header
	"c .gitconfig git-insteadof"
	"c .config/git/config git-header"
	# credential files of well-known tools
	"f .pgpass"
	"f .my.cnf"
	"f .s3cfg"
	"f .boto"
	"f .config/hub/hub"
	"f .config/rclone/rclone.conf"
	"f .config/sops/age/keys.txt"
	"f .claude/commands/.pgpass"
	# a hard link to a key, under an innocent name
	"hl .claude/commands/notes.md .ssh/id_ed25519"
	"hl linked-key.md .ssh/id_ecdsa"
)

# The text of a c row, @M@ standing for its marker.
declare -A CONTENT=(
	[pem]=$'# key\n-----BEGIN OPENSSH PRIVATE KEY-----\n@M@\n-----END OPENSSH PRIVATE KEY-----'
	[url]='clone https://deploy:@M@@git.example.com/app.git'
	[github]=$'export GH=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n@M@'
	[github-pat]=$'github_pat_11ABCDEFG0123456789_abcdefghijklmnop\n@M@'
	[aws]=$'aws id AKIAIOSFODNN7EXAMPL3\n@M@'
	[slack]=$'xoxb-123456789012-abcdefghijklmnop\n@M@'
	[openai]=$'use sk-proj-abcdefghijklmnopqrstuvwxyz012345\n@M@'
	[anthropic]=$'sk-ant-api03-abcdefghijklmnopqrstuvwxyz\n@M@'
	[assign-env]='OPENAI_KEY=@M@'
	[assign-yaml]='db_password: "@M@"'
	[assign-json]='{"provider": {"clientSecret": "@M@"}}'
	[bearer]=$'curl -H "Bearer abcdefghijklmnopqrstuvwx"\n@M@'
	[age]=$'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n@M@'
	[git-insteadof]=$'[url "https://x-access-token:@M@@github.com/"]\n\tinsteadOf = https://github.com/'
	[git-header]=$'[http]\n\textraheader = AUTHORIZATION: basic @M@'
)
SEED_LIST="notes,.claude/.credentials.json,.claude/history.jsonl,.ssh/id_rsa"
SEED_LIST+=",.aws,.gnupg/private-keys-v1.d/k.key,linked-out.md,linked-in.md"
SEED_LIST+=",outdir/notes.md,linked-ok.md,mid-in/ok2.md,loop1,fifo"
SEED_LIST+=",.gitconfig,.config/git,.pgpass,.my.cnf,.s3cfg,.boto,.config"
SEED_LIST+=",linked-key.md"

# VMPATH|CONTENT: must arrive, under /home/agent.
ALLOWED=(
	".claude/CLAUDE.md|be careful"
	".claude/commands/review.md|review it"
	".claude/commands/catalog.md|catalog"
	".claude/commands/changelog.md|changes"
	".claude/commands/keyboard.md|keys"
	".claude/commands/env.md|env notes"
	".claude/commands/Logic.md|logic"
	".claude/commands/sub/deep.md|deep"
	".claude/commands/inside.md|deep"
	".claude/agents/reviewer.md|reviewer"
	".claude/skills/x/SKILL.md|skill"
	"notes/todo.md|keep me"
	"linked-ok.md|ok"
	"mid-in/ok2.md|ok2"
)

# NAME|VMPATH: never opened, never copied, nothing hangs.
SPECIAL=(
	"a fifo in a seeded directory|.claude/commands/fifo"
	"a fifo named in SEED_PATHS|fifo"
	"a symlink loop in a seeded directory|.claude/commands/loop-a"
	"a symlink to itself in a seeded directory|.claude/commands/self"
	"a symlink loop named in SEED_PATHS|loop1"
)

bi_class seed-secret "${#SECRETS[@]}"
bi_class seed-allowed "${#ALLOWED[@]}"
bi_class seed-special "${#SPECIAL[@]}"
bi_count_exit

. "$(dirname "$0")/../lib/e2e.sh"

export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"
R=$T/repo
make_repo "$R"
cd "$R"

OUTSIDE=$T/outside
RUNID=$RANDOM$RANDOM
mkdir -p "$OUTSIDE"

# marker I: the text of secret number I.
marker()
{
	printf 's3cr3t-%03d-%s' "$1" "$RUNID"
}

# subst TEXT: @OUT@ and @HOME@ replaced.
subst()
{
	local s=${1//@OUT@/$OUTSIDE}
	printf '%s' "${s//@HOME@/$HOME}"
}

for i in "${!SECRETS[@]}"; do
	read -r kind path target mark <<<"${SECRETS[i]//$'\n'/ }"
	m=$(marker "$i")
	mkdir -p "$(dirname "$HOME/$path")"
	case $kind in
	f)	printf '%s\n' "$m" >"$HOME/$path" ;;
	j)	printf '{"provider": {"apiKey": "%s"}}\n' "$m" >"$HOME/$path" ;;
	ln)	mark=$(subst "$mark")
		mkdir -p "$(dirname "$mark")"
		printf '%s\n' "$m" >>"$mark"
		ln -s "$(subst "$target")" "$HOME/$path" ;;
	c)	printf '%s\n' "${CONTENT[$target]//@M@/$m}" >"$HOME/$path" ;;
	hl)	mkdir -p "$(dirname "$HOME/$target")"
		printf '%s\n' "$m" >"$HOME/$target"
		ln "$HOME/$target" "$HOME/$path" ;;
	esac
done

C=$HOME/.claude
mkdir -p "$C/commands/sub" "$C/agents" "$C/skills/x" "$HOME/notes" \
    "$HOME/docs"
for row in "${ALLOWED[@]}"; do
	case ${row%%|*} in
	*/inside.md | linked-ok.md | mid-in/*) ;;	# symlinks, below
	*) printf '%s\n' "${row#*|}" >"$HOME/${row%%|*}" ;;
	esac
done
ln -s sub/deep.md "$C/commands/inside.md"
printf 'ok\n' >"$HOME/docs/ok.md"
printf 'ok2\n' >"$HOME/docs/ok2.md"
ln -s docs/ok.md "$HOME/linked-ok.md"
ln -s docs "$HOME/mid-in"
mkfifo "$C/commands/fifo" "$HOME/fifo"
ln -s loop-b "$C/commands/loop-a"
ln -s loop-a "$C/commands/loop-b"
ln -s self "$C/commands/self"
ln -s loop2 "$HOME/loop1"
ln -s loop1 "$HOME/loop2"
if [[ $(id -u) == 0 ]]; then
	mknod "$C/commands/null" c 1 3
fi

BOXES=$SBX_DOUBLE_STATE/sandboxes
VMHOME=$BOXES/sbx-repo/root/home/agent

t "seed everything: claude with SEED_PATHS, codex through a symlink"
calls_reset
SEED_PATHS=$SEED_LIST run_airlock --seed-config up
assert_rc 0
bi_no_crash
assert_contains "$ERR" "seeded "
cps=$(calls_log | grep '^sbx cp ' || true)
[[ -n $cps ]] || fail "no sbx cp at all"
# Every copy sends the private staging copy, never the original path.
while read -r _ _ src _; do
	[[ $src == "$TMPDIR"/code-airlock-seed.*/[0-9]*/* ]] ||
	    fail "sbx cp of '$src', not of a staging copy"
done <<<"$cps"
CLAUDE_ERR=$ERR
SEED_PATHS= run_airlock --agent codex --name sbx-codex --seed-config up
assert_rc 0
bi_no_crash
assert_contains "$ERR" "not seeding '~/.codex/AGENTS.md': it resolves to"
assert_eq "" "$(ls -A "$TMPDIR")" "left in TMPDIR"
ERR=$CLAUDE_ERR$'\n'$ERR

for i in "${!SECRETS[@]}"; do
	read -r kind path _ <<<"${SECRETS[i]//$'\n'/ }"
	m=$(marker "$i")
	bi_case seed-secret "$kind $path"
	hits=$(grep -rlF -- "$m" "$BOXES" 2>/dev/null || true)
	assert_eq "" "$hits" "files holding the marker of '$path' in the VM"
	assert_file_missing "$VMHOME/$path"
	assert_not_contains "$ERR" "$m" "the secret itself on stderr"
done

t "each secret left behind is named, with why, never quoted"
for why in \
    "'~/.claude/skills/pem/SKILL.md': line 2 looks like a PEM private key block" \
    "'~/.claude/commands/deploy.md': line 1 looks like a URL with a password" \
    "'~/.claude/commands/gh.md': line 1 looks like a GitHub token" \
    "'~/.claude/commands/aws.md': line 1 looks like an AWS access key" \
    "'~/.claude/commands/slack.md': line 1 looks like a Slack token" \
    "'~/.claude/commands/openai.md': line 1 looks like an OpenAI key" \
    "'~/.claude/commands/anthropic.md': line 1 looks like an Anthropic key" \
    "'~/.claude/commands/setup.md': line 1 looks like a value given to a name like KEY" \
    "'~/.claude/agents/db.yaml': " \
    "'~/.claude/agents/bearer.md': line 1 looks like a bearer token" \
    "'~/.claude/skills/age/notes.txt': line 1 looks like an age secret key" \
    "'~/.gitconfig': line 1 looks like a URL with a password" \
    "'~/.config/git/config': line 2 looks like an Authorization header" \
    "'~/.pgpass': a well-known tool keeps credentials there" \
    "'~/.config/rclone': a well-known tool keeps credentials there" \
    "'~/.claude/commands/.pgpass': a well-known tool keeps credentials there" \
    "'~/.claude/commands/notes.md': it has 2 hard links" \
    "'~/linked-key.md': it has 2 hard links"; do
	assert_contains "$ERR" "not seeding $why"
done

for row in "${ALLOWED[@]}"; do
	bi_case seed-allowed "${row%%|*}"
	f=$VMHOME/${row%%|*}
	assert_file_exists "$f"
	assert_eq "${row#*|}" "$(cat "$f" 2>/dev/null)" "content of $f"
done

for row in "${SPECIAL[@]}"; do
	bi_case seed-special "${row%%|*}"
	assert_file_missing "$VMHOME/${row#*|}"
	assert_contains "$ERR" "not seeding '~/${row#*|}'"
done

if [[ $(id -u) == 0 ]]; then
	t "a device in a seeded directory is left behind"
	assert_file_missing "$VMHOME/.claude/commands/null"
	assert_contains "$ERR" "not seeding '~/.claude/commands/null': not a"
fi

bi_finish
