/* test_web_perf.c - the web server's performance helpers must not change
 * what it answers (issue 4): the per-connection prepared-statement cache,
 * the database change counter and the per-thread memo of reviews, which
 * must be dropped by any write from any connection. */
#include "testutil.h"

#include <jansson.h>

#include "store/store.h"
#include "accounts/account.h"
#include "review/reviews.h"

static struct store *open_db(const char *path)
{
	char err[600];
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	return s;
}

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

static void test_prepare_cached(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	tu_db(path, sizeof path, dir, "c");
	struct store *a = open_db(path), *b = open_db(path);
	exec1(a, "CREATE TABLE t (x INTEGER)");
	exec1(a, "INSERT INTO t VALUES (1)");

	static const char sql[] = "SELECT COUNT(*), SUM(x) FROM t WHERE x >= ?";
	struct store_stmt *st = store_prepare_cached(a, sql);
	assert_non_null(st);
	store_bind_int(st, 1, 0);
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 1);
	/* A second use while the first is open gets its own statement. */
	struct store_stmt *st2 = store_prepare_cached(a, sql);
	assert_non_null(st2);
	assert_ptr_not_equal(st, st2);
	store_finalize(st2);
	store_finalize(st); /* resets: ends the read transaction */

	/* Another connection writes; the cached statement sees it. */
	exec1(b, "INSERT INTO t VALUES (2)");
	char copy[sizeof sql];
	memcpy(copy, sql, sizeof sql); /* matched by content, not pointer */
	struct store_stmt *again = store_prepare_cached(a, copy);
	assert_ptr_equal(again, st);
	/* Bindings were cleared: NULL matches nothing. */
	assert_int_equal(store_step(again), STORE_ROW);
	assert_int_equal(store_col_int(again, 0), 0);
	store_finalize(again);
	again = store_prepare_cached(a, sql);
	store_bind_int(again, 1, 0);
	assert_int_equal(store_step(again), STORE_ROW);
	assert_int_equal(store_col_int(again, 0), 2);
	assert_int_equal(store_col_int(again, 1), 3);
	store_finalize(again);

	/* A prepare error is reported, not cached. */
	assert_null(store_prepare_cached(a, "SELECT n FROM nowhere"));
	exec1(a, "CREATE TABLE nowhere (n INTEGER)");
	struct store_stmt *late = store_prepare_cached(a, "SELECT n FROM nowhere");
	assert_non_null(late);
	assert_int_equal(store_step(late), STORE_DONE);
	store_finalize(late);

	/* store_end_work() ends what a request forgot: a cached statement
	 * left stepping (its snapshot would hide later commits), an open
	 * transaction. */
	assert_int_equal(store_end_work(a), 0);
	struct store_stmt *forgot = store_prepare_cached(a, sql);
	store_bind_int(forgot, 1, 0);
	assert_int_equal(store_step(forgot), STORE_ROW);
	assert_int_equal(store_begin(b), 0);
	exec1(b, "INSERT INTO t VALUES (4)");
	assert_int_equal(store_end_work(b), 1); /* rolled back */
	assert_int_equal(store_end_work(a), 2); /* running + not released */
	struct store_stmt *back = store_prepare_cached(a, sql);
	assert_ptr_equal(back, forgot); /* released: handed out again */
	store_bind_int(back, 1, 0);
	assert_int_equal(store_step(back), STORE_ROW);
	assert_int_equal(store_col_int(back, 0), 2); /* row 4 rolled back */
	store_finalize(back);
	assert_int_equal(store_end_work(a), 0);

	/* More distinct statements than the cache holds still work. */
	for (int i = 0; i < 80; i++) {
		char q[64];
		snprintf(q, sizeof q, "SELECT %d + ?", i);
		struct store_stmt *x = store_prepare_cached(a, q);
		assert_non_null(x);
		store_bind_int(x, 1, 1);
		assert_int_equal(store_step(x), STORE_ROW);
		assert_int_equal(store_col_int(x, 0), i + 1);
		store_finalize(x);
	}
	store_close(a);
	store_close(b);
	tu_rmdir(dir);
}

/* On PostgreSQL the data version is the cluster's snapshot: other
 * databases' transactions (the unit programs run side by side on one test
 * server) move it too, which costs a cache a miss and nothing else.  So
 * "nothing changed it" is asserted as "some try out of 50 saw it
 * unchanged"; "a write changed it" holds every time. */
static int unchanged_by_reads(struct store *a, struct store *b, int seen)
{
	for (int i = 0; i < 50; i++) {
		if (seen)
			exec1(a, "SELECT * FROM t");
		int64_t v = seen ? store_data_version_seen(a) : store_data_version(a);
		exec1(a, "SELECT * FROM t");
		if (b)
			exec1(b, "SELECT * FROM t");
		if ((seen ? store_data_version_seen(a) : store_data_version(a)) == v)
			return 1;
	}
	return 0;
}

static void test_data_version(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	tu_db(path, sizeof path, dir, "v");
	struct store *a = open_db(path), *b = open_db(path);
	exec1(a, "CREATE TABLE t (x INTEGER)");
	int64_t v0 = store_data_version(a);
	assert_true(v0 >= 0);
	/* Reads change nothing. */
	assert_true(unchanged_by_reads(a, b, 0));
	v0 = store_data_version(a);
	/* Own write. */
	exec1(a, "INSERT INTO t VALUES (1)");
	int64_t v1 = store_data_version(a);
	assert_true(v1 != v0);
	/* Another connection's write. */
	exec1(b, "UPDATE t SET x = 2");
	int64_t v2 = store_data_version(a);
	assert_true(v2 != v1);

	/* The I/O-free variant: as of the connection's last statement. */
	int64_t w0 = store_data_version_seen(a);
	assert_true(w0 >= 0);
	assert_true(unchanged_by_reads(a, NULL, 1));
	w0 = store_data_version_seen(a);
	exec1(a, "INSERT INTO t VALUES (3)");
	int64_t w1 = store_data_version_seen(a);
	assert_true(w1 != w0);
	exec1(b, "DELETE FROM t WHERE x = 3");
	assert_true(store_data_version_seen(a) == w1); /* not read yet: no I/O */
	exec1(a, "SELECT * FROM t");
	int64_t w2 = store_data_version_seen(a);
	assert_true(w2 != w1);
	store_close(a);
	store_close(b);
	tu_rmdir(dir);
}

/* The rendering memo of fp's entry: kept for slot 2 between two calls,
 * empty for slot 3.  0 when a commit elsewhere started a new entry
 * between the calls (PostgreSQL's cluster-wide data version). */
static int memo_slots_kept(struct reviews_cache *c, struct store *a, const struct account *fp)
{
	int avail = -1, ok = 0;
	char **memo = NULL;
	exec1(a, "SELECT COUNT(*) FROM sessions");
	json_t *m1 = reviews_for_user_memo(c, a, fp, &avail, 2, &memo);
	if (!memo)
		goto out;
	if (!*memo)
		*memo = strdup("<table>FRA</table>");
	json_t *m2 = reviews_for_user_memo(c, a, fp, &avail, 2, &memo);
	int same = memo && *memo && strcmp(*memo, "<table>FRA</table>") == 0;
	json_decref(m2);
	if (!same)
		goto out;
	json_t *m3 = reviews_for_user_memo(c, a, fp, &avail, 3, &memo);
	ok = memo && !*memo; /* another slot (language) */
	json_decref(m3);
out:
	json_decref(m1);
	return ok;
}

/* Two connections on a small programme: FRA reviewed by DEU; ITA reviewed
 * by FRA.  Then another connection changes assignments and draws anew. */
static void test_reviews_cache_follows_changes(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	tu_db(path, sizeof path, dir, "r");
	struct store *a = open_db(path);
	assert_int_equal(store_migrate(a), 0);
	struct store *b = open_db(path);
	exec1(b, "INSERT INTO parties (code, name) VALUES ('FRA', 'France'), "
		 "('DEU', 'Germany'), ('ITA', 'Italy'), ('ESP', 'Spain')");
	static const char seed[] = "'0000000000000000000000000000000000000000000000000000000000000000'";
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, roster_csv, "
		 "result) VALUES (1, '2025-01-01T00:00:00Z', 't', %s, %s, '', '{}')", seed, seed);
	exec1(b, sql);
	snprintf(sql, sizeof sql,
		 "INSERT INTO lots_events (id, draw_id, seq, kind, created_at, seed, algorithm, "
		 "inputs, output) VALUES (1, 1, 0, 'lots', '2025-01-01T00:00:00Z', %s, 't', '{}', '{}')",
		 seed);
	exec1(b, sql);
	exec1(b, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES "
		 "(1, 'FRA', 1), (1, 'ITA', 2), (1, 'ESP', 3)");
	exec1(b, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, role, "
		 "instruments, valid_from) VALUES "
		 "(1, 1, 'FRA', 'DEU', 0, 'same_region', 'untoc', '2025-01-01T00:00:00Z'), "
		 "(1, 1, 'ITA', 'FRA', 0, 'same_region', 'untoc', '2025-01-01T00:00:00Z'), "
		 "(1, 1, 'ESP', 'DEU', 0, 'same_region', 'untoc', '2025-01-01T00:00:00Z')");

	struct account fp = { .id = 1, .role = ROLE_FOCAL_POINT };
	snprintf(fp.state, sizeof fp.state, "FRA");
	struct account sec = { .id = 2, .role = ROLE_SECRETARIAT };
	struct account sh = { .id = 3, .role = ROLE_STAKEHOLDER };
	struct reviews_cache *c = reviews_cache_new();
	int avail = -1;
	/* Stands for the server's session look-up at the start of a request,
	 * which refreshes the connection's view of the data version. */
#define LOOKUP() exec1(a, "SELECT COUNT(*) FROM sessions")
	LOOKUP();

	/* On PostgreSQL the data version is the cluster's snapshot, which
	 * other databases' transactions (the unit programs run side by side
	 * on one test server) move too: a memo miss is then safe but not a
	 * failure.  Two look-ups with nothing between must hit at least once
	 * in 50 tries. */
	json_t *l1 = NULL, *l2 = NULL;
	int hit = 0;
	for (int i = 0; i < 50 && !hit; i++) {
		if (l1)
			json_decref(l1);
		l1 = reviews_for_user_cached(c, a, &fp, &avail);
		assert_int_equal(avail, 1);
		assert_int_equal(json_array_size(l1), 2);
		l2 = reviews_for_user_cached(c, a, &fp, &avail);
		hit = l1 == l2; /* served from the memo */
		json_decref(l2);
	}
	assert_true(hit);
	json_t *ls = reviews_for_user_cached(c, a, &sec, &avail);
	assert_int_equal(json_array_size(ls), 3); /* keyed by who asks */
	json_decref(ls);
	json_t *lh = reviews_for_user_cached(c, a, &sh, &avail);
	assert_int_equal(json_array_size(lh), 0);
	assert_int_equal(avail, 0);
	json_decref(lh);

	/* Another connection gives FRA a new review as reviewer. */
	exec1(b, "UPDATE lots_assignments SET status = 'replaced' WHERE reviewed = 'ESP'");
	exec1(b, "INSERT INTO lots_assignments (draw_id, event_id, reviewed, reviewer, slot, role, "
		 "instruments, valid_from) VALUES "
		 "(1, 1, 'ESP', 'FRA', 0, 'same_region', 'untoc', '2025-02-01T00:00:00Z')");
	LOOKUP();
	json_t *l3 = reviews_for_user_cached(c, a, &fp, &avail);
	assert_ptr_not_equal(l3, l1);
	assert_int_equal(json_array_size(l3), 3);
	json_t *direct = reviews_for_user(a, &fp, &avail);
	assert_true(json_equal(l3, direct));
	json_decref(direct);
	json_decref(l3);
	json_decref(l1);

	/* The draw is superseded: no current draw, nothing to see. */
	exec1(b, "UPDATE lots_draws SET status = 'superseded'");
	LOOKUP();
	json_t *l4 = reviews_for_user_cached(c, a, &fp, &avail);
	assert_int_equal(avail, 0);
	assert_int_equal(json_array_size(l4), 0);
	json_decref(l4);

	/* Without a memo the answer is the same as uncached. */
	json_t *l5 = reviews_for_user_cached(NULL, a, &sec, &avail);
	assert_int_equal(json_array_size(l5), 0);
	json_decref(l5);

	/* A write on the cache's own connection counts too. */
	exec1(b, "UPDATE lots_draws SET status = 'current'");
	LOOKUP();
	json_t *l6 = reviews_for_user_cached(c, a, &fp, &avail);
	assert_int_equal(json_array_size(l6), 3);
	json_decref(l6);
	exec1(a, "DELETE FROM lots_assignments WHERE reviewed = 'ESP'");
	json_t *l7 = reviews_for_user_cached(c, a, &fp, &avail);
	assert_int_equal(json_array_size(l7), 2);
	json_decref(l7);
	/* Rendering slots live and die with the entry.  On PostgreSQL another
	 * database's commit between two calls starts a new entry (see above):
	 * each block is tried until one run sees no such commit, 50 at most. */
	int kept = 0;
	for (int i = 0; i < 50 && !kept; i++)
		kept = memo_slots_kept(c, a, &fp);
	assert_true(kept);
	char **memo = NULL;
	json_t *m4 = reviews_for_user_memo(c, a, &fp, &avail, REVIEWS_MEMO_SLOTS, &memo);
	assert_null(memo); /* out of range: nothing to keep */
	json_decref(m4);
	json_t *m5 = reviews_for_user_memo(c, a, &sh, &avail, 2, &memo);
	assert_null(memo); /* stakeholders: not kept */
	json_decref(m5);
	json_t *m6 = reviews_for_user_memo(NULL, a, &fp, &avail, 2, &memo);
	assert_null(memo);
	json_decref(m6);
	LOOKUP();
	json_t *m7 = reviews_for_user_memo(c, a, &fp, &avail, 2, &memo);
	if (memo) {
		free(*memo);
		*memo = strdup("<table>old</table>");
	}
	json_decref(m7);
	exec1(b, "INSERT INTO parties (code, name) VALUES ('PRT', 'Portugal')");
	kept = 0;
	for (int i = 0; i < 50 && !kept; i++) {
		LOOKUP();
		json_t *m8 = reviews_for_user_memo(c, a, &fp, &avail, 2, &memo);
		if (memo) {
			assert_null(*memo); /* dropped with the entry on the change */
			kept = 1;
		}
		json_decref(m8);
	}
	assert_true(kept);

	/* The API body: same bytes from the memo (twice) and without it. */
	struct buf j1 = { 0 }, j2 = { 0 }, j3 = { 0 };
	assert_int_equal(reviews_api_json(c, a, &fp, &j1), 0);
	assert_int_equal(reviews_api_json(c, a, &fp, &j2), 0);
	assert_int_equal(reviews_api_json(NULL, a, &fp, &j3), 0);
	assert_string_equal(buf_str(&j1), buf_str(&j2));
	assert_string_equal(buf_str(&j1), buf_str(&j3));
	assert_non_null(strstr(buf_str(&j1), "{\"draw_available\":true,\"reviews\":[{\"reviewed\":\"FRA\""));
	assert_int_equal(j1.p[j1.len - 1], '\n');
	exec1(b, "UPDATE lots_draws SET status = 'superseded'");
	LOOKUP();
	buf_reset(&j1);
	assert_int_equal(reviews_api_json(c, a, &fp, &j1), 0);
	assert_string_equal(buf_str(&j1), "{\"draw_available\":false,\"reviews\":[]}\n");
	buf_free(&j1);
	buf_free(&j2);
	buf_free(&j3);
#undef LOOKUP
	reviews_cache_free(c);
	store_close(a);
	store_close(b);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_cached),
		cmocka_unit_test(test_data_version),
		cmocka_unit_test(test_reviews_cache_follows_changes),
	};
	return cmocka_run_group_tests_name("web_perf", tests, NULL, NULL);
}
