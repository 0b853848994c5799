/* disclosure_portal.c - the Secretariat's selection for the public part of
 * the portal (issue 10; annex para 37; spec R98: "request by reviewed
 * State -> secretariat publishes selected items"; docs/disclosure.md).
 * See disclosure.h.  A 'portal' request of the reviewed State is its
 * consent; what opens to the public is what the Secretariat publishes
 * under it, while the request is in force. */
#include "review/disclosure.h"
#include "review/disclosure_int.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

void disclosure_publications_free(struct disclosure_publication *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++) {
		free(p[i].note);
		free(p[i].end_note);
	}
	free(p);
}

/* The index in log of the row with id, or n. */
static size_t find(const struct disclosure_entry *log, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (log[i].id == id)
			return i;
	return n;
}

static void fill_publication(struct store_stmt *st, void *row)
{
	struct disclosure_publication *p = row;
	p->id = store_col_int(st, 0);
	p->request = store_col_int(st, 1);
	util_strlcpy(p->item, store_col_text(st, 2), sizeof p->item);
	p->phase = (int)store_col_int(st, 3);
	util_strlcpy(p->instrument, store_col_text(st, 4), sizeof p->instrument);
	p->note = xstrdup(store_col_text(st, 5));
	p->by_id = store_col_int(st, 6);
	util_strlcpy(p->by, store_col_text(st, 7), sizeof p->by);
	util_strlcpy(p->at, store_col_text(st, 8), sizeof p->at);
	p->end_id = store_col_int(st, 9);
	p->end_note = xstrdup(store_col_text(st, 10));
	p->ended_by_id = store_col_int(st, 11);
	util_strlcpy(p->ended_by, store_col_text(st, 12), sizeof p->ended_by);
	util_strlcpy(p->ended_at, store_col_text(st, 13), sizeof p->ended_at);
}

static void free_publications(void *rows, size_t n)
{
	disclosure_publications_free(rows, n);
}

/* The publications of reviewed, oldest first, in_force against log. */
static int read_all(struct store *s, const char *reviewed, const struct disclosure_entry *log,
		    size_t nlog, struct disclosure_publication **out, size_t *n)
{
	void *rows = NULL;
	int r = disclosure_int_rows(
		s, "SELECT p.id, p.request, p.item, p.phase, p.instrument, p.note, p.by_id, "
		   "p.by_whom, p.at, COALESCE(e.id, 0), COALESCE(e.note, ''), "
		   "COALESCE(e.by_id, 0), COALESCE(e.by_whom, ''), COALESCE(e.at, '') "
		   "FROM portal_publications p LEFT JOIN portal_publication_ends e "
		   "ON e.publication = p.id WHERE p.reviewed = ? ORDER BY p.id",
		reviewed, sizeof **out, fill_publication, free_publications, &rows, n);
	*out = rows;
	for (size_t i = 0; r == 0 && i < *n; i++) {
		struct disclosure_publication *p = &(*out)[i];
		size_t k = find(log, nlog, p->request);
		/* In force while its request is the portal choice in force of
		 * its scope (a later withdraw, or any later choice, ends it)
		 * and the Secretariat has not ended it (undo, 0045). */
		p->request_in_force = k < nlog && strcmp(log[k].choice, "portal") == 0 &&
				      disclosure_in_force(log, nlog, k);
		p->in_force = p->request_in_force && p->end_id == 0;
	}
	return r;
}

int disclosure_publications(struct store *s, const char *reviewed,
			    struct disclosure_publication **out, size_t *n)
{
	struct disclosure_entry *log = NULL;
	size_t nl = 0;
	*out = NULL;
	*n = 0;
	if (disclosure_log(s, reviewed, &log, &nl) < 0)
		return -1;
	int rc = read_all(s, reviewed, log, nl, out, n);
	disclosure_log_free(log, nl);
	return rc;
}

int disclosure_portal_current(struct store *s, const char *reviewed,
			      const struct disclosure_entry *log, size_t nlog,
			      struct access_disclosure *out, size_t max, size_t *n)
{
	struct disclosure_publication *p = NULL;
	size_t np = 0;
	if (read_all(s, reviewed, log, nlog, &p, &np) < 0)
		return -1;
	for (size_t i = 0; i < np && *n < max; i++) {
		if (!p[i].in_force)
			continue;
		const struct disclosure_entry *e = &log[find(log, nlog, p[i].request)];
		struct access_disclosure *d = &out[(*n)++];
		memset(d, 0, sizeof *d);
		d->what = disclosure_what_parse(e->what);
		d->phase = p[i].phase;
		util_strlcpy(d->instrument, p[i].instrument, sizeof d->instrument);
		util_strlcpy(d->item, p[i].item[0] ? p[i].item : e->item, sizeof d->item);
		/* disc3 (F15): what existed when the State asked (R98). */
		util_strlcpy(d->at, e->at, sizeof d->at);
		d->audience = ACCESS_OPEN_PUBLIC;
	}
	disclosure_publications_free(p, np);
	return 0;
}

int disclosure_publish(struct store *s, const char *reviewed, int64_t request, const char *item,
		       const char *note, int64_t by_id, const char *by, int64_t *id, char *err,
		       size_t errlen)
{
	struct disclosure_entry *log = NULL;
	size_t nl = 0;
	char now[32], inst[12] = "";
	int rc = DISCLOSURE_ERR, phase;
	if (!note)
		note = "";
	if (strlen(note) > DISCLOSURE_NOTE_MAX || util_utf8_len(note) < 0) {
		msg_const(err, errlen, N_("the note must be valid UTF-8 of at most 1,000 bytes"));
		return DISCLOSURE_INVALID;
	}
	if (!reviewed || disclosure_log(s, reviewed, &log, &nl) < 0) {
		msg_set(err, errlen, N_("cannot read the choices: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	size_t k = find(log, nl, request);
	if (k == nl || strcmp(log[k].choice, "portal") != 0 || !disclosure_in_force(log, nl, k)) {
		msg_const(err, errlen, N_("no request of the reviewed State to use this in the "
					  "public portal is in force with that id"));
		rc = DISCLOSURE_NO_REQUEST;
		goto out;
	}
	const struct disclosure_entry *e = &log[k];
	phase = e->phase;
	util_strlcpy(inst, e->instrument, sizeof inst);
	if (item && *item && strcmp(item, e->item) != 0) {
		/* One item of what the State asked to publish. */
		if (e->item[0]) {
			msg_const(err, errlen, N_("the request is for one item only: publish that "
						  "item or the whole request"));
			rc = DISCLOSURE_INVALID;
			goto out;
		}
		int ph = phase;
		rc = disclosure_item_resolve(s, reviewed, e->what, item, &ph, inst, err, errlen);
		if (rc != DISCLOSURE_OK)
			goto out;
		if ((e->phase && e->phase != ph) ||
		    (e->instrument[0] && strcmp(e->instrument, inst) != 0)) {
			msg_const(err, errlen, N_("the item is outside what the reviewed State "
						  "asked to publish"));
			rc = DISCLOSURE_INVALID;
			goto out;
		}
		phase = ph;
	} else {
		item = "";
	}
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0) {
		msg_set(err, errlen, N_("cannot begin: %s"), store_errmsg(s));
		rc = DISCLOSURE_ERR;
		goto out;
	}
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO portal_publications (reviewed, request, item, phase, instrument, "
		   "note, by_id, by_whom, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int r = -1;
	if (st) {
		store_bind_text(st, 1, reviewed);
		store_bind_int(st, 2, request);
		store_bind_text(st, 3, item);
		store_bind_int(st, 4, phase);
		store_bind_text(st, 5, inst);
		store_bind_text(st, 6, note);
		store_bind_int(st, 7, by_id);
		store_bind_text(st, 8, by ? by : "");
		store_bind_text(st, 9, now);
		r = store_step(st);
		store_finalize(st);
	}
	if (r != STORE_DONE) {
		msg_set(err, errlen, N_("cannot record the publication: %s"), store_errmsg(s));
		store_rollback(s);
		rc = DISCLOSURE_ERR;
		goto out;
	}
	if (id)
		*id = store_last_id(s);
	if (store_commit(s) < 0) {
		msg_set(err, errlen, N_("cannot commit: %s"), store_errmsg(s));
		store_rollback(s);
		rc = DISCLOSURE_ERR;
		goto out;
	}
	rc = DISCLOSURE_OK;
out:
	disclosure_log_free(log, nl);
	return rc;
}

/* Whether the Secretariat may end publication of reviewed for the reason
 * note, as disclosure_unpublish() says; reads only.  DISCLOSURE_OK or the
 * refusal with err. */
static int judge(struct store *s, const char *reviewed, int64_t publication, const char *note,
		 char *err, size_t errlen)
{
	struct disclosure_publication *p = NULL;
	size_t np = 0, k;
	int rc;
	if (!note || !*note || strlen(note) > DISCLOSURE_NOTE_MAX || util_utf8_len(note) < 0) {
		msg_const(err, errlen, N_("give the reason for ending the publication: valid "
					  "UTF-8 of at most 1,000 bytes"));
		return DISCLOSURE_INVALID;
	}
	if (!reviewed || disclosure_publications(s, reviewed, &p, &np) < 0) {
		msg_set(err, errlen, N_("cannot read the publications: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	for (k = 0; k < np && p[k].id != publication; k++)
		;
	if (k == np) {
		msg_const(err, errlen, N_("no publication of the reviewed State's material in the "
					  "public portal has that number"));
		rc = DISCLOSURE_NO_PUBLICATION;
	} else if (p[k].end_id) {
		msg_const(err, errlen, N_("the Secretariat has already ended this publication"));
		rc = DISCLOSURE_ENDED;
	} else if (!p[k].request_in_force) {
		msg_const(err, errlen, N_("this publication has already ended: the reviewed State "
					  "withdrew or changed its request"));
		rc = DISCLOSURE_ENDED;
	} else {
		rc = DISCLOSURE_OK;
	}
	disclosure_publications_free(p, np);
	return rc;
}

int disclosure_unpublish_check(struct store *s, const char *reviewed, int64_t publication,
			       const char *note, char *err, size_t errlen)
{
	return judge(s, reviewed, publication, note, err, errlen);
}

int disclosure_unpublish(struct store *s, const char *reviewed, int64_t publication,
			 const char *note, int64_t by_id, const char *by, int64_t *end_id,
			 char *err, size_t errlen)
{
	char now[32];
	if (store_begin(s) < 0) {
		msg_set(err, errlen, N_("cannot begin: %s"), store_errmsg(s));
		return DISCLOSURE_ERR;
	}
	/* Judged inside the transaction: what is judged is what is ended. */
	int rc = judge(s, reviewed, publication, note, err, errlen);
	if (rc != DISCLOSURE_OK)
		goto out;
	rc = DISCLOSURE_ERR;
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO portal_publication_ends (publication, reviewed, note, by_id, "
		   "by_whom, at) VALUES (?, ?, ?, ?, ?, ?)");
	int r = -1;
	if (st) {
		store_bind_int(st, 1, publication);
		store_bind_text(st, 2, reviewed);
		store_bind_text(st, 3, note);
		store_bind_int(st, 4, by_id);
		store_bind_text(st, 5, by ? by : "");
		store_bind_text(st, 6, now);
		r = store_step(st);
		store_finalize(st);
	}
	if (r != STORE_DONE) {
		msg_set(err, errlen, N_("cannot record the end of the publication: %s"),
			store_errmsg(s));
		goto out;
	}
	if (end_id)
		*end_id = store_last_id(s);
	if (store_commit(s) < 0) {
		msg_set(err, errlen, N_("cannot commit: %s"), store_errmsg(s));
		goto out;
	}
	rc = DISCLOSURE_OK;
out:
	if (rc != DISCLOSURE_OK)
		store_rollback(s);
	return rc;
}
