/*
 * An sbx that answers at once, for the startup section of bench/run.sh:
 * the sbx double is a bash script whose own start-up hides what
 * code-airlock itself costs, so the startup commands are also timed
 * with this stub first on PATH.  `sbx ls --json` prints the file named
 * by $SBX_STUB_LS; every other call succeeds and prints nothing.  Not a
 * test double: it keeps no state and checks no arguments.
 *
 *	cc -O2 -o bench/out/stub/sbx bench/sbx-stub.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	const char *path = getenv("SBX_STUB_LS");
	char buf[8192];
	size_t n;
	FILE *f;

	if (argc < 2 || strcmp(argv[1], "ls") != 0 || path == NULL)
		return 0;
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "ERROR: cannot read '%s'\n", path);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return 0;
}
