/* test_lots_m0044.c - the kind 'optout' of an op (issue 12; C34, R62;
 * migration 0044): a database at schema 43 holding a join op (assignments
 * that refer to it), a pending request and an opt-out applied the way the
 * code before 0044 stored it (kind 'redraw', its inputs saying "optout")
 * is upgraded with no row lost and no foreign key broken, the op gets its
 * kind back, and the whole history still verifies; and an opt-out lodged
 * as a request of a meeting is applied in the drawn order (gap 2).  On
 * SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"

static char *dir;
static struct store *s;
static int dbn;

static const char *M1 = "CTOC/COP/WG.1/2027/1";
static const char *M2 = "CTOC/COP/WG.1/2027/2";

/* A store migrated up to schema max (0: every migration). */
static void open_at(int max)
{
	char path[512], name[32], err[512];
	snprintf(name, sizeof name, "m0044_%d", dbn++);
	dir = tu_tmpdir();
	tu_db(path, sizeof path, dir, name);
	s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(max ? store_migrate_to(s, max) : store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}

static int64_t count(const char *sql) { return lots_tu_count(s, sql); }

static void exec(const char *sql) { lots_tu_exec(s, sql); }

static char *text(const char *sql) { return lots_tu_text(s, sql); }

static void set_party(const char *code, int untoc, int not_reviewer, int not_reviewed)
{
	struct roster r = { 0 };
	char err[512];
	assert_int_equal(roster_load_db(s, &r, err, sizeof err), 0);
	long i = roster_find(&r, code);
	assert_true(i >= 0);
	if (untoc >= 0)
		r.v[i].instruments = untoc ? r.v[i].instruments | INSTR_BIT(INSTR_UNTOC)
					   : r.v[i].instruments & ~INSTR_BIT(INSTR_UNTOC);
	if (not_reviewer >= 0)
		r.v[i].not_reviewer = not_reviewer;
	if (not_reviewed >= 0)
		r.v[i].not_reviewed = not_reviewed;
	r.v[i].opt_out = r.v[i].not_reviewed && r.v[i].not_reviewer;
	if (roster_save_db(s, &r, err, sizeof err) != 0)
		fail_msg("roster_save_db: %s", err);
	roster_free(&r);
}

static void draw_and_meetings(void)
{
	char err[1024];
	unsigned char seed[32];
	memset(seed, 0x3c, sizeof seed);
	if (lots_db_draw(s, seed, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);
	if (lots_meeting_add(s, M1, "2027-06-01", "Joint intersessional meeting", "cli:test",
			     "local", err, sizeof err) != LOTS_OK ||
	    lots_meeting_add(s, M2, "2027-11-01", "Joint intersessional meeting", "cli:test",
			     "local", err, sizeof err) != LOTS_OK)
		fail_msg("lots_meeting_add: %s", err);
}

static int op(const char *kind, const char *state, char *err, size_t errlen)
{
	struct lots_op_req q = { .kind = kind, .meeting = M1, .state = state,
				 .run_by = "Secretariat", .actor = "cli:test", .ip = "local" };
	char *sum = NULL;
	int rc = lots_op_run(s, &q, &sum, NULL, err, errlen);
	free(sum);
	return rc;
}

/* verify --db's checks of the history: 0 violations, and the report. */
static int verify(struct buf *rep)
{
	int a = lots_db_check_history(s, rep), b = lots_ops_check(s, rep),
	    c = lots_requests_check(s, rep);
	return a < 0 || b < 0 || c < 0 ? -1 : a + b + c;
}

/* Runs the optout op as the code before 0044 stored it: kind 'redraw'.
 * The CHECK of schema 43 refuses 'optout', so it is lifted for the one
 * insert and put back once the row says 'redraw'. */
static void optout_as_before_0044(const char *x)
{
	char err[2048];
	if (tu_pg())
		exec("ALTER TABLE lots_ops DROP CONSTRAINT lots_ops_kind_check");
	else
		exec("PRAGMA ignore_check_constraints = 1");
	if (op("optout", x, err, sizeof err) != LOTS_OK)
		fail_msg("optout: %s", err);
	exec("UPDATE lots_ops SET kind = 'redraw' WHERE kind = 'optout'");
	if (tu_pg())
		exec("ALTER TABLE lots_ops ADD CONSTRAINT lots_ops_kind_check CHECK (kind IN "
		     "('event', 'join', 'protocol', 'redraw'))");
	else
		exec("PRAGMA ignore_check_constraints = 0");
}

/* Migration 0044 on a database made at schema 43 with data. */
static void test_upgrade_from_43(void **state)
{
	(void)state;
	char err[2048], sql[512];
	struct buf rep = { 0 };
	open_at(43);
	assert_int_equal(store_schema_version(s), 43);
	draw_and_meetings();
	/* A join op: assignments that refer to lots_ops (op_id). */
	set_party("PNG", 1, -1, -1);
	if (op("join", "PNG", err, sizeof err) != LOTS_OK)
		fail_msg("join: %s", err);
	/* An opt-out as a reviewer, applied and stored as before 0044. */
	char *x = text("SELECT reviewer FROM lots_assignments WHERE status = 'active' AND "
		       "reviewer <> 'PNG' ORDER BY reviewer LIMIT 1");
	assert_int_equal(lots_db_set_opt_out(s, x, "not_reviewer", 1, "2027-05-01",
					     "note verbale", "t", "local", err, sizeof err), LOTS_OK);
	optout_as_before_0044(x);
	/* A request pending at the next meeting (lots_requests is rebuilt). */
	struct lots_op_req q = { .kind = "event", .meeting = M2, .run_by = "Secretariat" };
	if (lots_request_lodge(s, &q, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lodge: %s", err);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'redraw' AND inputs "
			       "LIKE '%\"kind\":\"optout\"%'"), 1);
	if (verify(&rep) != 0)
		fail_msg("verify before 0044: %s", buf_str(&rep));
	int64_t ops = count("SELECT COUNT(*) FROM lots_ops"),
		carried = count("SELECT COUNT(*) FROM lots_carried"),
		refs = count("SELECT COUNT(*) FROM lots_assignments WHERE op_id IS NOT NULL"),
		sig = count("SELECT COALESCE(SUM(id * op_id), 0) FROM lots_assignments"),
		reqs = count("SELECT COUNT(*) FROM lots_requests");
	assert_true(refs >= 2);
	char *h = text("SELECT hash FROM lots_ops ORDER BY seq DESC LIMIT 1");

	assert_int_equal(store_migrate(s), 0);
	assert_true(store_schema_version(s) >= 44);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops"), ops);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_carried"), carried);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE op_id IS NOT NULL"),
			 refs);
	assert_int_equal(count("SELECT COALESCE(SUM(id * op_id), 0) FROM lots_assignments"), sig);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_requests"), reqs);
	if (!tu_pg())
		assert_int_equal(count("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
	/* The op has its kind back; nothing else changed. */
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'optout'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'join'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'redraw'"), 0);
	char *h2 = text("SELECT hash FROM lots_ops ORDER BY seq DESC LIMIT 1");
	assert_string_equal(h, h2);
	struct lots_op_info *v = NULL;
	size_t n = 0;
	assert_int_equal(lots_ops_list(s, 0, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[1].kind, "optout");
	lots_ops_list_free(v, n);
	buf_reset(&rep);
	if (verify(&rep) != 0)
		fail_msg("verify after 0044: %s", buf_str(&rep));
	/* The widened CHECK still refuses what is no op. */
	snprintf(sql, sizeof sql, "UPDATE lots_ops SET kind = 'bogus' WHERE kind = 'join'");
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_not_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	free(x);
	free(h);
	free(h2);
	buf_free(&rep);
}

/* Gap 2: an opt-out lodged as a request of a meeting, applied in the
 * order drawn there; stored with kind 'optout' (request and op). */
static void test_optout_request_at_meeting(void **state)
{
	(void)state;
	char err[2048], sql[512], h[65];
	struct buf rep = { 0 };
	open_at(0);
	draw_and_meetings();
	char *y = text("SELECT reviewed FROM lots_assignments WHERE status = 'active' "
		       "ORDER BY reviewed DESC LIMIT 1");
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = 'active' "
		 "AND reviewed = '%s'", y);
	int64_t had = count(sql);
	assert_true(had >= 2);
	/* A request names the State. */
	struct lots_op_req bad = { .kind = "optout", .meeting = M2, .run_by = "Secretariat" };
	assert_int_equal(lots_request_lodge(s, &bad, NULL, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--state"));
	assert_int_equal(lots_db_set_opt_out(s, y, "not_reviewed", 1, "2027-10-01",
					     "note verbale", "t", "local", err, sizeof err), LOTS_OK);
	struct lots_op_req q = { .kind = "optout", .meeting = M2, .state = y,
				 .run_by = "Secretariat" };
	int seq = 0;
	if (lots_request_lodge(s, &q, NULL, &seq, err, sizeof err) != LOTS_OK)
		fail_msg("lodge: %s", err);
	assert_int_equal(seq, 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_requests WHERE kind = 'optout'"), 1);
	/* Nothing is run directly at a meeting that takes requests. */
	struct lots_op_req d = { .kind = "optout", .meeting = M2, .state = y, .run_by = "S" };
	assert_int_equal(lots_op_run(s, &d, NULL, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "takes its operations as requests"));
	if (lots_requests_close(s, M2, "a public lottery", "cli:test", "local", h, err,
				sizeof err) != LOTS_OK)
		fail_msg("close: %s", err);
	if (lots_requests_apply(s, M2, "4 8 15 16 23 42", "cli:test", "local", &rep, err,
				sizeof err) != LOTS_OK)
		fail_msg("apply: %s", err);
	assert_non_null(strstr(buf_str(&rep), "(optout)"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_requests WHERE status = 'applied' AND "
			       "result_kind = 'op'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ops WHERE kind = 'optout'"), 1);
	assert_int_equal(count(sql), 0);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM lots_assignments WHERE status = "
		 "'withdrawn' AND reviewed = '%s'", y);
	assert_int_equal(count(sql), had);
	buf_reset(&rep);
	if (verify(&rep) != 0)
		fail_msg("verify: %s", buf_str(&rep));
	free(y);
	buf_free(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_upgrade_from_43, teardown),
		cmocka_unit_test_teardown(test_optout_request_at_meeting, teardown),
	};
	return cmocka_run_group_tests_name("lots_m0044", tests, NULL, NULL);
}
