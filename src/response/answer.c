/* answer.c - answers of response.h: checking an answer against its
 * question, saving with versions and conflicts, history, completion
 * (R72-R76, R79), and the record of national consultations (R75). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "questionnaire/qdef.h"
#include "response/response.h"
#include "response/response_int.h"
#include "response/seal.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

int response_question_find(const struct response_qns *q, const char *id,
			   struct response_question *out)
{
	memset(out, 0, sizeof *out);
	if (!id)
		return 0;
	for (size_t i = 0; i < q->n; i++) {
		const struct qdef *d = q->q[i].def;
		for (size_t s = 0; s < d->nsections; s++) {
			const struct qdef_section *sec = &d->sections[s];
			for (size_t k = 0; k < sec->nquestions; k++) {
				size_t idx = sec->first_question + k;
				if (strcmp(d->questions[idx].id, id))
					continue;
				out->qn = &q->q[i];
				out->section = s;
				out->index = idx;
				out->applies = !(sec->uncac_only && q->uncac_party);
				return 1;
			}
		}
	}
	return 0;
}

/* The question's object in the definition's JSON. */
static json_t *question_json(const struct response_question *qq)
{
	const struct qdef *d = qq->qn->def;
	const struct qdef_section *sec = &d->sections[qq->section];
	json_t *s = json_array_get(json_object_get(d->json, "sections"), qq->section);
	return json_array_get(json_object_get(s, "questions"), qq->index - sec->first_question);
}

static int section_applies(const struct response_qn *qn, size_t section, int uncac_party)
{
	return !(qn->def->sections[section].uncac_only && uncac_party);
}

int response_question_due(const struct response_qns *q, const struct response_question *qq,
			  json_t *answers)
{
	(void)q;
	if (!qq->applies)
		return 0;
	json_t *si = json_object_get(question_json(qq), "show_if");
	if (!si)
		return 1;
	const char *dep = json_string_value(json_object_get(si, "question"));
	json_t *a = json_object_get(answers, dep ? dep : "");
	const char *v = json_string_value(json_object_get(a, "value"));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(si, "answer_in"), i, x)
		if (v && json_is_string(x) && !strcmp(json_string_value(x), v))
			return 1;
	return 0;
}

/* ---- Checking an answer ---- */

/* Sets err and gives -1 (the functions below have err and errlen). */
#define BAD(...) (msg_set(err, errlen, __VA_ARGS__), -1)

static int only_keys(json_t *o, const char *const *keys, const char *what, char *err,
		     size_t errlen)
{
	const char *k;
	json_t *v;
	if (!json_is_object(o))
		return BAD(N_("each %s must be an object"), what);
	json_object_foreach(o, k, v) {
		int ok = 0;
		for (size_t i = 0; keys[i]; i++)
			ok |= !strcmp(keys[i], k);
		if (!ok) {
			msg_set(err, errlen, N_("unknown field '%s' in a %s"), k, what);
			return -1;
		}
	}
	return 0;
}

/* A text field of 1..max characters (valid UTF-8). */
static int text_field(json_t *o, const char *key, long max, int required, const char *what,
		      char *err, size_t errlen)
{
	json_t *v = json_object_get(o, key);
	if (!v && !required)
		return 0;
	const char *s = json_string_value(v);
	long n = s ? util_utf8_len(s) : -1;
	if (!s || n < (required ? 1 : 0) || n > max) {
		msg_set(err, errlen, required ? N_("%s: '%s' must be a text of 1 to %ld characters")
			: N_("%s: '%s' must be a text of at most %ld characters"), what, key, max);
		return -1;
	}
	return 0;
}

static int date_ok(const char *s)
{
	char out[11];
	return s && strlen(s) == 10 && response_add_months(s, 0, out) == 0;
}

static int link_ok(const char *s)
{
	if (!s || !*s)
		return 1; /* a citation without an online text */
	if (strlen(s) > RESPONSE_MAX_LINK || (strncmp(s, "https://", 8) && strncmp(s, "http://", 7)))
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>')
			return 0;
	return 1;
}

/* Checks value against question type; attachment ids must exist for the
 * question (attachments of the same review, phase and question). */
static int check_value(struct store *s, const struct response_review *rv,
		       const struct qdef_question *q, json_t *value, char *err, size_t errlen)
{
	size_t i;
	json_t *x;
	switch (q->type) {
	case QDEF_YES_NO_PARTLY: {
		const char *v = json_string_value(value);
		if (!v || (strcmp(v, "yes") && strcmp(v, "no") && strcmp(v, "partly")))
			return BAD(N_("%s: the answer must be \"yes\", \"no\" or \"partly\""),
				   q->id);
		return 0;
	}
	case QDEF_FREE_TEXT: {
		const char *v = json_string_value(value);
		if (!v)
			return BAD(N_("%s: the answer must be a text"), q->id);
		long n = util_utf8_len(v);
		if (n < 0)
			return BAD(N_("%s: the text is not valid UTF-8"), q->id);
		if (n > q->max_length)
			return BAD(N_("%s: the text is longer than the %ld characters allowed"),
				   q->id, q->max_length);
		return 0;
	}
	case QDEF_LEGISLATION_REFS:
	case QDEF_TA_NEEDS:
	case QDEF_ATTACHMENTS:
		if (!json_is_array(value))
			return BAD(N_("%s: the answer must be a list (possibly empty)"),
				   q->id);
		if (json_array_size(value) > RESPONSE_MAX_ITEMS)
			return BAD(N_("%s: at most %ld items"), q->id, RESPONSE_MAX_ITEMS);
		break;
	}
	json_array_foreach(value, i, x) {
		if (q->type == QDEF_LEGISLATION_REFS) {
			static const char *const keys[] = { "citation", "link", NULL };
			if (only_keys(x, keys, "legislation reference", err, errlen) < 0 ||
			    text_field(x, "citation", RESPONSE_MAX_CITATION, 1, q->id, err, errlen) < 0)
				return -1;
			json_t *l = json_object_get(x, "link");
			if (l && (!json_is_string(l) || !link_ok(json_string_value(l))))
				return BAD(N_("%s: a link must be an http:// or https:// address "
					   "of at most %ld bytes"), q->id, RESPONSE_MAX_LINK);
		} else if (q->type == QDEF_TA_NEEDS) {
			static const char *const keys[] = { "description", "priority", NULL };
			const char *p = json_string_value(json_object_get(x, "priority"));
			if (only_keys(x, keys, "technical-assistance need", err, errlen) < 0 ||
			    text_field(x, "description", RESPONSE_MAX_NEED, 1, q->id, err, errlen) < 0)
				return -1;
			if (!p || (strcmp(p, "high") && strcmp(p, "medium") && strcmp(p, "low")))
				return BAD(N_("%s: a need's priority must be high, medium or "
					   "low"), q->id);
		} else {
			const char *id = json_string_value(x);
			long long n = -1;
			if (id && strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32) {
				struct store_stmt *st = store_prepare_cached(s,
					"SELECT COUNT(*) FROM attachments WHERE id = ? AND reviewed = ? "
					"AND phase = ? AND question = ?");
				if (!st)
					return (msg_internal(err, errlen, store_errmsg(s)), -1);
				store_bind_text(st, 1, id);
				store_bind_text(st, 2, rv->reviewed);
				store_bind_int(st, 3, rv->phase);
				store_bind_text(st, 4, q->id);
				if (store_step(st) == STORE_ROW)
					n = store_col_int(st, 0);
				store_finalize(st);
			}
			if (n != 1)
				return BAD(N_("%s: documents are given by the ids their upload "
					   "returned for this question"), q->id);
		}
	}
	return 0;
}

/* References to information given to other review mechanisms (para 22,
 * R73): mechanism, document, date. */
static int check_references(json_t *refs, const char *qid, char *err, size_t errlen)
{
	static const char *const keys[] = { "mechanism", "document", "date", NULL };
	size_t i;
	json_t *x;
	if (!refs || json_is_null(refs))
		return 0;
	if (!json_is_array(refs) || json_array_size(refs) > RESPONSE_MAX_ITEMS)
		return BAD(N_("%s: references must be a list of at most %ld items"), qid,
			   RESPONSE_MAX_ITEMS);
	json_array_foreach(refs, i, x) {
		if (only_keys(x, keys, "reference", err, errlen) < 0 ||
		    text_field(x, "mechanism", 200, 1, qid, err, errlen) < 0 ||
		    text_field(x, "document", RESPONSE_MAX_CITATION, 1, qid, err, errlen) < 0)
			return -1;
		if (!date_ok(json_string_value(json_object_get(x, "date"))))
			return BAD(N_("%s: a reference's date must be YYYY-MM-DD"), qid);
	}
	return 0;
}

/* ---- Reading ---- */

void response_answer_free(struct response_answer *a)
{
	if (a) {
		free(a->answer);
		a->answer = NULL;
	}
}

void response_answers_free(struct response_answer *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a[i].answer);
	free(a);
}

/* Columns question, version, lang, answer, saved_at, saved_by.  The
 * answer is opened (seal.h; a row from before 0052 reads as it is):
 * returns 0, or -1 when its seal does not open (a->answer NULL). */
static int answer_from_row(struct store_stmt *st, struct response_answer *a)
{
	memset(a, 0, sizeof *a);
	util_strlcpy(a->question, store_col_text(st, 0), sizeof a->question);
	a->version = (int)store_col_int(st, 1);
	util_strlcpy(a->lang, store_col_text(st, 2), sizeof a->lang);
	a->answer = respseal_open_text(store_col_text(st, 3));
	util_strlcpy(a->saved_at, store_col_text(st, 4), sizeof a->saved_at);
	util_strlcpy(a->saved_by, store_col_text(st, 5), sizeof a->saved_by);
	return a->answer ? 0 : -1;
}

static int answers_query(struct store *s, const char *sql, const struct response_review *rv,
			 const char *question, int version, struct response_answer **out,
			 size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	if (question)
		store_bind_text(st, 3, question);
	if (version > 0)
		store_bind_int(st, 4, version);
	int r;
	size_t cap = 0;
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		if (answer_from_row(st, &(*out)[(*n)++]) < 0) {
			r = STORE_ERR;
			break;
		}
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		response_answers_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int response_answers(struct store *s, const struct response_review *rv,
		     struct response_answer **out, size_t *n)
{
	return answers_query(s, "SELECT question, version, lang, answer, saved_at, saved_by "
			     "FROM responses WHERE reviewed = ? AND phase = ?", rv, NULL, 0, out, n);
}

static int one(int rc, struct response_answer *list, size_t n, struct response_answer *out)
{
	memset(out, 0, sizeof *out);
	if (rc < 0)
		return -1;
	if (n == 0) {
		free(list);
		return 0;
	}
	*out = list[0];
	list[0].answer = NULL;
	response_answers_free(list, n);
	return 1;
}

int response_answer_get(struct store *s, const struct response_review *rv,
			const char *question, struct response_answer *out)
{
	struct response_answer *l;
	size_t n;
	int rc = answers_query(s, "SELECT question, version, lang, answer, saved_at, saved_by "
			       "FROM responses WHERE reviewed = ? AND phase = ? AND question = ?",
			       rv, question, 0, &l, &n);
	return one(rc, l, n, out);
}

int response_history(struct store *s, const struct response_review *rv, const char *question,
		     struct response_answer **out, size_t *n)
{
	return answers_query(s, "SELECT question, version, lang, answer, saved_at, saved_by "
			     "FROM response_versions WHERE reviewed = ? AND phase = ? AND "
			     "question = ? ORDER BY version", rv, question, 0, out, n);
}

int response_version_get(struct store *s, const struct response_review *rv,
			 const char *question, int version, struct response_answer *out)
{
	struct response_answer *l;
	size_t n;
	int rc = answers_query(s, "SELECT question, version, lang, answer, saved_at, saved_by "
			       "FROM response_versions WHERE reviewed = ? AND phase = ? AND "
			       "question = ? AND version = ?", rv, question, version, &l, &n);
	return one(rc, l, n, out);
}

/* ---- Completion ---- */

/* The current answers as an object question id -> parsed answer. */
static json_t *answers_object(struct store *s, const struct response_review *rv)
{
	struct response_answer *a;
	size_t n;
	if (response_answers(s, rv, &a, &n) < 0)
		return NULL;
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++) {
		json_t *v = response_doc_parse(a[i].answer);
		if (v)
			json_object_set_new(o, a[i].question, v);
	}
	response_answers_free(a, n);
	return o;
}

/* An answer counts when it says something: a choice, a non-empty text,
 * or a list, which may be empty ("none"). */
static int answered(const struct qdef_question *q, json_t *a)
{
	json_t *v = json_object_get(a, "value");
	if (!v)
		return 0;
	if (q->type == QDEF_YES_NO_PARTLY || q->type == QDEF_FREE_TEXT)
		return json_is_string(v) && json_string_length(v) > 0;
	return json_is_array(v);
}

void response_completion_free(struct response_completion *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		free(c[i].sections);
	free(c);
}

static void complete_one(const struct response_review *rv, const struct response_qns *q,
			 const struct response_qn *qn, json_t *ans, struct response_completion *c)
{
	const struct qdef *d = qn->def;
	memset(c, 0, sizeof *c);
	util_strlcpy(c->instrument, qn->instrument, sizeof c->instrument);
	c->sections = xcalloc(d->nsections ? d->nsections : 1, sizeof *c->sections);
	for (size_t sidx = 0; sidx < d->nsections; sidx++) {
		if (!section_applies(qn, sidx, rv->uncac_party))
			continue;
		struct response_section_done *sd = &c->sections[c->nsections++];
		sd->section = d->sections[sidx].id;
		for (size_t k = 0; k < d->sections[sidx].nquestions; k++) {
			struct response_question qq = { qn, sidx, d->sections[sidx].first_question + k, 1 };
			if (!response_question_due(q, &qq, ans))
				continue;
			sd->due++;
			sd->answered += answered(&d->questions[qq.index],
						 json_object_get(ans, d->questions[qq.index].id));
		}
		c->due += sd->due;
		c->answered += sd->answered;
	}
	c->complete = c->due > 0 && c->answered == c->due;
}

int response_completion(struct store *s, const struct response_review *rv,
			const struct response_qns *q, struct response_completion **out,
			size_t *n)
{
	json_t *ans = answers_object(s, rv);
	*out = NULL;
	*n = 0;
	if (!ans)
		return -1;
	response_completion_of(rv, q, ans, out, n);
	json_decref(ans);
	return 0;
}

/* F2 (probe s8, para 34): the same walk as complete_one(), naming the
 * questions instead of counting them, for the confirmation page of a
 * submission. */
json_t *response_unanswered(struct store *s, const struct response_review *rv,
			    const struct response_qns *q)
{
	json_t *ans = answers_object(s, rv);
	if (!ans)
		return NULL;
	json_t *out = json_array();
	for (size_t i = 0; i < q->n; i++) {
		const struct response_qn *qn = &q->q[i];
		const struct qdef *d = qn->def;
		for (size_t sidx = 0; sidx < d->nsections; sidx++) {
			if (!section_applies(qn, sidx, rv->uncac_party))
				continue;
			for (size_t k = 0; k < d->sections[sidx].nquestions; k++) {
				struct response_question qq = { qn, sidx,
					d->sections[sidx].first_question + k, 1 };
				const struct qdef_question *dq = &d->questions[qq.index];
				if (response_question_due(q, &qq, ans) &&
				    !answered(dq, json_object_get(ans, dq->id)))
					json_array_append_new(out, json_pack("{s:s,s:s}", "instrument",
								       qn->instrument, "question",
								       dq->id));
			}
		}
	}
	json_decref(ans);
	return out;
}

int response_completion_of(const struct response_review *rv, const struct response_qns *q,
			   json_t *answers, struct response_completion **out, size_t *n)
{
	*out = xcalloc(q->n ? q->n : 1, sizeof **out);
	*n = 0;
	for (size_t i = 0; i < q->n; i++)
		complete_one(rv, q, &q->q[i], answers, &(*out)[(*n)++]);
	return 0;
}

/* Brings completed_at of the instrument up to date (set when it becomes
 * complete, cleared when an answer makes it incomplete again), and the
 * first completion, the start of the country-review phase for the
 * instrument (R43; q9, kept once set). */
int response_completion_update(struct store *s, const struct response_review *rv,
			       const struct response_qns *q, const struct response_qn *qn,
			       const char *now)
{
	json_t *ans = answers_object(s, rv);
	if (!ans)
		return -1;
	struct response_completion c;
	complete_one(rv, q, qn, ans, &c);
	json_decref(ans);
	free(c.sections);
	struct store_stmt *st = store_prepare_cached(s, c.complete
		? "UPDATE response_questionnaires SET completed_at = ?, review_started_at = "
		  "COALESCE(review_started_at, ?) WHERE reviewed = ? AND "
		  "phase = ? AND instrument = ? AND completed_at IS NULL"
		: "UPDATE response_questionnaires SET completed_at = NULL WHERE reviewed = ? AND "
		  "phase = ? AND instrument = ?");
	if (!st)
		return -1;
	int k = 1;
	if (c.complete) {
		store_bind_text(st, k++, now);
		store_bind_text(st, k++, now);
	}
	store_bind_text(st, k++, rv->reviewed);
	store_bind_int(st, k++, rv->phase);
	store_bind_text(st, k, qn->instrument);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

/* ---- Saving ---- */

int response_is_submitted(struct store *s, const struct response_review *rv)
{
	struct store_stmt *st = store_prepare_cached(s, "SELECT COUNT(*) FROM response_submissions "
						     "WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	int r = store_step(st) == STORE_ROW ? store_col_int(st, 0) > 0 : -1;
	store_finalize(st);
	return r;
}

enum response_rc response_save(struct store *s, const struct response_review *rv,
			       const struct response_qns *q, const char *question,
			       int base_version, const char *lang, json_t *value,
			       json_t *references, const char *who, int *new_version,
			       struct response_answer *cur, char *err, size_t errlen)
{
	struct response_question qq;
	struct response_answer now_ans = { 0 };
	enum response_rc rc = RESPONSE_ERROR;
	char now[32];
	char *text = NULL;
	if (cur)
		memset(cur, 0, sizeof *cur);
	if (q->n == 0) {
		msg_set(err, errlen, N_("the questionnaire of %s for phase %d is not open"), rv->reviewed,
			 rv->phase);
		return RESPONSE_CLOSED;
	}
	if (!response_question_find(q, question, &qq)) {
		msg_set(err, errlen, N_("unknown question '%.64s' in the questionnaires of this review"),
			 question ? question : "");
		return RESPONSE_BAD;
	}
	if (!section_applies(qq.qn, qq.section, rv->uncac_party)) {
		msg_set(err, errlen, N_("%s: this section does not apply to %s (R41)"), question,
			 rv->reviewed);
		return RESPONSE_BAD;
	}
	if (!response_lang_ok(rv, lang)) {
		msg_set(err, errlen, N_("the language must be one of the review's working languages "
			 "(R72)"));
		return RESPONSE_BAD;
	}
	if (base_version < 0) {
		msg_set(err, errlen, N_("base_version must be the version the answer was based on "
			 "(0 for a first answer)"));
		return RESPONSE_BAD;
	}
	const struct qdef_question *def = &qq.qn->def->questions[qq.index];
	if (check_value(s, rv, def, value, err, errlen) < 0 ||
	    check_references(references, question, err, errlen) < 0)
		return RESPONSE_BAD;
	json_t *refs = references && !json_is_null(references) ? json_incref(references)
							       : json_array();
	json_t *doc = json_pack("{s:O,s:o}", "value", value, "references", refs);
	text = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(doc);
	if (!text)
		abort();
	/* Stored sealed (R93, R97, para 21): the same box in responses and
	 * in the history row (the version is one text). */
	char *plain = text;
	text = respseal_seal_text(plain);
	free(plain);
	if (!text) {
		msg_internal(err, errlen, "the key that seals the responses is not loaded: nothing "
			     "was saved");
		return RESPONSE_ERROR;
	}
	if (store_begin(s) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		rc = RESPONSE_ERROR;
		goto out_free;
	}
	int sub = response_is_submitted(s, rv);
	if (sub != 0) {
		msg_set(err, errlen, sub > 0 ? N_("the responses of %s for phase %d are submitted: "
			 "they can no longer be changed") : N_("%s %d: store error"), rv->reviewed,
			rv->phase);
		rc = sub > 0 ? RESPONSE_CLOSED : RESPONSE_ERROR;
		goto fail;
	}
	int have = response_answer_get(s, rv, question, &now_ans);
	if (have < 0)
		goto fail_store;
	int current = have ? now_ans.version : 0;
	if (current != base_version) {
		msg_set(err, errlen, N_("%s was changed by %s (version %d) since version %d you started "
			 "from: nothing was saved; compare both texts and save again based on "
			 "version %d"), question, have ? now_ans.saved_by : "nobody", current,
			 base_version, current);
		if (cur && have) {
			*cur = now_ans;
			now_ans.answer = NULL;
		}
		rc = RESPONSE_CONFLICT;
		goto fail;
	}
	util_now_iso(now, sizeof now);
	int v = current + 1;
	struct store_stmt *st = store_prepare_cached(s, have
		? "UPDATE responses SET version = ?, lang = ?, answer = ?, saved_at = ?, saved_by = ? "
		  "WHERE reviewed = ? AND phase = ? AND question = ? AND instrument = ?"
		: "INSERT INTO responses (version, lang, answer, saved_at, saved_by, reviewed, phase, "
		  "question, instrument) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_int(st, 1, v);
	store_bind_text(st, 2, lang);
	store_bind_text(st, 3, text);
	store_bind_text(st, 4, now);
	store_bind_text(st, 5, who);
	store_bind_text(st, 6, rv->reviewed);
	store_bind_int(st, 7, rv->phase);
	store_bind_text(st, 8, question);
	store_bind_text(st, 9, qq.qn->instrument);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE || store_changes(s) != 1)
		goto fail_store;
	st = store_prepare_cached(s, "INSERT INTO response_versions (reviewed, phase, question, version, "
			   "lang, answer, saved_at, saved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail_store;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	store_bind_text(st, 3, question);
	store_bind_int(st, 4, v);
	store_bind_text(st, 5, lang);
	store_bind_text(st, 6, text);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, who);
	r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		goto fail_store;
	if (response_completion_update(s, rv, q, qq.qn, now) < 0)
		goto fail_store;
	if (store_commit(s) < 0)
		goto fail_store;
	if (new_version)
		*new_version = v;
	rc = RESPONSE_OK;
	goto out_free;
fail_store:
	msg_internal(err, errlen, store_errmsg(s));
	rc = RESPONSE_ERROR;
fail:
	store_rollback(s);
out_free:
	response_answer_free(&now_ans);
	free(text);
	return rc;
}

/* ---- National consultations (R75) ---- */

int64_t response_consultation_add(struct store *s, const struct response_review *rv,
				  const char *held_on, const char *sectors, const char *summary,
				  const char *who, char *err, size_t errlen)
{
	static const char *const known[] = { "private_sector", "ngo", "academia", "individuals",
					     "other" };
	char canon[128] = "";
	if (!date_ok(held_on)) {
		msg_set(err, errlen, N_("the date of the consultation must be YYYY-MM-DD"));
		return -1;
	}
	for (const char *p = sectors ? sectors : ""; *p;) {
		size_t k = strcspn(p, ","), ok = 0;
		for (size_t i = 0; i < sizeof known / sizeof *known; i++)
			ok |= strlen(known[i]) == k && !strncmp(known[i], p, k);
		if (!ok) {
			msg_set(err, errlen, N_("sectors are a comma list of private_sector, ngo, "
				 "academia, individuals, other"));
			return -1;
		}
		p += k + (p[k] == ',');
	}
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (sectors && response_list_has(sectors, known[i])) {
			size_t n = strlen(canon);
			snprintf(canon + n, sizeof canon - n, "%s%s", n ? "," : "", known[i]);
		}
	long len = summary ? util_utf8_len(summary) : -1;
	if (!canon[0] || len < 1 || len > 4000) {
		msg_set(err, errlen, N_("a consultation needs at least one sector and a summary of "
			 "1 to 4000 characters"));
		return -1;
	}
	/* Held to answer (para 23): recorded while the responses are open,
	 * like the answers, never after their submission. */
	int sub = response_is_submitted(s, rv);
	if (sub != 0) {
		if (sub > 0)
			msg_set(err, errlen, N_("the responses of %s for phase %d are submitted: "
				 "no consultation can be added"), rv->reviewed, rv->phase);
		else
			msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO response_consultations (reviewed, "
					      "phase, held_on, sectors, summary, added_at, added_by) "
					      "VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	store_bind_text(st, 3, held_on);
	store_bind_text(st, 4, canon);
	store_bind_text(st, 5, summary);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, who);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	return store_last_id(s);
}

json_t *response_consultations_json(struct store *s, const struct response_review *rv)
{
	struct store_stmt *st = store_prepare(s, "SELECT id, held_on, sectors, summary, added_at, "
					      "added_by FROM response_consultations WHERE "
					      "reviewed = ? AND phase = ? ORDER BY held_on, id");
	if (!st)
		return NULL;
	store_bind_text(st, 1, rv->reviewed);
	store_bind_int(st, 2, rv->phase);
	json_t *a = json_array();
	int r;
	while ((r = store_step(st)) == STORE_ROW)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id",
						   (json_int_t)store_col_int(st, 0), "held_on",
						   store_col_text(st, 1), "sectors",
						   store_col_text(st, 2), "summary",
						   store_col_text(st, 3), "added_at",
						   store_col_text(st, 4), "added_by",
						   store_col_text(st, 5)));
	store_finalize(st);
	if (r != STORE_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}
