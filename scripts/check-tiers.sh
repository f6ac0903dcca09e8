#!/bin/sh
# Check that every source file under SRC (default: src/ of this checkout)
# includes only from its own tier or a lower one, as docs/architecture.md
# draws them:
#
#   base (0)  <  services (1)  <  helpers (2)  <  cmd (3)  <  cli (4)  <  main.c
#
# Inside services, a service may include another only along the arrows
# listed in SERVICE_ARROWS.  libgit2 (<git2.h>) is included by the git
# service alone, inih (<ini.h>) by the config service alone.
# Prints one line per violation and exits 1 when there is any.
set -eu

src=${1:-$(cd "$(dirname "$0")/.." && pwd)/src}
[ -d "$src" ] || { echo "check-tiers: no directory '$src'" >&2; exit 2; }

# service -> services it may include.
SERVICE_ARROWS='config:git seed:sbx'

find "$src" -type f \( -name '*.c' -o -name '*.h' \) | sort |
awk -v src="$src" -v arrows="$SERVICE_ARROWS" '
function tier(p) {
	if (p ~ /^base\//) return 0
	if (p ~ /^services\//) return 1
	if (p ~ /^helpers\//) return 2
	if (p ~ /^cmd\//) return 3
	if (p ~ /^cli\//) return 4
	if (p == "main.c") return 5
	return -1
}
function service(p,   a) {
	if (p !~ /^services\//) return ""
	split(p, a, "/")
	return a[2]
}
function dirname(p,   i) {
	i = match(p, /\/[^\/]*$/)
	return i ? substr(p, 1, i - 1) : ""
}
function exists(f,   line) {
	if ((getline line < f) >= 0) { close(f); return 1 }
	return 0
}
BEGIN {
	names[0] = "base"; names[1] = "services"; names[2] = "helpers"
	names[3] = "cmd"; names[4] = "cli"; names[5] = "main"
	n = split(arrows, list, " ")
	for (i = 1; i <= n; i++) allowed[list[i]] = 1
	bad = 0
}
{
	file = $0
	rel = substr(file, length(src) + 2)
	t = tier(rel)
	if (t < 0) {
		printf "%s: not in a tier folder (base, services, helpers, cmd, cli)\n", rel
		bad = 1
		next
	}
	lineno = 0
	while ((getline line < file) > 0) {
		lineno++
		if (line ~ /^#[ \t]*include[ \t]*<git2(\.h|\/)/ && rel !~ /^services\/git\//) {
			printf "%s:%d: libgit2 outside the git service\n", rel, lineno
			bad = 1
		}
		if (line ~ /^#[ \t]*include[ \t]*<ini\.h>/ && rel !~ /^services\/config\//) {
			printf "%s:%d: inih outside the config service\n", rel, lineno
			bad = 1
		}
		if (line !~ /^#[ \t]*include[ \t]*"/) continue
		inc = line
		sub(/^#[ \t]*include[ \t]*"/, "", inc)
		sub(/".*/, "", inc)
		d = dirname(rel)
		target = (d != "" ? d "/" : "") inc
		if (!exists(src "/" target)) target = inc
		if (!exists(src "/" target)) {
			printf "%s:%d: \"%s\" is not a file under src/\n", rel, lineno, inc
			bad = 1
			continue
		}
		u = tier(target)
		if (u > t) {
			printf "%s:%d: %s includes \"%s\" from %s, a higher tier\n", rel, lineno, names[t], inc, names[u]
			bad = 1
		} else if (u == 1 && t == 1) {
			a = service(rel); b = service(target)
			if (a != b && !((a ":" b) in allowed)) {
				printf "%s:%d: service %s includes service %s (allowed: %s)\n", rel, lineno, a, b, arrows
				bad = 1
			}
		}
	}
	close(file)
}
END { exit bad }
'
