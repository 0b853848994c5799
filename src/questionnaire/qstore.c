/* qstore.c - questionnaire versions in the database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "audit/audit.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

/* The content that identifies a version: title and sections, canonical
 * (sorted keys, compact), so that layout changes of the file do not count.
 * Caller frees. */
static char *canonical(const struct qdef *d)
{
	json_t *root = d->json;
	json_t *c = json_pack("{s:O,s:O}", "title", json_object_get(root, "title"),
			      "sections", json_object_get(root, "sections"));
	char *text = c ? json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(c);
	if (!text)
		abort(); /* allocation failure: fatal, as in xmalloc */
	return text;
}

static int status_rank(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, qdef_status_name((enum qdef_status)i)))
			return i;
	return -1;
}

/* Stores or advances one version; returns 1 if a row changed, 0 if it was
 * already there as it is, -1 with err set. */
static int store_one(struct store *s, const char *file, const struct qdef *d, const char *now,
		     char *err, size_t errlen)
{
	char *content = canonical(d);
	const char *decision = NULL, *date = NULL;
	json_t *a = json_object_get(d->json, "adopted_by");
	int rc = -1;
	if (d->status == QDEF_ADOPTED) {
		decision = json_string_value(json_object_get(a, "decision"));
		date = json_string_value(json_object_get(a, "date"));
	}
	struct store_stmt *st = store_prepare(s, "SELECT status, content, adoption_entered_by "
						 "FROM questionnaires WHERE id = ? AND version = ?");
	if (!st)
		goto db;
	store_bind_text(st, 1, d->id);
	store_bind_text(st, 2, d->version);
	int r = store_step(st);
	if (r == STORE_ROW) {
		int old = status_rank(store_col_text(st, 0));
		int same = !strcmp(store_col_text(st, 1), content);
		/* An adoption recorded in the database (qstore_adopt) stands
		 * while the file still says draft or harmonised. */
		int recorded = !store_col_is_null(st, 2);
		store_finalize(st);
		st = NULL;
		if (!same) {
			snprintf(err, errlen, "%s: %s version %s is already stored with other content: "
				 "give the changed definition a new version", file, d->id, d->version);
			goto out;
		}
		if (recorded) {
			rc = 0;
			goto out;
		}
		if ((int)d->status < old) {
			snprintf(err, errlen, "%s: %s version %s is already %s: a status never goes back "
				 "to %s", file, d->id, d->version,
				 qdef_status_name((enum qdef_status)old), qdef_status_name(d->status));
			goto out;
		}
		if ((int)d->status == old) {
			rc = 0;
			goto out;
		}
		st = store_prepare(s, "UPDATE questionnaires SET status = ?, decision = ?, "
				      "adopted_on = ? WHERE id = ? AND version = ?");
		if (!st)
			goto db;
		store_bind_text(st, 1, qdef_status_name(d->status));
		store_bind_text(st, 2, decision);
		store_bind_text(st, 3, date);
		store_bind_text(st, 4, d->id);
		store_bind_text(st, 5, d->version);
	} else if (r == STORE_DONE) {
		store_finalize(st);
		st = store_prepare(s, "INSERT INTO questionnaires (id, version, instrument, cluster, "
				      "status, decision, adopted_on, content, loaded_at) "
				      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st)
			goto db;
		store_bind_text(st, 1, d->id);
		store_bind_text(st, 2, d->version);
		store_bind_text(st, 3, d->instrument);
		store_bind_text(st, 4, d->cluster);
		store_bind_text(st, 5, qdef_status_name(d->status));
		store_bind_text(st, 6, decision);
		store_bind_text(st, 7, date);
		store_bind_text(st, 8, content);
		store_bind_text(st, 9, now);
	} else {
		goto db;
	}
	if (store_step(st) != STORE_DONE)
		goto db;
	rc = 1;
	goto out;
db:
	snprintf(err, errlen, "%s: cannot store %s version %s: %s", file, d->id, d->version,
		 store_errmsg(s));
out:
	if (st)
		store_finalize(st);
	free(content);
	return rc;
}

int qstore_load_dir(struct store *s, const char *datadir, int *loaded, char *err,
		    size_t errlen)
{
	struct qdef_table1 t;
	struct qdef_errors errs = { 0 };
	char **files = NULL, now[32];
	size_t n = 0;
	int rc = -1, count = 0, began = 0;
	if (loaded)
		*loaded = 0;
	if (qdef_list_dir(datadir, &files, &n) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s/questionnaires: %s", datadir, strerror(errno));
		return -1;
	}
	if (n == 0) {
		rc = 0;
		goto out;
	}
	if (qdef_table1_load(datadir, &t, err, errlen) < 0)
		goto out;
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	began = 1;
	for (size_t i = 0; i < n; i++) {
		struct qdef *d = NULL;
		if (qdef_load(files[i], &t, &d, &errs) < 0) {
			snprintf(err, errlen, "%s%s", errs.msg[0],
				 errs.n > 1 ? " (and more: revmech questionnaire validate)" : "");
			goto out;
		}
		int r = store_one(s, files[i], d, now, err, errlen);
		qdef_free(d);
		if (r < 0)
			goto out;
		count += r;
	}
	if (store_commit(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	began = 0;
	if (loaded)
		*loaded = count;
	rc = 0;
out:
	if (began)
		store_rollback(s);
	qdef_errors_free(&errs);
	qdef_list_free(files, n);
	return rc;
}

int qstore_usable_in_review(struct store *s, const char *id, const char *version)
{
	int rc = -1;
	struct store_stmt *st = store_prepare(s, "SELECT status FROM questionnaires "
						 "WHERE id = ? AND version = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, id);
	store_bind_text(st, 2, version);
	if (store_step(st) == STORE_ROW)
		rc = !strcmp(store_col_text(st, 0), "adopted");
	store_finalize(st);
	return rc;
}

int qstore_list(struct store *s, struct qstore_version **out, size_t *n)
{
	struct qstore_version *v = NULL;
	size_t cnt = 0, cap = 0;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare(s,
		"SELECT id, version, instrument, cluster, status, COALESCE(decision, ''), "
		"COALESCE(adopted_on, ''), COALESCE(adoption_entered_by, '') FROM questionnaires "
		"ORDER BY id, version");
	if (!st)
		return -1;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		if (cnt == cap) {
			cap = cap ? 2 * cap : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct qstore_version *x = &v[cnt++];
		memset(x, 0, sizeof *x);
		util_strlcpy(x->id, store_col_text(st, 0), sizeof x->id);
		util_strlcpy(x->version, store_col_text(st, 1), sizeof x->version);
		util_strlcpy(x->instrument, store_col_text(st, 2), sizeof x->instrument);
		util_strlcpy(x->cluster, store_col_text(st, 3), sizeof x->cluster);
		util_strlcpy(x->status, store_col_text(st, 4), sizeof x->status);
		util_strlcpy(x->decision, store_col_text(st, 5), sizeof x->decision);
		util_strlcpy(x->adopted_on, store_col_text(st, 6), sizeof x->adopted_on);
		util_strlcpy(x->entered_by, store_col_text(st, 7), sizeof x->entered_by);
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		free(v);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int qstore_adopt(struct store *s, const char *id, const char *version, const char *decision,
		 const char *date, const char *who, char *err, size_t errlen)
{
	char ver[16] = "", now[32], detail[200];
	int rc = -1, began = 0, found = 0;
	struct store_stmt *st = NULL;
	long dlen = decision ? util_utf8_len(decision) : -1;
	if (dlen < 1 || dlen > 120 || strspn(decision, " \t") == strlen(decision)) {
		snprintf(err, errlen, "the adopting decision's reference is required (1 to 120 "
			 "characters, e.g. CTOC/COP/2026/1)");
		return -1;
	}
	if (!util_date_valid(date)) {
		snprintf(err, errlen, "the decision's date must be a date YYYY-MM-DD, not '%s'",
			 date ? date : "");
		return -1;
	}
	if (!id || !*id || !who || !*who) {
		snprintf(err, errlen, "a questionnaire id and who enters the adoption are required");
		return -1;
	}
	if (store_begin(s) < 0)
		goto db;
	began = 1;
	st = store_prepare(s, "SELECT version, status, COALESCE(decision, '') FROM questionnaires "
			      "WHERE id = ? ORDER BY version");
	if (!st)
		goto db;
	store_bind_text(st, 1, id);
	int r;
	char status[16] = "", olddec[128] = "";
	while ((r = store_step(st)) == STORE_ROW) {
		const char *v = store_col_text(st, 0);
		if (version ? !strcmp(v, version) : 1) {
			found++;
			util_strlcpy(ver, v, sizeof ver);
			util_strlcpy(status, store_col_text(st, 1), sizeof status);
			util_strlcpy(olddec, store_col_text(st, 2), sizeof olddec);
		}
	}
	store_finalize(st);
	st = NULL;
	if (r != STORE_DONE)
		goto db;
	if (!found) {
		if (version)
			snprintf(err, errlen, "no questionnaire %s version %s is stored (revmech "
				 "migrate loads data/questionnaires)", id, version);
		else
			snprintf(err, errlen, "no questionnaire %s is stored (revmech migrate loads "
				 "data/questionnaires)", id);
		goto out;
	}
	if (found > 1) {
		snprintf(err, errlen, "questionnaire %s has several versions stored: name the one "
			 "adopted", id);
		goto out;
	}
	if (!strcmp(status, "adopted")) {
		snprintf(err, errlen, "%s version %s is already adopted (%s)", id, ver, olddec);
		rc = 1;
		goto out;
	}
	util_now_iso(now, sizeof now);
	st = store_prepare(s, "UPDATE questionnaires SET status = 'adopted', decision = ?, "
			      "adopted_on = ?, adoption_entered_by = ?, adoption_entered_at = ? "
			      "WHERE id = ? AND version = ?");
	if (!st)
		goto db;
	store_bind_text(st, 1, decision);
	store_bind_text(st, 2, date);
	store_bind_text(st, 3, who);
	store_bind_text(st, 4, now);
	store_bind_text(st, 5, id);
	store_bind_text(st, 6, ver);
	if (store_step(st) != STORE_DONE)
		goto db;
	store_finalize(st);
	st = NULL;
	snprintf(detail, sizeof detail, "%s %s: %s of %s", id, ver, decision, date);
	if (audit_log(s, who, "local", "questionnaire.adopt", id, detail) < 0)
		goto db;
	if (store_commit(s) < 0)
		goto db;
	began = 0;
	rc = 0;
	goto out;
db:
	snprintf(err, errlen, "cannot record the adoption: %s", store_errmsg(s));
out:
	if (st)
		store_finalize(st);
	if (began)
		store_rollback(s);
	return rc;
}
