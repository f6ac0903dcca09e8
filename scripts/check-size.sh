#!/bin/sh
# check-size.sh [DIR...]: fail when a C source or header under DIR (default:
# src) is longer than 400 lines, or a function in one is longer than 60
# (from the line naming it to its closing brace).  One line per offence,
# "FILE: N lines" or "FILE:LINE: FUNCTION() is N lines"; exit 1 on any.
#
# The house style puts a function's name at the start of a line, after its
# return type, and its braces in column 0, which is what this reads.
set -eu

max_file=400
max_func=60
[ $# -gt 0 ] || set -- "$(dirname "$0")/../src"

bad=$(find "$@" -type f \( -name '*.c' -o -name '*.h' \) | sort |
    while read -r f; do
	awk -v max_file="$max_file" -v max_func="$max_func" '
	/^[A-Za-z_][A-Za-z0-9_]*\(/ && !/;[ \t]*$/ {
		name = $0; sub(/\(.*/, "", name); start = FNR; open = 0
	}
	/^\{/ && start { open = 1 }
	/^\}/ && open {
		n = FNR - start + 1
		if (n > max_func)
			printf "%s:%d: %s() is %d lines (at most %d)\n",
			    FILENAME, start, name, n, max_func
		start = 0; open = 0
	}
	END {
		if (FNR > max_file)
			printf "%s: %d lines (at most %d)\n", FILENAME, FNR,
			    max_file
	}' "$f"
done)
if [ -n "$bad" ]; then
	printf '%s\n' "$bad"
	exit 1
fi
