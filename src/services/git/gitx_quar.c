/*
 * gitx: the quarantine a fetch downloads into.  git protects a fetch the
 * same way: nothing the daemon sends reaches the repository's object
 * store until it has been checked, and once it does, a `.keep` file holds
 * its pack against `git gc` and `git repack` until the refs point at it.
 *
 * The quarantine is a bare repository inside the objects directory
 * (incoming-airlock-PID-XXXXXX, so that moving a pack is a link on one
 * file system) whose objects/info/alternates names the real objects: the
 * download sees every object the repository has (no object is asked for
 * twice, thin packs resolve) and writes only into the quarantine, where
 * no gc looks.  Its refs are the "haves" the negotiation offers, chosen
 * by the caller.  What a killed fetch leaves (a quarantine, a .keep
 * naming a dead process) is swept by the next one.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "base/strvec.h"
#include "gitx_priv.h"
#include "gitx_quar.h"

#define QUAR_PREFIX	"incoming-airlock-"
#define KEEP_TEXT	"code-airlock fetch "

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void
rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Is the process that wrote pid (decimal at s) gone? */
static int
dead(const char *s)
{
	char *end;
	long pid = strtol(s, &end, 10);

	return end != s && pid > 0 && kill((pid_t)pid, 0) < 0 &&
	    errno == ESRCH;
}

/* A .keep this program wrote for a process that is gone. */
static int
stale_keep(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= (ssize_t)strlen(KEEP_TEXT))
		return 0;
	buf[n] = '\0';
	return strncmp(buf, KEEP_TEXT, strlen(KEEP_TEXT)) == 0 &&
	    dead(buf + strlen(KEEP_TEXT));
}

void
gitx_quar_sweep(const char *objdir)
{
	struct dirent *d;
	char *path;
	size_t len;
	DIR *dir;

	if ((dir = opendir(objdir)) != NULL) {
		while ((d = readdir(dir)) != NULL) {
			if (strncmp(d->d_name, QUAR_PREFIX,
			    strlen(QUAR_PREFIX)) != 0 ||
			    !dead(d->d_name + strlen(QUAR_PREFIX)))
				continue;
			path = xasprintf("%s/%s", objdir, d->d_name);
			rm_tree(path);
			free(path);
		}
		closedir(dir);
	}
	path = xasprintf("%s/pack", objdir);
	dir = opendir(path);
	free(path);
	if (dir == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		len = strlen(d->d_name);
		if (len < 6 || strcmp(d->d_name + len - 5, ".keep") != 0)
			continue;
		path = xasprintf("%s/pack/%s", objdir, d->d_name);
		if (stale_keep(path))
			unlink(path);
		free(path);
	}
	closedir(dir);
}

static int
write_file(const char *path, const char *text, char **cause)
{
	FILE *f;

	if ((f = fopen(path, "wx")) == NULL ||
	    fputs(text, f) == EOF || fclose(f) == EOF) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* The haves as packed refs, sorted by name as git expects. */
static int
write_haves(const char *dir, const git_oid *haves, size_t n, char **cause)
{
	char *path = xasprintf("%s/packed-refs", dir), hex[GIT_OID_HEXSZ + 1];
	size_t i;
	FILE *f;
	int rc = 0;

	if ((f = fopen(path, "wx")) == NULL) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	fputs("# pack-refs with: peeled sorted \n", f);
	for (i = 0; i < n; i++) {
		git_oid_tostr(hex, sizeof(hex), &haves[i]);
		fprintf(f, "%s refs/have/%010zu\n", hex, i);
	}
	if (fclose(f) == EOF) {
		*cause = xasprintf("cannot write '%s': %s", path,
		    strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

/* The directories and files of the quarantine repository. */
static int
populate(struct gitx_quar *q, const git_oid *haves, size_t n, char **cause)
{
	static const char *const dirs[] = { "refs", "objects",
	    "objects/pack", "objects/info", NULL };
	const char *const *d;
	char *p, *alt;
	int rc = 0;

	for (d = dirs; *d != NULL && rc == 0; d++) {
		p = xasprintf("%s/%s", q->dir, *d);
		if (mkdir(p, 0700) < 0) {
			*cause = xasprintf("cannot create '%s': %s", p,
			    strerror(errno));
			rc = -1;
		}
		free(p);
	}
	p = xasprintf("%s/HEAD", q->dir);
	rc = rc < 0 ? rc : write_file(p, "ref: refs/heads/none\n", cause);
	free(p);
	p = xasprintf("%s/objects/info/alternates", q->dir);
	alt = xasprintf("%s\n", q->objdir);
	rc = rc < 0 ? rc : write_file(p, alt, cause);
	free(alt);
	free(p);
	return rc < 0 ? rc : write_haves(q->dir, haves, n, cause);
}

int
gitx_quar_open(git_repository *repo, const git_oid *haves, size_t n,
    struct gitx_quar *q, char **cause)
{
	git_buf buf = { NULL, 0, 0 };
	size_t len;

	memset(q, 0, sizeof(*q));
	strvec_init(&q->keeps);
	if (git_repository_item_path(&buf, repo,
	    GIT_REPOSITORY_ITEM_OBJECTS) < 0) {
		*cause = gitx_err("cannot find the object directory");
		return -1;
	}
	len = strlen(buf.ptr);
	while (len > 1 && buf.ptr[len - 1] == '/')
		len--;
	q->objdir = xstrndup(buf.ptr, len);
	git_buf_dispose(&buf);
	gitx_quar_sweep(q->objdir);
	q->dir = xasprintf("%s/" QUAR_PREFIX "%ld-XXXXXX", q->objdir,
	    (long)getpid());
	if (mkdtemp(q->dir) == NULL) {
		*cause = xasprintf("cannot create a quarantine in '%s': %s",
		    q->objdir, strerror(errno));
		free(q->dir);
		q->dir = NULL;
		return -1;
	}
	if (populate(q, haves, n, cause) < 0)
		return -1;
	if (git_repository_open_bare(&q->repo, q->dir) < 0) {
		*cause = gitx_err("cannot open the quarantine '%s'", q->dir);
		return -1;
	}
	return 0;
}

/* Link one file of a pack in; 1 when it was there already. */
static int
link_in(const char *from, const char *to, char **cause)
{
	if (link(from, to) == 0)
		return 0;
	if (errno == EEXIST)
		return 1;
	*cause = xasprintf("cannot move the fetched pack to '%s': %s", to,
	    strerror(errno));
	return -1;
}

/* One quarantined pack: its .keep first, then the pack, then the index. */
static int
move_pack(struct gitx_quar *q, const char *base, char **cause)
{
	char *keep, *from, *to, *text;
	int fd, rc;

	keep = xasprintf("%s/pack/%s.keep", q->objdir, base);
	fd = open(keep, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0444);
	if (fd < 0 && errno != EEXIST) {
		*cause = xasprintf("cannot protect the fetched pack with "
		    "'%s': %s", keep, strerror(errno));
		free(keep);
		return -1;
	}
	if (fd >= 0) {
		text = xasprintf(KEEP_TEXT "%ld\n", (long)getpid());
		rc = write(fd, text, strlen(text)) < 0 ? -1 : 0;
		free(text);
		close(fd);
		strvec_push(&q->keeps, keep);
	}
	free(keep);
	from = xasprintf("%s/objects/pack/%s.pack", q->dir, base);
	to = xasprintf("%s/pack/%s.pack", q->objdir, base);
	rc = link_in(from, to, cause);
	free(from);
	free(to);
	/* The same name holds the same objects: keep what is there. */
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	from = xasprintf("%s/objects/pack/%s.idx", q->dir, base);
	to = xasprintf("%s/pack/%s.idx", q->objdir, base);
	rc = link_in(from, to, cause);
	free(from);
	free(to);
	return rc < 0 ? -1 : 0;
}

int
gitx_quar_migrate(struct gitx_quar *q, char **cause)
{
	char *pdir = xasprintf("%s/objects/pack", q->dir), *base;
	struct dirent *d;
	size_t len;
	DIR *dir;
	int rc = 0;

	if ((dir = opendir(pdir)) == NULL) {
		*cause = xasprintf("cannot read '%s': %s", pdir,
		    strerror(errno));
		free(pdir);
		return -1;
	}
	while (rc == 0 && (d = readdir(dir)) != NULL) {
		len = strlen(d->d_name);
		if (len < 6 || strcmp(d->d_name + len - 5, ".pack") != 0)
			continue;
		base = xstrndup(d->d_name, len - 5);
		rc = move_pack(q, base, cause);
		free(base);
	}
	closedir(dir);
	free(pdir);
	return rc;
}

void
gitx_quar_release(struct gitx_quar *q)
{
	size_t i;

	for (i = 0; i < q->keeps.n; i++)
		unlink(q->keeps.v[i]);
	strvec_clear(&q->keeps);
}

void
gitx_quar_close(struct gitx_quar *q)
{
	git_repository_free(q->repo);
	if (q->dir != NULL)
		rm_tree(q->dir);
	gitx_quar_release(q);
	free(q->dir);
	free(q->objdir);
	memset(q, 0, sizeof(*q));
}
