/* dialogue.c - see dialogue.h.  Every change is one transaction: the
 * archived item, its audit entry and the Secretariat's notices. */
#include "dialogue/dialogue.h"
#include "dialogue/dialogue_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/group.h"
#include "audit/audit.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "review/country.h"
#include "review/disclosure.h"
#include "review/people.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* Marks the notices' texts for po/extract.py; translated per recipient. */
#define N_(s) s

#define MAX_REVIEWERS 16

/* The access module's view of a thread: the reviewed State, the reviewing
 * States stored with it, its instrument. */
struct thread_view {
	struct archive_thread th;
	char codes[MAX_REVIEWERS][4];
	const char *ptrs[MAX_REVIEWERS];
	struct access_disclosure disc[COUNTRY_MAX_DISCLOSURES];
	struct access_review review;
	struct access_object obj;
	char item[24];       /* the thread's id: item-scoped disclosures (R101) */
	char record[24];     /* one record's id: message choices (disc2) */
	char record_of[24];  /* the message it was sent with (disc2) */
	char record_at[32];  /* when the record was archived (disc3, F15) */
};

int dialogue_message_of(struct store *s, int64_t record, int64_t *message)
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT message FROM dialogue_attachments WHERE record = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, record);
	int r = store_step(st);
	if (r == STORE_ROW)
		*message = store_col_int(st, 0);
	store_finalize(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

/* Sets v's object to record id of the thread (id < 0: the thread as a
 * whole) and the message it was sent with, for the message choices
 * (disc2, R101).  The message is looked up only when the review has
 * choices; a store error leaves it unknown (the narrower reading). */
static void view_record(struct store *s, struct thread_view *v, int64_t id)
{
	int64_t m = 0;
	v->obj.record = NULL;
	v->obj.record_of = NULL;
	v->obj.since = v->th.created[0] ? v->th.created : NULL;
	if (id < 0)
		return;
	snprintf(v->record, sizeof v->record, "%lld", (long long)id);
	v->obj.record = v->record;
	if (v->review.ndisclosures && dialogue_message_of(s, id, &m) == 1) {
		snprintf(v->record_of, sizeof v->record_of, "%lld", (long long)m);
		v->obj.record_of = v->record_of;
	}
	/* disc3 (F15): a choice opens the records archived when it was made;
	 * a store error leaves the record after every choice (the narrower
	 * reading). */
	if (v->review.ndisclosures) {
		struct archive_record meta;
		memset(&meta, 0, sizeof meta);
		util_strlcpy(v->record_at, "9999", sizeof v->record_at);
		if (archive_record_meta(s, id, &meta) == 1 && meta.at[0])
			util_strlcpy(v->record_at, meta.at, sizeof v->record_at);
		archive_record_free(&meta);
		v->obj.since = v->record_at;
	}
}

static void view_of(struct thread_view *v)
{
	size_t n = archive_thread_reviewers(&v->th, v->codes, MAX_REVIEWERS);
	memset(&v->review, 0, sizeof v->review);
	for (size_t i = 0; i < n; i++)
		v->ptrs[i] = v->codes[i];
	v->review.reviewed = v->th.reviewed;
	v->review.reviewers = v->ptrs;
	v->review.nreviewers = n;
	memset(&v->obj, 0, sizeof v->obj);
	v->obj.review = &v->review;
	v->obj.instrument = v->th.instrument;
	/* disc3 (F15): a thread opened after a choice is not opened by it. */
	v->obj.since = v->th.created[0] ? v->th.created : NULL;
}

int dialogue_participants_now(struct store *s, struct archive_thread *th)
{
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	struct buf list = { 0 };
	int r = country_review_load(s, th->reviewed, &cr);
	if (r <= 0)
		return r;
	country_review_access(&cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
	/* C47: only the reviewers in charge of the instrument take part. */
	for (size_t i = 0; i < ar.nreviewers; i++)
		if (access_review_in_charge(&ar, ar.reviewers[i], th->instrument)) {
			if (list.len)
				buf_putc(&list, ',');
			buf_puts(&list, ar.reviewers[i]);
		}
	util_strlcpy(th->reviewers, buf_str(&list), sizeof th->reviewers);
	buf_free(&list);
	return 1;
}

/* Loads thread id into v, with the review's current participants
 * (dialogue_participants_now()).  DIALOGUE_OK, _NOT_FOUND or _ERROR. */
static int thread_load(struct store *s, int64_t id, struct thread_view *v, char *err,
		       size_t errlen)
{
	int rc = archive_thread_get(s, id, &v->th);
	if (rc < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	/* chan (para 33): a channel between experts is not the dialogue's
	 * (dialogue/channel.c reads and writes it, under its own rules). */
	if (rc == 0 || !strcmp(v->th.instrument, DIALOGUE_THREAD_CHANNEL)) {
		msg_set(err, errlen, N_("no such thread"));
		return DIALOGUE_NOT_FOUND;
	}
	if (dialogue_participants_now(s, &v->th) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	view_of(v);
	/* The reviewed State's disclosure choices (paras 40-41) apply to the
	 * thread's phase: the access module opens reading accordingly. */
	v->obj.phase = v->th.phase;
	snprintf(v->item, sizeof v->item, "%lld", (long long)v->th.id);
	v->obj.item = v->item;
	if (disclosure_current(s, v->th.reviewed, v->disc, COUNTRY_MAX_DISCLOSURES,
			       &v->review.ndisclosures) < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	v->review.disclosures = v->disc;
	return DIALOGUE_OK;
}

static int check(const struct access_actor *a, enum access_action act,
		 const struct access_object *o, char *err, size_t errlen)
{
	struct access_decision d = access_check(a, act, o);
	if (d.result == ACCESS_ALLOW)
		return DIALOGUE_OK;
	/* The access module's reason, in English (CLI, API); the pages
	 * say a refusal in their own words. */
	util_strlcpy(err, d.reason ? d.reason : "refused", errlen);
	return DIALOGUE_FORBIDDEN;
}

/* Whether the comma list has instrument (or is empty: all). */
static int in_charge(const char *list, const char *instrument)
{
	size_t n = strlen(instrument);
	if (!*list)
		return 1;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && strncmp(p, instrument, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

void dialogue_writer_object(struct store *s, const struct access_actor *a,
			    struct access_object *o)
{
	int64_t fp = a && a->user && a->user->state[0] ? people_focal_point_id(s, a->user->state) : 0;
	o->focal_point_id = fp > 0 ? fp : 0;
}

const char *dialogue_actor_email(const struct access_actor *a)
{
	return a->user ? a->user->email : "-";
}

int64_t dialogue_thread_open(struct store *s, const struct access_actor *a,
			     const struct dialogue_review *r, int phase, const char *instrument,
			     char *err, size_t errlen)
{
	struct thread_view v;
	struct buf list = { 0 };
	char obj[48];
	int64_t id = DIALOGUE_ERROR;
	if (!r || !r->reviewed || !instrument) {
		msg_set(err, errlen, N_("a thread needs a review and an instrument"));
		return DIALOGUE_ERROR;
	}
	/* C47: only the reviewers in charge of the instrument take part. */
	for (size_t i = 0; i < r->nreviewers && i < MAX_REVIEWERS; i++)
		if (in_charge(r->reviewers[i].instruments, instrument)) {
			if (list.len)
				buf_putc(&list, ',');
			buf_puts(&list, r->reviewers[i].state);
		}
	memset(&v, 0, sizeof v);
	util_strlcpy(v.th.reviewed, r->reviewed, sizeof v.th.reviewed);
	util_strlcpy(v.th.instrument, instrument, sizeof v.th.instrument);
	util_strlcpy(v.th.reviewers, buf_str(&list), sizeof v.th.reviewers);
	view_of(&v);
	dialogue_writer_object(s, a, &v.obj);
	int c = check(a, ACCESS_DIALOGUE_POST, &v.obj, err, errlen);
	if (c != DIALOGUE_OK) {
		id = c;
		goto out;
	}
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	id = archive_thread_open(s, r->reviewed, phase, instrument, buf_str(&list), err, errlen);
	if (id > 0) {
		snprintf(obj, sizeof obj, "thread %lld", (long long)id);
		if (audit_log(s, dialogue_actor_email(a), "-", "dialogue.thread_open", obj, buf_str(&list)) < 0 ||
		    store_commit(s) != 0) {
			msg_internal(err, errlen, store_errmsg(s));
			id = DIALOGUE_ERROR;
		}
	} else {
		id = DIALOGUE_ERROR;
	}
	if (id < 0)
		store_rollback(s);
out:
	buf_free(&list);
	return id;
}

/* C43: every active Secretariat account gets a notice in its language,
 * naming the item but never giving its content (e-mail is not the secure
 * module). */
int dialogue_notify_secretariat(struct store *s, const struct archive_thread *th, int64_t id,
				const char *kind, const char *author)
{
	/* Cached: run for every post under the archive's write lock (the
	 * group commit's batch), where parsing it was a twentieth of the
	 * batch's time (issue 10 bench, perf). */
	struct store_stmt *st = store_prepare_cached(s, "SELECT email, lang, id FROM users WHERE role = "
							"'secretariat' AND disabled = 0 ORDER BY id");
	int rc = 0, step;
	if (!st)
		return -1;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *to = store_col_text(st, 0), *lang = store_col_text(st, 1);
		struct buf body = { 0 };
		buf_printf(&body, "%s\n\n%s - %d - %s - #%lld - %lld (%s) - %s\n\n%s\n",
			   i18n_get(lang, N_("A new item was archived in a dialogue thread of a country review.")),
			   th->reviewed, th->phase, th->instrument, (long long)th->id, (long long)id,
			   kind, author,
			   i18n_get(lang, N_("Sign in to the platform to read it: its content is not sent by e-mail.")));
		char link[64];
		snprintf(link, sizeof link, "/reviews/%s/phases/%d/%s", th->reviewed, th->phase,
			 !strcmp(kind, ARCHIVE_KIND_OBSERVATION) ? "observations" : "dialogue");
		struct notify_msg m = { to, lang, i18n_get(lang, N_("New item in a review dialogue")),
					buf_str(&body), link };
		/* The account just read: not looked up again by address. */
		if (notify_queue_account(s, &m, store_col_int(st, 2)) < 0)
			rc = -1;
		buf_free(&body);
		if (rc < 0)
			break;
	}
	store_finalize(st);
	return rc == 0 && step == STORE_DONE ? 0 : -1;
}

/* One participant State's notice (its contact: the named focal point or,
 * until one is named, the Permanent Representative, R18), unless the
 * contact is the author.  0 or -1. */
static int notify_state(struct store *s, const char *state, const struct archive_thread *th,
			int64_t id, const char *kind, const char *author)
{
	struct people_contact pc;
	int f = people_contact(s, state, &pc);
	if (f <= 0)
		return f;
	if (!strcmp(pc.email, author))
		return 0;
	const char *lang = pc.lang[0] ? pc.lang : "en";
	struct buf body = { 0 };
	buf_printf(&body, "%s\n\n%s - %d - %s - #%lld - %lld (%s)\n/reviews/%s/phases/%d/%s\n\n%s\n",
		   i18n_get(lang, N_("A new item was posted in the dialogue of a country review your State takes part in.")),
		   th->reviewed, th->phase, th->instrument, (long long)th->id, (long long)id, kind,
		   th->reviewed, th->phase,
		   !strcmp(kind, ARCHIVE_KIND_OBSERVATION) ? "observations" : "dialogue",
		   i18n_get(lang, N_("Sign in to the platform to read it: its content is not sent by e-mail.")));
	char link[64];
	snprintf(link, sizeof link, "/reviews/%s/phases/%d/%s", th->reviewed, th->phase,
		 !strcmp(kind, ARCHIVE_KIND_OBSERVATION) ? "observations" : "dialogue");
	struct notify_msg m = { pc.email, lang, i18n_get(lang, N_("New item in a review dialogue")),
				buf_str(&body), link };
	int rc = notify_queue_account(s, &m, pc.user_id) < 0 ? -1 : 0;
	buf_free(&body);
	return rc;
}

int dialogue_notify_participants(struct store *s, const struct archive_thread *th, int64_t id,
				 const char *kind, const char *author)
{
	char codes[MAX_REVIEWERS][4];
	size_t n = archive_thread_reviewers(th, codes, MAX_REVIEWERS);
	if (notify_state(s, th->reviewed, th, id, kind, author) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (notify_state(s, codes[i], th, id, kind, author) < 0)
			return -1;
	return 0;
}

static int is_post_kind(const char *k)
{
	return k && (!strcmp(k, ARCHIVE_KIND_MESSAGE) || !strcmp(k, ARCHIVE_KIND_ATTACHMENT) ||
		     !strcmp(k, ARCHIVE_KIND_CALL));
}

/* The checks of an item posted (dialogue_post(), channel_post()): a kind
 * of post, a title, a media type, a bounded body; a text typed in is
 * UTF-8 (no NUL) of at most DIALOGUE_MAX_TEXT characters.  DIALOGUE_OK or
 * DIALOGUE_BAD with err set. */
int dialogue_item_check(const struct dialogue_item *it, char *err, size_t errlen)
{
	if (!it || !is_post_kind(it->kind)) {
		msg_set(err, errlen, N_("an item is a message, an attachment or a call record"));
		return DIALOGUE_BAD;
	}
	size_t tl = it->title ? strlen(it->title) : 0;
	if (tl == 0 || tl > 200 || util_utf8_len(it->title) < 0) {
		msg_set(err, errlen, N_("the title must be 1 to 200 bytes of UTF-8"));
		return DIALOGUE_BAD;
	}
	if (!it->media_type || !*it->media_type || strlen(it->media_type) > 100) {
		msg_set(err, errlen, N_("the media type is missing"));
		return DIALOGUE_BAD;
	}
	if (it->body_len > DIALOGUE_MAX_BODY || (it->body_len && !it->body)) {
		msg_set(err, errlen, N_("the item is larger than 20 MiB"));
		return DIALOGUE_BAD;
	}
	if (!strcmp(it->kind, ARCHIVE_KIND_MESSAGE) && it->body_len == 0) {
		msg_set(err, errlen, N_("a message needs a text"));
		return DIALOGUE_BAD;
	}
	if (!strcmp(it->media_type, "text/plain")) {
			char *t = xmalloc(it->body_len + 1);
		if (it->body_len)
			memcpy(t, it->body, it->body_len);
		t[it->body_len] = '\0';
		long chars = strlen(t) == it->body_len ? util_utf8_len(t) : -1;
		free(t);
		if (chars < 0) {
			msg_set(err, errlen, N_("the text is not valid UTF-8"));
			return DIALOGUE_BAD;
		}
		if (chars > DIALOGUE_MAX_TEXT) {
			msg_set(err, errlen, N_("the text is longer than %d characters (%ld): send longer "
				 "notes as an attachment"), DIALOGUE_MAX_TEXT, chars);
			return DIALOGUE_BAD;
		}
	}
	return DIALOGUE_OK;
}

/* A post's writes, as one work of the group commit (archive/group.h): the
 * record, its audit entry and the notices, on the connection s of the
 * batch's leader, inside its transaction. */
struct post_work {
	const struct archive_item *ai;
	const struct archive_sealed *sealed;
	const struct archive_thread *th;
	const char *author, *ip;
	int64_t message;            /* disc2: the message a document is sent with, -1 */
	int64_t id;                 /* out */
};

/* disc2: the row saying document id was sent with message (R94: in the
 * transaction that archives it).  0 or -1. */
static int attach_row(struct store *s, int64_t id, int64_t message)
{
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(
		s, "INSERT INTO dialogue_attachments (record, message, at) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_int(st, 2, message);
	store_bind_text(st, 3, now);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

static int post_work(struct store *s, void *arg, char *err, size_t errlen)
{
	struct post_work *p = arg;
	char obj[48];
	int64_t id = archive_append_sealed(s, p->sealed, err, errlen);
	if (id < 0)
		return -1;
	snprintf(obj, sizeof obj, "archive %lld", (long long)id);
	if ((p->message >= 0 && attach_row(s, id, p->message) < 0) ||
	    phase_advance(s, p->th->reviewed, p->th->phase, PHASE_DIALOGUE, p->author) < 0 ||
	    audit_log(s, p->author, p->ip, "dialogue.post", obj, p->ai->kind) < 0 ||
	    dialogue_notify_secretariat(s, p->th, id, p->ai->kind, p->author) < 0 ||
	    dialogue_notify_participants(s, p->th, id, p->ai->kind, p->author) < 0) {
		msg_set(err, errlen, N_("the item could not be archived: %s"), store_errmsg(s));
		return -1;
	}
	p->id = id;
	return 0;
}

int64_t dialogue_post(struct store *s, const struct access_actor *a, const char *ip,
		      int64_t thread, const struct dialogue_item *it, char *err, size_t errlen)
{
	return dialogue_post_with(s, a, ip, thread, it, -1, err, errlen);
}

/* disc2: whether message is a message of thread to send a document with:
 * DIALOGUE_OK, or DIALOGUE_NOT_FOUND / DIALOGUE_ERROR with err set. */
static int message_in_thread(struct store *s, int64_t message, int64_t thread, char *err,
			     size_t errlen)
{
	struct archive_record m;
	memset(&m, 0, sizeof m);
	int got = archive_record_meta(s, message, &m);
	if (got < 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return DIALOGUE_ERROR;
	}
	int ok = got == 1 && m.thread == thread && !strcmp(m.kind, ARCHIVE_KIND_MESSAGE);
	archive_record_free(&m);
	if (ok)
		return DIALOGUE_OK;
	msg_const(err, errlen, N_("no such message in this thread: a document is sent with a "
				  "message of the thread it is sent to"));
	return DIALOGUE_NOT_FOUND;
}

/* Through the group commit (issue 10): posts of concurrent requests
 * share one transaction and one signed tree head; each returns once that
 * transaction committed, so an acknowledged post is durable.  Without a
 * group (a store opened without a name), in a transaction of its own. */
int dialogue_run_post(struct store *s, archive_group_work work, void *arg, char *err,
		      size_t errlen)
{
	struct archive_group *g = archive_group_of(s);
	if (g)
		return archive_group_run(g, s, work, arg, err, errlen);
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		return -1;
	}
	int rc = work(s, arg, err, errlen);
	if (rc < 0 || store_commit(s) != 0) {
		if (rc >= 0)
			msg_set(err, errlen, N_("the item could not be archived: %s"), store_errmsg(s));
		store_rollback(s);
		rc = -1;
	}
	return rc;
}

int64_t dialogue_post_with(struct store *s, const struct access_actor *a, const char *ip,
			   int64_t thread, const struct dialogue_item *it, int64_t message,
			   char *err, size_t errlen)
{
	struct thread_view v;
	int c = thread_load(s, thread, &v, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	dialogue_writer_object(s, a, &v.obj);
	c = check(a, ACCESS_DIALOGUE_POST, &v.obj, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	c = dialogue_item_check(it, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	if (message >= 0 && strcmp(it->kind, ARCHIVE_KIND_ATTACHMENT) != 0) {
		msg_const(err, errlen, N_("only a document is sent with a message"));
		return DIALOGUE_BAD;
	}
	if (message >= 0) {
		c = message_in_thread(s, message, thread, err, errlen);
		if (c != DIALOGUE_OK)
			return c;
	}
	struct archive_item ai = { it->kind, thread, dialogue_actor_email(a), it->title, it->media_type,
				   it->body, it->body_len };
	/* Sealed before the write lock is taken: the lock is for the tree. */
	struct archive_sealed *sealed = archive_seal_item(s, &ai, err, errlen);
	if (!sealed)
		return DIALOGUE_ERROR;
	struct post_work pw = { &ai, sealed, &v.th, dialogue_actor_email(a), ip, message, -1 };
	int rc = dialogue_run_post(s, post_work, &pw, err, errlen);
	archive_sealed_free(sealed);
	return rc < 0 ? DIALOGUE_ERROR : pw.id;
}

int dialogue_threads(struct store *s, const struct access_actor *a, const char *reviewed,
		     int phase, struct archive_thread **out, size_t *n)
{
	size_t cap = 0, nids = 0;
	int64_t *ids = NULL;
	int rc = DIALOGUE_ERROR, step;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(
		/* Only the dialogue's threads, one per instrument: the archive
		 * also holds other threads of a review (the list's agreements,
		 * findings/agree.c), which are not for posting. */
		s, phase ? "SELECT id FROM archive_threads WHERE reviewed = ? AND phase = ? "
			   "AND instrument <> '" ARCHIVE_THREAD_LIST_AGREEMENTS "' "
			   "AND instrument <> '" DIALOGUE_THREAD_CHANNEL "' ORDER BY id"
			 : "SELECT id FROM archive_threads WHERE reviewed = ? "
			   "AND instrument <> '" ARCHIVE_THREAD_LIST_AGREEMENTS "' "
			   "AND instrument <> '" DIALOGUE_THREAD_CHANNEL "' ORDER BY id");
	if (!st)
		return DIALOGUE_ERROR;
	store_bind_text(st, 1, reviewed);
	if (phase)
		store_bind_int(st, 2, phase);
	while ((step = store_step(st)) == STORE_ROW) {
		if (nids == cap) {
			cap = cap ? 2 * cap : 8;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[nids++] = store_col_int(st, 0);
	}
	store_finalize(st);
	if (step != STORE_DONE)
		goto out;
	for (size_t i = 0; i < nids; i++) {
		struct thread_view v;
		char err[64];
		if (thread_load(s, ids[i], &v, err, sizeof err) != DIALOGUE_OK)
			goto out;
		int may = access_allowed(a, ACCESS_DIALOGUE_READ, &v.obj);
		if (!may && v.review.ndisclosures) {
			/* disc2: a thread of which one message was disclosed alone
			 * is listed (dialogue_items() then gives that record). */
			int64_t *rids = NULL;
			size_t nr = 0;
			if (archive_thread_records(s, ids[i], &rids, &nr) < 0)
				goto out;
			for (size_t k = 0; k < nr && !may; k++) {
				view_record(s, &v, rids[k]);
				may = access_allowed(a, ACCESS_DIALOGUE_READ, &v.obj);
			}
			free(rids);
		}
		if (!may)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = v.th;
	}
	rc = DIALOGUE_OK;
out:
	free(ids);
	if (rc != DIALOGUE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int dialogue_thread_disclosed(struct store *s, int64_t thread)
{
	struct thread_view v;
	char err[64];
	int64_t *rids = NULL;
	size_t nr = 0;
	if (thread_load(s, thread, &v, err, sizeof err) != DIALOGUE_OK)
		return DIALOGUE_ERROR;
	if (!v.review.ndisclosures)
		return ACCESS_OPEN_NONE;
	int best = access_disclosure_audience(&v.obj, ACCESS_DISCLOSED_DIALOGUE);
	if (archive_thread_records(s, thread, &rids, &nr) < 0)
		return DIALOGUE_ERROR;
	for (size_t k = 0; k < nr && best < ACCESS_OPEN_PUBLIC; k++) {
		view_record(s, &v, rids[k]);
		int au = access_disclosure_audience(&v.obj, ACCESS_DISCLOSED_DIALOGUE);
		if (au > best)
			best = au;
	}
	free(rids);
	return best;
}

int dialogue_items(struct store *s, const struct access_actor *a, int64_t thread,
		   int64_t **ids, size_t *n, char *err, size_t errlen)
{
	struct thread_view v;
	*ids = NULL;
	*n = 0;
	int c = thread_load(s, thread, &v, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	c = check(a, ACCESS_DIALOGUE_READ, &v.obj, err, errlen);
	if (c == DIALOGUE_OK || c == DIALOGUE_FORBIDDEN) {
		if (archive_thread_records(s, thread, ids, n) < 0) {
			msg_internal(err, errlen, store_errmsg(s));
			return DIALOGUE_ERROR;
		}
	}
	if (c != DIALOGUE_FORBIDDEN && (c != DIALOGUE_OK || !v.review.ndisclosures))
		return c;
	/* disc2 (R101): the thread is not readable as a whole; the records
	 * the access module allows one by one (a message disclosed alone),
	 * the refusal when none.  disc3 (F15): also when it is, if the review
	 * has choices: a reader who has the thread by a choice reads the
	 * records archived when it was made, not the later ones. */
	size_t keep = 0;
	for (size_t i = 0; i < *n; i++) {
		view_record(s, &v, (*ids)[i]);
		if (access_allowed(a, ACCESS_DIALOGUE_READ, &v.obj))
			(*ids)[keep++] = (*ids)[i];
	}
	*n = keep;
	if (keep || c == DIALOGUE_OK)
		return DIALOGUE_OK;
	free(*ids);
	*ids = NULL;
	return DIALOGUE_FORBIDDEN;
}

int dialogue_read_decide(struct store *s, const struct access_actor *a, int64_t id,
			 struct archive_record *out, char *err, size_t errlen)
{
	struct thread_view v;
	memset(out, 0, sizeof *out);
	int got = archive_record_meta(s, id, out);
	if (got <= 0) {
		if (got == 0)
			msg_const(err, errlen, N_("no such item"));
		else
			msg_internal(err, errlen, store_errmsg(s));
		return got == 0 ? DIALOGUE_NOT_FOUND : DIALOGUE_ERROR;
	}
	/* chan: an item of a channel is read through channel_read() only; the
	 * archived rows (a thread's envelope, an observation's metadata,
	 * migration 0053) are no items of the dialogue. */
	if (!strcmp(out->instrument, DIALOGUE_THREAD_CHANNEL) ||
	    !strcmp(out->kind, ARCHIVE_KIND_THREAD) || !strcmp(out->kind, ARCHIVE_KIND_OBSMETA)) {
		archive_record_free(out);
		msg_const(err, errlen, N_("no such item"));
		return DIALOGUE_NOT_FOUND;
	}
	int c = thread_load(s, out->thread, &v, err, errlen);
	if (c != DIALOGUE_OK)
		return c == DIALOGUE_NOT_FOUND ? DIALOGUE_ERROR : c;
	/* The record's own review (under the tree) with the thread's
	 * reviewers; the record itself for a message disclosed alone (disc2).
	 * A written observation is read as one (ACCESS_OBSERVATION_READ): a
	 * thread or message choice does not open it (docs/disclosure.md). */
	util_strlcpy(v.th.reviewed, out->reviewed, sizeof v.th.reviewed);
	view_record(s, &v, id);
	int obs = !strcmp(out->kind, ARCHIVE_KIND_OBSERVATION);
	if (obs)
		v.obj.item = NULL;
	c = check(a, obs ? ACCESS_OBSERVATION_READ : ACCESS_DIALOGUE_READ, &v.obj, err, errlen);
	if (c != DIALOGUE_OK)
		archive_record_free(out);
	return c;
}

int dialogue_read(struct store *s, const struct access_actor *a, const char *ip, int64_t id,
		  struct archive_record *out, char *err, size_t errlen)
{
	int c = dialogue_read_decide(s, a, id, out, err, errlen);
	if (c != DIALOGUE_OK)
		return c;
	archive_record_free(out);
	/* t-fix item 1 (R97): what an anonymous visitor may read is public,
	 * no longer confidential: its reads are audited in aggregate (one
	 * entry per item per day); a signed-in reader's read keeps its own. */
	int r = a->auth == ACCESS_ANONYMOUS
		? archive_read_public(s, id, ip ? ip : "-", out, err, errlen)
		: archive_read(s, id, dialogue_actor_email(a), ip ? ip : "-", out, err, errlen);
	if (r == 1)
		return DIALOGUE_OK;
	return r == 0 ? DIALOGUE_NOT_FOUND : DIALOGUE_ERROR;
}

int64_t dialogue_thread_find(struct store *s, const char *reviewed, int phase,
			     const char *instrument)
{
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT MIN(id) FROM archive_threads WHERE reviewed = ? AND phase = ? AND "
		   "instrument = ?");
	if (!st)
		return DIALOGUE_ERROR;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, instrument);
	int64_t id = DIALOGUE_ERROR;
	if (store_step(st) == STORE_ROW)
		id = store_col_int(st, 0); /* NULL reads as 0: none */
	store_finalize(st);
	return id;
}

int64_t dialogue_thread_ensure(struct store *s, const struct access_actor *a,
			       const struct access_review *r, int phase, int phase_started,
			       const char *instrument, char *err, size_t errlen)
{
	struct thread_view v;
	struct buf list = { 0 };
	char obj[48];
	int64_t id = DIALOGUE_ERROR;
	if (errlen)
		err[0] = '\0';
	if (!r || !r->reviewed || !instrument || phase < 1 || phase > 4) {
		msg_set(err, errlen, N_("a thread needs a review, a phase and an instrument"));
		return DIALOGUE_BAD;
	}
	/* C47: only the reviewers in charge of the instrument take part. */
	for (size_t i = 0; i < r->nreviewers && i < MAX_REVIEWERS; i++)
		if (r->reviewers[i] && access_review_in_charge(r, r->reviewers[i], instrument)) {
			if (list.len)
				buf_putc(&list, ',');
			buf_puts(&list, r->reviewers[i]);
		}
	memset(&v, 0, sizeof v);
	util_strlcpy(v.th.reviewed, r->reviewed, sizeof v.th.reviewed);
	util_strlcpy(v.th.instrument, instrument, sizeof v.th.instrument);
	util_strlcpy(v.th.reviewers, buf_str(&list), sizeof v.th.reviewers);
	view_of(&v);
	dialogue_writer_object(s, a, &v.obj);
	int c = check(a, ACCESS_DIALOGUE_POST, &v.obj, err, errlen);
	if (c != DIALOGUE_OK) {
		id = c;
		goto out;
	}
	if (store_begin(s) != 0) {
		msg_internal(err, errlen, store_errmsg(s));
		goto out;
	}
	id = dialogue_thread_find(s, r->reviewed, phase, instrument);
	if (id == 0 && !phase_started) {
		msg_set(err, errlen, N_("the phase has not started: its dialogue opens with it"));
		id = DIALOGUE_CLOSED;
	} else if (id == 0) {
		id = archive_thread_open(s, r->reviewed, phase, instrument, buf_str(&list), err,
					 errlen);
		if (id > 0) {
			snprintf(obj, sizeof obj, "thread %lld", (long long)id);
			if (audit_log(s, dialogue_actor_email(a), "-", "dialogue.thread_open", obj,
				      buf_str(&list)) < 0)
				id = DIALOGUE_ERROR;
		} else {
			id = DIALOGUE_ERROR;
		}
	}
	if (id > 0 && store_commit(s) != 0)
		id = DIALOGUE_ERROR;
	if (id == DIALOGUE_ERROR && !*err)
		msg_internal(err, errlen, store_errmsg(s));
	if (id <= 0)
		store_rollback(s);
out:
	buf_free(&list);
	return id;
}
