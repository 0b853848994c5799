/* test_lots_seed.c - where a draw's seed comes from (issue 12 "Drawing of
 * lots II", audit gaps 2 and 7; R51, R237, R238, C45; docs/draw.md "The
 * ceremony record").  A draw from a seed given to `draw lots` is marked
 * "not from a ceremony" in its document and stored event, and verify says
 * so; a draw held as a ceremony carries the commitment published, the seed
 * revealed and the entropy mixed in, and verify checks commitment -> seed
 * -> mix, naming the step that fails, on the document and against the
 * store; documents of format 2 read, redraw and verify as before; a draw
 * held by hand takes its seed from the canonical form of its result; and a
 * redraw that cannot keep para 29 is recorded as an exception that verify
 * reports as such.  On SQLite and PostgreSQL (tu_db). */
#include "lots_testutil.h"

#include <sys/wait.h>

#include "core/refdata.h"
#include "core/roster.h"
#include "lots/events.h"
#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"

#define BIN RM_SRCDIR "/build/san/revmech"

static char *dir;
static struct store *s;

static int setup(void **state)
{
	(void)state;
	char err[512];
	s = lots_tu_store(&dir, "seed");
	if (lots_meeting_add(s, "CTOC/COP/2027/1", "2027-06-10", "Conference of the Parties",
			     "cli:test", "local", err, sizeof err) != LOTS_OK)
		fail_msg("lots_meeting_add: %s", err);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(s);
	tu_rmdir(dir);
	return 0;
}

static void exec_sql(const char *sql, const char *arg)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	if (arg)
		store_bind_text(st, 1, arg);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

static char *text(const char *sql) { return lots_tu_text(s, sql); }

/* The stored parties as the drawer reads them (lots_store.c). */
static void store_roster(struct roster *r, char sha[65])
{
	struct roster dbr = { 0 };
	struct buf csv = { 0 };
	char err[512];
	assert_int_equal(roster_load_db(s, &dbr, err, sizeof err), 0);
	roster_write_csv(&dbr, &csv);
	assert_int_equal(roster_parse_csv(csv.p, csv.len, r, err, sizeof err), 0);
	lots_roster_hash(r, sha);
	buf_free(&csv);
	roster_free(&dbr);
}

/* json with the first `from` replaced by `to` (the caller frees). */
static char *replaced(const char *json, const char *from, const char *to)
{
	const char *p = strstr(json, from);
	assert_non_null(p);
	struct buf b = { 0 };
	buf_append(&b, json, (size_t)(p - json));
	buf_puts(&b, to);
	buf_puts(&b, p + strlen(from));
	return buf_detach(&b);
}

/* Verifies json (with its own seed); the report into rep, the count back. */
static int verify(const struct roster *r, const char *sha, const char *json, struct buf *rep)
{
	struct lots_draw d;
	char err[512];
	buf_reset(rep);
	if (lots_draw_from_json(json, r, &d, err, sizeof err) != LOTS_OK)
		return lots_verify_json(r, sha, NULL, json, rep);
	int n = lots_verify_json(r, sha, d.seed, json, rep);
	lots_draw_free(&d);
	return n;
}

/* Item 1 and the compatibility promise: a draw from a seed given is "not
 * from a ceremony", plainly; format 2 reads, writes and verifies as it
 * did, with no new line in its report. */
static void test_not_from_ceremony(void **state)
{
	(void)state;
	struct roster r = { 0 };
	struct lots_draw d = { 0 }, back = { 0 };
	struct buf rep = { 0 };
	char sha[65], err[1024];
	unsigned char seed[32];
	memset(seed, 0x42, sizeof seed);
	store_roster(&r, sha);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	char *json = lots_draw_to_json(&d, &r);
	assert_non_null(strstr(json, "\"format\": \"revmech-draw/3\""));
	assert_non_null(strstr(json, "\"seed_commitment\": "));
	assert_non_null(strstr(json, "\n  \"ceremony\": null,\n  \"roster_sha256\""));
	assert_int_equal(verify(&r, sha, json, &rep), 0);
	assert_string_equal(buf_str(&rep), "note: not from a ceremony: no commitment to the seed "
			    "was published before the draw, so nothing shows that the seed was not "
			    "chosen after seeing its draw (R51)\n");
	/* The mark cannot be dropped silently. */
	char *nomark = replaced(json, "  \"ceremony\": null,\n", "");
	assert_true(verify(&r, sha, nomark, &rep) > 0);
	assert_non_null(strstr(buf_str(&rep), "ceremony: missing"));
	free(nomark);

	/* Format 2: the same draw as it was written before; read back and
	 * written again byte for byte, verified with an empty report. */
	d.format = 2;
	char *v2 = lots_draw_to_json(&d, &r);
	assert_non_null(strstr(v2, "\"format\": \"revmech-draw/2\""));
	assert_null(strstr(v2, "ceremony"));
	assert_int_equal(verify(&r, sha, v2, &rep), 0);
	assert_string_equal(buf_str(&rep), "");
	assert_int_equal(lots_draw_from_json(v2, &r, &back, err, sizeof err), LOTS_OK);
	assert_int_equal(back.format, 2);
	char *again = lots_draw_to_json(&back, &r);
	assert_string_equal(again, v2);
	free(again);
	/* A redraw of a format-2 document stays format 2 and verifies. */
	const struct lots_review *v = &back.reviews[4];
	struct lots_redraw_req q = { .reviewed = r.v[v->reviewed].code,
				     .replace = r.v[v->r[1].state].code,
				     .requested_by = r.v[v->reviewed].code,
				     .reason = LOTS_REASON_LANGUAGE };
	if (lots_redraw(&r, &back, &q, err, sizeof err) != LOTS_OK)
		fail_msg("lots_redraw: %s", err);
	again = lots_draw_to_json(&back, &r);
	assert_non_null(strstr(again, "\"format\": \"revmech-draw/2\""));
	assert_int_equal(verify(&r, sha, again, &rep), 0);
	assert_string_equal(buf_str(&rep), "");
	free(again);
	lots_draw_free(&back);

	/* In the store: the event says so too, and verify --db's check. */
	struct lots_event_meta meta = { .meeting = "CTOC/COP/2027/1", .actor = "cli:test",
					.ip = "local", .supersede = 1 };
	char *stored = NULL;
	int64_t id = 0;
	if (lots_db_draw_meta(s, seed, &meta, &stored, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_draw_meta: %s", err);
	assert_string_equal(stored, json);
	char *in = text("SELECT inputs FROM lots_events WHERE seq = 0 ORDER BY id DESC");
	assert_non_null(strstr(in, "\"ceremony\":null"));
	free(in);
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "is not from a ceremony: no commitment"));
	free(stored);
	free(v2);
	free(json);
	buf_free(&rep);
	lots_draw_free(&d);
	roster_free(&r);
}

/* Item 2: a ceremony with public entropy; every step tampered fails with
 * the step named, on the document alone and against the store. */
static void test_ceremony_steps(void **state)
{
	(void)state;
	struct roster r = { 0 };
	struct buf rep = { 0 };
	char sha[65], err[1024], com[65], hex[65];
	unsigned char seed[32], other[32];
	memset(seed, 0x17, sizeof seed);
	memset(other, 0x18, sizeof other);
	lots_seed_commitment(seed, com);
	lots_hex(seed, 32, hex);
	int64_t cid = 0, id = 0;
	if (lots_ceremony_prepare(s, "CTOC/COP/2027/1", "", com, "EuroMillions of 2027-06-09",
				  "cli:officer", "local", &cid, err, sizeof err) != LOTS_OK)
		fail_msg("lots_ceremony_prepare: %s", err);
	char *json = NULL;
	if (lots_ceremony_hold(s, cid, seed, "04 11 23 38 45 / 02 09", "cli:officer", "local", 1,
			       &json, &id, err, sizeof err) != LOTS_OK)
		fail_msg("lots_ceremony_hold: %s", err);
	store_roster(&r, sha);
	/* The record: published commitment, revealed seed, entropy. */
	assert_non_null(strstr(json, "\"format\": \"revmech-draw/3\""));
	char want[600];
	snprintf(want, sizeof want, "  \"ceremony\": {\n    \"meeting\": \"CTOC/COP/2027/1\",\n"
		 "    \"published_commitment\": \"%s\",\n    \"revealed_seed\": \"%s\",\n"
		 "    \"entropy_name\": \"EuroMillions of 2027-06-09\",\n"
		 "    \"entropy_value\": \"04 11 23 38 45 / 02 09\",\n"
		 "    \"mix\": \"revmech-seed-mix/1\"\n  },\n", com, hex);
	assert_non_null(strstr(json, want));
	/* The draw's seed is the mix, not the seed revealed. */
	assert_null(strstr(json, "\"seed\": \"1717"));
	assert_int_equal(verify(&r, sha, json, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "note: from a ceremony at meeting CTOC/COP/2027/1: "
			       "the seed revealed hashes to the commitment"));
	assert_non_null(strstr(buf_str(&rep), "mixed with the public entropy 'EuroMillions of "
			       "2027-06-09' = '04 11 23 38 45 / 02 09' gives the draw's seed"));
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "agree with the store"));

	/* Step 1: a commitment that is not the seed's. */
	char com2[65], hex2[65], line[160], line2[160];
	lots_seed_commitment(other, com2);
	lots_hex(other, 32, hex2);
	snprintf(line, sizeof line, "\"published_commitment\": \"%s\"", com);
	snprintf(line2, sizeof line2, "\"published_commitment\": \"%s\"", com2);
	char *t = replaced(json, line, line2);
	assert_int_equal(verify(&r, sha, t, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "ceremony: step 1 (commitment -> seed) failed: the "
			       "seed revealed hashes to"));
	free(t);
	/* ... or a seed revealed that is not the committed one. */
	snprintf(line, sizeof line, "\"revealed_seed\": \"%s\"", hex);
	snprintf(line2, sizeof line2, "\"revealed_seed\": \"%s\"", hex2);
	t = replaced(json, line, line2);
	assert_int_equal(verify(&r, sha, t, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "step 1 (commitment -> seed) failed"));
	/* Step 2: commitment and seed made to agree (another seed and its
	 * hash): the mix no longer gives the draw's seed. */
	char *t2 = replaced(t, com, com2);
	assert_int_equal(verify(&r, sha, t2, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "ceremony: step 2 (seed -> mix) failed: the draw's "
			       "seed is not the seed revealed mixed with the public entropy"));
	free(t2);
	free(t);
	/* ... or another value of the entropy. */
	t = replaced(json, "02 09\"", "02 10\"");
	assert_int_equal(verify(&r, sha, t, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "step 2 (seed -> mix) failed"));
	free(t);
	/* ... or the entropy dropped, as if none had been named. */
	t = replaced(json, "\"EuroMillions of 2027-06-09\"", "null");
	t2 = replaced(t, "\"04 11 23 38 45 / 02 09\"", "null");
	assert_int_equal(verify(&r, sha, t2, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "step 2 (seed -> mix) failed: no public entropy was "
			       "named"));
	free(t2);
	/* A name without its value is refused as such. */
	assert_true(verify(&r, sha, t, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "entropy_name and entropy_value must both be given"));
	free(t);
	/* The mix named must be the one documented. */
	t = replaced(json, "\"mix\": \"revmech-seed-mix/1\"", "\"mix\": \"xor\"");
	assert_int_equal(verify(&r, sha, t, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "ceremony: mix must be \"revmech-seed-mix/1\""));
	free(t);

	/* Against the store (verify --db): what was published is the
	 * prepared event, not what the document says. */
	exec_sql("UPDATE lots_ceremonies SET seed_commitment = ? WHERE status = 'held'", com2);
	buf_reset(&rep);
	assert_true(lots_db_ceremony_check(s, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "ceremony: step 0 (published before the draw) failed: "
			       "the commitment published was"));
	assert_non_null(strstr(buf_str(&rep), "ceremony: step 1 (commitment -> seed) failed"));
	exec_sql("UPDATE lots_ceremonies SET seed_commitment = ? WHERE status = 'held'", com);
	exec_sql("UPDATE lots_ceremonies SET entropy_value = ? WHERE status = 'held'", "1 2 3");
	buf_reset(&rep);
	assert_true(lots_db_ceremony_check(s, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "ceremony: step 2 (seed -> mix) failed"));
	exec_sql("UPDATE lots_ceremonies SET entropy_value = ? WHERE status = 'held'",
		 "04 11 23 38 45 / 02 09");
	exec_sql("UPDATE lots_ceremonies SET prepared_at = ? WHERE status = 'held'",
		 "2999-01-01T00:00:00Z");
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "step 0 (published before the draw) failed: the "
			       "drawing event was prepared at 2999-01-01T00:00:00Z, after the draw"));
	exec_sql("UPDATE lots_ceremonies SET prepared_at = ? WHERE status = 'held'",
		 "2000-01-01T00:00:00Z");
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	/* The drawing event's record must be the document's. */
	char *in = text("SELECT inputs FROM lots_events WHERE seq = 0 ORDER BY id DESC");
	char *in2 = replaced(in, "02 09\"", "02 11\"");
	exec_sql("UPDATE lots_events SET inputs = ? WHERE seq = 0 AND inputs LIKE '%02 09%'", in2);
	buf_reset(&rep);
	assert_true(lots_db_ceremony_check(s, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "the public entropy differs between the document and "
			       "its stored drawing event"));
	exec_sql("UPDATE lots_events SET inputs = ? WHERE seq = 0 AND inputs LIKE '%02 11%'", in);
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	/* A draw of format 2 held as a ceremony (its event's inputs say so):
	 * checked against the prepared event, silent when it agrees. */
	struct lots_draw d;
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	d.format = 2;
	char *v2 = lots_draw_to_json(&d, &r);
	lots_draw_free(&d);
	assert_null(strstr(v2, "ceremony"));
	exec_sql("UPDATE lots_draws SET result = ? WHERE status = 'current'", v2);
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	assert_string_equal(buf_str(&rep), "");
	exec_sql("UPDATE lots_ceremonies SET seed_commitment = ? WHERE status = 'held'", com2);
	buf_reset(&rep);
	assert_true(lots_db_ceremony_check(s, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "step 0 (published before the draw) failed"));
	exec_sql("UPDATE lots_ceremonies SET seed_commitment = ? WHERE status = 'held'", com);
	exec_sql("UPDATE lots_draws SET result = ? WHERE status = 'current'", json);
	free(v2);
	free(in2);
	free(in);
	free(json);
	buf_free(&rep);
	roster_free(&r);
}

/* Names and values of the entropy of up to 200 code points are mixed and
 * recorded whole (a cut one would be another value, or invalid UTF-8). */
static void test_ceremony_long_entropy(void **state)
{
	(void)state;
	struct roster r = { 0 };
	struct buf rep = { 0 }, name = { 0 }, value = { 0 };
	char sha[65], err[1024], com[65];
	unsigned char seed[32];
	memset(seed, 0x61, sizeof seed);
	lots_seed_commitment(seed, com);
	for (int i = 0; i < 33; i++)
		buf_puts(&name, "\xd0\xa2\xd0\xb8\xd1\x80\xd0\xb0\xd0\xb6 ");   /* "Тираж " */
	for (int i = 0; i < 60; i++)
		buf_puts(&value, "\xe4\xb8\x83");   /* "七" */
	int64_t cid = 0;
	/* One drawing event per meeting (probe s8 F12): its own meeting. */
	if (lots_meeting_add(s, "CTOC/COP/2027/2", "2027-10-10", "Conference of the Parties",
			     "cli:test", "local", err, sizeof err) != LOTS_OK)
		fail_msg("lots_meeting_add: %s", err);
	if (lots_ceremony_prepare(s, "CTOC/COP/2027/2", "", com, buf_str(&name), "cli:officer",
				  "local", &cid, err, sizeof err) != LOTS_OK)
		fail_msg("lots_ceremony_prepare: %s", err);
	char *json = NULL;
	if (lots_ceremony_hold(s, cid, seed, buf_str(&value), "cli:officer", "local", 1, &json, NULL,
			       err, sizeof err) != LOTS_OK)
		fail_msg("lots_ceremony_hold: %s", err);
	store_roster(&r, sha);
	struct lots_draw d;
	assert_int_equal(lots_draw_from_json(json, &r, &d, err, sizeof err), LOTS_OK);
	assert_non_null(d.ceremony);
	assert_string_equal(d.ceremony->entropy_name, buf_str(&name));
	assert_string_equal(d.ceremony->entropy_value, buf_str(&value));
	unsigned char mixed[32];
	lots_seed_mix(seed, buf_str(&name), buf_str(&value), mixed);
	assert_memory_equal(d.seed, mixed, 32);
	lots_draw_free(&d);
	assert_int_equal(verify(&r, sha, json, &rep), 0);
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	free(json);
	buf_free(&rep);
	buf_free(&name);
	buf_free(&value);
	roster_free(&r);
}

/* Item 3: a draw held by hand is identified by its canonical form, not
 * by the bytes of its file. */
static void test_manual_canonical(void **state)
{
	(void)state;
	struct roster r = { 0 };
	struct lots_draw d = { 0 }, a = { 0 }, b = { 0 }, c = { 0 };
	struct buf f1 = { 0 }, f2 = { 0 }, canon = { 0 };
	char sha[65], err[1024], h1[65], h2[65];
	unsigned char seed[32];
	memset(seed, 0x29, sizeof seed);
	store_roster(&r, sha);
	assert_int_equal(lots_draw_make(&r, sha, seed, &d, err, sizeof err), LOTS_OK);
	/* One file as LF, rows in review order, instruments given; the
	 * other CRLF, rows reversed, an extra quoted column first, base
	 * instruments left empty (all they share). */
	buf_puts(&f1, "reviewed,year,reviewer,role,instruments\n");
	buf_puts(&f2, "note,instruments,role,reviewer,year,reviewed\r\n");
	for (size_t i = 0; i < d.nreviews; i++)
		for (int k = 0; k < d.reviews[i].n; k++) {
			const struct lots_review *v = &d.reviews[i];
			struct buf in = { 0 };
			for (int j = 0; j < INSTR_COUNT; j++)
				if (v->r[k].instr & INSTR_BIT(j))
					buf_printf(&in, "%s%s", in.len ? " " : "", roster_instrument_code(j));
			buf_printf(&f1, "%s,%d,%s,%s,%s\n", r.v[v->reviewed].code, v->year,
				   r.v[v->r[k].state].code, lots_role_code(v->r[k].role), buf_str(&in));
			buf_free(&in);
		}
	for (size_t i = d.nreviews; i-- > 0;)
		for (int k = d.reviews[i].n; k-- > 0;) {
			const struct lots_review *v = &d.reviews[i];
			struct buf in = { 0 };
			if (v->r[k].role == LOTS_ADDITIONAL)
				for (int j = 0; j < INSTR_COUNT; j++)
					if (v->r[k].instr & INSTR_BIT(j))
						buf_printf(&in, "%s%s", in.len ? " " : "",
							   roster_instrument_code(j));
			buf_printf(&f2, "\"row, %zu\",\"%s\",%s,%s,%d,%s\r\n", i, buf_str(&in),
				   lots_role_code(v->r[k].role), r.v[v->r[k].state].code, v->year,
				   r.v[v->reviewed].code);
			buf_free(&in);
		}
	assert_int_equal(lots_manual_parse(&r, sha, f1.p, f1.len, &a, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_manual_parse(&r, sha, f2.p, f2.len, &b, err, sizeof err), LOTS_OK);
	assert_true(a.manual && b.manual);
	assert_memory_equal(a.seed, b.seed, 32);
	char *ja = lots_draw_to_json(&a, &r), *jb = lots_draw_to_json(&b, &r);
	assert_string_equal(ja, jb);
	assert_non_null(strstr(ja, LOTS_ALGORITHM_MANUAL));
	assert_non_null(strstr(ja, "\"ceremony\": null"));
	/* verify works the canonical form out again from the document's
	 * reviews: its seed is the record's, or it fails. */
	struct buf rep = { 0 };
	assert_int_equal(lots_verify_json(&r, sha, NULL, ja, &rep), 0);
	char hx0[65], hx1[65];
	lots_hex(a.seed, 32, hx0);
	lots_hex(seed, 32, hx1);
	char *forged = replaced(ja, hx0, hx1);
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, forged, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "seed: a draw held by hand takes its seed from its "
			       "record, SHA-256 of revmech-manual/2 and the canonical form"));
	free(forged);
	/* The seed is SHA-256 of "revmech-manual/2\n" and the canonical form,
	 * which is itself a valid record. */
	lots_manual_canonical(&r, &a, &canon);
	struct buf pre = { 0 };
	buf_puts(&pre, "revmech-manual/2\n");
	buf_append(&pre, canon.p, canon.len);
	char sh[65], hx[65];
	lots_sha256_hex(pre.p, pre.len, sh);
	lots_hex(a.seed, 32, hx);
	assert_string_equal(sh, hx);
	assert_int_equal(lots_manual_parse(&r, sha, canon.p, canon.len, &c, err, sizeof err), LOTS_OK);
	assert_memory_equal(c.seed, a.seed, 32);
	/* The record hash the web confirmation shows, from either file. */
	assert_int_equal(lots_db_manual_record_hash(s, f1.p, f1.len, h1, err, sizeof err), LOTS_OK);
	assert_int_equal(lots_db_manual_record_hash(s, f2.p, f2.len, h2, err, sizeof err), LOTS_OK);
	assert_string_equal(h1, h2);
	lots_sha256_hex(canon.p, canon.len, sh);
	assert_string_equal(h1, sh);
	/* A different result is another record. */
	lots_draw_free(&c);
	char *f3 = replaced(f1.p, ",1,", ",2,");
	if (lots_manual_parse(&r, sha, f3, strlen(f3), &c, err, sizeof err) == LOTS_OK)
		assert_memory_not_equal(c.seed, a.seed, 32);
	free(f3);
	/* Recorded: the event keeps the canonical hash and the file's. */
	struct lots_event_meta meta = { .meeting = "CTOC/COP/2027/1", .actor = "cli:test",
					.ip = "local", .supersede = 1 };
	if (lots_db_record_manual(s, f2.p, f2.len, &meta, NULL, NULL, err, sizeof err) != LOTS_OK)
		fail_msg("lots_db_record_manual: %s", err);
	char *in = text("SELECT inputs FROM lots_events WHERE seq = 0 ORDER BY id DESC");
	char want[128];
	snprintf(want, sizeof want, "\"record_sha256\":\"%s\"", h1);
	assert_non_null(strstr(in, want));
	assert_non_null(strstr(in, "\"file_sha256\":"));
	assert_non_null(strstr(in, "\"manual\":true"));
	/* verify --db: the record kept with the event gives its hash and the
	 * draw's seed; an altered record_sha256 is named. */
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 0);
	char *in2 = replaced(in, h1, "0000000000000000000000000000000000000000000000000000000000000000");
	exec_sql("UPDATE lots_events SET inputs = ? WHERE seq = 0 AND inputs LIKE '%file_sha256%'",
		 in2);
	buf_reset(&rep);
	assert_int_equal(lots_db_ceremony_check(s, &rep), 1);
	assert_non_null(strstr(buf_str(&rep), "record: the canonical form of the result held by "
			       "hand hashes to"));
	exec_sql("UPDATE lots_events SET inputs = ? WHERE seq = 0 AND inputs LIKE '%file_sha256%'",
		 in);
	free(in2);
	buf_free(&rep);
	free(in);
	free(ja);
	free(jb);
	buf_free(&pre);
	buf_free(&canon);
	buf_free(&f1);
	buf_free(&f2);
	lots_draw_free(&a);
	lots_draw_free(&b);
	lots_draw_free(&c);
	lots_draw_free(&d);
	roster_free(&r);
}

/* Item 4: a redraw that cannot keep para 29.  Six parties: RAA (AFRICAN)
 * and RBB (WEOG) are reviewed and do not review; SAA, OBB (AFRICAN), SBB,
 * OAA (WEOG) review and are not reviewed.  RBB is party to the Trafficking
 * Protocol, as are its reviewers SBB and OBB; OAA and SAA are not.  Every
 * reviewer has one review.  RAA asks to replace OAA: the only other
 * candidate of another group is SBB; OAA is then left with no review, and
 * no reassignment can give it one (the only State with a review to spare
 * is SBB, whose other slot, RBB's same_region, needs tip).  So the redraw
 * is made with the deviation recorded, and verify reports it as a
 * recorded exception, neither a violation nor a silent pass. */
static const char exc_roster[] =
	"code,name,group,untoc,tip,som,firearms,uncac,opt_out,volunteer_reviewed,extra_reviews,"
	"not_reviewed,not_reviewer\n"
	"RAA,Reviewed A,AFRICAN,1,0,0,0,0,0,0,0,0,1\n"
	"RBB,Reviewed B,WEOG,1,1,0,0,0,0,0,0,0,1\n"
	"SAA,Same A,AFRICAN,1,0,0,0,0,0,0,0,1,0\n"
	"OBB,Other B,AFRICAN,1,1,0,0,0,0,0,0,1,0\n"
	"SBB,Same B,WEOG,1,1,0,0,0,0,0,0,1,0\n"
	"OAA,Other A,WEOG,1,0,0,0,0,0,0,0,1,0\n";
static const char exc_record[] =
	"reviewed,year,reviewer,role,instruments\n"
	"RAA,1,SAA,same_region,\n"
	"RAA,1,OAA,other_region,\n"
	"RBB,2,SBB,same_region,\n"
	"RBB,2,OBB,other_region,\n";

static void write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static void test_recorded_exception(void **state)
{
	(void)state;
	struct roster r = { 0 };
	struct lots_draw d = { 0 };
	struct buf rep = { 0 };
	char sha[65], err[1024];
	assert_int_equal(roster_parse_csv(exc_roster, strlen(exc_roster), &r, err, sizeof err), 0);
	lots_roster_hash(&r, sha);
	assert_int_equal(lots_manual_parse(&r, sha, exc_record, strlen(exc_record), &d, err,
					   sizeof err), LOTS_OK);
	char *json = lots_draw_to_json(&d, &r);
	assert_int_equal(lots_verify_json(&r, sha, NULL, json, &rep), 0);
	assert_null(strstr(buf_str(&rep), "recorded exception"));
	char *pre = json;
	struct lots_redraw_req q = { .reviewed = "RAA", .replace = "OAA", .requested_by = "RAA",
				     .reason = LOTS_REASON_OTHER };
	if (lots_redraw(&r, &d, &q, err, sizeof err) != LOTS_OK)
		fail_msg("lots_redraw: %s", err);
	assert_int_equal(d.nredraws, 1);
	assert_string_equal(r.v[d.redraws[0].new_state].code, "SBB");
	assert_true(d.redraws[0].exception >= 0);
	assert_string_equal(r.v[d.redraws[0].exception].code, "OAA");
	json = lots_draw_to_json(&d, &r);
	assert_non_null(strstr(json, "\"exception\": \"OAA\""));
	buf_reset(&rep);
	assert_int_equal(lots_verify_json(&r, sha, NULL, json, &rep), 0);
	assert_non_null(strstr(buf_str(&rep), "recorded exception: OAA reviews no State: a redraw "
			       "left it without review and no reassignment kept every rule (para 29)"));
	/* Without the record it is a violation, not an exception. */
	char *forged = replaced(json, "\"exception\": \"OAA\"", "\"exception\": null");
	buf_reset(&rep);
	assert_true(lots_verify_json(&r, sha, NULL, forged, &rep) >= 1);
	assert_non_null(strstr(buf_str(&rep), "OAA: reviews no State (para 29: at least one)"));
	assert_null(strstr(buf_str(&rep), "recorded exception"));
	free(forged);

	/* `draw redraw` says so in its line, `draw verify` in its report,
	 * exiting 0. */
	char path[600], cmd[2400];
	snprintf(path, sizeof path, "%s/pre.json", dir);
	write_file(path, pre);
	free(pre);
	snprintf(path, sizeof path, "%s/exc.csv", dir);
	write_file(path, exc_roster);
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' draw redraw --roster exc.csv --draw pre.json "
		 "--reviewed RAA --replace OAA --requested-by RAA --reason other --out exc.json "
		 ">red.out 2>red.err", dir, BIN);
	int st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	snprintf(path, sizeof path, "%s/red.out", dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char out[2048];
	size_t n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	assert_string_equal(out, "redraw 1: review of RAA, OAA (other_region) replaced by SBB; "
			    "requested by RAA, reason other (counted: 1 of 4); recorded exception: "
			    "OAA is left with no review\n");
	/* The CLI's document is the library's. */
	snprintf(path, sizeof path, "%s/exc.json", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	struct buf cj = { 0 };
	while ((n = fread(out, 1, sizeof out, f)) > 0)
		buf_append(&cj, out, n);
	fclose(f);
	assert_string_equal(buf_str(&cj), json);
	buf_free(&cj);
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' draw verify --roster exc.csv exc.json "
		 ">exc.out 2>exc.err", dir, BIN);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	snprintf(path, sizeof path, "%s/exc.out", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	assert_string_equal(out, "recorded exception: OAA reviews no State: a redraw left it "
			    "without review and no reassignment kept every rule (para 29)\n"
			    "note: drawn by hand at the meeting and recorded (C45): every rule "
			    "checked; not reproducible from a seed\n"
			    "ok: the draw satisfies every rule\n");
	free(json);
	buf_free(&rep);
	lots_draw_free(&d);
	roster_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_from_ceremony),
		cmocka_unit_test(test_ceremony_steps),
		cmocka_unit_test(test_ceremony_long_entropy),
		cmocka_unit_test(test_manual_canonical),
		cmocka_unit_test(test_recorded_exception),
	};
	return cmocka_run_group_tests_name("lots_seed", tests, setup, teardown);
}
