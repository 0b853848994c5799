/* disclosure.c - see disclosure.h. */
#include "review/disclosure.h"
#include "review/disclosure_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive/archive.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

static const char *const whats[] = { "dialogue", "documents", "responses" };
static const char *const choices[] = { "states", "public", "portal", "withdraw" };
static const char *const instruments[] = { "untoc", "tip", "som", "firearms" };

static int in(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(v, set[i]) == 0)
			return (int)i + 1;
	return 0;
}

int disclosure_what_parse(const char *what)
{
	switch (in(what, whats, 3)) {
	case 1: return ACCESS_DISCLOSED_DIALOGUE;
	case 2: return ACCESS_DISCLOSED_DOCUMENTS;
	case 3: return ACCESS_DISCLOSED_RESPONSES;
	default: return 0;
	}
}

static int withdraw_check(struct store *s, const char *reviewed, const char *what, int phase,
			  const char *instrument, const char *item, char *err, size_t errlen);

static int invalid(char *err, size_t errlen, const char *msg)
{
	msg_const(err, errlen, msg);
	return DISCLOSURE_INVALID;
}

/* The record id of a message choice's item ("message:<id>"), or NULL. */
static const char *message_of(const char *item)
{
	size_t n = sizeof ACCESS_MESSAGE_ITEM_PREFIX - 1;
	return strncmp(item, ACCESS_MESSAGE_ITEM_PREFIX, n) == 0 ? item + n : NULL;
}

/* disc2: the archived record named by a message choice, with its kind
 * (kind, 16 bytes).  As item_row(). */
static int record_row(struct store *s, const char *rec, char *state, int *ph, char *inst,
		      char *kind)
{
	long id = 0;
	if (util_parse_long(rec, 0, 999999999999L, &id) < 0)
		return 0;
	struct store_stmt *st = store_prepare(
		s, "SELECT reviewed, phase, instrument, kind FROM archive_records WHERE seq = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int r = store_step(st), found = r == STORE_ROW;
	if (found) {
		util_strlcpy(state, store_col_text(st, 0), 4);
		*ph = (int)store_col_int(st, 1);
		util_strlcpy(inst, store_col_text(st, 2), 12);
		util_strlcpy(kind, store_col_text(st, 3), 16);
	}
	store_finalize(st);
	return found ? 1 : r == STORE_DONE ? 0 : -1;
}

/* The item's kind, phase, instrument and State, by a direct look-up:
 * the answers (responses), the documents (attachments), the threads
 * (archive_threads).  Returns 1 found, 0 none, -1 store error. */
static int item_row(struct store *s, const char *reviewed, const char *what, const char *item,
		    int phase, char *state, int *ph, char *inst)
{
	const char *q;
	int by_id = 0;
	if (strcmp(what, "responses") == 0)
		q = "SELECT reviewed, phase, instrument FROM responses WHERE reviewed = ? AND "
		    "phase = ? AND question = ?";
	else if (strcmp(what, "documents") == 0)
		q = "SELECT reviewed, phase, instrument FROM attachments WHERE id = ?";
	else {
		q = "SELECT reviewed, phase, instrument FROM archive_threads WHERE id = ?";
		by_id = 1;
	}
	long tid = 0;
	if (by_id && util_parse_long(item, 1, 999999999999L, &tid) < 0)
		return 0;
	struct store_stmt *st = store_prepare(s, q);
	if (!st)
		return -1;
	if (strcmp(what, "responses") == 0) {
		store_bind_text(st, 1, reviewed);
		store_bind_int(st, 2, phase);
		store_bind_text(st, 3, item);
	} else if (by_id) {
		store_bind_int(st, 1, tid);
	} else {
		store_bind_text(st, 1, item);
	}
	int r = store_step(st), found = r == STORE_ROW;
	if (found) {
		util_strlcpy(state, store_col_text(st, 0), 4);
		*ph = (int)store_col_int(st, 1);
		util_strlcpy(inst, store_col_text(st, 2), 12);
	}
	store_finalize(st);
	return found ? 1 : r == STORE_DONE ? 0 : -1;
}

/* 1 when reviewed's responses of phase are submitted, 0 not, -1 error. */
static int phase_submitted(struct store *s, const char *reviewed, int phase)
{
	struct store_stmt *st = store_prepare(
		s, "SELECT 1 FROM response_submissions WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
}

int disclosure_item_resolve(struct store *s, const char *reviewed, const char *what,
			    const char *item, int *phase, char *inst, char *err, size_t errlen)
{
	char state[4] = "";
	int ph = 0;
	if (!in(what, whats, 3))
		return invalid(err, errlen, N_("what must be dialogue, documents or responses"));
	if (!item || !*item || strlen(item) > DISCLOSURE_ITEM_MAX)
		return invalid(err, errlen, N_("the item must be a question id, a document id or a "
					    "thread id of at most 39 characters"));
	if (strcmp(what, "responses") == 0 && (*phase < 1 || *phase > 4))
		return invalid(err, errlen, N_("an answer is disclosed with its phase, 1 to 4"));
	/* disc2 (R101): "message:<id>" names one archived record of a
	 * thread of the dialogue. */
	const char *rec = strcmp(what, "dialogue") == 0 ? message_of(item) : NULL;
	char kind[16] = "";
	int r = rec ? record_row(s, rec, state, &ph, inst, kind)
		    : item_row(s, reviewed, what, item, *phase, state, &ph, inst);
	if (r < 0) {
		msg_set(err, errlen, N_("cannot read the item: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	if (r == 0 && rec) {
		msg_const(err, errlen, N_("no such message: no message, document or record of a "
					  "call in the dialogue with that id"));
		return DISCLOSURE_NO_ITEM;
	}
	if (r == 0) {
		msg_const(err, errlen, N_("no such item: no answer, document or thread of the "
					  "review with that key"));
		return DISCLOSURE_NO_ITEM;
	}
	if (rec && strcmp(kind, ARCHIVE_KIND_MESSAGE) != 0 &&
	    strcmp(kind, ARCHIVE_KIND_ATTACHMENT) != 0 && strcmp(kind, ARCHIVE_KIND_CALL) != 0) {
		/* A written observation is opened with the dialogue of its
		 * phase and instrument only (docs/disclosure.md); an agreement
		 * to the list is no part of the dialogue. */
		msg_const(err, errlen, N_("only a message, a document or a record of a call is "
					  "disclosed alone: written observations are disclosed "
					  "with the dialogue of their phase and instrument"));
		return DISCLOSURE_INVALID;
	}
	if (strcmp(state, reviewed) != 0) {
		msg_const(err, errlen, N_("the item belongs to another State's review"));
		return DISCLOSURE_NOT_THEIRS;
	}
	if (strcmp(what, "dialogue") != 0) {
		int sub = phase_submitted(s, reviewed, ph);
		if (sub < 0) {
			msg_set(err, errlen, N_("cannot read the item: %s"), store_errmsg(s));
			return DISCLOSURE_ERR;
		}
		if (!sub) {
			msg_const(err, errlen, N_("the item is a draft: only submitted answers and "
						  "their documents are disclosed"));
			return DISCLOSURE_DRAFT;
		}
	}
	*phase = ph;
	return DISCLOSURE_OK;
}

int disclosure_record(struct store *s, const char *reviewed, const char *what, int phase,
		      const char *instrument, const char *choice, const char *note,
		      int64_t by_id, const char *by, int64_t *id, char *err, size_t errlen)
{
	return disclosure_record_item(s, reviewed, what, phase, instrument, NULL, choice, note,
				      by_id, by, id, err, errlen);
}

/* disc3: the judgement of disclosure_record_item(), and the write when
 * write is set (the page's confirmation step asks without writing). */
static int record_item(struct store *s, const char *reviewed, const char *what, int phase,
		       const char *instrument, const char *item, const char *choice,
		       const char *note, int64_t by_id, const char *by, int64_t *id, int write,
		       char *err, size_t errlen)
{
	char now[32], inst[12] = "";
	if (!reviewed || strlen(reviewed) != 3)
		return invalid(err, errlen, N_("no such reviewed State"));
	if (!in(what, whats, 3))
		return invalid(err, errlen, N_("what must be dialogue, documents or responses"));
	if (phase < 0 || phase > 4)
		return invalid(err, errlen, N_("phase must be 1 to 4, or 0 for every phase"));
	if (instrument && *instrument && !in(instrument, instruments, 4))
		return invalid(err, errlen, N_("instrument must be untoc, tip, som or firearms, or "
					    "empty for every instrument"));
	if (!in(choice, choices, 4))
		return invalid(err, errlen, N_("choice must be states, public, portal or withdraw"));
	if (strcmp(what, "responses") == 0 && strcmp(choice, "states") == 0)
		return invalid(err, errlen, N_("submitted responses are available to all States "
					    "parties already (paragraph 40): disclose them "
					    "publicly or ask for their use in the public portal"));
	if (!note)
		note = "";
	if (strlen(note) > DISCLOSURE_NOTE_MAX)
		return invalid(err, errlen, N_("the note is longer than 1,000 bytes"));
	if (util_utf8_len(note) < 0)
		return invalid(err, errlen, N_("the note is not valid UTF-8"));
	if (item && *item) {
		int ph = phase;
		int r = disclosure_item_resolve(s, reviewed, what, item, &ph, inst, err, errlen);
		if (r != DISCLOSURE_OK)
			return r;
		if ((phase && phase != ph) || (instrument && *instrument &&
					       strcmp(instrument, inst) != 0))
			return invalid(err, errlen, N_("the phase or instrument given is not the "
						    "item's"));
		phase = ph;
		instrument = inst;
	}
	if (strcmp(choice, "withdraw") == 0) {
		int w = withdraw_check(s, reviewed, what, phase, instrument, item, err, errlen);
		if (w != DISCLOSURE_OK)
			return w;
	}
	if (!write)
		return DISCLOSURE_OK;
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0) {
		msg_set(err, errlen, N_("cannot begin: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO disclosures (reviewed, what, phase, instrument, choice, note, "
		   "by_id, by_whom, at, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int r = -1;
	if (st) {
		store_bind_text(st, 1, reviewed);
		store_bind_text(st, 2, what);
		store_bind_int(st, 3, phase);
		store_bind_text(st, 4, instrument ? instrument : "");
		store_bind_text(st, 5, choice);
		store_bind_text(st, 6, note);
		store_bind_int(st, 7, by_id);
		store_bind_text(st, 8, by ? by : "");
		store_bind_text(st, 9, now);
		store_bind_text(st, 10, item ? item : "");
		r = store_step(st);
		store_finalize(st);
	}
	if (r != STORE_DONE) {
		msg_set(err, errlen, N_("cannot record the choice: %s"), store_errmsg(s));
		store_rollback(s);
		return DISCLOSURE_ERR;
	}
	if (id)
		*id = store_last_id(s);
	if (store_commit(s) < 0) {
		msg_set(err, errlen, N_("cannot commit: %s"), store_errmsg(s));
		store_rollback(s);
		return DISCLOSURE_ERR;
	}
	return DISCLOSURE_OK;
}

int disclosure_record_item(struct store *s, const char *reviewed, const char *what, int phase,
			   const char *instrument, const char *item, const char *choice,
			   const char *note, int64_t by_id, const char *by, int64_t *id,
			   char *err, size_t errlen)
{
	return record_item(s, reviewed, what, phase, instrument, item, choice, note, by_id, by,
			   id, 1, err, errlen);
}

int disclosure_record_check(struct store *s, const char *reviewed, const char *what, int phase,
			    const char *instrument, const char *item, const char *choice,
			    const char *note, char *err, size_t errlen)
{
	return record_item(s, reviewed, what, phase, instrument, item, choice, note, 0, NULL,
			   NULL, 0, err, errlen);
}

void disclosure_log_free(struct disclosure_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++)
		free(e[i].note);
	free(e);
}

int disclosure_int_rows(struct store *s, const char *sql, const char *reviewed, size_t size,
			disclosure_int_fill fill, disclosure_int_free free_rows, void **out,
			size_t *n)
{
	size_t cap = 0;
	char *rows = NULL;
	int step;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((step = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			rows = xrealloc(rows, cap * size);
		}
		void *row = rows + (*n)++ * size;
		memset(row, 0, size);
		fill(st, row);
	}
	store_finalize(st);
	if (step != STORE_DONE) {
		free_rows(rows, *n);
		*n = 0;
		return -1;
	}
	*out = rows;
	return 0;
}

static void fill_entry(struct store_stmt *st, void *row)
{
	struct disclosure_entry *e = row;
	e->id = store_col_int(st, 0);
	util_strlcpy(e->what, store_col_text(st, 1), sizeof e->what);
	e->phase = (int)store_col_int(st, 2);
	util_strlcpy(e->instrument, store_col_text(st, 3), sizeof e->instrument);
	util_strlcpy(e->choice, store_col_text(st, 4), sizeof e->choice);
	e->note = xstrdup(store_col_text(st, 5));
	e->by_id = store_col_int(st, 6);
	util_strlcpy(e->by, store_col_text(st, 7), sizeof e->by);
	util_strlcpy(e->at, store_col_text(st, 8), sizeof e->at);
	util_strlcpy(e->item, store_col_text(st, 9), sizeof e->item);
}

static void free_entries(void *rows, size_t n)
{
	disclosure_log_free(rows, n);
}

int disclosure_log(struct store *s, const char *reviewed, struct disclosure_entry **out,
		   size_t *n)
{
	void *rows = NULL;
	int r = disclosure_int_rows(s, "SELECT id, what, phase, instrument, choice, note, by_id, "
				       "by_whom, at, item FROM disclosures WHERE reviewed = ? "
				       "ORDER BY id", reviewed, sizeof **out, fill_entry,
				    free_entries, &rows, n);
	*out = rows;
	return r;
}

/* disc3 (F5; paras 40, 41): whether scope w (a withdrawal) contains the
 * scope of e: the same kind of material, and every phase (0) or e's, every
 * instrument ("") or e's, the whole scope ("") or e's item.  An item
 * choice carries its item's phase and instrument, so "every phase" holds
 * it. */
static int scope_contains(const struct disclosure_entry *w, const struct disclosure_entry *e)
{
	return strcmp(w->what, e->what) == 0 && (w->phase == 0 || w->phase == e->phase) &&
	       (!w->instrument[0] || strcmp(w->instrument, e->instrument) == 0) &&
	       (!w->item[0] || strcmp(w->item, e->item) == 0);
}

int disclosure_in_force(const struct disclosure_entry *log, size_t n, size_t i)
{
	for (size_t k = i + 1; k < n; k++) {
		if (strcmp(log[k].what, log[i].what) == 0 && log[k].phase == log[i].phase &&
		    strcmp(log[k].instrument, log[i].instrument) == 0 &&
		    strcmp(log[k].item, log[i].item) == 0)
			return 0;
		/* disc3 (F5): a later withdrawal ends every choice within its
		 * scope, whatever the audience, not only its own scope. */
		if (strcmp(log[k].choice, "withdraw") == 0 && scope_contains(&log[k], &log[i]))
			return 0;
	}
	return 1;
}

int disclosure_withdraw_count(const struct disclosure_entry *log, size_t n,
			      const struct disclosure_entry *w)
{
	int count = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(log[i].choice, "withdraw") != 0 && scope_contains(w, &log[i]) &&
		    disclosure_in_force(log, n, i))
			count++;
	return count;
}

/* disc3 (F6): DISCLOSURE_OK when the withdrawal of the scope would end
 * some choice in force, DISCLOSURE_NOTHING (nothing to write) when not. */
static int withdraw_check(struct store *s, const char *reviewed, const char *what, int phase,
			  const char *instrument, const char *item, char *err, size_t errlen)
{
	struct disclosure_entry *log = NULL, w;
	size_t n = 0;
	if (disclosure_log(s, reviewed, &log, &n) < 0) {
		msg_set(err, errlen, N_("cannot read the choices: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	memset(&w, 0, sizeof w);
	util_strlcpy(w.what, what, sizeof w.what);
	w.phase = phase;
	util_strlcpy(w.instrument, instrument ? instrument : "", sizeof w.instrument);
	util_strlcpy(w.item, item ? item : "", sizeof w.item);
	int count = disclosure_withdraw_count(log, n, &w);
	disclosure_log_free(log, n);
	if (count > 0)
		return DISCLOSURE_OK;
	msg_const(err, errlen, N_("nothing to withdraw: no choice in force within this scope "
				  "(what, phase, instrument, item); nothing was recorded"));
	return DISCLOSURE_NOTHING;
}

int disclosure_current(struct store *s, const char *reviewed, struct access_disclosure *out,
		       size_t max, size_t *n)
{
	struct disclosure_entry *log = NULL;
	size_t nl = 0;
	*n = 0;
	if (disclosure_log(s, reviewed, &log, &nl) < 0)
		return -1;
	/* Newest first: the first row of a scope is the one in force.  A
	 * portal request opens nothing by itself (R98): what the Secretariat
	 * published under it does, below. */
	for (size_t i = nl; i-- > 0;) {
		const struct disclosure_entry *e = &log[i];
		if (!disclosure_in_force(log, nl, i) || strcmp(e->choice, "withdraw") == 0 ||
		    strcmp(e->choice, "portal") == 0 || *n >= max)
			continue;
		struct access_disclosure *d = &out[(*n)++];
		memset(d, 0, sizeof *d);
		d->what = disclosure_what_parse(e->what);
		d->phase = e->phase;
		util_strlcpy(d->instrument, e->instrument, sizeof d->instrument);
		util_strlcpy(d->item, e->item, sizeof d->item);
		util_strlcpy(d->at, e->at, sizeof d->at);
		d->audience = strcmp(e->choice, "states") == 0 ? ACCESS_OPEN_STATES
							       : ACCESS_OPEN_PUBLIC;
	}
	int rc = disclosure_portal_current(s, reviewed, log, nl, out, max, n);
	disclosure_log_free(log, nl);
	return rc;
}
