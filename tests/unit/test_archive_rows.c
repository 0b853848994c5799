/* test_archive_rows.c - the archive since migration 0053 (issue 10; R94,
 * R97): records of layout /1 and /2 side by side, the commitment to a
 * record's plaintext recomputed by the Python reference as a participant
 * would, and the rows beside the items (a thread's envelope, an
 * observation's metadata) archived, every column of them tampered with one
 * byte and named by the verify step, rows added or removed named, older
 * rows archived once. */
#include "archive_tu.h"

#include "archive/archive_int.h"
#include "dialogue/observation.h"
#include "util/buf.h"

/* ---- Layout /2: records that commit to their content (0053) ---- */

/* Records of layout /1 (archived before migration 0053) and /2 side by
 * side: the tree, every head and proof hold, Python recomputes every leaf
 * of both layouts, and a /1 record given a commitment or a /2 record
 * robbed of its own is named. */
static void test_layouts_mixed(void **state)
{
	(void)state;
	struct fixture fx;
	struct archive_head old;
	struct archive_verify_result res;
	char err[256];
	fixture_open(&fx, "arch10", 0);
	archive_int_test_layout1(1);
	for (int i = 0; i < 6; i++) {
		if (i == 3)
			archive_int_test_layout1(0);
		struct archive_item it = { ARCHIVE_KIND_MESSAGE, fx.thread, "fp@nga.example", "Old",
					   "text/plain", sentence, strlen(sentence) };
		assert_int_equal(store_begin(fx.s), 0);
		assert_int_equal(archive_append(fx.s, &it, err, sizeof err), i);
		assert_int_equal(store_commit(fx.s), 0);
	}
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM archive_records WHERE commitment "
				     "IS NULL", NULL), 3);
	assert_true(verify_now(&fx, &res));
	assert_int_equal(archive_verify_content(fx.s, &res), 0);
	assert_true(res.ok);
	assert_int_equal(res.records, 3);
	/* Python's leaves, both layouts. */
	json_t *in = json_pack("{s:[]}", "rows");
	struct store_stmt *st = store_prepare(fx.s, "SELECT " ARCHIVE_RECORD_COLUMNS " FROM "
						     "archive_records ORDER BY seq");
	assert_non_null(st);
	while (store_step(st) == STORE_ROW)
		json_array_append_new(json_object_get(in, "rows"),
				      json_pack("[I, s, s, I, s, I, s, s, s, s?]",
						(json_int_t)store_col_int(st, 0), store_col_text(st, 1),
						store_col_text(st, 2), (json_int_t)store_col_int(st, 3),
						store_col_text(st, 4), (json_int_t)store_col_int(st, 5),
						store_col_text(st, 6), store_col_text(st, 7),
						store_col_text(st, 8),
						store_col_is_null(st, 9) ? NULL : store_col_text(st, 9)));
	store_finalize(st);
	json_t *out = run_ref("rows", in);
	for (int64_t id = 0; id < 6; id++) {
		uint8_t leaf[32], path[MERKLE_MAX_PROOF][32];
		size_t len;
		char hex[65];
		assert_int_equal(archive_inclusion_proof(fx.s, id, 6, leaf, path, &len), 0);
		hex_of(leaf, hex);
		assert_string_equal(hex, json_string_value(json_array_get(json_object_get(out,
									  "leaves"), (size_t)id)));
		struct archive_record m;
		struct archive_leaf_info li;
		assert_int_equal(archive_leaf_info_get(fx.s, id, &m, &li), 1);
		assert_int_equal(li.layout, id < 3 ? 1 : 2);
		assert_int_equal(strlen(li.salt), id < 3 ? 0 : 64);
	}
	json_decref(in);
	json_decref(out);
	/* One layout passed off as the other. */
	assert_int_equal(archive_head_latest(fx.s, &old), 0);
	drop_triggers(&fx);
	char *c4 = column_of(&fx, "archive_records", "commitment", "seq = 4");
	set_column(&fx, "archive_records", "commitment", "seq = 1", c4, 0);
	expect_named(&fx, 1, "altered", &old, "a /1 record given a commitment");
	assert_int_equal(store_exec(fx.s, "UPDATE archive_records SET commitment = NULL WHERE "
				     "seq = 1"), 0);
	expect_ok(&fx, "restored");
	assert_int_equal(store_exec(fx.s, "UPDATE archive_records SET commitment = NULL WHERE "
				     "seq = 4"), 0);
	expect_named(&fx, 4, "altered", &old, "a /2 record without its commitment");
	set_column(&fx, "archive_records", "commitment", "seq = 4", c4, 0);
	expect_ok(&fx, "restored");
	free(c4);
	fixture_close(&fx);
}

/* The participant's recomputation, in Python from the plaintext alone and
 * the proof's fields: the commitment and the leaf are those of the store;
 * one byte of the plaintext changed gives another commitment.  The salt
 * comes from the key only: another key gives another. */
static void test_commitment_python(void **state)
{
	(void)state;
	struct fixture fx;
	struct archive_record m, r;
	struct archive_leaf_info li;
	char err[256], bodyhex[512];
	fixture_open(&fx, "arch11", 3);
	assert_int_equal(archive_leaf_info_get(fx.s, 1, &m, &li), 1);
	assert_int_equal(li.layout, 2);
	assert_int_equal(archive_read(fx.s, 1, "expert@fra.example", "::1", &r, err, sizeof err), 1);
	json_t *items = json_array();
	for (int k = 0; k < 2; k++) {
		if (k == 1)
			r.body[5] ^= 0x20;
		sodium_bin2hex(bodyhex, sizeof bodyhex, r.body, r.body_len);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:[I, s, s, I, s, I, s, "
						       "s], s:s}", "salt", li.salt, "title",
						       r.title, "media_type", r.media_type, "body",
						       bodyhex, "fields", (json_int_t)1, m.kind,
						       m.reviewed, (json_int_t)m.phase, m.instrument,
						       (json_int_t)m.thread, m.author, m.at,
						       "sealed_sha256", li.sealed_sha256));
	}
	json_t *in = json_pack("{s:o}", "items", items);
	json_t *out = run_ref("commit", in);
	uint8_t leaf[32], path[MERKLE_MAX_PROOF][32];
	size_t len;
	char hex[65];
	assert_int_equal(archive_inclusion_proof(fx.s, 1, 3, leaf, path, &len), 0);
	hex_of(leaf, hex);
	json_t *cs = json_object_get(out, "commitments"), *ls = json_object_get(out, "leaves");
	assert_string_equal(json_string_value(json_array_get(cs, 0)), li.commitment);
	assert_string_equal(json_string_value(json_array_get(ls, 0)), hex);
	assert_string_not_equal(json_string_value(json_array_get(cs, 1)), li.commitment);
	assert_string_not_equal(json_string_value(json_array_get(ls, 1)), hex);
	/* The same in C, and the salt is the key's. */
	uint8_t salt[32], c[32];
	char chex[65];
	assert_int_equal(archive_hex32(li.salt, salt), 0);
	r.body[5] ^= 0x20;
	archive_commitment(salt, r.title, r.media_type, r.body, r.body_len, c);
	hex_of(c, chex);
	assert_string_equal(chex, li.commitment);
	archive_record_free(&r);
	json_decref(in);
	json_decref(out);
	char *sealed = column_of(&fx, "archive_records", "sealed", "seq = 1");
	char okey[600];
	uint8_t salt2[32];
	snprintf(okey, sizeof okey, "%s/other.archive.key", fx.dir);
	archive_key_unload();
	assert_int_equal(archive_record_salt(sealed, salt2), -1);   /* no key, no salt */
	assert_int_equal(archive_key_load(okey, 1, err, sizeof err), 0);
	assert_int_equal(archive_record_salt(sealed, salt2), 0);
	assert_memory_not_equal(salt, salt2, 32);
	free(sealed);
	fixture_close(&fx);
}

/* ---- The rows beside the items (0053): threads, observations' metadata ---- */

static void drop_row_triggers(struct fixture *fx)
{
	for (int k = 0; k < 2; k++) {
		char q[160];
		snprintf(q, sizeof q, "DROP TRIGGER dialogue_observations_no_%s%s",
			 k ? "delete" : "update", fx->pg ? " ON dialogue_observations" : "");
		assert_int_equal(store_exec(fx->s, q), 0);
	}
}

static int rows_ok(struct fixture *fx, struct archive_verify_result *res)
{
	struct archive_verify_result tree;
	assert_true(verify_now(fx, &tree));   /* the records themselves hold */
	assert_int_equal(archive_verify_threads(fx->s, res), 0);
	if (!res->ok)
		return 0;
	assert_int_equal(observation_meta_verify(fx->s, res), 0);
	return res->ok;
}

static void expect_row_named(struct fixture *fx, int64_t record, const char *word,
			     const char *what)
{
	struct archive_verify_result res;
	if (rows_ok(fx, &res))
		fail_msg("%s: not detected", what);
	if (res.record != record)
		fail_msg("%s: named record %lld (%s), expected %lld", what, (long long)res.record,
			 res.what, (long long)record);
	if (word && !strstr(res.what, word))
		fail_msg("%s: \"%s\" does not say %s", what, res.what, word);
}

static void expect_rows_ok(struct fixture *fx, const char *what)
{
	struct archive_verify_result res;
	if (!rows_ok(fx, &res))
		fail_msg("%s: verify says %s", what, res.what);
}

/* An observation in thread t: its text (record), its row, its row's
 * record.  Returns the observation's record. */
static int64_t add_observation(struct fixture *fx, int64_t t, const char *type, int64_t reply_to)
{
	char err[256];
	struct archive_item it = { ARCHIVE_KIND_OBSERVATION, t, "expert@fra.example",
				   "untoc-c1-a2-q1", "text/plain", "Which authority?", 16 };
	assert_int_equal(store_begin(fx->s), 0);
	int64_t id = archive_append(fx->s, &it, err, sizeof err);
	assert_true(id >= 0);
	struct store_stmt *st = store_prepare(
		fx->s, "INSERT INTO dialogue_observations (record, reviewed, phase, instrument, "
		       "question, type, reply_to, state, part, at, answer_version) VALUES (?, 'NGA', "
		       "1, 'untoc', 'untoc-c1-a2-q1', ?, ?, 'FRA', 'reviewer', "
		       "'2026-05-04T10:00:00Z', 3)");
	assert_non_null(st);
	store_bind_int(st, 1, id);
	store_bind_text(st, 2, type);
	if (reply_to >= 0)
		store_bind_int(st, 3, reply_to);
	else
		store_bind_null(st, 3);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	if (observation_meta_archive(fx->s, id, err, sizeof err) < 0)
		fail_msg("%s", err);
	assert_int_equal(store_commit(fx->s), 0);
	return id;
}

/* One byte of any column of a thread's row or of an observation's row,
 * changed behind the triggers' back: verify names the row and the record
 * that archived it; a row added outside the archive is named too; older
 * rows are archived once. */
static void test_tamper_rows(void **state)
{
	(void)state;
	struct fixture fx;
	char err[256], where[48], what[128], *orig;
	fixture_open(&fx, "arch12", 2);
	/* The fixture's thread predates its record (as before 0053). */
	struct archive_verify_result res;
	assert_false(rows_ok(&fx, &res));
	assert_int_equal(res.record, -1);
	assert_non_null(strstr(res.what, "has no archived record"));
	/* Written after migration 0053 behind the archive's back: never
	 * archived; listed as 0053 lists the rows written before it: once. */
	assert_int_equal(archive_threads_archive_all(fx.s, err, sizeof err), 0);
	assert_int_equal(store_exec(fx.s, "INSERT INTO archive_rows_pending (tbl, key) SELECT "
				     "'archive_threads', id FROM archive_threads"), 0);
	assert_int_equal(archive_threads_archive_all(fx.s, err, sizeof err), 1);   /* record 2 */
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM archive_rows_pending", NULL), 0);
	assert_int_equal(archive_threads_archive_all(fx.s, err, sizeof err), 0);
	assert_int_equal(store_begin(fx.s), 0);
	int64_t t2 = archive_thread_open(fx.s, "NGA", 1, "tip", "FRA", err, sizeof err);
	assert_true(t2 > 0);                                                        /* record 3 */
	assert_int_equal(store_commit(fx.s), 0);
	int64_t o1 = add_observation(&fx, t2, "comment", -1);                       /* 4, meta 5 */
	int64_t o2 = add_observation(&fx, t2, "reply", o1);                         /* 6, meta 7 */
	assert_int_equal(o1, 4);
	assert_int_equal(o2, 6);
	assert_int_equal(observation_meta_archive_all(fx.s, err, sizeof err), 0);
	expect_rows_ok(&fx, "untouched");
	assert_int_equal(archive_verify_threads(fx.s, &res), 0);
	assert_int_equal(res.records, 2);
	assert_int_equal(observation_meta_verify(fx.s, &res), 0);
	assert_int_equal(res.records, 2);
	/* The rows are no items of the dialogue. */
	int64_t *ids;
	size_t n;
	assert_int_equal(archive_thread_records(fx.s, t2, &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], o1);
	assert_int_equal(ids[1], o2);
	free(ids);
	/* The envelope's kinds are not for archive_append(). */
	struct archive_item forged = { ARCHIVE_KIND_THREAD, t2, "x@y", "t", "text/plain", "x", 1 };
	assert_int_equal(store_begin(fx.s), 0);
	assert_int_equal(archive_append(fx.s, &forged, err, sizeof err), -1);
	store_rollback(fx.s);

	/* Threads: every column, one byte. */
	static const char *const tcols[] = { "reviewed", "instrument", "reviewers", "created" };
	const int64_t threads[2][2] = { { fx.thread, 2 }, { t2, 3 } };
	for (int k = 0; k < 2; k++) {
		snprintf(where, sizeof where, "id = %lld", (long long)threads[k][0]);
		for (size_t c = 0; c < 4; c++) {
			orig = column_of(&fx, "archive_threads", tcols[c], where);
			char *v = strdup(orig);
			change_byte(v, strlen(v) / 2);
			set_column(&fx, "archive_threads", tcols[c], where, v, 0);
			snprintf(what, sizeof what, "thread %lld, %s", (long long)threads[k][0],
				 tcols[c]);
			expect_row_named(&fx, threads[k][1], "archive_threads", what);
			set_column(&fx, "archive_threads", tcols[c], where, orig, 0);
			expect_rows_ok(&fx, what);
			free(v);
			free(orig);
		}
		set_column(&fx, "archive_threads", "phase", where, "2", 1);
		expect_row_named(&fx, threads[k][1], "differs", "thread phase");
		set_column(&fx, "archive_threads", "phase", where, "1", 1);
		expect_rows_ok(&fx, "thread phase");
	}
	/* A thread row added behind the archive's back. */
	assert_int_equal(store_exec(fx.s, "INSERT INTO archive_threads (reviewed, phase, "
				     "instrument, reviewers, created) VALUES ('NGA', 2, 'untoc', "
				     "'', '2026-01-01T00:00:00Z')"), 0);
	expect_row_named(&fx, -1, "has no archived record", "a thread added");
	assert_int_equal(archive_threads_archive_all(fx.s, err, sizeof err), 0);  /* not laundered */
	expect_row_named(&fx, -1, "has no archived record", "a thread added, after a start");
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_threads WHERE id = (SELECT MAX(id) "
				     "FROM archive_threads)"), 0);
	expect_rows_ok(&fx, "the added thread removed");

	/* Observations: every column, one byte (or another allowed value). */
	drop_row_triggers(&fx);
	static const char *const ocols[] = { "reviewed", "instrument", "question", "state", "at" };
	snprintf(where, sizeof where, "record = %lld", (long long)o2);
	for (size_t c = 0; c < 5; c++) {
		orig = column_of(&fx, "dialogue_observations", ocols[c], where);
		size_t len = strlen(orig);
		size_t at[2] = { 0, len - 1 };
		for (int k = 0; k < 2; k++) {
			char *v = strdup(orig);
			change_byte(v, at[k]);
			set_column(&fx, "dialogue_observations", ocols[c], where, v, 0);
			snprintf(what, sizeof what, "observation %lld, %s byte %zu", (long long)o2,
				 ocols[c], at[k]);
			expect_row_named(&fx, o2 + 1, "dialogue_observations", what);
			set_column(&fx, "dialogue_observations", ocols[c], where, orig, 0);
			expect_rows_ok(&fx, what);
			free(v);
		}
		free(orig);
	}
	static const char *const alt[][3] = { { "type", "clarification", "reply" },
					      { "part", "reviewed", "reviewer" } };
	for (size_t c = 0; c < 2; c++) {
		set_column(&fx, "dialogue_observations", alt[c][0], where, alt[c][1], 0);
		expect_row_named(&fx, o2 + 1, "differs", alt[c][0]);
		set_column(&fx, "dialogue_observations", alt[c][0], where, alt[c][2], 0);
		expect_rows_ok(&fx, alt[c][0]);
	}
	static const char *const icols[][3] = { { "phase", "2", "1" },
						{ "answer_version", "4", "3" },
						{ "reply_to", "6", "4" } };
	for (size_t c = 0; c < 3; c++) {
		set_column(&fx, "dialogue_observations", icols[c][0], where, icols[c][1], 1);
		expect_row_named(&fx, o2 + 1, "differs", icols[c][0]);
		set_column(&fx, "dialogue_observations", icols[c][0], where, icols[c][2], 1);
		expect_rows_ok(&fx, icols[c][0]);
	}
	/* The reply_to of the first (NULL) given a value. */
	set_column(&fx, "dialogue_observations", "reply_to", "record = 4", "4", 1);
	expect_row_named(&fx, o1 + 1, "differs", "reply_to set");
	assert_int_equal(store_exec(fx.s, "UPDATE dialogue_observations SET reply_to = NULL WHERE "
				     "record = 4"), 0);
	expect_rows_ok(&fx, "reply_to restored");
	/* A row removed: its record names it. */
	assert_int_equal(store_exec(fx.s, "DELETE FROM dialogue_observations WHERE record = 6"), 0);
	expect_row_named(&fx, o2 + 1, "no longer holds", "an observation removed");
	fixture_close(&fx);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts_mixed),
		cmocka_unit_test(test_commitment_python),
		cmocka_unit_test(test_tamper_rows),
	};
	return cmocka_run_group_tests_name("archive_rows", tests, NULL, NULL);
}
