/*
 * A growable, NULL-terminated vector of strings.  Every external command is
 * built as one of these (argv, never a shell string).
 */
#ifndef AIRLOCK_STRVEC_H
#define AIRLOCK_STRVEC_H

#include <stdarg.h>
#include <stddef.h>

struct strvec {
	char	**v;	/* always NULL-terminated once anything is pushed */
	size_t	  n;
	size_t	  alloc;
};

#define STRVEC_INIT { .v = NULL, .n = 0, .alloc = 0 }

void	strvec_init(struct strvec *);
void	strvec_push(struct strvec *, const char *);
void	strvec_pushf(struct strvec *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Push each string up to a terminating NULL. */
void	strvec_pushl(struct strvec *, ...) __attribute__((sentinel));
void	strvec_pushv(struct strvec *, char *const *);
void	strvec_pushn(struct strvec *, char *const *, size_t);
void	strvec_clear(struct strvec *);

/* Split on a separator, trimming blanks and dropping empty items. */
void	strvec_split(struct strvec *, const char *, int sep);

/*
 * git's skip_prefix(): 1 and *rest past prefix when str starts with it,
 * else 0 and *rest untouched.  Instead of strncmp(x, "refs/heads/", 11)
 * and x + 11, whose two numbers must agree with the string.
 */
static inline int
skip_prefix(const char *str, const char *prefix, const char **rest)
{
	while (*prefix != '\0')
		if (*str++ != *prefix++)
			return 0;
	*rest = str;
	return 1;
}

/* Abort-on-failure allocation helpers shared by every layer. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

#endif
