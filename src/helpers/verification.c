/*
 * Verification records: what `verify` ran on which commit and how it
 * ended, kept as a JSON note on that commit (verification.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "helpers/verification.h"

static const char *const status_names[] = {
	[VERIFY_NONE] = "none",
	[VERIFY_PASS] = "pass",
	[VERIFY_FAIL] = "fail",
	[VERIFY_TIMEOUT] = "timeout",
	[VERIFY_ERROR] = "error",
};

const char *
verification_status_name(enum verify_status st)
{
	if ((unsigned)st >= sizeof(status_names) / sizeof(status_names[0]))
		return "error";
	return status_names[st];
}

int
verification_status_from(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(status_names) /
	    sizeof(status_names[0]); i++)
		if (strcmp(s, status_names[i]) == 0)
			return (int)i;
	return -1;
}

void
verification_clear(struct verification *v)
{
	free(v->command);
	free(v->sandbox);
	free(v->agent);
	free(v->sbx_version);
	strvec_clear(&v->tail);
	*v = (struct verification)VERIFICATION_INIT;
}

void
verification_add_line(struct verification *v, const char *line, size_t len)
{
	char *cut;

	if (len > VERIFY_LINE_MAX)
		len = VERIFY_LINE_MAX;
	if (v->tail.n == VERIFY_TAIL_LINES) {
		free(v->tail.v[0]);
		memmove(v->tail.v, v->tail.v + 1,
		    (v->tail.n - 1) * sizeof(*v->tail.v));
		v->tail.v[--v->tail.n] = NULL;
	}
	cut = xstrndup(line, len);
	strvec_push(&v->tail, cut);
	free(cut);
}

void
verification_time_iso(long long t, char buf[32])
{
	struct tm tm;
	time_t tt = (time_t)t;

	buf[0] = '\0';
	if ((long long)tt == t && gmtime_r(&tt, &tm) != NULL)
		strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* jansson takes only valid UTF-8: anything else goes in escaped. */
static json_t *
jstr(const char *s)
{
	json_t *j;
	char *safe, *p;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	safe = xstrdup(s);
	for (p = safe; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(safe);
	free(safe);
	return j ? j : json_null();
}

char *
verification_to_json(const struct verification *v)
{
	json_t *o = json_object(), *tail = json_array();
	char when[32], *text;
	size_t i;

	verification_time_iso(v->time, when);
	json_object_set_new(o, "schema", json_integer(1));
	json_object_set_new(o, "commit", jstr(v->commit));
	json_object_set_new(o, "status",
	    jstr(verification_status_name(v->status)));
	json_object_set_new(o, "command", jstr(v->command));
	json_object_set_new(o, "exit_code", v->exit_code >= 0 ?
	    json_integer(v->exit_code) : json_null());
	json_object_set_new(o, "duration_ms", json_integer(v->duration_ms));
	json_object_set_new(o, "sandbox", jstr(v->sandbox));
	json_object_set_new(o, "agent", jstr(v->agent));
	json_object_set_new(o, "sbx_version", jstr(v->sbx_version));
	json_object_set_new(o, "time", jstr(when));
	for (i = 0; i < v->tail.n; i++)
		json_array_append_new(tail, jstr(v->tail.v[i]));
	json_object_set_new(o, "output_tail", tail);
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text ? text : xstrdup("{}");
}

static char *
jget(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; 0 when unreadable. */
static long long
parse_time(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || (end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) ==
	    NULL || *end != '\0')
		return 0;
	return (long long)timegm(&tm);
}

int
verification_parse(const char *text, struct verification *v, char **cause)
{
	json_error_t jerr;
	json_t *o, *tail, *x;
	char *s;
	size_t i;
	int st;

	verification_clear(v);
	o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	s = o ? jget(o, "status") : NULL;
	st = verification_status_from(s);
	free(s);
	if (o == NULL || !json_is_object(o) || st <= VERIFY_NONE ||
	    json_integer_value(json_object_get(o, "schema")) != 1) {
		json_decref(o);
		*cause = xstrdup("not a verification record this version "
		    "of code-airlock reads");
		return -1;
	}
	v->status = (enum verify_status)st;
	if ((s = jget(o, "commit")) != NULL && strlen(s) == GITX_HEXSZ)
		memcpy(v->commit, s, GITX_HEXSZ + 1);
	free(s);
	v->command = jget(o, "command");
	x = json_object_get(o, "exit_code");
	v->exit_code = json_is_integer(x) && json_integer_value(x) >= 0 &&
	    json_integer_value(x) < 256 ? (int)json_integer_value(x) : -1;
	x = json_object_get(o, "duration_ms");
	v->duration_ms = json_is_integer(x) && json_integer_value(x) >= 0 ?
	    json_integer_value(x) : 0;
	v->sandbox = jget(o, "sandbox");
	v->agent = jget(o, "agent");
	v->sbx_version = jget(o, "sbx_version");
	s = jget(o, "time");
	v->time = parse_time(s);
	free(s);
	tail = json_object_get(o, "output_tail");
	for (i = 0; i < json_array_size(tail); i++)
		if (json_is_string(x = json_array_get(tail, i)))
			verification_add_line(v, json_string_value(x),
			    strlen(json_string_value(x)));
	json_decref(o);
	return 0;
}

int
verification_read(struct git_repository *repo, const char *hex,
    struct verification *v, char **cause)
{
	char *text = NULL, *why = NULL;
	int rc;

	verification_clear(v);
	rc = gitx_note_read(repo, VERIFY_NOTES_REF, hex, VERIFY_NOTE_MAX,
	    &text, cause);
	if (rc != 0)
		return rc;
	if (verification_parse(text, v, &why) < 0) {
		*cause = xasprintf("the verification note of %.12s cannot be "
		    "read (%s); run 'code-airlock verify' again", hex, why);
		free(why);
		free(text);
		return -1;
	}
	free(text);
	/* A record is about the commit it is attached to, nothing else. */
	if (strcmp(v->commit, hex) != 0) {
		verification_clear(v);
		*cause = xasprintf("the verification note of %.12s names "
		    "another commit; run 'code-airlock verify' again", hex);
		return -1;
	}
	return 0;
}

int
verification_write(struct git_repository *repo,
    const struct verification *v, char **cause)
{
	char *text = verification_to_json(v);
	int rc;

	rc = gitx_note_write(repo, VERIFY_NOTES_REF, v->commit, text, cause);
	free(text);
	return rc;
}
