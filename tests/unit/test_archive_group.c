/* test_archive_group.c - group commit of the archive (issue 10 benchmark;
 * R94, R97) and the verify's signature checks in batches: appends of many
 * threads share transactions yet each gets its own record, in one
 * sequence, under one signed head per transaction (naming the head before
 * it); a failing work is rolled back alone and told why;
 * nothing is acknowledged before its commit; a head altered among thousands
 * is still the one named, before a later finding. */
#include "testutil.h"

#include <pthread.h>

#include "archive/archive.h"
#include "archive/archive_int.h"
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
		/* Every other one sealed by its caller first, as the dialogue
		 * does: the leader then appends from the sealed item. */
		struct archive_sealed *sealed = !bad && i % 2
			? archive_seal_item(s, &it, w->err[i], sizeof w->err[i]) : NULL;
		assert_true(bad || i % 2 == 0 || sealed);
		struct archive_group_append a = { &it, -1, sealed };
		w->rc[i] = archive_group_run(w->g, s, archive_group_append_work, &a, w->err[i],
					     sizeof w->err[i]);
		archive_sealed_free(sealed);
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
	/* One signed head per committed transaction, not per record. */
	long long heads = store_count(fx.s, "SELECT COUNT(*) FROM archive_heads", NULL);
	assert_int_equal(res.heads, (uint64_t)heads);
	assert_true(heads >= 1 && (unsigned long long)heads <= batches);
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
	struct archive_group_append a = { &it, -1, NULL };
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

/* ---- One head per batch ---- */

static int append_work(struct store *s, void *arg, char *err, size_t errlen)
{
	return archive_append(s, arg, err, errlen) < 0 ? -1 : 0;
}

/* Batches of the given sizes through archive_group_run_each(). */
static void batches(struct fx *fx, const int *sizes, size_t n)
{
	char err[256], body[8][64];
	struct archive_item it[8];
	void *args[8];
	for (size_t b = 0; b < n; b++) {
		assert_true(sizes[b] <= 8);
		for (int i = 0; i < sizes[b]; i++) {
			snprintf(body[i], sizeof body[i], "batch %zu item %d", b, i);
			it[i] = (struct archive_item){ ARCHIVE_KIND_MESSAGE, fx->thread,
						       "fp@nga.example", "Note", "text/plain", body[i],
						       strlen(body[i]) };
			args[i] = &it[i];
		}
		if (archive_group_run_each(fx->s, append_work, args, (size_t)sizes[b], err,
					   sizeof err) != 0)
			fail_msg("batch %zu: %s", b, err);
	}
}

static void drop_update_delete(struct fx *fx)
{
	static const char *const tables[] = { "archive_records", "archive_nodes",
					      "archive_heads" };
	char q[160];
	for (size_t t = 0; t < 3; t++)
		for (int k = 0; k < 2; k++) {
			snprintf(q, sizeof q, fx->pg ? "DROP TRIGGER %s_no_%s ON %s" :
				 "DROP TRIGGER %s_no_%s", tables[t], k ? "delete" : "update",
				 tables[t]);
			assert_int_equal(store_exec(fx->s, q), 0);
		}
}

/* R97: a batch's records share one head; heads name the size before them
 * (layout /2 when they cover more than one record); proofs between the
 * heads' sizes hold against their roots, and the root of any size comes
 * from the stored tree. */
static void test_batch_heads(void **state)
{
	(void)state;
	struct fx fx;
	uint8_t pk[32], root[32], path[MERKLE_MAX_PROOF][32], leaf[32];
	uint8_t msg[ARCHIVE_HEAD_MSG_MAX];
	size_t len;
	fx_open(&fx, "bheads");
	assert_int_equal(archive_public_key(pk), 0);
	static const int sizes[] = { 1, 3, 1, 5, 2 };
	static const uint64_t ends[] = { 1, 4, 5, 10, 12 };
	batches(&fx, sizes, 5);
	assert_int_equal(archive_size(fx.s), 12);
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM archive_heads", NULL), 5);
	struct archive_head h[5], x;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(archive_head_get(fx.s, ends[i], &h[i]), 1);
		assert_int_equal(h[i].prev, i ? ends[i - 1] : 0);
		assert_true(archive_head_check(&h[i], pk));
		size_t n = archive_head_message(&h[i], msg);
		const char *tag = sizes[i] == 1 ? "revmech-archive-head/1" : "revmech-archive-head/2";
		assert_memory_equal(msg, tag, strlen(tag) + 1);
		assert_memory_equal(msg + n - 32, h[i].root, 32);
		/* Another prev: not what was signed. */
		x = h[i];
		x.prev = ends[i] - 1 == x.prev ? x.prev - 1 : ends[i] - 1;
		assert_false(archive_head_check(&x, pk));
		assert_int_equal(archive_root(fx.s, ends[i], root), 0);
		assert_memory_equal(root, h[i].root, 32);
	}
	assert_int_equal(archive_head_get(fx.s, 2, &x), 0);
	assert_int_equal(archive_head_get(fx.s, 3, &x), 0);
	assert_int_equal(archive_root(fx.s, 13, root), 1);
	assert_int_equal(archive_root(fx.s, 0, root), 1);
	for (int i = 0; i < 5; i++)
		for (int j = i; j < 5; j++) {
			assert_int_equal(archive_consistency_proof(fx.s, ends[i], ends[j], path, &len), 0);
			assert_true(merkle_verify_consistency(ends[i], ends[j], h[i].root, h[j].root,
							      (const uint8_t(*)[32])path, len));
			for (int64_t id = 0; id < (int64_t)ends[j]; id++) {
				assert_int_equal(archive_inclusion_proof(fx.s, id, ends[j], leaf, path,
									 &len), 0);
				assert_true(merkle_verify_inclusion((uint64_t)id, ends[j], leaf,
								    (const uint8_t(*)[32])path, len,
								    h[j].root));
			}
		}
	struct archive_verify_result res;
	assert_true(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.records, 12);
	assert_int_equal(res.heads, 5);
	assert_true(verify_ok(fx.s, 0, &res));
	/* The latest head as participants get it. */
	assert_int_equal(archive_head_latest(fx.s, &x), 0);
	assert_int_equal(x.size, 12);
	assert_int_equal(x.prev, 10);
	assert_true(archive_head_check(&x, pk));
	fx_close(&fx);
}

/* A work of a mixed batch: appends, then fails when asked. */
struct mixed {
	int fail;
	struct archive_item it;
	int64_t id;
};

static int mixed_work(struct store *s, void *arg, char *err, size_t errlen)
{
	struct mixed *m = arg;
	m->id = archive_append(s, &m->it, err, errlen);
	if (m->id < 0)
		return -1;
	if (m->fail) {
		snprintf(err, errlen, "failed after its append");
		return -1;
	}
	return 0;
}

/* Works that appended and then failed are rolled back alone, and the
 * batch's tree follows: the next work gets the next id, the one head of
 * the batch holds (the first, the middle and the last work failing). */
static void test_batch_rollback(void **state)
{
	(void)state;
	struct fx fx;
	char err[256];
	fx_open(&fx, "brollback");
	struct mixed m[6];
	void *args[6];
	static const int fails[6] = { 1, 0, 1, 1, 0, 1 };
	for (int i = 0; i < 6; i++) {
		m[i] = (struct mixed){ fails[i], { ARCHIVE_KIND_MESSAGE, fx.thread,
						   "fp@nga.example", "Note", "text/plain", "b", 1 },
				       -1 };
		args[i] = &m[i];
	}
	assert_int_equal(archive_group_run_each(fx.s, mixed_work, args, 6, err, sizeof err), -1);
	assert_string_equal(err, "failed after its append");
	assert_int_equal(archive_size(fx.s), 2);
	assert_int_equal(m[1].id, 0);
	assert_int_equal(m[4].id, 1);
	/* All of a batch failing leaves nothing, and the next batch starts
	 * where the last head is. */
	for (int i = 0; i < 6; i++)
		m[i].fail = 1;
	assert_int_equal(archive_group_run_each(fx.s, mixed_work, args, 3, err, sizeof err), -1);
	assert_int_equal(archive_size(fx.s), 2);
	m[0].fail = 0;
	m[2].fail = 0;
	assert_int_equal(archive_group_run_each(fx.s, mixed_work, args, 3, err, sizeof err), -1);
	assert_int_equal(m[0].id, 2);
	assert_int_equal(m[2].id, 3);
	assert_int_equal(archive_size(fx.s), 4);
	struct archive_verify_result res;
	assert_true(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.records, 4);
	assert_int_equal(res.heads, 2);
	fx_close(&fx);
}

/* Tampering inside a batch of five (records 5-9 under the head of size
 * 10): a record altered is named by its stored leaf; altered together with
 * its leaf node, the batch is named; a batch's head removed is named as
 * missing, by its last record; a head altered is named as such. */
static void test_batch_tamper(void **state)
{
	(void)state;
	struct fx fx;
	struct archive_verify_result res;
	static const int sizes[] = { 1, 3, 1, 5, 2 };
	fx_open(&fx, "btamper");
	batches(&fx, sizes, 5);
	drop_update_delete(&fx);
	assert_int_equal(store_exec(fx.s, "UPDATE archive_records SET author = 'x@y.example' "
				     "WHERE seq = 7"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, 7);
	assert_non_null(strstr(res.what, "record 7 altered"));
	assert_false(verify_ok(fx.s, 0, &res));
	assert_int_equal(res.record, 7);
	/* The leaf node rewritten to the altered record's leaf. */
	uint8_t leaf[32], path[MERKLE_MAX_PROOF][32];
	char hex[65], q[200];
	size_t len;
	assert_int_equal(archive_inclusion_proof(fx.s, 7, 12, leaf, path, &len), 0);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", leaf[i]);
	snprintf(q, sizeof q, "UPDATE archive_nodes SET hash = '%s' WHERE level = 0 AND idx = 7",
		 hex);
	assert_int_equal(store_exec(fx.s, q), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, 5);
	assert_non_null(strstr(res.what, "one of records 5-9"));
	fx_close(&fx);

	fx_open(&fx, "btamper2");
	batches(&fx, sizes, 5);
	drop_update_delete(&fx);
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_heads WHERE size = 4"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, 3);
	assert_non_null(strstr(res.what, "signed head of size 4 (after record 3) is missing"));
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_heads WHERE size = 10"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, 3);
	fx_close(&fx);

	fx_open(&fx, "btamper3");
	batches(&fx, sizes, 5);
	drop_update_delete(&fx);
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_heads WHERE size = 10"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, 9);
	assert_non_null(strstr(res.what, "signed head of size 10 (after record 9) is missing"));
	fx_close(&fx);

	fx_open(&fx, "btamper4");
	batches(&fx, sizes, 5);
	drop_update_delete(&fx);
	assert_int_equal(store_exec(fx.s, "UPDATE archive_heads SET at = '2001-01-01T00:00:00Z' "
				     "WHERE size = 10"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.record, -1);
	assert_non_null(strstr(res.what, "signed head of size 10 is altered"));
	/* The last head removed: the records after the one before are
	 * covered by none. */
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_heads WHERE size = 12"), 0);
	assert_false(verify_ok(fx.s, 1, &res));
	fx_close(&fx);
}

/* The batches' connection (issue 10 bench): on SQLite every batch runs on
 * the group's own connection, not on the leader's (its page cache stays
 * warm), one and the same for all of them; and the WAL checkpoint its
 * commits leave due is still run, by the leader on its own connection
 * once the batch is answered: 600 commits of several pages each would
 * leave thousands of frames in the WAL otherwise.  R97: every append is
 * still one record of one sequence, verify passes. */
struct seen_conn {
	struct store *caller, *used;
	int64_t id;
};

static int note_conn(struct store *s, void *arg, char *err, size_t errlen)
{
	struct seen_conn *c = arg;
	c->used = s;
	struct archive_item it = { ARCHIVE_KIND_MESSAGE, 1, "expert@fra.example", "Reply",
				   "text/plain", "A reply in the group's connection", 33 };
	c->id = archive_append(s, &it, err, errlen);
	return c->id < 0 ? -1 : 0;
}

static void test_group_connection_checkpoint(void **state)
{
	(void)state;
	struct fx fx;
	char err[512];
	fx_open(&fx, "groupconn");
	assert_int_equal(fx.thread, 1);
	struct store *mine = store_open(fx.db, 0, err, sizeof err);
	assert_non_null(mine);
	struct archive_group *g = archive_group_new(0);
	struct store *first = NULL;
	enum { N = 600 };
	for (int i = 0; i < N; i++) {
		struct seen_conn c = { mine, NULL, -1 };
		assert_int_equal(archive_group_run(g, mine, note_conn, &c, err, sizeof err), 0);
		assert_int_equal(c.id, i);
		if (!first)
			first = c.used;
		assert_ptr_equal(c.used, first);
		if (!fx.pg)
			assert_ptr_not_equal(c.used, mine);
		else
			assert_ptr_equal(c.used, mine);   /* PostgreSQL: the leader's own */
	}
	double batch_s, commit_s, sync_s;
	archive_group_times(g, &batch_s, &commit_s, &sync_s);
	assert_true(batch_s > 0 && commit_s > 0 && commit_s <= batch_s);
	/* SQLite: the WAL synced by the leader after each commit, outside
	 * the lead; PostgreSQL commits synced. */
	assert_true(fx.pg ? sync_s == 0 : sync_s > 0);
	if (!fx.pg) {
		/* Frames in the WAL now (the second column): a few hundred
		 * at most when the checkpoints ran. */
		struct store_stmt *st = store_prepare(fx.s, "PRAGMA wal_checkpoint(PASSIVE)");
		assert_non_null(st);
		assert_int_equal(store_step(st), STORE_ROW);
		long long frames = store_col_int(st, 1);
		store_finalize(st);
		assert_true(frames >= 0 && frames < 1500);
	}
	struct archive_verify_result res;
	assert_true(verify_ok(fx.s, 1, &res));
	assert_int_equal(res.records, (uint64_t)N);
	archive_group_free(g);
	store_close(mine);
	fx_close(&fx);
}

/* R94: a post is acknowledged only once its WAL frames are synced.  When
 * the group's sync of the WAL fails, the batch is refused with the reason,
 * and so is every later one (their frames would chain on the lost ones),
 * with the advice to restart; nothing of them is acknowledged. */
static void test_group_sync_failure(void **state)
{
	(void)state;
	struct fx fx;
	char err[512];
	fx_open(&fx, "groupsync");
	if (fx.pg) {             /* PostgreSQL: its own commits, no WAL here */
		fx_close(&fx);
		return;
	}
	struct archive_group *g = archive_group_new(0);
	struct seen_conn c = { fx.s, NULL, -1 };
	assert_int_equal(archive_group_run(g, fx.s, note_conn, &c, err, sizeof err), 0);
	char gone[700];
	snprintf(gone, sizeof gone, "%s/no-such-dir/x-wal", fx.dir);
	archive_group_test_wal(g, gone);
	err[0] = '\0';
	assert_true(archive_group_run(g, fx.s, note_conn, &c, err, sizeof err) < 0);
	assert_non_null(strstr(err, "could not be synced to disk"));
	err[0] = '\0';
	assert_true(archive_group_run(g, fx.s, note_conn, &c, err, sizeof err) < 0);
	assert_non_null(strstr(err, "restart the server"));
	/* The refused batch after the failure wrote nothing. */
	assert_int_equal(archive_size(fx.s), 2);
	archive_group_free(g);
	fx_close(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_commit),
		cmocka_unit_test(test_group_failure_alone),
		cmocka_unit_test(test_verify_batches),
		cmocka_unit_test(test_batch_heads),
		cmocka_unit_test(test_batch_rollback),
		cmocka_unit_test(test_batch_tamper),
		cmocka_unit_test(test_group_connection_checkpoint),
		cmocka_unit_test(test_group_sync_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
