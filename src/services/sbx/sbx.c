/*
 * sbx: running the sbx CLI and reading what it prints.  State comes from
 * `sbx ls --json` only: it has no side effects, unlike `sbx exec`, which
 * boots a stopped VM.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "services/sbx/sbx.h"
#include "base/ui.h"

enum sbx_status
sbx_status_from(const char *s)
{
	if (s == NULL)
		return SBX_UNKNOWN;
	if (strcasecmp(s, "running") == 0)
		return SBX_RUNNING;
	if (strcasecmp(s, "stopped") == 0 || strcasecmp(s, "exited") == 0 ||
	    strcasecmp(s, "created") == 0)
		return SBX_STOPPED;
	return SBX_UNKNOWN;
}

const char *
sbx_status_name(enum sbx_status st)
{
	switch (st) {
	case SBX_RUNNING: return "running";
	case SBX_STOPPED: return "stopped";
	case SBX_ABSENT: return "absent";
	default: return "unknown";
	}
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
parse_box(json_t *o, struct sbx_box *b)
{
	json_t *ws, *w;
	size_t i;

	if (!json_is_object(o) || jstr(o, "name") == NULL ||
	    *jstr(o, "name") == '\0')
		return -1;
	b->name = xstrdup(jstr(o, "name"));
	b->agent = xstrdup(jstr(o, "agent") ? jstr(o, "agent") : "");
	b->status_text = xstrdup(jstr(o, "status") ? jstr(o, "status") : "");
	b->status = sbx_status_from(jstr(o, "status"));
	strvec_init(&b->workspaces);
	ws = json_object_get(o, "workspaces");
	json_array_foreach(ws, i, w) {
		if (json_is_string(w))
			strvec_push(&b->workspaces, json_string_value(w));
		else if (json_is_object(w) && jstr(w, "path") != NULL)
			strvec_push(&b->workspaces, jstr(w, "path"));
	}
	if (b->workspaces.n == 0 && jstr(o, "workspace") != NULL)
		strvec_push(&b->workspaces, jstr(o, "workspace"));
	return 0;
}

/* Only blanks: sbx printed nothing, which can only mean no sandboxes. */
static int
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (strchr(" \t\r\n", s[i]) == NULL)
			return 0;
	return 1;
}

/*
 * Where the JSON starts: the first line that starts with '{' or '['.
 * When sbx had to start its daemon first it prints lines such as
 * "Starting sandboxd daemon..." before it, on stdout on some platforms.
 */
const char *
sbx_json_start(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;

	while (p < end) {
		if (*p == '{' || *p == '[')
			return p;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p = nl + 1;
	}
	return NULL;
}

int
sbx_parse_ls(const char *text, size_t len, struct sbx_list *l, char **cause)
{
	json_error_t jerr;
	json_t *root, *arr, *o;
	const char *start;
	char *why;
	size_t i;

	memset(l, 0, sizeof(*l));
	if (text == NULL || blank(text, len)) {
		l->boxes = xcalloc(1, sizeof(*l->boxes));
		return 0;
	}
	if ((start = sbx_json_start(text, len)) == NULL) {
		/* text need not end in a NUL: its first line, within len. */
		for (i = 0; i < len && text[i] != '\n' && text[i] != '\r'; i++)
			;
		why = ui_safe(text, i);
		*cause = xasprintf("'sbx ls --json' printed no JSON (it said "
		    "'%s'); is sbx up to date?", why);
		free(why);
		return -1;
	}
	len -= (size_t)(start - text);
	root = json_loadb(start, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		/* jansson quotes the input near the error: escape it. */
		why = ui_safe(jerr.text, strlen(jerr.text));
		*cause = xasprintf("cannot read 'sbx ls --json' output: %s "
		    "(line %d); is sbx up to date?", why, jerr.line);
		free(why);
		return -1;
	}
	/* The object of 0.38 and later, or the bare array before it. */
	if (json_is_array(root))
		arr = root;
	else if (json_is_object(root))
		arr = json_object_get(root, "sandboxes");
	else {
		json_decref(root);
		*cause = xstrdup("unexpected 'sbx ls --json' output: neither "
		    "an object nor a list; is sbx up to date?");
		return -1;
	}
	if (arr != NULL && !json_is_array(arr) && !json_is_null(arr)) {
		json_decref(root);
		*cause = xstrdup("unexpected 'sbx ls --json' output: "
		    "'sandboxes' is not a list");
		return -1;
	}
	l->boxes = xcalloc(json_array_size(arr) + 1, sizeof(*l->boxes));
	json_array_foreach(arr, i, o) {
		if (parse_box(o, &l->boxes[l->n]) == 0)
			l->n++;
	}
	json_decref(root);
	return 0;
}

void
sbx_list_clear(struct sbx_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->boxes[i].name);
		free(l->boxes[i].agent);
		free(l->boxes[i].status_text);
		strvec_clear(&l->boxes[i].workspaces);
	}
	free(l->boxes);
	memset(l, 0, sizeof(*l));
}

const struct sbx_box *
sbx_list_find(const struct sbx_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->boxes[i].name, name) == 0)
			return &l->boxes[i];
	return NULL;
}

int
sbx_runv(const struct spawner *sp, struct proc *p, int flags, char **cause)
{
	p->flags |= flags & ~SBX_INTERACTIVE;
	if (p->args.n == 0 || strcmp(p->args.v[0], "sbx") != 0) {
		struct strvec v = STRVEC_INIT;

		strvec_push(&v, "sbx");
		strvec_pushv(&v, p->args.v);
		strvec_clear(&p->args);
		p->args = v;
	}
	return sbx_run_bounded(sp, p, flags & SBX_INTERACTIVE, cause);
}

/* Did sbx reject "--json" itself (a version without it)? */
static int
json_unsupported(const char *err)
{
	return err != NULL && strstr(err, "--json") != NULL &&
	    (strstr(err, "unknown") != NULL ||
	    strstr(err, "not defined") != NULL);
}

/* Run "sbx ls [--json]" as a probe; 0 with p filled, -1 with *cause. */
static int
ls_probe(const struct spawner *sp, struct proc *p, int json, char **cause)
{
	strvec_pushl(&p->args, "sbx", "ls", NULL);
	if (json)
		strvec_push(&p->args, "--json");
	p->flags = PROC_PROBE | PROC_CAPTURE | PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, p, 0, cause) < 0)
		return -1;
	/* An sbx without --json: the caller reads its table instead. */
	if (json && json_unsupported(p->err))
		return 0;
	return proc_status_cause(p, cause, "'sbx ls' failed") < 0 ? -1 : 0;
}

int
sbx_ls(const struct spawner *sp, struct sbx_list *l, char **cause)
{
	struct proc p = PROC_INIT;
	int rc = -1;

	memset(l, 0, sizeof(*l));
	if (ls_probe(sp, &p, 1, cause) < 0)
		goto done;
	if (p.status == 0) {
		rc = sbx_parse_ls(p.out, p.out_len, l, cause);
		goto done;
	}
	/* An sbx without --json: read its table instead. */
	proc_clear(&p);
	if (ls_probe(sp, &p, 0, cause) < 0)
		goto done;
	rc = sbx_parse_ls_text(p.out, p.out_len, l, cause);
done:
	proc_clear(&p);
	return rc;
}

int
sbx_status_of(const struct spawner *sp, const char *name,
    enum sbx_status *st, char **cause)
{
	struct sbx_list l;
	const struct sbx_box *b;

	if (sbx_ls(sp, &l, cause) < 0)
		return -1;
	b = sbx_list_find(&l, name);
	*st = b ? b->status : SBX_ABSENT;
	sbx_list_clear(&l);
	return 0;
}

int
sbx_start(const struct spawner *sp, const char *name, char **cause)
{
	struct proc p = PROC_INIT;
	int rc = -1;

	strvec_pushl(&p.args, "sbx", "exec", name, "true", NULL);
	p.flags = PROC_CAPTURE_ERR | PROC_NULL_IN;
	if (sbx_run_bounded(sp, &p, 0, cause) == 0 &&
	    proc_status_cause(&p, cause, "cannot start sandbox '%s'",
	    name) == 0)
		rc = 0;
	proc_clear(&p);
	return rc;
}
