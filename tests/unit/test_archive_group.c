/* test_archive_group.c - group commit of the archive (issue 10 benchmark;
 * R94, R97) and the verify's signature checks in batches: appends of many
 * threads share transactions yet each gets its own record, in one
 * sequence, each signed; a failing work is rolled back alone and told why;
 * nothing is acknowledged before its commit; a head altered among thousands
 * is still the one named, before a later finding. */
#include "testutil.h"

#include <pthread.h>

#include "archive/archive.h"
#include "archive/group.h"
#include "archive/verify.h"

#define WRITERS 8
#define EACH 25

struct fx {
	char *dir;
	char db[512];
	struct store *s;
	int64_t thread;
	int pg;
};

static void fx_open(struct fx *fx, const char *name)
{
	char err[512], key[600];
	memset(fx, 0, sizeof *fx);
	fx->dir = tu_tmpdir();
	fx->pg = tu_pg() != NULL;
	tu_db(fx->db, sizeof fx->db, fx->dir, name);
	fx->s = store_open(fx->db, STORE_CREATE, err, sizeof err);
	if (!fx->s)
		fail_msg("%s", err);
	assert_int_equal(store_migrate(fx->s), 0);
	snprintf(key, sizeof key, "%s/k.archive.key", fx->dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(key, 1, err, sizeof err), 0);
	fx->thread = archive_thread_create(fx->s, "NGA", 1, "untoc", "FRA,BRA", err, sizeof err);
	assert_true(fx->thread > 0);
}

static void fx_close(struct fx *fx)
{
	store_close(fx->s);
	archive_key_unload();
	tu_rmdir(fx->dir);
}

static int verify_ok(struct store *s, int all, struct archive_verify_result *res)
{
	uint8_t pk[32];
	assert_int_equal(archive_public_key(pk), 0);
	assert_int_equal(archive_verify(s, pk, all, res), 0);
	return res->ok;
}

struct writer {
	struct fx *fx;
	struct archive_group *g;
	int index;
	int64_t ids[EACH];
	int rc[EACH];
	char err[EACH][256];
	int seen_after[EACH];     /* the record was readable by another connection */
};

static void *writer(void *arg)
{
	struct writer *w = arg;
	char err[512];
	struct store *s = store_open(w->fx->db, 0, err, sizeof err);
	struct store *other = store_open(w->fx->db, 0, err, sizeof err);
	assert_non_null(s);
	assert_non_null(other);
	for (int i = 0; i < EACH; i++) {
		char body[128];
		snprintf(body, sizeof body, "Message %d of writer %d", i, w->index);
		/* Every fifth append of writer 3 names a thread that does not
		 * exist: it must fail alone. */
		int bad = w->index == 3 && i % 5 == 0;
		struct archive_item it = { ARCHIVE_KIND_MESSAGE, bad ? 999999 : w->fx->thread,
					   "expert@fra.example", "Reply", "text/plain", body,
					   strlen(body) };
		struct archive_group_append a = { &it, -1 };
		w->rc[i] = archive_group_run(w->g, s, archive_group_append_work, &a, w->err[i],
					     sizeof w->err[i]);
		w->ids[i] = a.id;
		if (w->rc[i] >= 0) {
			/* Acknowledged: committed, so another connection sees it. */
			struct archive_record r;
			w->seen_after[i] = archive_record_meta(other, a.id, &r) == 1;
		}
	}
	store_close(other);
	store_close(s);
	return NULL;
}

/* R97: concurrent appends through the group are one sequence of records,
 * each with its signed head; failures are their own. */
static void test_group_commit(void **state)
{
	(void)state;
	struct fx fx;
	fx_open(&fx, "group");
	struct archive_group *g = archive_group_new(16);
	static struct writer ws[WRITERS];
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		memset(&ws[i], 0, sizeof ws[i]);
		ws[i].fx = &fx;
		ws[i].g = g;
		ws[i].index = i;
		assert_int_equal(pthread_create(&th[i], NULL, writer, &ws[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
	static int seen[WRITERS * EACH];
	int ok = 0, failed = 0;
	for (int i = 0; i < WRITERS; i++)
		for (int k = 0; k < EACH; k++) {
			if (ws[i].rc[k] < 0) {
				assert_true(i == 3 && k % 5 == 0);
				assert_non_null(strstr(ws[i].err[k], "no such thread"));
				failed++;
				continue;
			}
			assert_false(i == 3 && k % 5 == 0);
			assert_true(ws[i].seen_after[k]);
			int64_t id = ws[i].ids[k];
			assert_true(id >= 0 && id < WRITERS * EACH);
			assert_int_equal(seen[id], 0);
			seen[id] = 1;
			ok++;
		}
	assert_int_equal(failed, EACH / 5);
	assert_int_equal(archive_size(fx.s), ok);
	for (int id = 0; id < ok; id++)
		assert_int_equal(seen[id], 1);   /* no gap: 0 .. ok-1 */
	unsigned long long batches, works;
	archive_group_stats(g, &batches, &works);
	assert_int_equal(works, WRITERS * EACH);
	assert_true(batches >= 1 && batches <= works);
	struct archive_verify_result res;
	assert_true(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.records, (uint64_t)ok);
	assert_int_equal(res.heads, (uint64_t)ok);
	archive_group_free(g);
	fx_close(&fx);
}

/* A work that fails leaves nothing; one alone in its batch makes no
 * transaction commit; the caller's error is the work's. */
static int failing(struct store *s, void *arg, char *err, size_t errlen)
{
	(void)s;
	(void)arg;
	snprintf(err, errlen, "refused on purpose");
	return -1;
}

static void test_group_failure_alone(void **state)
{
	(void)state;
	struct fx fx;
	char err[256];
	fx_open(&fx, "groupfail");
	struct archive_group *g = archive_group_new(0);
	assert_int_equal(archive_group_run(g, fx.s, failing, NULL, err, sizeof err), -1);
	assert_string_equal(err, "refused on purpose");
	struct archive_item it = { ARCHIVE_KIND_MESSAGE, fx.thread, "fp@nga.example", "Note",
				   "text/plain", "x", 1 };
	struct archive_group_append a = { &it, -1 };
	assert_int_equal(archive_group_run(g, fx.s, archive_group_append_work, &a, err,
					   sizeof err), 0);
	assert_int_equal(a.id, 0);
	assert_int_equal(archive_size(fx.s), 1);
	archive_group_free(g);
	fx_close(&fx);
}

/* More heads than one batch of signature checks (4096), checked on
 * several threads: an altered head deep in the archive is named, and a
 * head altered before a record altered is named first, as in order. */
static void test_verify_batches(void **state)
{
	(void)state;
	struct fx fx;
	char err[256], q[256];
	fx_open(&fx, "vbatch");
	const int n = 4500;
	assert_int_equal(store_begin(fx.s), 0);
	for (int i = 0; i < n; i++) {
		struct archive_item it = { ARCHIVE_KIND_MESSAGE, fx.thread, "fp@nga.example", "M",
					   "text/plain", "body", 4 };
		assert_int_equal(archive_append(fx.s, &it, err, sizeof err), i);
	}
	assert_int_equal(store_commit(fx.s), 0);
	struct archive_verify_result res;
	assert_true(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.heads, (uint64_t)n);
	static const char *const tables[] = { "archive_records", "archive_heads" };
	for (size_t t = 0; t < 2; t++) {
		snprintf(q, sizeof q, fx.pg ? "DROP TRIGGER %s_no_update ON %s" :
			 "DROP TRIGGER %s_no_update", tables[t], tables[t]);
		assert_int_equal(store_exec(fx.s, q), 0);
	}
	/* A head's time changed: its signature no longer holds. */
	assert_int_equal(store_exec(fx.s, "UPDATE archive_heads SET at = '2001-01-01T00:00:00Z' "
				     "WHERE size = 4300"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, -1);
	assert_non_null(strstr(res.what, "signed head of size 4300"));
	/* --quick checks only the heads whose root differs, and the last. */
	assert_true(verify_ok(fx.s, 0, &res));
	/* A record after it altered too: the head still comes first. */
	assert_int_equal(store_exec(fx.s, "UPDATE archive_records SET author = 'x@y.example' "
				     "WHERE seq = 4400"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_non_null(strstr(res.what, "signed head of size 4300"));
	/* Under --quick the record alone is named. */
	assert_false(verify_ok(fx.s, 0, &res));
	assert_int_equal(res.record, 4400);
	fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_commit),
		cmocka_unit_test(test_group_failure_alone),
		cmocka_unit_test(test_verify_batches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
