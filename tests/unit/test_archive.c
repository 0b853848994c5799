/* test_archive.c - the archive of the dialogue (issue 10; R94, R97): the
 * Merkle tree against the Certificate Transparency test vectors and an
 * independent Python implementation of RFC 9162 (archive_ref.py), records
 * sealed at rest, reads audited, the tables append-only, and
 * archive_verify() naming every single-byte change, removal and swap made
 * behind the triggers' back, with proofs against an old head failing. */
#include "archive_tu.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>

#include "archive/archive.h"
#include "archive/merkle.h"
#include "archive/verify.h"
#include "audit/audit.h"
#include "cli/cli.h"
#include "util/util.h"

/* ---- The tree alone ---- */

/* Complete subtrees of an in-memory tree, as the frontier makes them. */
#define NLEAVES 37
static uint8_t mem_nodes[8][64][MERKLE_HASH_LEN];
static int mem_have[8][64];

static int mem_get(void *ctx, int level, uint64_t index, uint8_t out[MERKLE_HASH_LEN])
{
	(void)ctx;
	if (level >= 8 || index >= 64 || !mem_have[level][index])
		return -1;
	memcpy(out, mem_nodes[level][index], MERKLE_HASH_LEN);
	return 0;
}


/* The vectors of the Certificate Transparency reference implementation
 * (the leaves "", 00, 10, 2021, 3031, 40414243, 50..57, 60..6f). */
static void test_ct_vectors(void **state)
{
	(void)state;
	static const char *const roots[] = {
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	};
	uint8_t data[8][16];
	size_t len[8] = { 0, 1, 1, 2, 2, 4, 8, 16 };
	const uint8_t first[8] = { 0, 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60 };
	struct merkle_frontier f;
	uint8_t leaf[32], root[32];
	char hex[65];
	merkle_frontier_init(&f);
	merkle_frontier_root(&f, root);
	hex_of(root, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	for (int i = 0; i < 8; i++) {
		for (size_t k = 0; k < len[i]; k++)
			data[i][k] = (uint8_t)(first[i] + k);
		merkle_leaf_hash(data[i], len[i], leaf);
		merkle_frontier_push(&f, leaf, NULL, NULL);
		merkle_frontier_root(&f, root);
		hex_of(root, hex);
		assert_string_equal(hex, roots[i]);
	}
}


static void assert_path_equal(json_t *want, uint8_t (*got)[32], size_t n, const char *what)
{
	char hex[65];
	if (json_array_size(want) != n)
		fail_msg("%s: %zu hashes, Python says %zu", what, n, json_array_size(want));
	for (size_t i = 0; i < n; i++) {
		hex_of(got[i], hex);
		if (strcmp(hex, json_string_value(json_array_get(want, i))) != 0)
			fail_msg("%s: hash %zu differs from Python's", what, i);
	}
}

/* Every root, audit path and consistency proof of trees of 1 to 37 leaves,
 * byte for byte as the Python implementation of the RFC's definitions
 * computes them; each verifies, and no altered one does. */
static void test_against_python(void **state)
{
	(void)state;
	uint8_t data[NLEAVES][8], leaves[NLEAVES][32], roots[NLEAVES][32];
	uint8_t path[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	struct merkle_frontier f;
	struct merkle_node made[64];
	int nmade;
	size_t len;
	char key[32], hex[17];
	json_t *in = json_pack("{s:[]}", "leaves");
	memset(mem_have, 0, sizeof mem_have);
	merkle_frontier_init(&f);
	for (int i = 0; i < NLEAVES; i++) {
		for (int k = 0; k < 8; k++)
			data[i][k] = (uint8_t)(i * 31 + k * 7);
		sodium_bin2hex(hex, sizeof hex, data[i], 8);
		json_array_append_new(json_object_get(in, "leaves"), json_string(hex));
		merkle_leaf_hash(data[i], 8, leaves[i]);
		merkle_frontier_push(&f, leaves[i], made, &nmade);
		for (int m = 0; m < nmade; m++) {
			memcpy(mem_nodes[made[m].level][made[m].index], made[m].hash, 32);
			mem_have[made[m].level][made[m].index] = 1;
		}
		merkle_frontier_root(&f, roots[i]);
	}
	json_t *out = run_ref("tree", in);
	for (int n = 1; n <= NLEAVES; n++) {
		char rh[65];
		hex_of(roots[n - 1], rh);
		assert_string_equal(rh, json_string_value(json_array_get(json_object_get(out, "roots"),
									  (size_t)n - 1)));
		uint8_t r2[32];
		assert_int_equal(merkle_range_hash(0, (uint64_t)n, mem_get, NULL, r2), 0);
		assert_memory_equal(r2, roots[n - 1], 32);
		for (int m = 0; m < n; m++) {
			snprintf(key, sizeof key, "%d/%d", m, n);
			assert_int_equal(merkle_inclusion_proof((uint64_t)m, (uint64_t)n, mem_get, NULL,
								path, &len), 0);
			assert_path_equal(json_object_get(json_object_get(out, "paths"), key), path, len,
					  key);
			assert_true(merkle_verify_inclusion((uint64_t)m, (uint64_t)n, leaves[m],
							    (const uint8_t(*)[32])path, len,
							    roots[n - 1]));
			/* Another leaf, index, size or a flipped bit: refused. */
			assert_false(merkle_verify_inclusion((uint64_t)m, (uint64_t)n,
							     leaves[(m + 1) % NLEAVES],
							     (const uint8_t(*)[32])path, len,
							     roots[n - 1]));
			if (n > 1)
				assert_false(merkle_verify_inclusion((uint64_t)((m + 1) % n), (uint64_t)n,
								     leaves[m], (const uint8_t(*)[32])path,
								     len, roots[n - 1]));
			/* (A path may also fit size n + 1 with the same root: the
			 * proof binds the root, which binds the size.) */
			if (n < NLEAVES)
				assert_false(merkle_verify_inclusion((uint64_t)m, (uint64_t)n + 1,
								     leaves[m],
								     (const uint8_t(*)[32])path, len,
								     roots[n]));
			for (size_t i = 0; i < len; i++) {
				path[i][i % 32] ^= 0x01;
				assert_false(merkle_verify_inclusion((uint64_t)m, (uint64_t)n, leaves[m],
								     (const uint8_t(*)[32])path, len,
								     roots[n - 1]));
				path[i][i % 32] ^= 0x01;
			}
		}
		for (int m = 1; m <= n; m++) {
			snprintf(key, sizeof key, "%d/%d", m, n);
			assert_int_equal(merkle_consistency_proof((uint64_t)m, (uint64_t)n, mem_get, NULL,
								  path, &len), 0);
			assert_path_equal(json_object_get(json_object_get(out, "proofs"), key), path, len,
					  key);
			assert_true(merkle_verify_consistency((uint64_t)m, (uint64_t)n, roots[m - 1],
							      roots[n - 1],
							      (const uint8_t(*)[32])path, len));
			if (m < n)
				assert_false(merkle_verify_consistency((uint64_t)m, (uint64_t)n,
								       roots[m % n], roots[n - 1],
								       (const uint8_t(*)[32])path,
								       len));
			for (size_t i = 0; i < len; i++) {
				path[i][31 - i % 32] ^= 0x80;
				assert_false(merkle_verify_consistency((uint64_t)m, (uint64_t)n,
								       roots[m - 1], roots[n - 1],
								       (const uint8_t(*)[32])path,
								       len));
				path[i][31 - i % 32] ^= 0x80;
			}
		}
	}
	json_decref(in);
	json_decref(out);
}


static long file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct buf_local { char *p; size_t n; } b = { NULL, 0 };
	size_t cap = 0, got;
	char chunk[65536];
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.n + got > cap) {
			cap = (b.n + got) * 2;
			b.p = realloc(b.p, cap);
			assert_non_null(b.p);
		}
		memcpy(b.p + b.n, chunk, got);
		b.n += got;
	}
	fclose(f);
	long found = b.p && memmem(b.p, b.n, needle, strlen(needle)) != NULL;
	free(b.p);
	return found;
}

/* t-fix item 1 (R97): an anonymous read of a public record is audited in
 * aggregate, one entry per record and day however many reads; a signed-in
 * reader's every read keeps its entry. */
static void test_public_reads_aggregated(void **state)
{
	(void)state;
	struct fixture fx;
	struct archive_record r;
	char err[256];
	fixture_open(&fx, "archpub", 3);
	const char *anon = "SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive' AND "
			   "actor = '-' AND object = 'archive 1'";
	for (int i = 0; i < 50; i++) {
		assert_int_equal(archive_read_public(fx.s, 1, "192.0.2.7", &r, err, sizeof err), 1);
		assert_string_equal(r.title, "Message 1");
		archive_record_free(&r);
	}
	assert_int_equal(store_count(fx.s, anon, NULL), 1);
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM audit_log WHERE actor = '-' "
					  "AND detail LIKE 'public, anonymous readers: the first "
					  "read of %'", NULL), 1);
	/* Another record: its own entry. */
	assert_int_equal(archive_read_public(fx.s, 0, "192.0.2.8", &r, err, sizeof err), 1);
	archive_record_free(&r);
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'read.archive' AND actor = '-'", NULL), 2);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(archive_read(fx.s, 1, "fp@fra.example", "127.0.0.1", &r, err,
					      sizeof err), 1);
		archive_record_free(&r);
	}
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'read.archive' AND actor = 'fp@fra.example'", NULL), 3);
	assert_int_equal(archive_read_public(fx.s, 7, "192.0.2.7", &r, err, sizeof err), 0);
	fixture_close(&fx);
}

static void test_append_read_sealed(void **state)
{
	(void)state;
	struct fixture fx;
	struct archive_record r;
	char err[256];
	fixture_open(&fx, "arch1", 5);
	assert_int_equal(archive_size(fx.s), 5);
	/* Read back, opened, and the read is in the audit log. */
	long long before = store_count(fx.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					     "'read.archive'", NULL);
	assert_int_equal(archive_read(fx.s, 3, "expert@fra.example", "127.0.0.1", &r, err,
				      sizeof err), 1);
	assert_string_equal(r.title, "Message 3");
	assert_string_equal(r.media_type, "text/plain");
	assert_non_null(strstr((const char *)r.body, sentence));
	assert_string_equal(r.kind, "message");
	assert_string_equal(r.reviewed, "NGA");
	assert_string_equal(r.author, "expert@fra.example");
	assert_int_equal(r.thread, fx.thread);
	archive_record_free(&r);
	assert_int_equal(store_count(fx.s, "SELECT COUNT(*) FROM audit_log WHERE action = "
					  "'read.archive' AND actor = 'expert@fra.example' AND "
					  "object = 'archive 3'", NULL), before + 1);
	assert_int_equal(archive_read(fx.s, 9, "x@y", "127.0.0.1", &r, err, sizeof err), 0);
	/* The envelope needs no key and is not audited. */
	assert_int_equal(archive_record_meta(fx.s, 2, &r), 1);
	assert_string_equal(r.kind, "attachment");
	int64_t *ids;
	size_t n;
	assert_int_equal(archive_thread_records(fx.s, fx.thread, &ids, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(ids[4], 4);
	free(ids);
	/* Refusals: unknown thread, unknown kind, no key. */
	struct archive_item bad = { "message", 999, "a@b", "t", "text/plain", "x", 1 };
	assert_int_equal(store_begin(fx.s), 0);
	assert_int_equal(archive_append(fx.s, &bad, err, sizeof err), -1);
	assert_string_equal(err, "no such thread");
	bad.thread = fx.thread;
	bad.kind = "gossip";
	assert_int_equal(archive_append(fx.s, &bad, err, sizeof err), -1);
	assert_int_equal(store_rollback(fx.s), 0);
	assert_int_equal(archive_thread_create(fx.s, "nga", 1, "untoc", "", err, sizeof err), -1);
	assert_int_equal(archive_thread_create(fx.s, "NGA", 5, "untoc", "", err, sizeof err), -1);
	assert_int_equal(archive_thread_create(fx.s, "NGA", 1, "untoc", "FRA;BRA", err, sizeof err),
			 -1);
	struct archive_thread th;
	assert_int_equal(archive_thread_get(fx.s, fx.thread, &th), 1);
	assert_string_equal(th.reviewers, "FRA,BRA");
	/* The tables refuse UPDATE and DELETE. */
	assert_int_not_equal(store_exec(fx.s, "UPDATE archive_records SET author = 'x'"), 0);
	assert_int_not_equal(store_exec(fx.s, "DELETE FROM archive_records WHERE seq = 1"), 0);
	assert_int_not_equal(store_exec(fx.s, "UPDATE archive_heads SET at = 'x'"), 0);
	assert_int_not_equal(store_exec(fx.s, "DELETE FROM archive_heads"), 0);
	assert_int_not_equal(store_exec(fx.s, "UPDATE archive_nodes SET hash = 'x'"), 0);
	assert_int_not_equal(store_exec(fx.s, "DELETE FROM archive_nodes"), 0);
	assert_int_equal(archive_size(fx.s), 5);
	/* Nothing of a message is in the database files (SQLite: the file
	 * and its write-ahead log). */
	if (!fx.pg) {
		char wal[600];
		snprintf(wal, sizeof wal, "%s-wal", fx.db);
		assert_int_equal(file_has(fx.db, "central authority"), 0);
		long w = file_has(wal, "central authority");
		assert_true(w == 0 || w == -1);
		assert_int_equal(file_has(fx.db, "Message 3"), 0);
		/* ... and the check itself finds what is there. */
		assert_int_equal(file_has(fx.db, "expert@fra.example") ||
				 file_has(wal, "expert@fra.example"), 1);
	}
	/* Without the key nothing opens or is appended. */
	archive_key_unload();
	assert_int_equal(archive_read(fx.s, 3, "a@b", "::1", &r, err, sizeof err), -1);
	assert_int_equal(store_begin(fx.s), 0);
	assert_int_equal(archive_append(fx.s, &bad, err, sizeof err), -1);
	assert_int_equal(store_rollback(fx.s), 0);
	fixture_close(&fx);
}

/* The key file: created 0600, refused when others may read it, the public
 * key stable across loads. */
static void test_key_file(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	char path[512], err[512], p2[512];
	uint8_t pk1[32], pk2[32];
	struct stat sb;
	assert_int_equal(archive_key_path("var/revmech.db.key", p2, sizeof p2), 0);
	assert_string_equal(p2, "var/revmech.db.archive.key");
	assert_int_equal(archive_key_path("/etc/rm/secret", p2, sizeof p2), 0);
	assert_string_equal(p2, "/etc/rm/secret.archive.key");
	snprintf(path, sizeof path, "%s/a.archive.key", dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(path, 0, err, sizeof err), -1);
	assert_int_equal(archive_key_load(path, 1, err, sizeof err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(archive_public_key(pk1), 0);
	archive_key_unload();
	assert_int_equal(archive_public_key(pk1 + 0), -1);
	assert_int_equal(archive_key_load(path, 0, err, sizeof err), 0);
	assert_int_equal(archive_public_key(pk2), 0);
	archive_key_unload();
	assert_int_equal(archive_key_load(path, 0, err, sizeof err), 0);
	assert_int_equal(archive_public_key(pk1), 0);
	assert_memory_equal(pk1, pk2, 32);
	assert_int_equal(chmod(path, 0640), 0);
	archive_key_unload();
	assert_int_equal(archive_key_load(path, 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "readable by group or others"));
	tu_rmdir(dir);
}

/* Heads are signed, one per size, and every stored row recomputes, in
 * Python, to the leaves and roots of the heads. */
static void test_heads_and_python_rows(void **state)
{
	(void)state;
	struct fixture fx;
	struct archive_head h, h2;
	uint8_t pk[32];
	fixture_open(&fx, "arch2", 9);
	assert_int_equal(archive_public_key(pk), 0);
	assert_int_equal(archive_head_latest(fx.s, &h), 0);
	assert_int_equal(h.size, 9);
	assert_true(archive_head_check(&h, pk));
	h2 = h;
	h2.size = 8;
	assert_false(archive_head_check(&h2, pk));
	h2 = h;
	h2.root[0] ^= 1;
	assert_false(archive_head_check(&h2, pk));
	json_t *in = json_pack("{s:[]}", "rows");
	struct store_stmt *st = store_prepare(fx.s, "SELECT seq, kind, reviewed, phase, instrument,"
						     " thread, author, at, sealed, commitment FROM "
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
	for (uint64_t n = 1; n <= 9; n++) {
		char rh[65];
		assert_int_equal(archive_head_get(fx.s, n, &h2), 1);
		assert_true(archive_head_check(&h2, pk));
		hex_of(h2.root, rh);
		assert_string_equal(rh, json_string_value(json_array_get(json_object_get(out, "roots"),
									  n - 1)));
	}
	/* Inclusion proofs of every record in every size, and consistency
	 * proofs between every pair, from the store. */
	uint8_t leaf[32], path[MERKLE_MAX_PROOF][32];
	size_t len;
	for (uint64_t n = 1; n <= 9; n++) {
		assert_int_equal(archive_head_get(fx.s, n, &h2), 1);
		for (int64_t id = 0; id < (int64_t)n; id++) {
			char lh[65];
			assert_int_equal(archive_inclusion_proof(fx.s, id, n, leaf, path, &len), 0);
			hex_of(leaf, lh);
			assert_string_equal(lh, json_string_value(json_array_get(
							  json_object_get(out, "leaves"), (size_t)id)));
			assert_true(merkle_verify_inclusion((uint64_t)id, n, leaf,
							    (const uint8_t(*)[32])path, len, h2.root));
		}
		for (uint64_t m = 1; m <= n; m++) {
			struct archive_head hm;
			assert_int_equal(archive_head_get(fx.s, m, &hm), 1);
			assert_int_equal(archive_consistency_proof(fx.s, m, n, path, &len), 0);
			assert_true(merkle_verify_consistency(m, n, hm.root, h2.root,
							      (const uint8_t(*)[32])path, len));
		}
	}
	assert_int_equal(archive_inclusion_proof(fx.s, 9, 9, leaf, path, &len), 1);
	assert_int_equal(archive_inclusion_proof(fx.s, 0, 10, leaf, path, &len), 1);
	assert_int_equal(archive_consistency_proof(fx.s, 0, 5, path, &len), 1);
	assert_int_equal(archive_consistency_proof(fx.s, 6, 5, path, &len), 1);
	assert_int_equal(archive_consistency_proof(fx.s, 5, 10, path, &len), 1);
	json_decref(in);
	json_decref(out);
	struct archive_verify_result res;
	assert_true(verify_now(&fx, &res));
	assert_int_equal(res.records, 9);
	assert_int_equal(res.heads, 9);
	fixture_close(&fx);
}


static void test_tamper_every_column(void **state)
{
	(void)state;
	static const char *const text_cols[] = { "kind", "reviewed", "instrument", "author", "at",
						 "sealed", "commitment" };
	static const char *const int_cols[] = { "phase", "thread" };
	struct fixture fx;
	struct archive_head old;
	char where[32], what[128];
	fixture_open(&fx, "arch3", 6);
	assert_int_equal(archive_head_latest(fx.s, &old), 0);
	drop_triggers(&fx);
	expect_ok(&fx, "untouched");
	/* A second thread, so that a record moved to it is a valid row. */
	char err[128];
	int64_t t2 = archive_thread_create(fx.s, "NGA", 1, "tip", "", err, sizeof err);
	assert_true(t2 > 0);
	for (int64_t id = 0; id < 6; id++) {
		snprintf(where, sizeof where, "seq = %lld", (long long)id);
		for (size_t c = 0; c < sizeof text_cols / sizeof text_cols[0]; c++) {
			char *orig = column_of(&fx, "archive_records", text_cols[c], where);
			size_t n = strlen(orig);
			/* First, middle and last byte of the column. */
			size_t at[3] = { 0, n / 2, n ? n - 1 : 0 };
			for (int k = 0; k < 3; k++) {
				char *v = strdup(orig);
				change_byte(v, at[k]);
				set_column(&fx, "archive_records", text_cols[c], where, v, 0);
				snprintf(what, sizeof what, "record %lld, %s byte %zu", (long long)id,
					 text_cols[c], at[k]);
				expect_named(&fx, id, "altered", &old, what);
				set_column(&fx, "archive_records", text_cols[c], where, orig, 0);
				expect_ok(&fx, what);
				free(v);
			}
			free(orig);
		}
		for (size_t c = 0; c < 2; c++) {
			char *orig = column_of(&fx, "archive_records", int_cols[c], where);
			char v[32];
			snprintf(v, sizeof v, "%lld", c == 1 ? (long long)t2
							: (long long)(orig[0] == '1' ? 2 : 1));
			set_column(&fx, "archive_records", int_cols[c], where, v, 1);
			snprintf(what, sizeof what, "record %lld, %s", (long long)id, int_cols[c]);
			expect_named(&fx, id, "altered", &old, what);
			set_column(&fx, "archive_records", int_cols[c], where, orig, 1);
			expect_ok(&fx, what);
			free(orig);
		}
	}
	fixture_close(&fx);
}

static void test_tamper_remove_swap_heads_nodes(void **state)
{
	(void)state;
	struct fixture fx;
	struct archive_head old;
	fixture_open(&fx, "arch4", 7);
	assert_int_equal(archive_head_latest(fx.s, &old), 0);
	drop_triggers(&fx);
	/* Two records swapped (every column but the position). */
	static const char *const cols[] = { "kind", "author", "at", "sealed" };
	for (size_t c = 0; c < 4; c++) {
		char *a = column_of(&fx, "archive_records", cols[c], "seq = 2");
		char *b = column_of(&fx, "archive_records", cols[c], "seq = 5");
		set_column(&fx, "archive_records", cols[c], "seq = 2", b, 0);
		set_column(&fx, "archive_records", cols[c], "seq = 5", a, 0);
		free(a);
		free(b);
	}
	expect_named(&fx, 2, "reordered", &old, "records 2 and 5 swapped");
	/* A head altered: its signature fails; the records are not blamed. */
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_records"), 0);
	store_close(fx.s);
	archive_key_unload();
	tu_rmdir(fx.dir);

	fixture_open(&fx, "arch5", 7);
	assert_int_equal(archive_head_latest(fx.s, &old), 0);
	drop_triggers(&fx);
	char *at = column_of(&fx, "archive_heads", "at", "size = 4");
	char *v = strdup(at);
	change_byte(v, strlen(v) - 2);
	set_column(&fx, "archive_heads", "at", "size = 4", v, 0);
	expect_named(&fx, -1, "signed head of size 4", NULL, "head 4 altered");
	set_column(&fx, "archive_heads", "at", "size = 4", at, 0);
	expect_ok(&fx, "head restored");
	free(v);
	free(at);
	/* A tree node altered: named, and the consistency proof from the old
	 * head through it fails. */
	char *h = column_of(&fx, "archive_nodes", "hash", "level = 1 AND idx = 0");
	v = strdup(h);
	change_byte(v, 10);
	set_column(&fx, "archive_nodes", "hash", "level = 1 AND idx = 0", v, 0);
	expect_named(&fx, -1, "tree node level 1 index 0", NULL, "node (1,0) altered");
	{
		struct archive_head h4;
		uint8_t path[MERKLE_MAX_PROOF][32];
		size_t len;
		assert_int_equal(archive_head_get(fx.s, 3, &h4), 1);
		assert_int_equal(archive_consistency_proof(fx.s, 3, 7, path, &len), 0);
		assert_false(merkle_verify_consistency(3, 7, h4.root, old.root,
						       (const uint8_t(*)[32])path, len));
	}
	set_column(&fx, "archive_nodes", "hash", "level = 1 AND idx = 0", h, 0);
	expect_ok(&fx, "node restored");
	free(v);
	free(h);
	/* A record removed in the middle, then the last one. */
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_records WHERE seq = 3"), 0);
	expect_named(&fx, 3, "removed", &old, "record 3 deleted");
	store_close(fx.s);
	archive_key_unload();
	tu_rmdir(fx.dir);

	fixture_open(&fx, "arch6", 7);
	assert_int_equal(archive_head_latest(fx.s, &old), 0);
	drop_triggers(&fx);
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_records WHERE seq = 6"), 0);
	expect_named(&fx, 6, "removed", &old, "last record deleted");
	/* A head removed. */
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_heads WHERE size = 2"), 0);
	expect_named(&fx, 1, "missing", NULL, "head 2 deleted");
	fixture_close(&fx);

	/* A record slipped in after the last head. */
	fixture_open(&fx, "arch7", 3);
	drop_triggers(&fx);
	assert_int_equal(store_exec(fx.s, "INSERT INTO archive_records (seq, kind, reviewed, phase, "
				    "instrument, thread, author, at, sealed) SELECT 3, kind, "
				    "reviewed, phase, instrument, thread, author, at, sealed FROM "
				    "archive_records WHERE seq = 0"), 0);
	expect_named(&fx, 3, "not covered", NULL, "record injected");
	fixture_close(&fx);
}

/* An option run_cli() adds after the subcommand (NULL: none). */
static const char *cli_flag;

static int run_cli(const char *sub, const char *db, const char *key)
{
	char *argv[8];
	int argc = 0;
	argv[argc++] = (char *)"archive";
	argv[argc++] = (char *)sub;
	if (cli_flag)
		argv[argc++] = (char *)cli_flag;
	if (db) {
		argv[argc++] = (char *)"--db";
		argv[argc++] = (char *)db;
	}
	if (key) {
		argv[argc++] = (char *)"--key-file";
		argv[argc++] = (char *)key;
	}
	argv[argc] = NULL;
	return cli_archive(argc, argv);
}

/* run_cli() with its standard error kept in out (what an operator reads). */
static int run_cli_err(const char *sub, const char *db, const char *key, const char *dir,
		       char *out, size_t outlen)
{
	char path[700];
	snprintf(path, sizeof path, "%s/stderr.txt", dir);
	fflush(stderr);
	int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	int rc = run_cli(sub, db, key);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	fclose(f);
	return rc;
}


/* revmech archive verify: 0 when the archive holds, 2 naming the record
 * otherwise, 1 on a usage error; the key file beside the TOTP key. */
static void test_cli_verify(void **state)
{
	(void)state;
	struct fixture fx;
	char totp_key[600], other[600];
	fixture_open(&fx, "arch8", 4);
	snprintf(totp_key, sizeof totp_key, "%s/k.key", fx.dir);
	snprintf(other, sizeof other, "%s/none.key", fx.dir);
	/* The fixture's thread is a row alone (archive_thread_create()): verify
	 * names it until it is archived, as migrate and serve do (0053). */
	char said0[1024], err0[256];
	assert_int_equal(run_cli_err("verify", fx.db, totp_key, fx.dir, said0, sizeof said0),
			 CLI_DATA);
	if (!strstr(said0, "has no archived record"))
		fail_msg("verify does not name the thread: %s", said0);
	char k0[600];
	snprintf(k0, sizeof k0, "%s/k.archive.key", fx.dir);
	assert_int_equal(archive_key_load(k0, 0, err0, sizeof err0), 0); /* the CLI unloads it */
	/* Not listed by migration 0053 (written after it): never archived. */
	assert_int_equal(archive_threads_archive_all(fx.s, err0, sizeof err0), 0);
	assert_int_equal(run_cli("verify", fx.db, totp_key), CLI_DATA);
	assert_int_equal(archive_key_load(k0, 0, err0, sizeof err0), 0);
	/* Listed as the migration lists the rows written before it. */
	assert_int_equal(store_exec(fx.s, "INSERT INTO archive_rows_pending (tbl, key) SELECT "
				     "'archive_threads', id FROM archive_threads"), 0);
	assert_int_equal(archive_threads_archive_all(fx.s, err0, sizeof err0), 1);
	assert_int_equal(archive_threads_archive_all(fx.s, err0, sizeof err0), 0);
	assert_int_equal(run_cli("verify", fx.db, totp_key), CLI_OK);
	cli_flag = "--content";
	assert_int_equal(run_cli("verify", fx.db, totp_key), CLI_OK);
	cli_flag = NULL;
	assert_int_equal(run_cli("head", fx.db, totp_key), CLI_OK);
	assert_int_equal(run_cli("verify", NULL, totp_key), CLI_USAGE);
	assert_int_equal(run_cli("frobnicate", fx.db, totp_key), CLI_USAGE);
	/* No archive key beside that file: refused, never created. */
	assert_int_equal(run_cli("verify", fx.db, other), CLI_DATA);
	assert_int_equal(access(other, F_OK), -1);
	/* Another key pair signed nothing here: every head is refused. */
	char err[256], okey[600];
	snprintf(okey, sizeof okey, "%s/o.archive.key", fx.dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(okey, 1, err, sizeof err), 0);
	snprintf(okey, sizeof okey, "%s/o.key", fx.dir);
	assert_int_equal(run_cli("verify", fx.db, okey), CLI_DATA);
	snprintf(okey, sizeof okey, "%s/k.archive.key", fx.dir);
	assert_int_equal(archive_key_load(okey, 0, err, sizeof err), 0);
	drop_triggers(&fx);
	assert_int_equal(store_exec(fx.s, "DELETE FROM archive_records WHERE seq = 1"), 0);
	char said[1024];
	assert_int_equal(run_cli_err("verify", fx.db, totp_key, fx.dir, said, sizeof said), CLI_DATA);
	/* The operator is told which record: the one removed. */
	if (!strstr(said, "record 1 removed"))
		fail_msg("verify does not name record 1: %s", said);
	archive_key_load(okey, 0, err, sizeof err);
	fixture_close(&fx);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ct_vectors),
		cmocka_unit_test(test_against_python),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_append_read_sealed),
		cmocka_unit_test(test_public_reads_aggregated),
		cmocka_unit_test(test_heads_and_python_rows),
		cmocka_unit_test(test_tamper_every_column),
		cmocka_unit_test(test_tamper_remove_swap_heads_nodes),
		cmocka_unit_test(test_cli_verify),
	};
	return cmocka_run_group_tests_name("archive", tests, NULL, NULL);
}
