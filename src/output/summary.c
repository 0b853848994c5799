/* summary.c - summaries in the store: versions, translation status,
 * agreement (issue 10; paras 38-39, 50; R110, R111, R145, C32, C37).
 * Tables of migration 0026; texts, events and agreements are append-only
 * (triggers), summary_langs holds each language's current state.  The
 * agreement is summary_agree.c's, the corrigendum summary_corr.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/summary.h"
#include "output/summary_int.h"

#include "findings/outline.h"
#include "output/words.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"
#include "util/xmalloc.h"

const char *const summary_lang_codes[6] = { "ar", "zh", "en", "fr", "ru", "es" };
static const char *const status_names[] = { "original", "requested", "in_translation",
					    "revised", "final" };

int summary_lang_index(const char *lang)
{
	for (int i = 0; lang && i < 6; i++)
		if (!strcmp(lang, summary_lang_codes[i]))
			return i;
	return -1;
}

const char *summary_status_name(int status)
{
	if (status < SUMMARY_ORIGINAL || status > SUMMARY_FINAL)
		return "none";
	return status_names[status];
}

int summary_status_parse(const char *s)
{
	for (int i = SUMMARY_ORIGINAL; s && i <= SUMMARY_FINAL; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -2;
}

static int fail(int rc, char *err, size_t errlen, const char *msg, struct store *s)
{
	if (rc == SUMMARY_ERR && s) {
		/* English as before; the pages say the service failed. */
		char t[512];
		snprintf(t, sizeof t, "%s: %s", msg, store_errmsg(s));
		msg_internal(err, errlen, t);
	} else {
		msg_const(err, errlen, msg);
	}
	return rc;
}

static int is_party(struct store *s, const char *code)
{
	if (!code || strlen(code) != 3)
		return 0;
	return store_count(s, "SELECT count(*) FROM parties WHERE code = ?", code) > 0;
}

int summary_find(struct store *s, const char *reviewed, int phase, long long *id, char drafting[3])
{
	struct store_stmt *st = store_prepare(s, "SELECT id, drafting FROM summaries "
						 "WHERE reviewed = ? AND phase = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1) {
		*id = store_col_int(st, 0);
		util_strlcpy(drafting, store_col_text(st, 1), 3);
	}
	store_finalize(st);
	return rc;
}

struct lang_row {
	int status, version, based_on;
};

/* A language's current state: 1 found, 0 none, -1 error. */
static int lang_get(struct store *s, long long id, const char *lang, struct lang_row *out)
{
	struct store_stmt *st = store_prepare(s, "SELECT status, version, based_on "
						 "FROM summary_langs WHERE summary_id = ? AND lang = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, lang);
	int r = store_step(st), rc = r == STORE_ROW ? 1 : r == STORE_DONE ? 0 : -1;
	if (rc == 1) {
		out->status = summary_status_parse(store_col_text(st, 0));
		out->version = (int)store_col_int(st, 1);
		out->based_on = (int)store_col_int(st, 2);
	}
	store_finalize(st);
	return rc;
}

static int lang_set(struct store *s, long long id, const char *lang, int status, int version,
		    int based_on, const char *now, const char *by)
{
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO summary_langs (summary_id, lang, status, version, based_on, "
		   "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
		   "ON CONFLICT (summary_id, lang) DO UPDATE SET status = excluded.status, "
		   "version = excluded.version, based_on = excluded.based_on, "
		   "updated_at = excluded.updated_at, updated_by = excluded.updated_by");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, lang);
	store_bind_text(st, 3, summary_status_name(status));
	store_bind_int(st, 4, version);
	store_bind_int(st, 5, based_on);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, by);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

static int event(struct store *s, long long id, const char *lang, const char *what, int from,
		 int to, int version, const char *now, const char *by)
{
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO summary_events (summary_id, lang, event, from_status, to_status, "
		   "version, at, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, lang);
	store_bind_text(st, 3, what);
	store_bind_text(st, 4, summary_status_name(from));
	store_bind_text(st, 5, summary_status_name(to));
	store_bind_int(st, 6, version);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, by);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

int summary_int_event(struct store *s, long long id, const char *lang, const char *what,
		      int version, const char *now, const char *by)
{
	return event(s, id, lang, what, SUMMARY_ORIGINAL, SUMMARY_ORIGINAL, version, now, by);
}

/* Begins a write on the summary: the transaction, then the summary itself. */
static int begin(struct store *s, const char *reviewed, int phase, long long *id,
		 char drafting[3], char *err, size_t errlen)
{
	if (store_begin(s) < 0)
		return fail(SUMMARY_ERR, err, errlen, "cannot begin", s);
	int f = summary_find(s, reviewed ? reviewed : "", phase, id, drafting);
	if (f == 1)
		return SUMMARY_OK;
	store_rollback(s);
	if (f < 0)
		return fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
	msg_set(err, errlen, N_("no summary for %s phase %d"), reviewed ? reviewed : "", phase);
	return SUMMARY_NOT_FOUND;
}

int summary_int_begin(struct store *s, const char *reviewed, int phase, long long *id,
		      char drafting[3], char *err, size_t errlen)
{
	return begin(s, reviewed, phase, id, drafting, err, errlen);
}

/* Commits on SUMMARY_OK, rolls back otherwise; returns the final code. */
static int finish(struct store *s, int rc, char *err, size_t errlen)
{
	if (rc != SUMMARY_OK) {
		store_rollback(s);
		return rc;
	}
	if (store_commit(s) < 0) {
		store_rollback(s);
		return fail(SUMMARY_ERR, err, errlen, "cannot commit", s);
	}
	return SUMMARY_OK;
}

int summary_int_version(struct store *s, long long id, const char *lang)
{
	struct lang_row lr = { SUMMARY_NONE, 0, 0 };
	return lang_get(s, id, lang, &lr) < 0 ? -1 : lr.version;
}

int summary_int_finish(struct store *s, int rc, char *err, size_t errlen)
{
	return finish(s, rc, err, errlen);
}

int summary_int_fail(int rc, char *err, size_t errlen, const char *msg, struct store *s)
{
	return fail(rc, err, errlen, msg, s);
}

static int check_reviewers(struct store *s, const char *reviewed, const char *const *rv,
			   size_t n, char *err, size_t errlen)
{
	if (n > SUMMARY_MAX_PARTIES - 1)
		return fail(SUMMARY_INVALID, err, errlen, N_("at most 8 reviewing States"), NULL);
	for (size_t i = 0; i < n; i++) {
		if (!is_party(s, rv[i])) {
			msg_set(err, errlen, N_("reviewer '%s' is not a party (ISO 3166 alpha-3)"),
				 rv[i] ? rv[i] : "");
			return SUMMARY_INVALID;
		}
		if (!strcmp(rv[i], reviewed)) {
			msg_set(err, errlen, N_("%s cannot review itself"), reviewed);
			return SUMMARY_INVALID;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(rv[i], rv[j])) {
				msg_set(err, errlen, N_("reviewer %s given twice"), rv[i]);
				return SUMMARY_INVALID;
			}
	}
	return SUMMARY_OK;
}

static int add_party(struct store *s, long long id, const char *party, int is_reviewed)
{
	struct store_stmt *st = store_prepare(s, "INSERT INTO summary_parties (summary_id, "
						 "party, is_reviewed) VALUES (?, ?, ?)");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, party);
	store_bind_int(st, 3, is_reviewed);
	int r = store_step(st);
	store_finalize(st);
	return r == STORE_DONE ? 0 : -1;
}

int summary_create(struct store *s, const char *reviewed, int phase, const char *drafting,
		   const char *const *reviewers, size_t n, const char *by, char *err,
		   size_t errlen)
{
	char now[32], dl[3];
	long long id;
	int rc;
	if (phase < 1 || phase > 4)
		return fail(SUMMARY_INVALID, err, errlen, N_("phase must be 1 to 4"), NULL);
	if (summary_lang_index(drafting) < 0)
		return fail(SUMMARY_INVALID, err, errlen,
			    N_("drafting language must be one of ar zh en fr ru es"), NULL);
	if (!by || !*by)
		return fail(SUMMARY_INVALID, err, errlen, N_("who creates it is required"), NULL);
	if (store_begin(s) < 0)
		return fail(SUMMARY_ERR, err, errlen, "cannot begin", s);
	if (!is_party(s, reviewed)) {
		msg_set(err, errlen, N_("'%s' is not a party (ISO 3166 alpha-3)"),
			 reviewed ? reviewed : "");
		rc = SUMMARY_INVALID;
		goto out;
	}
	if ((rc = check_reviewers(s, reviewed, reviewers, n, err, errlen)) != SUMMARY_OK)
		goto out;
	int f = summary_find(s, reviewed, phase, &id, dl);
	if (f != 0) {
		rc = f < 0 ? fail(SUMMARY_ERR, err, errlen, "reading summaries", s) : SUMMARY_EXISTS;
		if (f > 0)
			msg_set(err, errlen, N_("%s phase %d has a summary already"), reviewed, phase);
		goto out;
	}
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare(s, "INSERT INTO summaries (reviewed, phase, "
						 "drafting, created_at, created_by) VALUES (?, ?, ?, ?, ?)");
	rc = SUMMARY_ERR;
	if (!st) {
		fail(rc, err, errlen, "creating the summary", s);
		goto out;
	}
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	store_bind_text(st, 3, drafting);
	store_bind_text(st, 4, now);
	store_bind_text(st, 5, by);
	int r = store_step(st);
	store_finalize(st);
	id = store_last_id(s);
	if (r != STORE_DONE || add_party(s, id, reviewed, 1) < 0) {
		fail(rc, err, errlen, "creating the summary", s);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (add_party(s, id, reviewers[i], 0) < 0) {
			fail(rc, err, errlen, "recording the reviewers", s);
			goto out;
		}
	if (lang_set(s, id, drafting, SUMMARY_ORIGINAL, 0, 0, now, by) < 0 ||
	    event(s, id, drafting, "created", SUMMARY_ORIGINAL, SUMMARY_ORIGINAL, 0, now, by) < 0) {
		fail(rc, err, errlen, "creating the summary", s);
		goto out;
	}
	rc = SUMMARY_OK;
out:
	return finish(s, rc, err, errlen);
}

int summary_set_reviewers(struct store *s, const char *reviewed, int phase,
			  const char *const *reviewers, size_t n, const char *by, char *err,
			  size_t errlen)
{
	char now[32], dl[3];
	long long id;
	int rc = begin(s, reviewed, phase, &id, dl, err, errlen);
	if (rc != SUMMARY_OK)
		return rc;
	if ((rc = check_reviewers(s, reviewed, reviewers, n, err, errlen)) != SUMMARY_OK)
		goto out;
	rc = SUMMARY_ERR;
	struct store_stmt *st = store_prepare(s, "DELETE FROM summary_parties "
						 "WHERE summary_id = ? AND is_reviewed = 0");
	if (!st) {
		fail(rc, err, errlen, "replacing the reviewers", s);
		goto out;
	}
	store_bind_int(st, 1, id);
	int r = store_step(st);
	store_finalize(st);
	if (r != STORE_DONE) {
		fail(rc, err, errlen, "replacing the reviewers", s);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (add_party(s, id, reviewers[i], 0) < 0) {
			fail(rc, err, errlen, "recording the reviewers", s);
			goto out;
		}
	util_now_iso(now, sizeof now);
	if (event(s, id, dl, "reviewers", SUMMARY_ORIGINAL, SUMMARY_ORIGINAL, 0, now,
		  by ? by : "") < 0) {
		fail(rc, err, errlen, "recording the change", s);
		goto out;
	}
	rc = SUMMARY_OK;
out:
	return finish(s, rc, err, errlen);
}

static int insert_version(struct store *s, long long id, const char *lang, int version,
			  const char *text, size_t len, long words, int based_on, const char *now,
			  const char *by)
{
	/* R110: "fondé sur la même esquisse": the blueprint version in force
	 * when the text was saved (0: none adopted). */
	int bp = outline_in_force(s);
	if (bp < 0)
		return -1;
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO summary_versions (summary_id, lang, version, body, words, "
		   "based_on, at, by_whom, blueprint_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return -1;
	char *body = xstrndup(text, len);
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, lang);
	store_bind_int(st, 3, version);
	store_bind_text(st, 4, body);
	store_bind_int(st, 5, words);
	store_bind_int(st, 6, based_on);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, by);
	store_bind_int(st, 9, bp);
	int r = store_step(st);
	store_finalize(st);
	free(body);
	return r == STORE_DONE ? 0 : -1;
}

/* Whether the summary is agreed now (summary_load: every party agreed to
 * the current drafting version on the current final list, or the summary
 * is issued); *issued (may be NULL) whether it is an official document.
 * 1, 0, or -1 on a store error. */
static int agreed_now(struct store *s, const char *reviewed, int phase, int *issued)
{
	struct summary_info si;
	if (summary_load(s, reviewed, phase, &si) != 1)
		return -1;
	if (issued)
		*issued = si.issued;
	return si.agreed;
}

int summary_int_agreed_now(struct store *s, const char *reviewed, int phase)
{
	return agreed_now(s, reviewed, phase, NULL);
}

/* Whether an open corrigendum lets the drafting text change: it is open
 * and its correction is not issued yet (still at the issued version, or a
 * correction not official in any language).  1, 0, -1 on error. */
static int corrigendum_writable(struct store *s, const char *reviewed, int phase)
{
	struct summary_info si;
	if (summary_load(s, reviewed, phase, &si) != 1)
		return -1;
	return si.corrigendum > 0 && (si.version == si.issued_version || !si.issued);
}

/* A new drafting version: final translations go back to revised (their
 * source changed), and the event says whether agreement was reopened. */
static int source_changed(struct store *s, long long id, const char *drafting, int was_agreed,
			  int version, const char *now, const char *by)
{
	if (was_agreed > 0 && event(s, id, drafting, "agreement_reopened", SUMMARY_ORIGINAL,
				    SUMMARY_ORIGINAL, version, now, by) < 0)
		return -1;
	for (int i = 0; i < 6; i++) {
		struct lang_row lr;
		if (!strcmp(summary_lang_codes[i], drafting))
			continue;
		int g = lang_get(s, id, summary_lang_codes[i], &lr);
		if (g < 0)
			return -1;
		if (g == 0 || lr.status != SUMMARY_FINAL)
			continue;
		if (lang_set(s, id, summary_lang_codes[i], SUMMARY_REVISED, lr.version, lr.based_on, now, by) < 0 ||
		    event(s, id, summary_lang_codes[i], "source_changed", SUMMARY_FINAL, SUMMARY_REVISED,
			  lr.version, now, by) < 0)
			return -1;
	}
	return 0;
}

int summary_put_text(struct store *s, const char *reviewed, int phase, const char *lang,
		     const char *text, size_t len, int base, const char *by, int *version,
		     char *err, size_t errlen)
{
	char now[32], dl[3], werr[160];
	long long id;
	struct lang_row cur = { SUMMARY_NONE, 0, 0 }, src = { SUMMARY_NONE, 0, 0 };
	if (summary_lang_index(lang) < 0)
		return fail(SUMMARY_INVALID, err, errlen,
			    N_("language must be one of ar zh en fr ru es"), NULL);
	if (!by || !*by)
		return fail(SUMMARY_INVALID, err, errlen, N_("who writes it is required"), NULL);
	if (!text || len == 0)
		return fail(SUMMARY_INVALID, err, errlen, N_("the text is empty"), NULL);
	if (len > SUMMARY_MAX_BYTES || memchr(text, '\0', len))
		return fail(SUMMARY_INVALID, err, errlen,
			    N_("the text is too large (256 KiB at most) or contains NUL bytes"), NULL);
	long words = words_count(lang, text, len, werr, sizeof werr);
	if (words < 0)
		return fail(SUMMARY_INVALID, err, errlen, werr, NULL);
	int drafting_text = 0;
	int rc = begin(s, reviewed, phase, &id, dl, err, errlen);
	if (rc != SUMMARY_OK)
		return rc;
	drafting_text = !strcmp(lang, dl);
	int g = lang_get(s, id, lang, &cur);
	if (g < 0 || lang_get(s, id, dl, &src) < 0) {
		rc = fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
		goto out;
	}
	/* F18, para 39: an issued summary is an official document; an edit
	 * would withdraw it from the public, so it is refused. */
	int issued = 0, corr = 0;
	if (agreed_now(s, reviewed, phase, &issued) < 0 ||
	    (issued && drafting_text && (corr = corrigendum_writable(s, reviewed, phase)) < 0)) {
		rc = fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
		goto out;
	}
	/* A corrigendum (docs/summaries.md): the drafting text changes
	 * again, while what was issued stays the public version. */
	if (issued && !corr &&
	    (drafting_text || (cur.status == SUMMARY_FINAL && cur.based_on == src.version))) {
		msg_set(err, errlen, N_("the %s text of the summary of %s for phase %d is part of an "
			 "official document (agreed by every party and issued): it cannot be changed "
			 "(para 39)"), lang, reviewed, phase);
		rc = SUMMARY_OFFICIAL;
		goto out;
	}
	if (drafting_text && words > WORDS_SUMMARY_MAX) {
		/* Para 38: "n'excédant pas 1 500 mots", counted here (C32). */
		msg_set(err, errlen, N_("the summary has %ld words in %s; at most %d are allowed "
			 "(annex para 38): remove %ld"), words, lang, WORDS_SUMMARY_MAX,
			 words - WORDS_SUMMARY_MAX);
		rc = SUMMARY_TOO_LONG;
		goto out;
	}
	if (!drafting_text && g == 0) {
		msg_set(err, errlen, N_("the translation into %s was not requested"), lang);
		rc = SUMMARY_INVALID;
		goto out;
	}
	if (!drafting_text && src.version == 0) {
		msg_set(err, errlen, N_("there is no %s text to translate yet"), dl);
		rc = SUMMARY_INVALID;
		goto out;
	}
	if (base != cur.version) {
		msg_set(err, errlen, N_("the %s text is at version %d, not %d: someone saved it "
			 "meanwhile; reload it and apply your change again"), lang, cur.version, base);
		rc = SUMMARY_CONFLICT;
		goto out;
	}
	util_now_iso(now, sizeof now);
	int v = cur.version + 1;
	int to = drafting_text ? SUMMARY_ORIGINAL
		 : cur.status == SUMMARY_REQUESTED ? SUMMARY_IN_TRANSLATION
		 : cur.status == SUMMARY_FINAL ? SUMMARY_REVISED : cur.status;
	int based_on = drafting_text ? 0 : src.version;
	int was_agreed = drafting_text ? agreed_now(s, reviewed, phase, NULL) : 0;
	rc = SUMMARY_ERR;
	if (was_agreed < 0 ||
	    insert_version(s, id, lang, v, text, len, words, based_on, now, by) < 0 ||
	    lang_set(s, id, lang, to, v, based_on, now, by) < 0 ||
	    event(s, id, lang, "text", cur.status, to, v, now, by) < 0 ||
	    (drafting_text && source_changed(s, id, dl, was_agreed, v, now, by) < 0)) {
		fail(rc, err, errlen, "saving the text", s);
		goto out;
	}
	if (version)
		*version = v;
	rc = SUMMARY_OK;
out:
	return finish(s, rc, err, errlen);
}

int summary_request(struct store *s, const char *reviewed, int phase, const char *lang,
		    const char *by, char *err, size_t errlen)
{
	char now[32], dl[3];
	long long id;
	struct lang_row cur, src = { SUMMARY_NONE, 0, 0 };
	if (summary_lang_index(lang) < 0)
		return fail(SUMMARY_INVALID, err, errlen,
			    N_("language must be one of ar zh en fr ru es"), NULL);
	if (!by || !*by)
		return fail(SUMMARY_INVALID, err, errlen, N_("who requests it is required"), NULL);
	int rc = begin(s, reviewed, phase, &id, dl, err, errlen);
	if (rc != SUMMARY_OK)
		return rc;
	if (!strcmp(lang, dl)) {
		msg_set(err, errlen, N_("%s is the drafting language: nothing to translate"), lang);
		rc = SUMMARY_INVALID;
		goto out;
	}
	int g = lang_get(s, id, lang, &cur);
	if (g < 0 || lang_get(s, id, dl, &src) < 0) {
		rc = fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
		goto out;
	}
	if (g == 1)
		goto out; /* already requested: nothing to do */
	if (src.version == 0) {
		msg_set(err, errlen, N_("there is no %s text to translate yet"), dl);
		rc = SUMMARY_INVALID;
		goto out;
	}
	util_now_iso(now, sizeof now);
	if (lang_set(s, id, lang, SUMMARY_REQUESTED, 0, src.version, now, by) < 0 ||
	    event(s, id, lang, "requested", SUMMARY_NONE, SUMMARY_REQUESTED, 0, now, by) < 0)
		rc = fail(SUMMARY_ERR, err, errlen, "recording the request", s);
out:
	return finish(s, rc, err, errlen);
}

int summary_set_status(struct store *s, const char *reviewed, int phase, const char *lang,
		       int to, const char *by, char *err, size_t errlen)
{
	char now[32], dl[3];
	long long id;
	struct lang_row cur, src = { SUMMARY_NONE, 0, 0 };
	if (summary_lang_index(lang) < 0)
		return fail(SUMMARY_INVALID, err, errlen,
			    N_("language must be one of ar zh en fr ru es"), NULL);
	if (to < SUMMARY_IN_TRANSLATION || to > SUMMARY_FINAL)
		return fail(SUMMARY_INVALID, err, errlen,
			    N_("status must be in_translation, revised or final"), NULL);
	if (!by || !*by)
		return fail(SUMMARY_INVALID, err, errlen, N_("who changes it is required"), NULL);
	int rc = begin(s, reviewed, phase, &id, dl, err, errlen);
	if (rc != SUMMARY_OK)
		return rc;
	int g = lang_get(s, id, lang, &cur);
	if (g < 0 || lang_get(s, id, dl, &src) < 0) {
		rc = fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
		goto out;
	}
	rc = SUMMARY_INVALID;
	if (!strcmp(lang, dl)) {
		msg_set(err, errlen, N_("%s is the drafting language: it has no translation status"),
			 lang);
		goto out;
	}
	if (g == 0) {
		msg_set(err, errlen, N_("the translation into %s was not requested"), lang);
		goto out;
	}
	if (!(to == cur.status + 1 || (cur.status == SUMMARY_FINAL && to == SUMMARY_REVISED))) {
		msg_set(err, errlen, N_("the %s translation is %s: it cannot go to %s (requested, "
			 "in_translation, revised, final, one step at a time)"), lang,
			 summary_status_name(cur.status), summary_status_name(to));
		goto out;
	}
	if (cur.status == SUMMARY_FINAL && to == SUMMARY_REVISED && cur.based_on == src.version) {
		int issued = 0;
		if (agreed_now(s, reviewed, phase, &issued) < 0) {
			rc = fail(SUMMARY_ERR, err, errlen, "reading the summary", s);
			goto out;
		}
		if (issued) {
			/* F18: no step takes an official document off the public. */
			msg_set(err, errlen, N_("the %s text of the summary of %s for phase %d is part "
				 "of an official document (agreed by every party and issued): it "
				 "cannot be changed (para 39)"), lang, reviewed, phase);
			rc = SUMMARY_OFFICIAL;
			goto out;
		}
	}
	if (to >= SUMMARY_REVISED && cur.version == 0) {
		msg_set(err, errlen, N_("the %s translation has no text yet"), lang);
		goto out;
	}
	if (to == SUMMARY_FINAL) {
		int a = agreed_now(s, reviewed, phase, NULL);
		if (a < 0) {
			rc = fail(SUMMARY_ERR, err, errlen, "reading agreements", s);
			goto out;
		}
		if (!a) {
			msg_set(err, errlen, N_("the summary is not agreed (para 39): its translations "
				 "cannot be final yet"));
			goto out;
		}
		if (cur.based_on != src.version) {
			msg_set(err, errlen, N_("the %s translation is of %s version %d; the agreed "
				 "text is version %d: revise it first"), lang, dl, cur.based_on,
				 src.version);
			goto out;
		}
	}
	util_now_iso(now, sizeof now);
	if (lang_set(s, id, lang, to, cur.version, cur.based_on, now, by) < 0 ||
	    event(s, id, lang, "status", cur.status, to, cur.version, now, by) < 0 ||
	    (to == SUMMARY_FINAL && summary_corrigendum_close(s, id, reviewed, phase, dl, now, by) < 0)) {
		rc = fail(SUMMARY_ERR, err, errlen, "recording the status", s);
		goto out;
	}
	rc = SUMMARY_OK;
out:
	return finish(s, rc, err, errlen);
}
