/*
 * gitx: notes, the place a result about a commit lives beside it without
 * changing it (`git notes --ref=NAME show ID` reads the same).  Only the
 * host writes these refs: a sandbox's fetch refspecs write branch copies
 * and nothing under refs/notes, so no note arrives from the agent.  They
 * are read bounded all the same.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "services/git/gitx.h"
#include "base/strvec.h"
#include "gitx_priv.h"

int
gitx_note_read(struct git_repository *repo, const char *notes_ref,
    const char *hex, size_t max, char **text, char **cause)
{
	git_note *note = NULL;
	git_oid oid;
	const char *msg;
	int error;

	*text = NULL;
	if (git_oid_fromstr(&oid, hex) < 0) {
		*cause = xasprintf("'%s' is not a commit id", hex);
		return -1;
	}
	error = git_note_read(&note, repo, notes_ref, &oid);
	if (error == GIT_ENOTFOUND)
		return GITX_ENOTFOUND;
	if (error < 0) {
		*cause = gitx_err("cannot read the note of %.12s in '%s'",
		    hex, notes_ref);
		return -1;
	}
	msg = git_note_message(note);
	if (msg == NULL || strlen(msg) > max) {
		git_note_free(note);
		*cause = xasprintf("the note of %.12s in '%s' is larger than "
		    "%zu bytes; remove it with 'git notes --ref=%s remove "
		    "%s'", hex, notes_ref, max, notes_ref, hex);
		return -1;
	}
	*text = xstrdup(msg);
	git_note_free(note);
	return 0;
}

/* Who writes the note: the user's git identity, else the tool. */
static int
note_signature(git_repository *repo, git_signature **sig)
{
	if (git_signature_default(sig, repo) == 0)
		return 0;
	return git_signature_now(sig, "code-airlock",
	    "code-airlock@localhost");
}

int
gitx_note_write(struct git_repository *repo, const char *notes_ref,
    const char *hex, const char *text, char **cause)
{
	git_signature *sig = NULL;
	git_oid oid, note_oid;
	int rc = -1;

	if (git_oid_fromstr(&oid, hex) < 0) {
		*cause = xasprintf("'%s' is not a commit id", hex);
		return -1;
	}
	if (note_signature(repo, &sig) < 0) {
		*cause = gitx_err("cannot make a signature for the note");
		return -1;
	}
	/* Replaces an earlier note: the newest result is the one that counts. */
	if (git_note_create(&note_oid, repo, notes_ref, sig, sig, &oid, text,
	    1) < 0)
		*cause = gitx_err("cannot write the note of %.12s in '%s'",
		    hex, notes_ref);
	else
		rc = 0;
	git_signature_free(sig);
	return rc;
}
