/* test_lots_optout.c - the two opt-outs of footnote 2 of resolution 9/1
 * recorded with their date and source (issue 12; C34): the flag the draw
 * follows and the record in one transaction, audited; refusals (no
 * source, a bad date, an unknown party or choice) change nothing; every
 * drawing event keeps the opt-outs in force in its inputs; a withdrawal
 * puts the State back.  On SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"

static char *dir;
static struct store *s;

static int setup(void **state)
{
	(void)state;
	s = lots_tu_store(&dir, "optout");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}

static int64_t count(const char *sql) { return lots_tu_count(s, sql); }

static void flags(const char *code, int *nr, int *nw)
{
	struct roster r = { 0 };
	char err[256];
	assert_int_equal(roster_load_db(s, &r, err, sizeof err), 0);
	long i = roster_find(&r, code);
	assert_true(i >= 0);
	*nr = r.v[i].not_reviewed;
	*nw = r.v[i].not_reviewer;
	roster_free(&r);
}

static void test_opt_outs_dated_and_sourced(void **state)
{
	(void)state;
	char err[600];
	int nr, nw;
	/* Refusals change nothing. */
	assert_int_equal(lots_db_set_opt_out(s, "FRA", "not_reviewer", 1, "2026-03-01", "", "t",
					     "local", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--source"));
	assert_int_equal(lots_db_set_opt_out(s, "FRA", "not_reviewer", 1, "2026-02-30", "NV 1", "t",
					     "local", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--date"));
	assert_int_equal(lots_db_set_opt_out(s, "QQQ", "not_reviewer", 1, "2026-03-01", "NV 1", "t",
					     "local", err, sizeof err), LOTS_EINPUT);
	assert_non_null(strstr(err, "--state"));
	assert_int_equal(lots_db_set_opt_out(s, "FRA", "sometimes", 1, "2026-03-01", "NV 1", "t",
					     "local", err, sizeof err), LOTS_EINPUT);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_opt_outs"), 0);
	flags("FRA", &nr, &nw);
	assert_int_equal(nr + nw, 0);

	/* FRA no longer reviews, from 1 March 2026, by its note verbale. */
	if (lots_db_set_opt_out(s, "FRA", "not_reviewer", 1, "2026-03-01",
				"Note verbale NV/2026/12 of 1 March 2026", "cli:test", "local", err,
				sizeof err) != LOTS_OK)
		fail_msg("opt-out: %s", err);
	flags("FRA", &nr, &nw);
	assert_int_equal(nr, 0);
	assert_int_equal(nw, 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'draw.opt_out' AND "
			       "object = 'FRA'"), 1);
	char *j = lots_db_opt_outs_json(s);
	assert_non_null(strstr(j, "\"party\":\"FRA\""));
	assert_non_null(strstr(j, "\"since\":\"2026-03-01\""));
	assert_non_null(strstr(j, "NV/2026/12"));
	free(j);

	/* The draw follows it, and its event says when and by what. */
	unsigned char seed[32];
	memset(seed, 0x21, sizeof seed);
	char *json = NULL;
	int64_t id;
	struct lots_event_meta meta = { .actor = "cli:test", .ip = "local" };
	if (lots_db_draw_meta(s, seed, &meta, &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_assignments WHERE reviewer = 'FRA'"), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_reviews WHERE reviewed = 'FRA'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_events WHERE inputs LIKE "
			       "'%\"opt_outs\":[{\"party\":\"FRA\",\"choice\":\"not_reviewer\","
			       "\"since\":\"2026-03-01\"%'"), 1);
	free(json);

	/* Withdrawn: FRA reviews again; the record stays, not in force. */
	if (lots_db_set_opt_out(s, "FRA", "both", 0, "2026-09-01", "Note verbale NV/2026/40",
				"cli:test", "local", err, sizeof err) != LOTS_OK)
		fail_msg("withdraw: %s", err);
	flags("FRA", &nr, &nw);
	assert_int_equal(nr + nw, 0);
	assert_int_equal(count("SELECT COUNT(*) FROM lots_opt_outs"), 3);
	j = lots_db_opt_outs_json(s);
	assert_null(strstr(j, "FRA"));
	free(j);

	/* The Holy See's single flag (both choices, from the reference
	 * data): withdrawing one keeps the other. */
	flags("VAT", &nr, &nw);
	assert_int_equal(nr, 1);
	assert_int_equal(nw, 1);
	if (lots_db_set_opt_out(s, "VAT", "not_reviewed", 0, "2026-10-01", "Note verbale 77",
				"cli:test", "local", err, sizeof err) != LOTS_OK)
		fail_msg("withdraw VAT: %s", err);
	flags("VAT", &nr, &nw);
	assert_int_equal(nr, 0);
	assert_int_equal(nw, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opt_outs_dated_and_sourced),
	};
	return cmocka_run_group_tests_name("lots_optout", tests, setup, teardown);
}
