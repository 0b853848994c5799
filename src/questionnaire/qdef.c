/* qdef.c - questionnaire definitions: parsing and validation.
 *
 * Validation walks the jansson document once and records every error rather
 * than stopping at the first: an author fixing a file wants the whole list. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "questionnaire/qdef.h"
#include "util/csv.h"
#include "util/util.h"
#include "util/xmalloc.h"

const char *const qdef_langs[QDEF_NLANG] = { "ar", "zh", "en", "fr", "ru", "es" };

static const char *const type_names[] = {
	"yes_no_partly", "free_text", "legislation_refs", "attachments", "ta_needs",
};
static const char *const status_names[] = { "draft", "harmonised", "adopted" };

#define MAX_FILE_BYTES (4u << 20)
#define MAX_FREE_TEXT 100000L

const char *qdef_type_name(enum qdef_type t)
{
	return type_names[t];
}

const char *qdef_status_name(enum qdef_status s)
{
	return status_names[s];
}

void qdef_errors_free(struct qdef_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->msg[i]);
	free(e->msg);
	e->msg = NULL;
	e->n = e->cap = 0;
}

struct ctx {
	const char *file;
	struct qdef_errors *errs;
	size_t nerr_start;
	struct qdef *d;
	const struct qdef_table1 *t;
	size_t qcap;
};

static void __attribute__((format(printf, 3, 4)))
fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	char why[512], line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "%s: %s: %s", c->file, path, why);
	if (c->errs->n == c->errs->cap) {
		c->errs->cap = c->errs->cap ? 2 * c->errs->cap : 8;
		c->errs->msg = xreallocarray(c->errs->msg, c->errs->cap, sizeof *c->errs->msg);
	}
	c->errs->msg[c->errs->n++] = xstrdup(line);
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return (int)i;
	return -1;
}

/* Refuses keys outside allowed (NULL-terminated): a misspelt key would
 * otherwise be silently ignored. */
static void only_keys(struct ctx *c, const char *path, json_t *o, const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], k))
			i++;
		if (!allowed[i])
			fail(c, path, "unknown key '%s'", k);
	}
}

/* A required non-empty string member, or NULL after an error. */
static const char *req_string(struct ctx *c, const char *path, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!v) {
		fail(c, path, "missing '%s'", key);
		return NULL;
	}
	if (!json_is_string(v) || !*json_string_value(v)) {
		fail(c, path, "'%s' must be a non-empty string", key);
		return NULL;
	}
	return json_string_value(v);
}

/* A text in the six languages: en and fr required, the other four optional
 * (shown in English when absent); counted for the coverage report. */
static void check_text(struct ctx *c, const char *path, json_t *o, const char *key)
{
	char p[256];
	json_t *t = json_object_get(o, key);
	snprintf(p, sizeof p, "%s.%s", path, key);
	if (!t) {
		fail(c, path, "missing '%s'", key);
		return;
	}
	if (!json_is_object(t)) {
		fail(c, p, "must be an object of texts by language (ar zh en fr ru es)");
		return;
	}
	c->d->ntexts++;
	const char *k;
	json_t *v;
	json_object_foreach(t, k, v) {
		int li = in_list(k, qdef_langs, QDEF_NLANG);
		if (li < 0) {
			fail(c, p, "unknown language '%s' (ar zh en fr ru es)", k);
			continue;
		}
		if (!json_is_string(v) || !*json_string_value(v)) {
			fail(c, p, "text in '%s' must be a non-empty string", k);
			continue;
		}
		c->d->lang_texts[li]++;
	}
	if (!json_object_get(t, "en"))
		fail(c, p, "English text missing (en and fr are required)");
	if (!json_object_get(t, "fr"))
		fail(c, p, "French text missing (en and fr are required)");
}

/* "MAJOR.MINOR", decimal without leading zeros. */
static int version_ok(const char *v)
{
	int parts = 0;
	const char *p = v;
	for (;;) {
		if (!isdigit((unsigned char)*p))
			return 0;
		if (*p == '0' && isdigit((unsigned char)p[1]))
			return 0;
		size_t n = 0;
		while (isdigit((unsigned char)*p))
			p++, n++;
		if (n > 6)
			return 0;
		parts++;
		if (*p == '\0')
			return parts == 2;
		if (*p != '.' || parts == 2)
			return 0;
		p++;
	}
}

static const struct qdef_cell *find_cell(const struct qdef_table1 *t, const char *inst,
					 const char *cluster)
{
	for (size_t i = 0; i < t->ncells; i++)
		if (!strcmp(t->cells[i].instrument, inst) && !strcmp(t->cells[i].cluster, cluster))
			return &t->cells[i];
	return NULL;
}

static int known_instrument(const struct qdef_table1 *t, const char *inst)
{
	for (size_t i = 0; i < t->ncells; i++)
		if (!strcmp(t->cells[i].instrument, inst))
			return 1;
	return 0;
}

/* 1 if art is an article of the Convention in any cell of table 1. */
static int convention_article(const struct qdef_table1 *t, const char *art)
{
	for (size_t i = 0; i < t->ncells; i++) {
		if (strcmp(t->cells[i].instrument, "untoc"))
			continue;
		for (size_t j = 0; j < t->cells[i].narticles; j++)
			if (!strcmp(t->cells[i].articles[j], art))
				return 1;
	}
	return 0;
}

static const struct qdef_question *find_question(const struct qdef *d, const char *id)
{
	for (size_t i = 0; i < d->nquestions; i++)
		if (!strcmp(d->questions[i].id, id))
			return &d->questions[i];
	return NULL;
}

/* show_if: {"question": an earlier yes/no/partly question, "answer_in": [..]} */
static const char *check_show_if(struct ctx *c, const char *path, json_t *s)
{
	static const char *const keys[] = { "question", "answer_in", NULL };
	static const char *const answers[] = { "yes", "no", "partly" };
	char p[256];
	snprintf(p, sizeof p, "%s.show_if", path);
	if (!json_is_object(s)) {
		fail(c, p, "must be an object {question, answer_in}");
		return NULL;
	}
	only_keys(c, p, s, keys);
	const char *qid = req_string(c, p, s, "question");
	json_t *in = json_object_get(s, "answer_in");
	if (!json_is_array(in) || json_array_size(in) == 0) {
		fail(c, p, "'answer_in' must be a non-empty array of yes, no, partly");
	} else {
		int seen[3] = { 0, 0, 0 };
		size_t i;
		json_t *a;
		json_array_foreach(in, i, a) {
			int k = json_is_string(a) ? in_list(json_string_value(a), answers, 3) : -1;
			if (k < 0)
				fail(c, p, "answer_in[%zu] must be yes, no or partly", i);
			else if (seen[k]++)
				fail(c, p, "answer_in[%zu] repeats '%s'", i, answers[k]);
		}
	}
	if (!qid)
		return NULL;
	const struct qdef_question *dep = find_question(c->d, qid);
	if (!dep) {
		fail(c, p, "refers to '%s', which is not an earlier question of this file", qid);
		return NULL;
	}
	if (dep->type != QDEF_YES_NO_PARTLY) {
		fail(c, p, "refers to '%s', a %s question: only yes_no_partly answers can be tested",
		     qid, type_names[dep->type]);
		return NULL;
	}
	return qid;
}

static void check_question(struct ctx *c, const char *path, json_t *q, const char *sec_id)
{
	static const char *const keys[] = { "id", "type", "text", "help", "max_length",
					    "show_if", NULL };
	if (!json_is_object(q)) {
		fail(c, path, "a question must be an object");
		return;
	}
	only_keys(c, path, q, keys);
	const char *id = req_string(c, path, q, "id");
	const char *type = req_string(c, path, q, "type");
	check_text(c, path, q, "text");
	if (json_object_get(q, "help"))
		check_text(c, path, q, "help");
	int ti = type ? in_list(type, type_names, sizeof type_names / sizeof *type_names) : -1;
	if (type && ti < 0)
		fail(c, path, "unknown type '%s' (yes_no_partly, free_text, legislation_refs, "
		     "attachments, ta_needs)", type);
	json_t *ml = json_object_get(q, "max_length");
	long max_length = 0;
	if (ti == QDEF_FREE_TEXT) {
		if (!json_is_integer(ml) || json_integer_value(ml) < 1 ||
		    json_integer_value(ml) > MAX_FREE_TEXT)
			fail(c, path, "a free_text question needs max_length, an integer from 1 to %ld",
			     MAX_FREE_TEXT);
		else
			max_length = (long)json_integer_value(ml);
	} else if (ml && ti >= 0) {
		fail(c, path, "max_length is only for free_text questions");
	}
	if (id) {
		size_t n = strlen(sec_id);
		const char *p = id + n;
		if (strncmp(id, sec_id, n) || strncmp(p, "-q", 2) || !p[2] ||
		    strspn(p + 2, "0123456789") != strlen(p + 2))
			fail(c, path, "id '%s' must be '%s-q' followed by a number", id, sec_id);
		else if (find_question(c->d, id))
			fail(c, path, "duplicate question id '%s'", id);
	}
	const char *dep = NULL;
	json_t *s = json_object_get(q, "show_if");
	if (s)
		dep = check_show_if(c, path, s);
	if (!id || ti < 0)
		return;
	struct qdef_question *nq = &c->d->questions[c->d->nquestions++];
	nq->id = id;
	nq->type = (enum qdef_type)ti;
	nq->max_length = max_length;
	nq->show_if = dep;
}

static void check_section(struct ctx *c, const char *path, json_t *s,
			  const struct qdef_cell *cell, int *covered)
{
	static const char *const keys[] = { "id", "article", "title", "applies_if",
					    "mutatis_mutandis", "questions", NULL };
	char p[256], sec_id[64] = "";
	if (!json_is_object(s)) {
		fail(c, path, "a section must be an object");
		return;
	}
	only_keys(c, path, s, keys);
	const char *id = req_string(c, path, s, "id");
	const char *art = req_string(c, path, s, "article");
	check_text(c, path, s, "title");
	int ai = -1;
	if (art && cell) {
		for (size_t i = 0; i < cell->narticles; i++)
			if (!strcmp(cell->articles[i], art))
				ai = (int)i;
		if (ai < 0)
			fail(c, path, "article %s is not in table 1 for %s %s", art,
			     cell->instrument, cell->cluster);
		else if (covered[ai]++)
			fail(c, path, "article %s has a second section (each article once)", art);
	}
	if (id && art && c->d->id) {
		snprintf(sec_id, sizeof sec_id, "%s-a%s", c->d->id, art);
		if (strcmp(id, sec_id))
			fail(c, path, "id '%s' must be '%s'", id, sec_id);
	}
	/* R41/C27: the footnote-a articles carry the UNCAC condition, no other. */
	json_t *cond = json_object_get(s, "applies_if");
	int uncac_only = 0;
	if (cond) {
		static const char *const ckeys[] = { "uncac_party", NULL };
		snprintf(p, sizeof p, "%s.applies_if", path);
		if (!json_is_object(cond) || !json_is_false(json_object_get(cond, "uncac_party")))
			fail(c, p, "the only condition is {\"uncac_party\": false}");
		else
			uncac_only = 1;
		if (json_is_object(cond))
			only_keys(c, p, cond, ckeys);
	}
	if (ai >= 0 && cell->uncac_only[ai] && !uncac_only)
		fail(c, path, "article %s is for States not party to UNCAC only (table 1, "
		     "footnote a): add \"applies_if\": {\"uncac_party\": false}", art);
	if (ai >= 0 && !cell->uncac_only[ai] && cond)
		fail(c, path, "article %s applies to every State: no applies_if", art);
	/* R40: Protocol provisions are read with the Convention articles that
	 * apply mutatis mutandis, which are reviewed under the Convention only. */
	json_t *mm = json_object_get(s, "mutatis_mutandis");
	if (mm) {
		snprintf(p, sizeof p, "%s.mutatis_mutandis", path);
		if (c->d->instrument && !strcmp(c->d->instrument, "untoc")) {
			fail(c, p, "only Protocol sections refer to Convention articles");
		} else if (!json_is_array(mm) || json_array_size(mm) == 0) {
			fail(c, p, "must be a non-empty array of Convention articles");
		} else {
			size_t i;
			json_t *a;
			json_array_foreach(mm, i, a) {
				if (!json_is_string(a) || !convention_article(c->t, json_string_value(a)))
					fail(c, p, "[%zu] is not an article of the Convention in table 1", i);
			}
		}
	}
	json_t *qs = json_object_get(s, "questions");
	snprintf(p, sizeof p, "%s.questions", path);
	if (!json_is_array(qs) || json_array_size(qs) == 0) {
		fail(c, p, "must be a non-empty array of questions");
		return;
	}
	size_t first = c->d->nquestions;
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q) {
		char qp[300];
		snprintf(qp, sizeof qp, "%s[%zu]", p, i);
		check_question(c, qp, q, sec_id[0] ? sec_id : (id ? id : "?"));
	}
	if (!id || !art)
		return;
	struct qdef_section *ns = &c->d->sections[c->d->nsections++];
	ns->id = id;
	ns->article = art;
	ns->uncac_only = uncac_only;
	ns->first_question = first;
	ns->nquestions = c->d->nquestions - first;
}

static void check_adoption(struct ctx *c, json_t *root)
{
	static const char *const keys[] = { "decision", "date", NULL };
	json_t *a = json_object_get(root, "adopted_by");
	int adopted = c->d->status == QDEF_ADOPTED;
	if (!adopted) {
		if (a && !json_is_null(a))
			fail(c, "$.adopted_by", "only an adopted version names its decision "
			     "(status is %s): use null", status_names[c->d->status]);
		return;
	}
	if (!json_is_object(a)) {
		fail(c, "$", "an adopted version needs adopted_by {decision, date}");
		return;
	}
	only_keys(c, "$.adopted_by", a, keys);
	req_string(c, "$.adopted_by", a, "decision");
	const char *date = req_string(c, "$.adopted_by", a, "date");
	if (date && !util_date_valid(date))
		fail(c, "$.adopted_by.date", "'%s' is not a date YYYY-MM-DD", date);
}

static void check_root(struct ctx *c, json_t *root)
{
	static const char *const keys[] = { "id", "instrument", "cluster", "version", "status",
					    "adopted_by", "title", "sections", NULL };
	struct qdef *d = c->d;
	if (!json_is_object(root)) {
		fail(c, "$", "a definition must be a JSON object");
		return;
	}
	only_keys(c, "$", root, keys);
	d->id = req_string(c, "$", root, "id");
	d->instrument = req_string(c, "$", root, "instrument");
	d->cluster = req_string(c, "$", root, "cluster");
	d->version = req_string(c, "$", root, "version");
	const char *status = req_string(c, "$", root, "status");
	check_text(c, "$", root, "title");
	if (d->version && !version_ok(d->version))
		fail(c, "$.version", "'%s' is not MAJOR.MINOR (for example 1.0)", d->version);
	int si = status ? in_list(status, status_names, 3) : -1;
	if (status && si < 0)
		fail(c, "$.status", "unknown status '%s' (draft, harmonised, adopted)", status);
	d->status = si < 0 ? QDEF_DRAFT : (enum qdef_status)si;
	if (si >= 0)
		check_adoption(c, root);
	if (d->instrument && !known_instrument(c->t, d->instrument))
		fail(c, "$.instrument", "unknown instrument '%s'", d->instrument);
	const struct qdef_cell *cell = NULL;
	if (d->instrument && d->cluster) {
		cell = find_cell(c->t, d->instrument, d->cluster);
		if (!cell && known_instrument(c->t, d->instrument))
			fail(c, "$.cluster", "unknown cluster '%s' (C1 to C4)", d->cluster);
		else if (cell && cell->narticles == 0)
			fail(c, "$.cluster", "table 1 has no article for %s %s (R42): no questionnaire",
			     d->instrument, d->cluster);
	}
	if (d->id && cell) {
		char want[32], base[64];
		snprintf(want, sizeof want, "%s-%s", d->instrument, d->cluster);
		util_ascii_lower(want);
		const char *slash = strrchr(c->file, '/');
		snprintf(base, sizeof base, "%s", slash ? slash + 1 : c->file);
		if (strcmp(d->id, want))
			fail(c, "$.id", "'%s' must be '%s'", d->id, want);
		else if (strlen(base) < 5 || strcmp(base + strlen(base) - 5, ".json") ||
			 strlen(base) - 5 != strlen(want) || strncmp(base, want, strlen(want)))
			fail(c, "$.id", "the file of '%s' must be named %s.json", d->id, want);
	}
	json_t *secs = json_object_get(root, "sections");
	if (!json_is_array(secs) || json_array_size(secs) == 0) {
		fail(c, "$.sections", "must be a non-empty array of sections");
		return;
	}
	/* Capacity for every section and question up front: the arrays never
	 * move, so pointers into them stay valid. */
	size_t nq = 0, i;
	json_t *s;
	json_array_foreach(secs, i, s) {
		json_t *qs = json_is_object(s) ? json_object_get(s, "questions") : NULL;
		nq += json_is_array(qs) ? json_array_size(qs) : 0;
	}
	d->sections = xcalloc(json_array_size(secs), sizeof *d->sections);
	d->questions = xcalloc(nq ? nq : 1, sizeof *d->questions);
	int covered[QDEF_MAX_ARTS] = { 0 };
	json_array_foreach(secs, i, s) {
		char p[64];
		snprintf(p, sizeof p, "$.sections[%zu]", i);
		check_section(c, p, s, cell, covered);
	}
	if (cell)
		for (size_t k = 0; k < cell->narticles; k++)
			if (!covered[k])
				fail(c, "$.sections", "article %s of table 1 (%s %s) has no section",
				     cell->articles[k], cell->instrument, cell->cluster);
}

void qdef_free(struct qdef *d)
{
	if (!d)
		return;
	json_decref(d->json);
	free(d->sections);
	free(d->questions);
	free(d);
}

int qdef_parse(const char *file, const char *text, size_t len, const struct qdef_table1 *t,
	       struct qdef **out, struct qdef_errors *errs)
{
	json_error_t je;
	struct ctx c = { .file = file, .errs = errs, .nerr_start = errs->n, .t = t };
	int rc = -1;
	*out = NULL;
	c.d = xcalloc(1, sizeof *c.d);
	c.d->json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!c.d->json) {
		char p[64];
		snprintf(p, sizeof p, "line %d, column %d", je.line, je.column);
		fail(&c, p, "%s", je.text);
		goto out;
	}
	check_root(&c, c.d->json);
	if (errs->n > c.nerr_start)
		goto out;
	*out = c.d;
	c.d = NULL;
	rc = 0;
out:
	qdef_free(c.d);
	return rc;
}

int qdef_load(const char *path, const struct qdef_table1 *t, struct qdef **out,
	      struct qdef_errors *errs)
{
	char *text = NULL, err[300];
	size_t len = 0;
	*out = NULL;
	if (util_read_file(path, MAX_FILE_BYTES, &text, &len, err, sizeof err) < 0) {
		struct ctx c = { .file = path, .errs = errs };
		fail(&c, "$", "%s", err);
		return -1;
	}
	int rc = qdef_parse(path, text, len, t, out, errs);
	free(text);
	return rc;
}

size_t qdef_applicable(const struct qdef *d, int uncac_party, const struct qdef_section **out,
		       size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nsections && n < max; i++)
		if (!(d->sections[i].uncac_only && uncac_party))
			out[n++] = &d->sections[i];
	return n;
}

int qdef_usable_in_review(const struct qdef *d)
{
	return d->status == QDEF_ADOPTED;
}

int qdef_table1_load(const char *datadir, struct qdef_table1 *t, char *err, size_t errlen)
{
	char path[1024], *text = NULL, cerr[200];
	size_t len;
	struct csv_reader r;
	int rc = -1, k;
	memset(t, 0, sizeof *t);
	snprintf(path, sizeof path, "%s/table1.csv", datadir);
	if (util_read_file(path, 1u << 20, &text, &len, err, errlen) < 0)
		return -1;
	csv_open(&r, text, len);
	if (csv_next(&r, cerr, sizeof cerr) != 1 || r.nfields != 3 ||
	    strcmp(r.fields[0], "instrument")) {
		snprintf(err, errlen, "%s: header instrument,cluster,articles expected", path);
		goto out;
	}
	while ((k = csv_next(&r, cerr, sizeof cerr)) == 1) {
		if (r.nfields != 3 || t->ncells == QDEF_MAX_CELLS) {
			snprintf(err, errlen, "%s: line %zu: bad row", path, r.record_line);
			goto out;
		}
		struct qdef_cell *cell = &t->cells[t->ncells++];
		util_strlcpy(cell->instrument, r.fields[0], sizeof cell->instrument);
		util_strlcpy(cell->cluster, r.fields[1], sizeof cell->cluster);
		for (char *p = r.fields[2]; *p;) {
			size_t n = strcspn(p, " ");
			if (n && cell->narticles == QDEF_MAX_ARTS) {
				snprintf(err, errlen, "%s: line %zu: too many articles", path,
					 r.record_line);
				goto out;
			}
			if (n) {
				int star = p[n - 1] == '*';
				size_t m = n - (size_t)star;
				if (m == 0 || m >= sizeof cell->articles[0]) {
					snprintf(err, errlen, "%s: line %zu: bad article", path,
						 r.record_line);
					goto out;
				}
				memcpy(cell->articles[cell->narticles], p, m);
				cell->articles[cell->narticles][m] = '\0';
				cell->uncac_only[cell->narticles++] = star;
			}
			p += n;
			while (*p == ' ')
				p++;
		}
	}
	if (k < 0) {
		snprintf(err, errlen, "%s: %s", path, cerr);
		goto out;
	}
	rc = 0;
out:
	csv_close(&r);
	free(text);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int qdef_list_dir(const char *datadir, char ***out, size_t *n)
{
	char path[1024];
	size_t cap = 0;
	struct dirent *e;
	*out = NULL;
	*n = 0;
	snprintf(path, sizeof path, "%s/questionnaires", datadir);
	DIR *dir = opendir(path);
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json"))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		char full[1400];
		snprintf(full, sizeof full, "%s/%s", path, e->d_name);
		(*out)[(*n)++] = xstrdup(full);
	}
	closedir(dir);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return 0;
}

void qdef_list_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
