/*
 * The risk summary of BASE...SBREF: what in the agent's change deserves a
 * reviewer's attention, by category.  The git service states facts (paths,
 * modes, sizes, added lines); everything here decides what they mean.
 * Nothing prints: review_summary.c and review_json.c do.
 */
#ifndef AIRLOCK_REVIEW_RISK_H
#define AIRLOCK_REVIEW_RISK_H

#include <stddef.h>

#include "services/git/gitx.h"

/*
 * The categories, in the order the summary shows them (the most telling
 * first).  Their keys are the names of --json, --fail-on and REVIEW_RULES:
 * stable, documented, never renamed.
 */
enum risk_cat {
	RISK_SECRETS,		/* "secrets": possible secrets in added lines */
	RISK_AGENT,		/* "agent_config": instructions for agents */
	RISK_AUTORUN,		/* "autorun": runs when opened or built */
	RISK_CI,		/* "ci": CI and automation config */
	RISK_BUILD,		/* "build": build and install scripts */
	RISK_DEPS,		/* "dependencies": manifests and lockfiles */
	RISK_NETWORK,		/* "network": endpoints ALLOW does not cover */
	RISK_GITMETA,		/* "git_metadata" */
	RISK_SYMLINK,		/* "symlinks": new or changed */
	RISK_EXEC,		/* "executable": became executable */
	RISK_SUBMODULE,		/* "submodules": commit changed */
	RISK_BINARY,		/* "binary" */
	RISK_LARGE,		/* "large": over RISK_LARGE_BYTES */
	RISK_NCATS
};

#define RISK_BIT(c)		(1u << (c))
#define RISK_ALL		(RISK_BIT(RISK_NCATS) - 1)

/* Files over this are "large"; text up to it is scanned line by line. */
#define RISK_LARGE_BYTES	(1024u * 1024u)
/* Findings kept per file and kind; the rest are only counted. */
#define RISK_FINDS_MAX		8
/* Dependency changes kept per manifest. */
#define RISK_DEPS_MAX		200

const char	*risk_key(enum risk_cat);	/* "secrets" */
const char	*risk_label(enum risk_cat);	/* "possible secrets" */
/* The category of a key, or -1. */
int		 risk_lookup(const char *key);

/*
 * A --fail-on list: comma-separated keys, or "any".  0 with *mask, or -1
 * with *cause naming the unknown key and the known ones.
 */
int		 risk_parse_list(const char *list, unsigned *mask,
		    char **cause);

/* Categories a path earns by its name alone (review_paths.c). */
unsigned	 risk_path(const char *path);
/*
 * Where a path ranks in a list, riskiest first: 0 at the top level, more
 * the deeper it is, and far behind anything under a test or fixture
 * directory, where planted look-alikes are expected.
 */
unsigned	 risk_path_rank(const char *path);

/* One finding in an added line: a secret's kind, or a host. */
struct risk_find {
	size_t		 line;		/* 1-based line in the new file */
	const char	*kind;		/* secrets: a static label */
	char		*host;		/* network: host[:port] */
};

struct risk_finds {
	struct risk_find	*v;
	size_t			 n;
	size_t			 more;	/* found but not kept */
};

/* A dependency added (old NULL), removed (new NULL) or changed. */
struct risk_dep {
	char	*name;
	char	*old;			/* version or spec, "" when none */
	char	*new;
};

struct risk_deps {
	struct risk_dep	*v;
	size_t		 n;
	size_t		 more;
	int		 unread;	/* a side could not be parsed */
};

struct risk_item {
	const struct gitx_delta	*d;
	unsigned		 cats;
	unsigned long long	 size;		/* new blob's size */
	char			*target;	/* symlink target */
	struct risk_finds	 secrets;
	struct risk_finds	 hosts;
	struct risk_deps	 deps;
	char			*rule[RISK_NCATS]; /* "file:line" that added it */
};

struct risk_report {
	struct gitx_diff	 diff;
	struct risk_item	*v;		/* flagged items, diff order */
	size_t			 n;
	size_t			 ignored;	/* dropped by an ignore rule */
	size_t			 unscanned;	/* text over RISK_LARGE_BYTES */
};

/* User rules (REVIEW_RULES, review_rules.c). */
struct risk_rules;

/*
 * The rules file at path, read whole (a regular file of at most 1 MiB)
 * into *text (caller frees) and *len: 0, or -1 with *cause.
 */
int	risk_rules_read(const char *path, char **text, size_t *len,
	    char **cause);
/*
 * `CATEGORY PATTERN` lines of a rules file read from path: 0, or -1 with
 * *cause naming path:line and the fix.  risk_rules_load() reads and
 * parses in one.
 */
int	risk_rules_parse(const char *path, const char *text, size_t len,
	    struct risk_rules **, char **cause);
int	risk_rules_load(const char *path, struct risk_rules **,
	    char **cause);
void	risk_rules_free(struct risk_rules *);
/*
 * Apply the rules to one path: categories they add go into *cats (with
 * the rule's origin in item->rule when item is not NULL).  1 when an
 * ignore rule drops the path, else 0.
 */
int	risk_rules_apply(const struct risk_rules *, const char *path,
	    unsigned *cats, struct risk_item *item);
/* Does a gitignore-style pattern match path? (exported for tests) */
int	risk_pattern_match(const char *pattern, const char *path);

struct risk_opts {
	const char		*allow;	/* ALLOW: hosts not flagged */
	const struct risk_rules	*rules;	/* may be NULL */
};

int	risk_report(struct git_repository *, const char *base,
	    const char *ref, const struct risk_opts *, struct risk_report *,
	    char **cause);
void	risk_report_clear(struct risk_report *);
/* The categories flagged anywhere in the report. */
unsigned risk_flagged(const struct risk_report *);

/*
 * The line scanner (review_scan.c, review_hosts.c), called with each
 * added line of a text file: possible secrets go to secrets, hosts that
 * allow does not cover to hosts.  One pass over the line for both.
 */
void	risk_scan_line(const char *line, size_t len, size_t lineno,
	    const char *allow, struct risk_finds *secrets,
	    struct risk_finds *hosts);
void	risk_finds_clear(struct risk_finds *);

/* Dependencies by name (review_deps.c): which manifests, and the diff. */
int	risk_is_manifest(const char *path);
void	risk_deps_diff(const char *path, const char *old, size_t olen,
	    const char *new, size_t nlen, struct risk_deps *);
void	risk_deps_clear(struct risk_deps *);
/* package.json's "scripts" differ (install scripts run on npm install). */
int	risk_pkg_scripts_changed(const char *old, size_t olen,
	    const char *new, size_t nlen);

#endif
