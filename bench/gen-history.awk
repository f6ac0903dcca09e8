# Write a git fast-import stream of synthetic history to stdout, so that
# the benchmark's fixtures take seconds to build instead of running
# `git commit` thousands of times.  Deterministic: the same variables give
# the same stream, hence the same commit ids.
#
#	mawk -v commits=3000 -v files=20000 -v size=big \
#	    -v ref=refs/heads/main -v from='refs/heads/main^0' \
#	    -f gen-history.awk | git fast-import --quiet
#
# Variables:
#   commits   number of commits to write
#   files     number of distinct paths; when files >= commits, each commit
#             adds its share of new files, otherwise the first `files`
#             commits add one file each and the rest change one
#   touch     existing files changed by each commit besides those it adds
#             [0]
#   size      "big": ~5 KiB of code-like text per file, about half of
#             which survives zlib (so the pack size is that of real
#             source); "small": one line per file [small]
#   ref       branch to write [refs/heads/main]
#   from      commit-ish the first commit builds on; empty starts a new
#             history [empty]
#   who       "Name <email>" of author and committer [Bench Agent ...]
#   t0        timestamp of the first commit [1700000000]
#   salt      number mixed into contents so two histories differ [0]

function path(f)
{
	return sprintf("p%02d/m%02d/f%05d.c", f % 10, int(f / 10) % 20, f)
}

# Contents of file f in revision rev (0 = as created).  Each revision
# replaces one line in 23, so a change deltifies against its parent.
function body(f, rev,    n, i, s, line)
{
	if (size != "big")
		return sprintf("file %d revision %d salt %d\n", f, rev, salt)
	srand(f * 7919 + salt)
	n = 80 + int(rand() * 80)
	s = ""
	for (i = 0; i < n; i++) {
		line = sprintf("\tv%d = f%x(%d, 0x%08x, 0x%08x);\n",
		    int(rand() * 1000), int(rand() * 65536), i,
		    int(rand() * 4294967295), int(rand() * 4294967295))
		if (rev > 0 && i % 23 == rev % 23)
			line = sprintf("\t/* revision %d */ w%d = %d;\n",
			    rev, i, rev * i)
		s = s line
	}
	return s
}

function put(f,    s)
{
	rev[f]++
	s = body(f, rev[f] - 1)
	printf "M 100644 inline %s\ndata %d\n%s\n", path(f), length(s), s
}

BEGIN {
	if (commits == "")
		commits = 1
	if (files == "")
		files = commits
	if (touch == "")
		touch = 0
	if (ref == "")
		ref = "refs/heads/main"
	if (who == "")
		who = "Bench Agent <agent@bench.invalid>"
	if (t0 == "")
		t0 = 1700000000
	if (salt == "")
		salt = 0
	made = 0
	for (c = 0; c < commits; c++) {
		msg = sprintf("change %d of %d\n\nSynthetic commit for the " \
		    "benchmark.\n", c + 1, commits)
		printf "commit %s\n", ref
		printf "author %s %d +0000\n", who, t0 + c * 60
		printf "committer %s %d +0000\n", who, t0 + c * 60
		printf "data %d\n%s", length(msg), msg
		if (c == 0 && from != "")
			printf "from %s\n", from
		# New files: an even share of `files` over the commits.
		want = files >= commits ? int((c + 1) * files / commits) : \
		    (c < files ? c + 1 : files)
		if (want == made && made > 0 && touch == 0)
			put((c * 7919) % made)
		while (made < want)
			put(made++)
		for (k = 0; k < touch && made > 0; k++)
			put((c * 7919 + k * 104729) % made)
		printf "\n"
	}
}
