/* findings_testutil.h - the fixture the findings suites share
 * (test_findings.c, test_taprov.c): a store with the reference data and
 * adopted questionnaires, FRA (reviewed by DEU, and ESP for the
 * Trafficking Protocol) and DEU in cohort 1, phase 1 open, FRA's
 * questionnaire opened, an archive key, and one archived message in each
 * review.  Included by one test file each; static inline so that a suite
 * that does not use a helper gets no warning.  fx_close() frees what
 * fx_open() made. */
#ifndef RM_TESTS_FINDINGS_TESTUTIL_H
#define RM_TESTS_FINDINGS_TESTUTIL_H

#include "testutil.h"

#include "archive/archive.h"
#include "core/refdata.h"
#include "findings/list.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "response/response.h"
#include "review/phase.h"
#include "store/store.h"

struct fx {
	char *dir;
	struct store *s;
	char qid[64];          /* a question of FRA's untoc questionnaire */
	int64_t msg;           /* a message archived in FRA's phase 1 */
	int64_t other_msg;     /* one of DEU's review */
};

static inline void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

static inline long long count(struct store *s, const char *sql)
{
	return store_count(s, sql, NULL);
}

static inline int64_t message(struct store *s, const char *reviewed)
{
	char err[300];
	assert_int_equal(store_begin(s), 0);
	int64_t t = archive_thread_create(s, reviewed, 1, "untoc", "DEU,ESP", err, sizeof err);
	assert_true(t >= 0);
	struct archive_item it = { ARCHIVE_KIND_MESSAGE, t, "ex@deu.example", "Article 5",
				   "text/plain", "Une question.", 13 };
	int64_t id = archive_append(s, &it, err, sizeof err);
	if (id < 0)
		fail_msg("%s", err);
	assert_int_equal(store_commit(s), 0);
	return id;
}

/* FRA (reviewed by DEU, and ESP for the Trafficking Protocol) and DEU in
 * cohort 1, phase 1 open, FRA's questionnaire opened. */
static inline void fx_open(struct fx *f)
{
	char path[600], err[600], key[700];
	f->dir = tu_tmpdir();
	tu_db(path, sizeof path, f->dir, "findings");
	f->s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(f->s);
	assert_int_equal(store_migrate(f->s), 0);
	if (refdata_load(f->s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	if (qstore_load_dir(f->s, RM_SRCDIR "/data", NULL, err, sizeof err) != 0)
		fail_msg("qstore_load_dir: %s", err);
	exec1(f->s, "UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
		    "adopted_on = '2026-01-01'");
	exec1(f->s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		    "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', "
		    "'0000000000000000000000000000000000000000000000000000000000000000', "
		    "'0000000000000000000000000000000000000000000000000000000000000000', '', '{}')");
	exec1(f->s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'FRA', 1), "
		    "(1, 'DEU', 1)");
	assert_int_equal(phase_open(f->s, 1, 1, "sec@un.example", NULL, NULL, err, sizeof err), 0);
	struct response_review rv;
	struct response_qns qs;
	assert_int_equal(response_review_load(f->s, "FRA", 1, &rv), 1);
	assert_int_equal(response_open(f->s, &rv, "sec@un.example", err, sizeof err), 0);
	assert_int_equal(response_review_load(f->s, "FRA", 1, &rv), 1);
	assert_true(response_qns_load(f->s, &rv, &qs) > 0);
	assert_string_equal(qs.q[0].instrument, "untoc");
	snprintf(f->qid, sizeof f->qid, "%s", qs.q[0].def->questions[0].id);
	response_qns_free(&qs);
	snprintf(key, sizeof key, "%s/k.archive.key", f->dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(key, 1, err, sizeof err), 0);
	f->msg = message(f->s, "FRA");
	f->other_msg = message(f->s, "DEU");
}

static inline void fx_close(struct fx *f)
{
	store_close(f->s);
	archive_key_unload();
	tu_rmdir(f->dir);
}

static const char *const reviewers[] = { "DEU", "ESP" };
static const struct list_review fra = { "FRA", 1, "untoc,tip,som,firearms", reviewers, 2 };

#endif
