/* qstore.c - questionnaire versions in the database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "store/store.h"
#include "util/util.h"

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
	struct store_stmt *st = store_prepare(s, "SELECT status, content FROM questionnaires "
						 "WHERE id = ? AND version = ?");
	if (!st)
		goto db;
	store_bind_text(st, 1, d->id);
	store_bind_text(st, 2, d->version);
	int r = store_step(st);
	if (r == STORE_ROW) {
		int old = status_rank(store_col_text(st, 0));
		int same = !strcmp(store_col_text(st, 1), content);
		store_finalize(st);
		st = NULL;
		if (!same) {
			snprintf(err, errlen, "%s: %s version %s is already stored with other content: "
				 "give the changed definition a new version", file, d->id, d->version);
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
