/* archive_tu.h - what test_archive.c and test_archive_rows.c share: the
 * fixture of an archive in a store (SQLite, or PostgreSQL under
 * REVMECH_TEST_PG), the Python reference (archive_ref.py), and the
 * helpers that tamper with rows behind the triggers' back. */
#ifndef RM_TESTS_ARCHIVE_TU_H
#define RM_TESTS_ARCHIVE_TU_H

#include "testutil.h"

#include <jansson.h>
#include <sodium.h>

#include "archive/archive.h"
#include "archive/merkle.h"
#include "archive/verify.h"
#include "util/util.h"

static inline void hex_of(const uint8_t *h, char out[65])
{
	sodium_bin2hex(out, 65, h, 32);
}

static inline json_t *run_ref(const char *mode, json_t *in)
{
	char *dir = tu_tmpdir();
	char src[256], dst[256], cmd[1024];
	snprintf(src, sizeof src, "%s/in.json", dir);
	snprintf(dst, sizeof dst, "%s/out.json", dir);
	assert_int_equal(json_dump_file(in, src, 0), 0);
	snprintf(cmd, sizeof cmd, "python3 '%s/tests/unit/archive_ref.py' %s '%s' '%s'", RM_SRCDIR,
		 mode, src, dst);
	assert_int_equal(system(cmd), 0);
	json_error_t e;
	json_t *out = json_load_file(dst, 0, &e);
	assert_non_null(out);
	tu_rmdir(dir);
	return out;
}

/* ---- The archive in the store ---- */

struct fixture {
	char *dir;
	char db[512];
	struct store *s;
	int64_t thread;
	int pg;
};

static const char sentence[] = "The central authority confirmed the extradition of the two "
			       "suspects on 3 March";

static inline void fixture_open(struct fixture *fx, const char *name, int nrecords)
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
	for (int i = 0; i < nrecords; i++) {
		char body[256], title[64];
		snprintf(body, sizeof body, "%s (message %d).", sentence, i);
		snprintf(title, sizeof title, "Message %d", i);
		struct archive_item it = { i % 3 == 2 ? ARCHIVE_KIND_ATTACHMENT : ARCHIVE_KIND_MESSAGE,
					   fx->thread, i % 2 ? "expert@fra.example" : "fp@nga.example",
					   title, "text/plain", body, strlen(body) };
		assert_int_equal(store_begin(fx->s), 0);
		int64_t id = archive_append(fx->s, &it, err, sizeof err);
		if (id != i)
			fail_msg("append %d: %s", i, err);
		assert_int_equal(store_commit(fx->s), 0);
	}
}

static inline void fixture_close(struct fixture *fx)
{
	store_close(fx->s);
	archive_key_unload();
	tu_rmdir(fx->dir);
}

static inline int verify_now(struct fixture *fx, struct archive_verify_result *res)
{
	uint8_t pk[32];
	assert_int_equal(archive_public_key(pk), 0);
	assert_int_equal(archive_verify(fx->s, pk, 1, res), 0);
	return res->ok;
}

/* ---- Tampering behind the triggers' back ---- */

static const char *const tables[] = { "archive_records", "archive_nodes", "archive_heads" };

static inline void drop_triggers(struct fixture *fx)
{
	char q[160];
	for (size_t t = 0; t < 3; t++)
		for (int k = 0; k < 2; k++) {
			if (fx->pg)
				snprintf(q, sizeof q, "DROP TRIGGER %s_no_%s ON %s", tables[t],
					 k ? "delete" : "update", tables[t]);
			else
				snprintf(q, sizeof q, "DROP TRIGGER %s_no_%s", tables[t],
					 k ? "delete" : "update");
			assert_int_equal(store_exec(fx->s, q), 0);
		}
}

static inline char *column_of(struct fixture *fx, const char *table, const char *col, const char *where)
{
	char q[256];
	snprintf(q, sizeof q, "SELECT %s FROM %s WHERE %s", col, table, where);
	struct store_stmt *st = store_prepare(fx->s, q);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	char *v = strdup(store_col_text(st, 0));
	store_finalize(st);
	return v;
}

static inline void set_column(struct fixture *fx, const char *table, const char *col, const char *where,
		       const char *value, int as_int)
{
	char q[256];
	snprintf(q, sizeof q, "UPDATE %s SET %s = ? WHERE %s", table, col, where);
	struct store_stmt *st = store_prepare(fx->s, q);
	assert_non_null(st);
	if (as_int) {
		long v;
		assert_int_equal(util_parse_long(value, -1000000, 1000000, &v), 0);
		store_bind_int(st, 1, v);
	} else {
		store_bind_text(st, 1, value);
	}
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

/* One byte of value changed at position k: a hex digit stays a hex digit,
 * a digit a digit, a letter a letter, so that only the content differs. */
static inline void change_byte(char *v, size_t k)
{
	char c = v[k];
	if (c >= '0' && c <= '8')
		v[k] = (char)(c + 1);
	else if (c == '9')
		v[k] = '0';
	else if (c == 'f' || c == 'z')
		v[k] = 'a';
	else if (c == 'F' || c == 'Z')
		v[k] = 'A';
	else if ((c >= 'a' && c < 'z') || (c >= 'A' && c < 'Z'))
		v[k] = (char)(c + 1);
	else
		v[k] = c == '-' ? '_' : '-';
}

static inline void expect_named(struct fixture *fx, int64_t record, const char *word,
			 const struct archive_head *old, const char *what)
{
	struct archive_verify_result res;
	if (verify_now(fx, &res))
		fail_msg("%s: not detected", what);
	if (res.record != record)
		fail_msg("%s: named record %lld (%s), expected %lld", what, (long long)res.record,
			 res.what, (long long)record);
	if (word && !strstr(res.what, word))
		fail_msg("%s: \"%s\" does not say %s", what, res.what, word);
	/* The holder of the old head: the record's inclusion proof fails. */
	if (record >= 0 && old && (uint64_t)record < old->size) {
		uint8_t leaf[32], path[MERKLE_MAX_PROOF][32];
		size_t len = 0;
		int rc = archive_inclusion_proof(fx->s, record, old->size, leaf, path, &len);
		assert_true(rc >= 0);
		if (rc == 0 && merkle_verify_inclusion((uint64_t)record, old->size, leaf,
						       (const uint8_t(*)[32])path, len, old->root))
			fail_msg("%s: the proof of record %lld still holds against the old head",
				 what, (long long)record);
	}
}

static inline void expect_ok(struct fixture *fx, const char *what)
{
	struct archive_verify_result res;
	if (!verify_now(fx, &res))
		fail_msg("%s: restored, but verify says %s", what, res.what);
}

#endif
