/*
 * Shared bits of the libFuzzer targets: the entry points libFuzzer calls
 * (declared here so -Wmissing-prototypes holds) and small helpers.  A
 * target that finds a broken property calls fuzz_fail(), which aborts so
 * that libFuzzer saves the input as a crash.
 */
#ifndef AIRLOCK_FUZZ_H
#define AIRLOCK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

#define fuzz_fail(...) do {						\
	fprintf(stderr, "property broken: " __VA_ARGS__);		\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

/* The input as a C string, cut at its first NUL (caller frees). */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

#endif
