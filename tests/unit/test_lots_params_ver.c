/* test_lots_params_ver.c - the parameters of the drawing of lots as the
 * pages and the API see them (issue 12 "From the web"; R38;
 * lots/params_ver.c): the table of fields agrees with what the store
 * accepts (each bound accepted, one past it refused, by the check and by
 * lots_db_params_record alike), values read from text (kept, missing, not
 * a number, out of range, load_min above load_max, decision and date) with
 * messages the pages can translate (msg_find), and the versions listed
 * with who recorded them and the drawings that used each.  On SQLite and
 * PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include "core/refdata.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/msg.h"
#include "util/util.h"

static char *dir;
static struct store *s;

static int setup(void **state)
{
	(void)state;
	char path[512], err[512];
	dir = tu_tmpdir();
	tu_db(path, sizeof path, dir, "paramsver");
	s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}

static void decided(struct lots_params *p)
{
	util_strlcpy(p->decision, "CTOC/COP/2026/L.7", sizeof p->decision);
	util_strlcpy(p->decided_on, "2026-06-01", sizeof p->decided_on);
}

/* Every field's bounds: the table says what params.c stores. */
static void test_table_agrees_with_the_store(void **state)
{
	(void)state;
	char err[600];
	assert_true(lots_param_nfields >= 5);
	for (size_t i = 0; i < lots_param_nfields; i++) {
		const struct lots_param_field *f = &lots_param_fields[i];
		assert_non_null(f->key);
		assert_non_null(f->label);
		assert_true(f->min <= f->max);
		for (int d = -1; d <= 1; d += 2) {
			int v = d < 0 ? f->min - 1 : f->max + 1;
			struct lots_params p;
			lots_params_default(&p);
			decided(&p);
			if (strcmp(f->key, "load_max") == 0)
				p.load_min = 0;
			if (strcmp(f->key, "load_min") == 0 && v > p.load_max)
				p.load_max = 100;
			lots_param_set(&p, f, v);
			assert_int_equal(lots_params_validate(&p, err, sizeof err), LOTS_EINPUT);
			assert_non_null(strstr(err, f->key));
			assert_non_null(msg_find(err));
			assert_int_equal(lots_db_params_record(s, &p, "t", "local", err, sizeof err),
					 LOTS_EINPUT);
		}
	}
	struct store_stmt *st = store_prepare(s, "SELECT COUNT(*) FROM lots_parameters");
	assert_int_equal(store_step(st), STORE_ROW);
	assert_int_equal(store_col_int(st, 0), 1);
	store_finalize(st);
	/* The bounds themselves are accepted. */
	for (size_t i = 0; i < lots_param_nfields; i++) {
		const struct lots_param_field *f = &lots_param_fields[i];
		for (int k = 0; k < 2; k++) {
			struct lots_params p;
			lots_params_default(&p);
			decided(&p);
			p.load_min = 0;
			p.load_max = 100;
			lots_param_set(&p, f, k ? f->max : f->min);
			if (p.load_min > p.load_max)
				p.load_max = p.load_min;
			if (lots_params_validate(&p, err, sizeof err) != LOTS_OK)
				fail_msg("%s = %d: %s", f->key, lots_param_get(&p, f), err);
		}
	}
}

struct kv {
	const char *k[8], *v[8];
};

static const char *get(void *ctx, const char *key)
{
	const struct kv *x = ctx;
	for (int i = 0; i < 8 && x->k[i]; i++)
		if (strcmp(x->k[i], key) == 0)
			return x->v[i];
	return NULL;
}

static void refused(struct kv *x, int all, const char *want)
{
	char err[600];
	struct lots_params p;
	assert_int_equal(lots_params_from_text(s, &p, all, get, x, err, sizeof err), LOTS_EINPUT);
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", err, want);
	assert_non_null(msg_find(err));
}

static void test_from_text(void **state)
{
	(void)state;
	char err[600];
	struct lots_params p;
	/* What is not given keeps the version in force. */
	struct kv x = { { "decision", "decided_on", "redraw_limit" },
			{ "CTOC/COP/2026/L.7", "2026-06-01", "3" } };
	assert_int_equal(lots_params_from_text(s, &p, 0, get, &x, err, sizeof err), LOTS_OK);
	assert_int_equal(p.redraw_limit, 3);
	assert_int_equal(p.max_reviewers, 4);
	assert_int_equal(p.cohorts, 3);
	assert_string_equal(p.decision, "CTOC/COP/2026/L.7");
	/* Unless every field is due (a form). */
	refused(&x, 1, "max_reviewers: a value is required");
	x.v[2] = "";
	refused(&x, 0, "redraw_limit: a value is required");
	x.v[2] = "three";
	refused(&x, 0, "redraw_limit: 'three' is not a whole number");
	x.v[2] = "101";
	refused(&x, 0, "redraw_limit: 101 is not between 0 and 100");
	x.k[2] = "load_min";
	x.v[2] = "3";
	x.k[3] = "load_max";
	x.v[3] = "2";
	refused(&x, 0, "load_min: the fewest reviews (3) is more than the most (load_max, 2) "
		"(para 29)");
	x.k[2] = x.k[3] = NULL;
	x.v[1] = "2026-02-29";
	refused(&x, 0, "decided_on: '2026-02-29' is not a date YYYY-MM-DD");
	x.v[1] = "2026-06-01T00:00:00Z";
	refused(&x, 0, "decided_on: '2026-06-01T00:00:00Z' is not a date YYYY-MM-DD");
	x.v[1] = NULL;
	refused(&x, 0, "decided_on: the date of the decision (YYYY-MM-DD) is required (R38)");
	x.v[1] = "2026-06-01";
	x.v[0] = "";
	refused(&x, 0, "decision: the reference of the Conference decision that sets the "
		"parameters is required (R38)");
	x.v[0] = "L.7\tforged";
	refused(&x, 0, "decision: the reference may not contain control characters");
	char big[200];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	x.v[0] = big;
	refused(&x, 0, "decision: the reference is longer than 127 bytes");
}

static void test_versions_and_uses(void **state)
{
	(void)state;
	char err[600];
	unsigned char seed[32];
	memset(seed, 0x38, sizeof seed);
	struct lots_event_meta meta = { .actor = "cli:test", .ip = "local" };
	char *json = NULL;
	int64_t id1, id2;
	if (lots_db_draw_meta(s, seed, &meta, &json, &id1, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	free(json);
	struct lots_params p;
	lots_params_default(&p);
	decided(&p);
	p.redraw_limit = 2;
	if (lots_db_params_add(s, &p, "sec@example.org", "127.0.0.1", err, sizeof err) != LOTS_OK)
		fail_msg("add: %s", err);
	assert_int_equal(p.version, 2);
	meta.supersede = 1;
	if (lots_db_draw_meta(s, seed, &meta, &json, &id2, err, sizeof err) != LOTS_OK)
		fail_msg("draw: %s", err);
	free(json);
	struct lots_params_version *v = NULL;
	size_t n = 0;
	assert_int_equal(lots_db_params_versions(s, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].p.version, 1);
	assert_string_equal(v[0].recorded_by, "migration 0029");
	assert_int_equal(v[0].nuses, 1);
	assert_string_equal(v[0].uses[0].status, "superseded");
	assert_int_equal(v[1].p.version, 2);
	assert_int_equal(v[1].p.redraw_limit, 2);
	assert_string_equal(v[1].recorded_by, "sec@example.org");
	assert_int_equal(strlen(v[1].recorded_at), 20);
	assert_int_equal(v[1].nuses, 1);
	assert_string_equal(v[1].uses[0].status, "current");
	assert_true(v[1].uses[0].event_id > 0);
	assert_true(v[1].uses[0].draw_id != v[0].uses[0].draw_id);
	lots_params_versions_free(v, n);
	/* A refusal stores nothing. */
	p.load_min = 5;
	assert_int_equal(lots_db_params_add(s, &p, "sec@example.org", "127.0.0.1", err, sizeof err),
			 LOTS_EINPUT);
	assert_int_equal(lots_db_params_versions(s, &v, &n), 0);
	assert_int_equal(n, 2);
	lots_params_versions_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table_agrees_with_the_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions_and_uses, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
