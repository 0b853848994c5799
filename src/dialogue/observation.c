/* observation.c - see observation.h.  Every observation is one
 * transaction: the archived record, its row in dialogue_observations, the
 * audit entry and the Secretariat's notices. */
#include "dialogue/observation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "dialogue/dialogue.h"
#include "dialogue/dialogue_int.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "response/submit.h"
#include "review/consult.h"
#include "review/people.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Marks the notices' texts for po/extract.py; translated per recipient. */
#define N_(s) s

static int type_known(const char *t)
{
	return t && (!strcmp(t, OBSERVATION_COMMENT) || !strcmp(t, OBSERVATION_CLARIFICATION) ||
		     !strcmp(t, OBSERVATION_SUPPLEMENTARY) || !strcmp(t, OBSERVATION_REPLY));
}

/* The row of observation id in the review's phase: 1 found (question and
 * instrument filled), 0 none, -1 error. */
static int observation_find(struct store *s, const struct observation_ctx *c, int64_t id,
			    char question[64], char instrument[16])
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT question, instrument FROM dialogue_observations WHERE record = ? AND "
		   "reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, c->review->reviewed);
	store_bind_int(st, 3, c->phase);
	int r = store_step(st), found = 0;
	if (r == STORE_ROW) {
		util_strlcpy(question, store_col_text(st, 0), 64);
		util_strlcpy(instrument, store_col_text(st, 1), 16);
		found = 1;
	}
	store_finalize(st);
	return r == STORE_ROW || r == STORE_DONE ? found : -1;
}

static int64_t record_row(struct store *s, int64_t id, const struct observation_ctx *c,
			  const char *instrument, const char *question, int answer_version,
			  const char *type, int64_t reply_to, const char *state, const char *part,
			  const char *at)
{
	struct store_stmt *st = store_prepare_cached(
		s, "INSERT INTO dialogue_observations (record, reviewed, phase, instrument, "
		   "question, type, reply_to, state, part, at, answer_version) VALUES (?, ?, ?, ?, "
		   "?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, c->review->reviewed);
	store_bind_int(st, 3, c->phase);
	store_bind_text(st, 4, instrument);
	store_bind_text(st, 5, question);
	store_bind_text(st, 6, type);
	if (reply_to >= 0)
		store_bind_int(st, 7, reply_to);
	else
		store_bind_null(st, 7);
	store_bind_text(st, 8, state);
	store_bind_text(st, 9, part);
	store_bind_text(st, 10, at);
	store_bind_int(st, 11, answer_version);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

int64_t observation_post(struct store *s, const struct access_actor *a, const char *ip,
			 const struct observation_ctx *c, const char *question, const char *type,
			 const char *text, int64_t reply_to, char *err, size_t errlen)
{
	char rq[64] = "", rinst[16] = "", obj[48], detail[128], at[32];
	struct response_question qq;
	struct archive_thread th;
	if (!c || !c->review || !c->review->reviewed || !c->qs) {
		msg_set(err, errlen, N_("no review"));
		return DIALOGUE_BAD;
	}
	if (!type_known(type)) {
		msg_set(err, errlen, N_("the type must be comment, clarification, "
			 "supplementary_question or reply"));
		return DIALOGUE_BAD;
	}
	long chars = text ? util_utf8_len(text) : -1;
	if (chars < 1 || chars > OBSERVATION_MAX_TEXT) {
		msg_set(err, errlen, chars > OBSERVATION_MAX_TEXT
			? N_("the text is longer than %d characters") : N_("the text must be 1 to %d "
			 "characters of UTF-8"), OBSERVATION_MAX_TEXT);
		return DIALOGUE_BAD;
	}
	int is_reply = !strcmp(type, OBSERVATION_REPLY);
	if (is_reply && reply_to < 0) {
		msg_set(err, errlen, N_("a reply names the observation it answers (reply_to)"));
		return DIALOGUE_BAD;
	}
	if (reply_to >= 0) {
		int f = observation_find(s, c, reply_to, rq, rinst);
		if (f < 0) {
			msg_internal(err, errlen, store_errmsg(s));
			return DIALOGUE_ERROR;
		}
		if (f == 0) {
			msg_set(err, errlen, N_("no observation %lld in this review's phase"),
				 (long long)reply_to);
			return DIALOGUE_NOT_FOUND;
		}
		if (!question || !*question)
			question = rq;
		if (strcmp(question, rq) != 0) {
			msg_set(err, errlen, N_("observation %lld is about question %s, not %s"),
				 (long long)reply_to, rq, question);
			return DIALOGUE_BAD;
		}
	}
	if (!question || !response_question_find(c->qs, question, &qq)) {
		msg_set(err, errlen, N_("no such question in the questionnaires of this review's phase"));
		return DIALOGUE_NOT_FOUND;
	}
	const char *instrument = qq.qn->instrument;
	struct access_object o = { .review = c->review, .instrument = instrument,
				   .phase = c->phase, .submitted = c->submitted };
	dialogue_writer_object(s, a, &o);
	struct access_decision d = access_check(a, is_reply ? ACCESS_OBSERVATION_REPLY
							     : ACCESS_OBSERVATION_POST, &o);
	if (d.result != ACCESS_ALLOW) {
		/* The access module's reason, in English (CLI, API); the pages
		 * say a refusal in their own words. */
		util_strlcpy(err, d.reason ? d.reason : "refused", errlen);
		return d.code && !strcmp(d.code, "not_submitted") ? DIALOGUE_CLOSED
								 : DIALOGUE_FORBIDDEN;
	}
	int64_t thread = dialogue_thread_ensure(s, a, c->review, c->phase, c->phase_started,
						instrument, err, errlen);
	if (thread <= 0)
		return thread == 0 ? DIALOGUE_ERROR : thread;
	if (archive_thread_get(s, thread, &th) != 1 || dialogue_participants_now(s, &th) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	enum access_part part = access_review_part(a->user, c->review);
	int answer_version = 0;
	if (c->rv) {
		/* Only the version number: the answer itself is not read here. */
		struct response_answer ans;
		int got = response_answer_get(s, c->rv, question, &ans);
		if (got < 0) {
			msg_internal(err, errlen, store_errmsg(s));
			return DIALOGUE_ERROR;
		}
		if (got > 0) {
			answer_version = ans.version;
			response_answer_free(&ans);
		}
	}
	const char *email = dialogue_actor_email(a);
	util_now_iso(at, sizeof at);
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	struct archive_item ai = { ARCHIVE_KIND_OBSERVATION, thread, email, question,
				   "text/plain", text, strlen(text) };
	int64_t id = archive_append(s, &ai, err, errlen);
	if (id < 0)
		goto fail;
	snprintf(obj, sizeof obj, "archive %lld", (long long)id);
	snprintf(detail, sizeof detail, "%s %s", type, question);
	if (phase_advance(s, c->review->reviewed, c->phase,
			  is_reply ? PHASE_DIALOGUE : PHASE_OBSERVATIONS, email) < 0 ||
	    record_row(s, id, c, instrument, question, answer_version, type, reply_to,
		       a->user && a->user->state[0] ? a->user->state : "",
		       part == ACCESS_PART_REVIEWED ? "reviewed" : "reviewer", at) < 0 ||
	    observation_meta_archive(s, id, err, errlen) < 0 ||
	    audit_log(s, email, ip ? ip : "-", "observation.post", obj, detail) < 0 ||
	    dialogue_notify_secretariat(s, &th, id, ARCHIVE_KIND_OBSERVATION, email) < 0 ||
	    dialogue_notify_participants(s, &th, id, ARCHIVE_KIND_OBSERVATION, email) < 0 ||
	    store_commit(s) != 0) {
		msg_set(err, errlen, N_("the observation could not be archived: %s"), store_errmsg(s));
		goto fail;
	}
	return id;
fail:
	store_rollback(s);
	return DIALOGUE_ERROR;
}

void observation_list_free(struct observation *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(o[i].text);
	free(o);
}

int observation_list(struct store *s, const struct access_actor *a, const char *ip,
		     const struct observation_ctx *c, const char *instrument,
		     struct observation **out, size_t *n)
{
	struct observation *rows = NULL;
	size_t nrows = 0, keep = 0;
	int rc = DIALOGUE_ERROR, step;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT record, question, instrument, type, reply_to, state, part, at, "
		   "answer_version FROM dialogue_observations WHERE reviewed = ? AND phase = ? "
		   "ORDER BY record");
	if (!st)
		return DIALOGUE_ERROR;
	store_bind_text(st, 1, c->review->reviewed);
	store_bind_int(st, 2, c->phase);
	/* Collected first: the reads write audit entries. */
	while ((step = store_step(st)) == STORE_ROW) {
		struct observation o;
		memset(&o, 0, sizeof o);
		o.id = store_col_int(st, 0);
		util_strlcpy(o.question, store_col_text(st, 1), sizeof o.question);
		util_strlcpy(o.instrument, store_col_text(st, 2), sizeof o.instrument);
		util_strlcpy(o.type, store_col_text(st, 3), sizeof o.type);
		o.reply_to = store_col_is_null(st, 4) ? -1 : store_col_int(st, 4);
		util_strlcpy(o.state, store_col_text(st, 5), sizeof o.state);
		util_strlcpy(o.part, store_col_text(st, 6), sizeof o.part);
		util_strlcpy(o.at, store_col_text(st, 7), sizeof o.at);
		o.answer_version = (int)store_col_int(st, 8);
		if (instrument && strcmp(instrument, o.instrument) != 0)
			continue;
		/* disc3 (F15): a choice opens the observations made before it. */
		struct access_object ob = { .review = c->review, .instrument = o.instrument,
					    .phase = c->phase, .submitted = c->submitted,
					    .since = o.at[0] ? o.at : NULL };
		if (!access_allowed(a, ACCESS_OBSERVATION_READ, &ob))
			continue;
		rows = xreallocarray(rows, nrows + 1, sizeof *rows);
		rows[nrows++] = o;
	}
	store_finalize(st);
	if (step != STORE_DONE)
		goto out;
	for (keep = 0; keep < nrows; keep++) {
		struct archive_record r;
		char err[200];
		if (archive_read(s, rows[keep].id, dialogue_actor_email(a), ip ? ip : "-", &r, err,
				 sizeof err) != 1)
			goto out;
		util_strlcpy(rows[keep].author, r.author, sizeof rows[keep].author);
		rows[keep].text = xmalloc(r.body_len + 1);
		if (r.body_len)
			memcpy(rows[keep].text, r.body, r.body_len);
		rows[keep].text[r.body_len] = '\0';
		archive_record_free(&r);
	}
	rc = DIALOGUE_OK;
	*out = rows;
	*n = nrows;
	rows = NULL;
out:
	if (rows)
		observation_list_free(rows, keep);
	return rc;
}

static void today_of(const char *today, char day[11])
{
	char now[32];
	if (today && strlen(today) >= 10) {
		util_strlcpy(day, today, 11);
		return;
	}
	util_now_iso(now, sizeof now);
	util_strlcpy(day, now, 11);
}

int observation_due_get(struct store *s, const struct observation_ctx *c, const char *today,
			struct observation_due *out)
{
	char day[11];
	memset(out, 0, sizeof *out);
	const struct access_review *r = c->review;
	for (size_t i = 0; i < r->nreviewers && i < OBSERVATION_MAX_REVIEWERS; i++)
		if (r->reviewers[i]) {
			util_strlcpy(out->reviewers[out->nreviewers].state, r->reviewers[i],
				     sizeof out->reviewers[0].state);
			out->nreviewers++;
		}
	if (!c->submitted || !c->received || !*c->received)
		return DIALOGUE_OK;
	if (response_add_months(c->received, OBSERVATION_MONTHS, out->deadline) < 0)
		return DIALOGUE_ERROR;
	/* Para 35 (R86): "a reasonable time ... not exceeding six months from
	 * receipt": a date agreed in the consultations (para 31,
	 * review/consult.h) is the deadline when it falls between the receipt
	 * and those six months; an agreed date before the responses came (they
	 * were late) or after the six months (they were early) cannot hold, and
	 * the six months of receipt do. */
	struct consult_record agreed;
	int ag = consult_latest(s, r->reviewed, c->phase, &agreed);
	if (ag < 0)
		return DIALOGUE_ERROR;
	if (ag == 1 && agreed.observations_due[0] &&
	    strncmp(agreed.observations_due, c->received, 10) >= 0 &&
	    strcmp(agreed.observations_due, out->deadline) < 0) {
		util_strlcpy(out->deadline, agreed.observations_due, sizeof out->deadline);
		out->agreed = 1;
	}
	today_of(today, day);
	out->days_left = response_days_between(day, out->deadline);
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT state, COUNT(*) FROM dialogue_observations WHERE reviewed = ? AND "
		   "phase = ? AND part = 'reviewer' GROUP BY state");
	if (!st)
		return DIALOGUE_ERROR;
	store_bind_text(st, 1, r->reviewed);
	store_bind_int(st, 2, c->phase);
	int step;
	while ((step = store_step(st)) == STORE_ROW)
		for (size_t i = 0; i < out->nreviewers; i++)
			if (!strcmp(out->reviewers[i].state, store_col_text(st, 0)))
				out->reviewers[i].made = (int)store_col_int(st, 1);
	store_finalize(st);
	if (step != STORE_DONE)
		return DIALOGUE_ERROR;
	for (size_t i = 0; i < out->nreviewers; i++)
		if (out->days_left < 0 && !out->reviewers[i].made)
			out->reviewers[i].overdue = out->overdue = 1;
	return DIALOGUE_OK;
}

/* Queues subject and text (msgids) with detail to one recipient in its
 * language.  Returns 0 or -1. */
static int notify_one(struct store *s, const char *to, const char *lang, const char *subject,
		      const char *text, const char *detail, const char *link)
{
	struct buf body = { 0 };
	buf_printf(&body, "%s\n\n%s\n\n%s\n", i18n_get(lang, text), detail,
		   i18n_get(lang, N_("Sign in to the platform to read it: its content is not sent by e-mail.")));
	struct notify_msg m = { to, lang, i18n_get(lang, subject), buf_str(&body), link };
	int rc = notify_queue(s, &m) < 0 ? -1 : 0;
	buf_free(&body);
	return rc;
}

/* Queues subject and text (msgids) with detail to every active account of
 * role (and State, unless NULL), each in its language.  Returns how many
 * were queued, or -1. */
static int notify(struct store *s, const char *role, const char *state, const char *subject,
		  const char *text, const char *detail, const char *link)
{
	int sent = 0;
	struct store_stmt *st = store_prepare(
		s, state ? "SELECT email, lang FROM users WHERE role = ? AND state = ? AND "
			   "disabled = 0 ORDER BY id"
			 : "SELECT email, lang FROM users WHERE role = ? AND disabled = 0 ORDER BY id");
	int rc = 0, step;
	if (!st)
		return -1;
	store_bind_text(st, 1, role);
	if (state)
		store_bind_text(st, 2, state);
	while ((step = store_step(st)) == STORE_ROW) {
		if (notify_one(s, store_col_text(st, 0), store_col_text(st, 1), subject, text,
			       detail, link) < 0) {
			rc = -1;
			break;
		}
		sent++;
	}
	store_finalize(st);
	return rc == 0 && step == STORE_DONE ? sent : -1;
}

/* A reviewing State's reminder: its focal-point accounts or, when it has
 * none, its contact (R18, people_contact(): the Permanent Representative
 * until a focal point is named).  Returns 0 or -1. */
static int notify_state(struct store *s, const char *state, const char *subject,
			const char *text, const char *detail, const char *link)
{
	struct people_contact pc;
	int n = notify(s, "focal_point", state, subject, text, detail, link);
	if (n != 0)
		return n < 0 ? -1 : 0;
	int f = people_contact(s, state, &pc);
	if (f <= 0)
		return f;
	return notify_one(s, pc.email, pc.lang[0] ? pc.lang : "en", subject, text, detail, link);
}

/* One reminder of kind to reviewing State state, once: 1 queued, 0 sent
 * before, -1 error. */
static int remind_one(struct store *s, const struct observation_ctx *c, const char *state,
		      const char *kind, const char *deadline, const char *now)
{
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO observation_reminders (reviewed, phase, state, kind, sent_at) "
		   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (reviewed, phase, state, kind) DO NOTHING");
	if (!st)
		return -1;
	store_bind_text(st, 1, c->review->reviewed);
	store_bind_int(st, 2, c->phase);
	store_bind_text(st, 3, state);
	store_bind_text(st, 4, kind);
	store_bind_text(st, 5, now);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE)
		return -1;
	if (store_changes(s) != 1)
		return 0;
	char detail[96];
	snprintf(detail, sizeof detail, "%s, %d: %s (%s)", c->review->reviewed, c->phase, deadline,
		 state);
	int overdue = !strcmp(kind, "overdue");
	char link[64];
	snprintf(link, sizeof link, "/reviews/%s/phases/%d/observations", c->review->reviewed,
		 c->phase);
	if (notify_state(s, state,
		   overdue ? N_("Written observations overdue")
			   : N_("Reminder: written observations due"),
		   overdue ? N_("The deadline for your State's written observations on the "
				"responses of the State it reviews has passed.")
			   : N_("Your State's written observations on the responses of the State "
				"it reviews are due by the date below."), detail, link) < 0)
		return -1;
	if (overdue && notify(s, "secretariat", NULL, N_("Written observations overdue"),
			      N_("The deadline for a reviewing State's written observations has "
				 "passed."), detail, link) < 0)
		return -1;
	return 1;
}

int observation_remind(struct store *s, const struct observation_ctx *c, const char *today,
		       char *err, size_t errlen)
{
	struct observation_due due;
	char now[32];
	int sent = 0;
	if (observation_due_get(s, c, today, &due) != DIALOGUE_OK) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	if (!due.deadline[0])
		return 0;
	const char *kind = due.days_left < 0 ? "overdue" : due.days_left <= 7 ? "d7"
		: due.days_left <= 30 ? "d30" : NULL;
	if (!kind)
		return 0;
	util_now_iso(now, sizeof now);
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	for (size_t i = 0; i < due.nreviewers; i++) {
		if (due.reviewers[i].made)
			continue;
		int k = remind_one(s, c, due.reviewers[i].state, kind, due.deadline, now);
		if (k < 0)
			goto fail;
		sent += k;
	}
	if (store_commit(s) != 0)
		goto fail;
	return sent;
fail:
	msg_internal(err, errlen, store_errmsg(s));
	store_rollback(s);
	return -1;
}
