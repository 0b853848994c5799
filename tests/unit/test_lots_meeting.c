/* test_lots_meeting.c - every draw and redraw held at a recorded meeting,
 * and the order of a meeting's operations drawn, not chosen (issue 12,
 * "Drawing of lots II"; R51, R237, C42; migration 0035).  A draw, redraw,
 * draw held by hand or ceremony naming a meeting nobody recorded is
 * refused and nothing is stored; who ran it is kept in the event and the
 * audit log; draws stored before 0035 with free-text meetings get those
 * meetings recorded and still verify; requests lodged for a meeting are
 * applied in the order SHA-256(list hash, entropy, request hash) gives,
 * which `verify --db` re-derives, and nothing is run there directly.  On
 * SQLite and PostgreSQL (tu_db). */
#include "testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

static char *dir;
static struct store *s;
static int dbn;

static int open_store(int version)
{
	char path[512], err[512], name[32];
	dir = tu_tmpdir();
	snprintf(name, sizeof name, "mt%d", dbn++);
	tu_db(path, sizeof path, dir, name);
	s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(version ? store_migrate_to(s, version) : store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return open_store(0);
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}

static int64_t count(const char *sql, const char *arg)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	if (arg)
		store_bind_text(st, 1, arg);
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t n = store_col_int(st, 0);
	store_finalize(st);
	return n;
}

static void exec(const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

static char *text(const char *sql, const char *arg)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	if (arg)
		store_bind_text(st, 1, arg);
	assert_int_equal(store_step(st), STORE_ROW);
	char *t = strdup(store_col_text(st, 0));
	store_finalize(st);
	return t;
}

static void meeting(const char *ref, const char *date)
{
	char err[512];
	if (lots_meeting_add(s, ref, date, "Working group on the review mechanism", "cli:test",
			     "local", err, sizeof err) != LOTS_OK)
		fail_msg("lots_meeting_add: %s", err);
}

/* The i-th review of the current draw and its reviewer k. */
static void slot(size_t i, int k, char rv[4], char rp[4])
{
	struct roster r;
	struct lots_draw d;
	char sha[65], err[512], *json = NULL;
	int64_t id;
	assert_int_equal(lots_db_load_current(s, &id, &r, sha, &json, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	assert_true(i < d.nreviews && k < d.reviews[i].n);
	util_strlcpy(rv, r.v[d.reviews[i].reviewed].code, 4);
	util_strlcpy(rp, r.v[d.reviews[i].r[k].state].code, 4);
	lots_draw_free(&d);
	roster_free(&r);
	free(json);
}

static int checks(void)
{
	struct buf rep = { 0 };
	int n = lots_db_check_history(s, &rep), m = lots_ops_check(s, &rep),
	    o = lots_requests_check(s, &rep);
	if (n != 0 || m != 0 || o != 0)
		print_message("%s", buf_str(&rep));
	buf_free(&rep);
	return n < 0 || m < 0 || o < 0 ? -1 : n + m + o;
}

/* R237, C42: a draw, a redraw, a draw held by hand and a ceremony name a
 * recorded meeting, or nothing is done; who ran it is kept. */
static void test_draw_at_recorded_meeting(void **state)
{
	(void)state;
	char err[1024], *json = NULL;
	unsigned char seed[32];
	memset(seed, 0x3c, sizeof seed);
	struct lots_event_meta meta = { .meeting = "CTOC/COP/WG.1/2026/1", .actor = "cli:officer",
					.ip = "local" };
	assert_int_equal(lots_db_draw_meta(s, seed, &meta, &json, NULL, err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "--meeting: no meeting 'CTOC/COP/WG.1/2026/1' is recorded"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_draws", NULL), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.lots'", NULL), 0);
	assert_int_equal(lots_meeting_require(s, "", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "every draw and redraw is held at a recorded meeting"));
	meeting("CTOC/COP/WG.1/2026/1", "2026-03-02");
	int64_t id = 0;
	if (lots_db_draw_meta(s, seed, &meta, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw_meta: %s", err);
	free(json);
	/* Who ran it: --by when given, else the account (R237). */
	char *in = text("SELECT inputs FROM lots_events WHERE seq = 0", NULL);
	assert_non_null(strstr(in, "\"run_by\":\"cli:officer\""));
	assert_non_null(strstr(in, "\"meeting\":\"CTOC/COP/WG.1/2026/1\""));
	free(in);
	char *det = text("SELECT detail FROM audit_log WHERE action = 'draw.lots'", NULL);
	assert_non_null(strstr(det, "meeting CTOC/COP/WG.1/2026/1; run by cli:officer"));
	free(det);

	/* A redraw at an unrecorded meeting: refused, nothing stored. */
	char rv[4], rp[4];
	slot(0, 0, rv, rp);
	struct lots_redraw_req q = { .reviewed = rv, .replace = rp, .requested_by = rv,
				     .reason = LOTS_REASON_LANGUAGE };
	struct lots_event_meta m2 = { .run_by = "Secretariat officer 4", .meeting = "WG later",
				      .actor = "cli:officer", .ip = "local" };
	assert_int_equal(lots_db_redraw_meta(s, &q, &m2, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "no meeting 'WG later' is recorded"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_redraws", NULL), 0);
	meeting("WG later", "2026-10-05");
	if (lots_db_redraw_meta(s, &q, &m2, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw_meta: %s", err);
	in = text("SELECT inputs FROM lots_events WHERE seq = 1", NULL);
	assert_non_null(strstr(in, "\"run_by\":\"Secretariat officer 4\""));
	assert_non_null(strstr(in, "\"meeting\":\"WG later\""));
	free(in);
	det = text("SELECT detail FROM audit_log WHERE action = 'draw.redraw'", NULL);
	assert_non_null(strstr(det, "meeting WG later; run by Secretariat officer 4"));
	free(det);

	/* A ceremony at an unrecorded meeting: refused; at a recorded one,
	 * on its date unless another is given. */
	char com[65];
	lots_seed_commitment(seed, com);
	assert_int_equal(lots_ceremony_prepare(s, "Joint meeting 2027", "", com, NULL, "cli:officer",
					       "local", NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "no meeting 'Joint meeting 2027' is recorded"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_ceremonies", NULL), 0);
	meeting("Joint meeting 2027", "2027-02-01");
	int64_t cid = 0;
	if (lots_ceremony_prepare(s, "Joint meeting 2027", "", com, NULL, "cli:officer", "local",
				  &cid, err, sizeof err) != LOTS_OK)
		fail_msg("lots_ceremony_prepare: %s", err);
	struct lots_ceremony c;
	assert_int_equal(lots_ceremony_get(s, cid, &c), 1);
	assert_string_equal(c.held_on, "2027-02-01");
	/* A draw held by hand, likewise. */
	struct lots_event_meta m3 = { .meeting = "not recorded", .actor = "cli:officer",
				      .ip = "local", .supersede = 1 };
	assert_int_equal(lots_db_record_manual(s, "reviewed\n", 9, &m3, NULL, NULL, err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "no meeting 'not recorded'"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_draws", NULL), 1);
	assert_int_equal(checks(), 0);
	/* Two operations run directly at one meeting: verify says their order
	 * was chosen, without counting it (docs/draw.md). */
	slot(3, 0, rv, rp);
	struct lots_redraw_req q2 = { .reviewed = rv, .replace = rp, .requested_by = rv,
				      .reason = LOTS_REASON_OTHER };
	if (lots_db_redraw_meta(s, &q2, &m2, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw_meta: %s", err);
	struct buf rep = { 0 };
	assert_int_equal(lots_requests_check(s, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "note: meeting WG later: 2 operations run directly"));
	buf_free(&rep);
}

/* Migration 0035: meetings named in free text before it are recorded,
 * with the earliest date they were named with; the draw still verifies
 * and a redraw can be held at its old meeting. */
static void test_migration_records_old_meetings(void **state)
{
	(void)state;
	teardown(NULL);
	open_store(34);
	char err[1024];
	unsigned char seed[32];
	memset(seed, 0x21, sizeof seed);
	if (lots_db_draw(s, seed, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw: %s", err);
	/* As 0034 stored them: free text in the event's inputs, a ceremony
	 * and a programme note. */
	exec("UPDATE lots_events SET inputs = replace(inputs, '\"parties\"', "
	     "'\"run_by\":\"officer\",\"meeting\":\"IRG free text 2025\",\"parties\"') WHERE seq = 0");
	exec("INSERT INTO lots_ceremonies (id, meeting, held_on, roster_sha256, seed_commitment, "
	     "prepared_by, prepared_at) VALUES (1, 'Ceremony meeting', '2025-04-03', "
	     "'" "0000000000000000000000000000000000000000000000000000000000000000" "', "
	     "'" "1111111111111111111111111111111111111111111111111111111111111111" "', 'x', "
	     "'2025-03-01T10:00:00Z')");
	exec("INSERT INTO programme_event_notes (event_id, meeting, run_by, recorded_at) VALUES "
	     "(1, 'Noted meeting', 'officer', '2025-05-01T00:00:00Z')");
	assert_int_equal(count("SELECT COUNT(*) FROM lots_meetings", NULL), 0);
	assert_int_equal(store_migrate(s), 0);
	assert_int_equal(store_schema_version(s), store_latest_version());
	assert_int_equal(count("SELECT COUNT(*) FROM lots_meetings", NULL), 3);
	char *d = text("SELECT held_on FROM lots_meetings WHERE ref = ?", "Ceremony meeting");
	assert_string_equal(d, "2025-04-03");
	free(d);
	char *ev = text("SELECT substr(created_at, 1, 10) FROM lots_events WHERE seq = 0", NULL);
	d = text("SELECT held_on FROM lots_meetings WHERE ref = ?", "IRG free text 2025");
	assert_string_equal(d, ev);
	free(d);
	d = text("SELECT held_on FROM lots_meetings WHERE ref = ?", "Noted meeting");
	assert_string_equal(d, ev);
	free(d);
	free(ev);
	assert_int_equal(checks(), 0);
	char rv[4], rp[4];
	slot(1, 0, rv, rp);
	struct lots_redraw_req q = { .reviewed = rv, .replace = rp, .requested_by = rv,
				     .reason = LOTS_REASON_OTHER };
	struct lots_event_meta m = { .meeting = "IRG free text 2025", .actor = "cli:officer",
				     .ip = "local" };
	if (lots_db_redraw_meta(s, &q, &m, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_redraw_meta: %s", err);
	assert_int_equal(checks(), 0);
}

/* The key of request hash h in the order drawn for list L with entropy
 * name N and value V, as docs/draw.md gives it. */
static void key_of(const char *list, const char *name, const char *value, const char *h,
		   char out[65])
{
	struct buf b = { 0 };
	buf_printf(&b, "revmech-order/1\n%s\n%s\n%s\n%s\n", list, name, value, h);
	lots_sha256_hex(b.p, b.len, out);
	buf_free(&b);
}

/* The order of a meeting's operations is drawn from the public entropy and
 * the requests, not chosen by whoever runs them, and verify re-derives it. */
static void test_order_drawn_not_chosen(void **state)
{
	(void)state;
	char err[2048];
	unsigned char seed[32];
	memset(seed, 0x47, sizeof seed);
	meeting("CTOC/COP/WG.1/2026/1", "2026-03-02");
	meeting("CTOC/COP/WG.1/2026/2", "2026-10-05");
	const char *M = "CTOC/COP/WG.1/2026/2";
	struct lots_event_meta m0 = { .meeting = "CTOC/COP/WG.1/2026/1", .actor = "cli:t",
				      .ip = "local" };
	if (lots_db_draw_meta(s, seed, &m0, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	/* Four redraw requests of four reviews, lodged in this order. */
	char rv[4][4], rp[4][4];
	for (int i = 0; i < 4; i++) {
		slot((size_t)(5 * i + 2), 0, rv[i], rp[i]);
		struct lots_op_req q = { .kind = "redraw", .meeting = M, .run_by = "officer",
					 .actor = "cli:t", .ip = "local" };
		struct lots_redraw_req rd = { .reviewed = rv[i], .replace = rp[i],
					      .requested_by = rv[i], .reason = LOTS_REASON_LANGUAGE };
		int seq = 0;
		if (lots_request_lodge(s, &q, &rd, &seq, err, sizeof err) != LOTS_OK)
			fail_msg("lodge: %s", err);
		assert_int_equal(seq, i + 1);
	}
	/* A malformed request is refused at once. */
	struct lots_op_req bad = { .kind = "redraw", .meeting = M };
	struct lots_redraw_req nord = { .reviewed = rv[0], .reason = LOTS_REASON_LANGUAGE };
	assert_int_equal(lots_request_lodge(s, &bad, &nord, NULL, err, sizeof err), LOTS_EINPUT);
	struct lots_op_req unk = { .kind = "event", .meeting = "nowhere" };
	assert_int_equal(lots_request_lodge(s, &unk, NULL, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "no meeting 'nowhere'"));
	/* Nothing is run directly at a meeting that takes requests. */
	struct lots_redraw_req direct = { .reviewed = rv[0], .replace = rp[0],
					  .requested_by = rv[0], .reason = LOTS_REASON_LANGUAGE };
	struct lots_event_meta md = { .meeting = M, .actor = "cli:t", .ip = "local" };
	assert_int_equal(lots_db_redraw_meta(s, &direct, &md, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "takes its operations as requests"));
	struct lots_op_req ev = { .kind = "event", .meeting = M, .actor = "cli:t", .ip = "local" };
	assert_int_equal(lots_op_run(s, &ev, NULL, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "takes its operations as requests"));
	/* Not applied before the list is closed; closing needs a named entropy. */
	struct buf rep = { 0 };
	assert_int_equal(lots_requests_apply(s, M, "7", "cli:t", "local", &rep, err, sizeof err),
			 LOTS_EINPUT);
	assert_non_null(strstr(err, "not closed"));
	assert_int_equal(lots_requests_close(s, M, "", "cli:t", "local", NULL, err, sizeof err),
			 LOTS_EINPUT);
	char list[65];
	const char *NAME = "EuroMillions draw of 2026-10-02";
	if (lots_requests_close(s, M, NAME, "cli:t", "local", list, err, sizeof err) != LOTS_OK)
		fail_msg("close: %s", err);
	/* The list hash is what docs/draw.md says. */
	struct buf lb = { 0 };
	buf_printf(&lb, "revmech-requests/1\n%s\n", M);
	for (int i = 1; i <= 4; i++) {
		char q[160];
		snprintf(q, sizeof q, "SELECT hash FROM lots_requests WHERE meeting = ? AND seq = %d", i);
		char *h = text(q, M);
		buf_printf(&lb, "%s\n", h);
		free(h);
	}
	char want[65];
	lots_sha256_hex(lb.p, lb.len, want);
	buf_free(&lb);
	assert_string_equal(list, want);
	struct lots_op_req late = { .kind = "event", .meeting = M };
	assert_int_equal(lots_request_lodge(s, &late, NULL, NULL, err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "closed"));
	/* Applied in the drawn order. */
	const char *VALUE = "05 12 19 33 41 / 03 08";
	if (lots_requests_apply(s, M, VALUE, "cli:t", "local", &rep, err, sizeof err) != LOTS_OK)
		fail_msg("apply: %s", err);
	char keys[4][65];
	for (int i = 0; i < 4; i++) {
		char q[160];
		snprintf(q, sizeof q, "SELECT hash FROM lots_requests WHERE meeting = ? AND seq = %d",
			 i + 1);
		char *h = text(q, M);
		key_of(list, NAME, VALUE, h, keys[i]);
		free(h);
	}
	for (int i = 0; i < 4; i++) {
		int rank = 1;
		for (int j = 0; j < 4; j++)
			rank += strcmp(keys[j], keys[i]) < 0;
		char q[200];
		snprintf(q, sizeof q, "SELECT applied_order FROM lots_requests WHERE meeting = ? AND "
			 "seq = %d AND status = 'applied' AND result_kind = 'redraw'", i + 1);
		assert_int_equal(count(q, M), rank);
		/* The redraws were made in that order: the rank-th redraw. */
		snprintf(q, sizeof q, "SELECT result_seq FROM lots_requests WHERE meeting = ? AND "
			 "seq = %d", i + 1);
		assert_int_equal(count(q, M), rank);
	}
	assert_non_null(strstr(buf_str(&rep), "1. request "));
	assert_int_equal(checks(), 0);
	/* The value is entered once; the same again only resumes. */
	buf_reset(&rep);
	assert_int_equal(lots_requests_apply(s, M, "another value", "cli:t", "local", &rep, err,
					     sizeof err), LOTS_EINPUT);
	assert_int_equal(lots_requests_apply(s, M, VALUE, "cli:t", "local", &rep, err, sizeof err),
			 LOTS_OK);
	assert_non_null(strstr(buf_str(&rep), "done before"));
	assert_int_equal(count("SELECT COUNT(*) FROM lots_redraws", NULL), 4);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.request'",
			       NULL), 4);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action IN ('draw.close', "
			       "'draw.apply')", NULL), 2);
	buf_free(&rep);
	/* A reordering written into the store is found; so is an edited
	 * request. */
	exec("UPDATE lots_requests SET applied_order = 5 - applied_order");
	assert_true(checks() > 0);
	exec("UPDATE lots_requests SET applied_order = 5 - applied_order");
	assert_int_equal(checks(), 0);
	exec("UPDATE lots_requests SET body = replace(body, 'language', 'other') WHERE seq = 2");
	assert_true(checks() > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_draw_at_recorded_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_records_old_meetings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_drawn_not_chosen, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
