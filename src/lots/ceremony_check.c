/* ceremony_check.c - `draw verify --db`: the ceremony of the current
 * stored draw (issue 12; R51, C42).  The document says where its seed
 * came from (format 3: "ceremony", checked step by step by the verifier
 * on the document alone); only the store shows that the commitment was
 * published before the draw.  So here the three records must agree: the
 * document's ceremony, the drawing event's inputs (its "ceremony"), and
 * the prepared drawing event in lots_ceremonies that the draw held.  A
 * draw of format 2 (before the document carried it) is checked from the
 * event's inputs and the prepared event, and reports only failures, so
 * that its report is what it was. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lots/lots.h"
#include "lots/verify_int.h"
#include "store/store.h"
#include "util/buf.h"

static const char *jstr(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* SHA-256 of the 32 bytes of 64 hex digits, or "" when they are not. */
static void seed_hash(const char *hex, char out[65])
{
	unsigned char b[32];
	out[0] = '\0';
	if (lots_seed_parse(hex, b) == 0)
		lots_seed_commitment(b, out);
}

/* One failure line naming the step; counted. */
static void fail(struct buf *rep, int *n, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(struct buf *rep, int *n, const char *step, const char *fmt, ...)
{
	va_list ap;
	buf_printf(rep, "ceremony: %s failed: ", step);
	va_start(ap, fmt);
	buf_vprintf(rep, fmt, ap);
	va_end(ap);
	buf_putc(rep, '\n');
	(*n)++;
}

#define STEP0 "step 0 (published before the draw)"

/* A draw held by hand recorded with its canonical form (docs/draw.md):
 * the record is the document its drawing event wrote (first, before any
 * redraw); its canonical form, worked out by the verifier, must hash to
 * the event's record_sha256 and give the draw's seed. */
static int manual_record_check(struct buf *rep, json_t *first, json_t *in, json_t *doc)
{
	struct buf b = { 0 };
	char h[65];
	int n = 0;
	if (!first) {
		buf_printf(rep, "record: the document of the draw held by hand cannot be read from "
			   "its drawing event\n");
		return 1;
	}
	buf_puts(&b, "revmech-manual/2\n");
	size_t at = b.len;
	lots_verify_manual_canonical(json_object_get(first, "reviews"), &b);
	lots_sha256_hex(b.p + at, b.len - at, h);
	if (strcmp(h, jstr(in, "record_sha256")) != 0) {
		buf_printf(rep, "record: the canonical form of the result held by hand hashes to "
			   "%s, not to the record_sha256 %s of its drawing event (C45)\n", h,
			   jstr(in, "record_sha256"));
		n++;
	}
	lots_sha256_hex(b.p, b.len, h);
	if (strcmp(h, jstr(doc, "seed")) != 0 || strcmp(h, jstr(first, "seed")) != 0) {
		buf_printf(rep, "record: the seed of a draw held by hand is SHA-256 of revmech-manual/2 "
			   "and its record's canonical form (%s), not the document's (C45)\n", h);
		n++;
	}
	buf_free(&b);
	return n;
}

int lots_db_ceremony_check(struct store *s, struct buf *report)
{
	struct roster r = { 0 };
	char sha[65], err[512], h[65], *json = NULL;
	int64_t draw_id;
	int n = 0;
	json_t *doc = NULL, *in = NULL, *first = NULL;
	struct lots_ceremony cer;
	int have_row = 0;
	struct store_stmt *st = NULL;
	if (lots_db_load_current(s, &draw_id, &r, sha, &json, err, sizeof err) != LOTS_OK) {
		buf_printf(report, "%s\n", err);
		n = -1;
		goto out;
	}
	doc = json_loads(json, 0, NULL);
	st = store_prepare(s, "SELECT inputs, created_at, output FROM lots_events WHERE "
			   "draw_id = ? AND seq = 0");
	char created[32] = "";
	if (st) {
		store_bind_int(st, 1, draw_id);
		if (store_step(st) == STORE_ROW) {
			const char *t = store_col_text(st, 0);
			in = t ? json_loads(t, 0, NULL) : NULL;
			snprintf(created, sizeof created, "%s", store_col_text(st, 1) ?
				 store_col_text(st, 1) : "");
			t = store_col_text(st, 2);
			first = t ? json_loads(t, 0, NULL) : NULL;
		}
	}
	store_finalize(st);
	st = store_prepare(s, "SELECT id FROM lots_ceremonies WHERE draw_id = ?");
	int64_t cid = 0;
	if (st) {
		store_bind_int(st, 1, draw_id);
		if (store_step(st) == STORE_ROW)
			cid = store_col_int(st, 0);
	}
	store_finalize(st);
	st = NULL;
	if (!doc || !in) {
		buf_printf(report, "ceremony: the document or its drawing event cannot be read\n");
		n = -1;
		goto out;
	}
	if (cid > 0)
		have_row = lots_ceremony_get(s, cid, &cer) == 1;
	int v3 = strcmp(jstr(doc, "format"), LOTS_FORMAT) == 0;
	json_t *dc = json_object_get(doc, "ceremony"), *ic = json_object_get(in, "ceremony");
	int manual = json_is_true(json_object_get(in, "manual"));
	int claims = (v3 && json_is_object(dc)) || json_is_object(ic);
	if (!claims) {
		/* Not from a ceremony: no prepared event may say otherwise. */
		if (have_row)
			fail(report, &n, STEP0, "drawing event %lld prepared for meeting %s was "
			     "held by this draw, but the draw records no ceremony", (long long)cer.id,
			     cer.meeting);
		else if (v3 && !manual)
			buf_printf(report, "note: stored draw %lld is not from a ceremony: no "
				   "commitment to its seed was published before it (R51)\n",
				   (long long)draw_id);
		if (manual && json_object_get(in, "file_sha256"))
			n += manual_record_check(report, first, in, doc);
		goto out;
	}
	/* The record the document makes, else (format 2) the event's. */
	json_t *c = v3 ? dc : ic;
	if (v3 && !json_is_object(ic)) {
		buf_printf(report, "ceremony: the document records a ceremony, its stored drawing "
			   "event none\n");
		n++;
	} else if (v3) {
		static const char *const keys[] = { "published_commitment", "revealed_seed" };
		for (int i = 0; i < 2; i++)
			if (strcmp(jstr(dc, keys[i]), jstr(ic, keys[i])) != 0) {
				buf_printf(report, "ceremony: %s differs between the document and its "
					   "stored drawing event\n", keys[i]);
				n++;
			}
		if (strcmp(jstr(dc, "entropy_name"), jstr(ic, "entropy_name")) != 0 ||
		    strcmp(jstr(dc, "entropy_value"), jstr(ic, "entropy_value")) != 0) {
			buf_printf(report, "ceremony: the public entropy differs between the document "
				   "and its stored drawing event\n");
			n++;
		}
	}
	if (!have_row) {
		fail(report, &n, STEP0, "no drawing event prepared before the meeting is recorded "
		     "as held by this draw");
		goto out;
	}
	/* Step 0: what was published (lots_ceremonies, audited draw.prepare
	 * when it was prepared) is what the draw says it revealed against. */
	if (strcmp(cer.status, "held") != 0)
		fail(report, &n, STEP0, "drawing event %lld is %s, not held", (long long)cer.id,
		     cer.status);
	if (strcmp(jstr(c, "published_commitment"), cer.seed_commitment) != 0)
		fail(report, &n, STEP0, "the commitment published "
		     "was %s, the draw names %s", cer.seed_commitment, jstr(c, "published_commitment"));
	if (strcmp(jstr(c, "entropy_name"), cer.entropy_name) != 0)
		fail(report, &n, STEP0, "the public entropy named "
		     "before the meeting was '%s', the draw names '%s'", cer.entropy_name,
		     jstr(c, "entropy_name"));
	if (strcmp(jstr(c, "revealed_seed"), cer.seed) != 0 ||
	    strcmp(jstr(c, "entropy_value"), cer.entropy_value) != 0)
		fail(report, &n, STEP0, "the seed or entropy value entered at the meeting differs "
		     "from the draw's record");
	if (cer.prepared_at[0] && created[0] && strcmp(cer.prepared_at, created) > 0)
		fail(report, &n, STEP0, "the drawing event was "
		     "prepared at %s, after the draw at %s", cer.prepared_at, created);
	/* Steps 1 and 2 on the stored records (format 3 documents are also
	 * checked by the verifier on the document itself). */
	seed_hash(cer.seed, h);
	if (strcmp(h, cer.seed_commitment) != 0)
		fail(report, &n, "step 1 (commitment -> seed)", "the seed entered at the meeting "
		     "does not hash to the commitment %s published", cer.seed_commitment);
	unsigned char rb[32], mixed[32], ds[32];
	if (lots_seed_parse(cer.seed, rb) == 0 &&
	    lots_seed_parse(jstr(doc, "seed"), ds) == 0) {
		lots_seed_mix(rb, cer.entropy_name, cer.entropy_value, mixed);
		if (memcmp(mixed, ds, 32) != 0)
			fail(report, &n, "step 2 (seed -> mix)", "the draw's seed is not the seed "
			     "entered mixed with the public entropy '%s' (%s)", cer.entropy_name,
			     LOTS_SEED_MIX);
	}
	if (v3 && n == 0)
		buf_printf(report, "note: stored draw %lld held drawing event %lld, prepared at %s "
			   "for meeting %s: its commitment, seed and entropy agree with the store "
			   "(R51)\n", (long long)draw_id, (long long)cer.id, cer.prepared_at,
			   cer.meeting);
out:
	store_finalize(st);
	json_decref(doc);
	json_decref(in);
	json_decref(first);
	free(json);
	roster_free(&r);
	return n;
}
