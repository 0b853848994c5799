/* disclosure.c - see disclosure.h. */
#include "review/disclosure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int invalid(char *err, size_t errlen, const char *msg)
{
	msg_const(err, errlen, msg);
	return DISCLOSURE_INVALID;
}

int disclosure_record(struct store *s, const char *reviewed, const char *what, int phase,
		      const char *instrument, const char *choice, const char *note,
		      int64_t by_id, const char *by, int64_t *id, char *err, size_t errlen)
{
	char now[32];
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
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0) {
		msg_set(err, errlen, N_("cannot begin: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO disclosures (reviewed, what, phase, instrument, choice, note, "
		   "by_id, by_whom, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
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

void disclosure_log_free(struct disclosure_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++)
		free(e[i].note);
	free(e);
}

int disclosure_log(struct store *s, const char *reviewed, struct disclosure_entry **out,
		   size_t *n)
{
	size_t cap = 0;
	int step;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(
		s, "SELECT id, what, phase, instrument, choice, note, by_id, by_whom, at "
		   "FROM disclosures WHERE reviewed = ? ORDER BY id");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	while ((step = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct disclosure_entry *e = &(*out)[(*n)++];
		memset(e, 0, sizeof *e);
		e->id = store_col_int(st, 0);
		util_strlcpy(e->what, store_col_text(st, 1), sizeof e->what);
		e->phase = (int)store_col_int(st, 2);
		util_strlcpy(e->instrument, store_col_text(st, 3), sizeof e->instrument);
		util_strlcpy(e->choice, store_col_text(st, 4), sizeof e->choice);
		e->note = xstrdup(store_col_text(st, 5));
		e->by_id = store_col_int(st, 6);
		util_strlcpy(e->by, store_col_text(st, 7), sizeof e->by);
		util_strlcpy(e->at, store_col_text(st, 8), sizeof e->at);
	}
	store_finalize(st);
	if (step != STORE_DONE) {
		disclosure_log_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int disclosure_current(struct store *s, const char *reviewed, struct access_disclosure *out,
		       size_t max, size_t *n)
{
	struct disclosure_entry *log = NULL;
	size_t nl = 0;
	*n = 0;
	if (disclosure_log(s, reviewed, &log, &nl) < 0)
		return -1;
	/* Newest first: the first row of a scope is the one in force. */
	for (size_t i = nl; i-- > 0;) {
		const struct disclosure_entry *e = &log[i];
		int what = disclosure_what_parse(e->what), seen = 0;
		for (size_t k = i + 1; k < nl && !seen; k++)
			seen = strcmp(log[k].what, e->what) == 0 && log[k].phase == e->phase &&
			       strcmp(log[k].instrument, e->instrument) == 0;
		if (seen || strcmp(e->choice, "withdraw") == 0 || *n >= max)
			continue;
		struct access_disclosure *d = &out[(*n)++];
		memset(d, 0, sizeof *d);
		d->what = what;
		d->phase = e->phase;
		util_strlcpy(d->instrument, e->instrument, sizeof d->instrument);
		d->audience = strcmp(e->choice, "states") == 0 ? ACCESS_OPEN_STATES
							       : ACCESS_OPEN_PUBLIC;
	}
	disclosure_log_free(log, nl);
	return 0;
}
