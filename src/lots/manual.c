/* manual.c - a drawing of lots held by hand at the meeting and recorded
 * (issue 12; R51, C45).  The result comes as CSV, one row per reviewer,
 * with at least the columns reviewed, year, reviewer, role, instruments
 * (the programme's own export, /programme.csv, has them; other columns are
 * ignored).  instruments is a space-separated list; empty for a base
 * reviewer means every instrument of the reviewed State it is party to.
 * The draw is marked LOTS_ALGORITHM_MANUAL: it is checked against every
 * rule, but no seed reproduces it.  Its "seed" (from which later redraws
 * derive theirs) is SHA-256 of "revmech-manual/2\n" and the record's
 * canonical form (lots_manual_canonical), so it is fixed by the result
 * itself, chosen by nobody, and the same whatever the row order, line
 * ends, quoting or extra columns of the file it came in.  (Until issue 12
 * it was "revmech-manual/1\n" and the file's bytes; records made then keep
 * their seed.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/util.h"
#include "util/xmalloc.h"

static int col_of(const struct csv_reader *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i], name) == 0)
			return (int)i;
	return -1;
}

static int by_code(const void *a, const void *b, void *ctx)
{
	const struct roster *r = ctx;
	return strcmp(r->v[((const struct lots_review *)a)->reviewed].code,
		      r->v[((const struct lots_review *)b)->reviewed].code);
}

/* Insertion sort by reviewed code (a few hundred reviews). */
static void sort_reviews(struct lots_review *v, size_t n, const struct roster *r)
{
	for (size_t i = 1; i < n; i++) {
		struct lots_review t = v[i];
		size_t k = i;
		for (; k > 0 && by_code(&v[k - 1], &t, (void *)r) > 0; k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
}

/* 1 if slot a goes after slot b: by role, additional reviewers by code. */
static int slot_after(const struct roster *r, const struct lots_reviewer *a,
		      const struct lots_reviewer *b)
{
	if (a->role != b->role)
		return a->role > b->role;
	return a->role == LOTS_ADDITIONAL && strcmp(r->v[a->state].code, r->v[b->state].code) > 0;
}

void lots_manual_canonical(const struct roster *r, const struct lots_draw *d, struct buf *out)
{
	buf_puts(out, "reviewed,year,reviewer,role,instruments\n");
	for (size_t i = 0; i < d->nreviews; i++) {
		const struct lots_review *v = &d->reviews[i];
		for (int k = 0; k < v->n; k++) {
			buf_printf(out, "%s,%d,%s,%s,", r->v[v->reviewed].code, v->year,
				   r->v[v->r[k].state].code, lots_role_code(v->r[k].role));
			for (int j = 0, first = 1; j < INSTR_COUNT; j++)
				if (v->r[k].instr & INSTR_BIT(j)) {
					buf_printf(out, "%s%s", first ? "" : " ", roster_instrument_code(j));
					first = 0;
				}
			buf_putc(out, '\n');
		}
	}
}

int lots_db_manual_record_hash(struct store *s, const char *csv, size_t len, char sha[65],
			       char *err, size_t errlen)
{
	struct roster dbr = { 0 }, r = { 0 };
	struct buf rc_csv = { 0 }, canon = { 0 };
	struct lots_draw d = { 0 };
	char rsha[65];
	int rc = LOTS_EINPUT;
	if (roster_load_db(s, &dbr, err, errlen) < 0)
		goto out;
	/* The roster as db_draw reads it (lots_store.c). */
	roster_write_csv(&dbr, &rc_csv);
	if (roster_parse_csv(rc_csv.p ? rc_csv.p : "", rc_csv.len, &r, err, errlen) < 0)
		goto out;
	lots_roster_hash(&r, rsha);
	if (lots_manual_parse(&r, rsha, csv, len, &d, err, errlen) != LOTS_OK)
		goto out;
	lots_manual_canonical(&r, &d, &canon);
	lots_sha256_hex(canon.p ? canon.p : "", canon.len, sha);
	rc = LOTS_OK;
out:
	lots_draw_free(&d);
	buf_free(&canon);
	buf_free(&rc_csv);
	roster_free(&r);
	roster_free(&dbr);
	return rc;
}

int lots_manual_parse(const struct roster *r, const char *roster_sha256, const char *csv,
		      size_t len, struct lots_draw *out, char *err, size_t errlen)
{
	static const char *const need[] = { "reviewed", "year", "reviewer", "role", "instruments" };
	struct csv_reader c;
	int col[5], rc = LOTS_EINPUT, got;
	memset(out, 0, sizeof *out);
	csv_open(&c, csv, len);
	if ((got = csv_next(&c, err, errlen)) <= 0) {
		if (got == 0)
			snprintf(err, errlen, "--file: empty");
		goto out;
	}
	for (size_t i = 0; i < 5; i++)
		if ((col[i] = col_of(&c, need[i])) < 0) {
			snprintf(err, errlen, "--file: no column '%s' (need reviewed, year, reviewer, "
				 "role, instruments)", need[i]);
			goto out;
		}
	out->reviews = xcalloc(r->n ? r->n : 1, sizeof *out->reviews);
	int *at = xmalloc((r->n ? r->n : 1) * sizeof *at);
	for (size_t i = 0; i < r->n; i++)
		at[i] = -1;
	while ((got = csv_next(&c, err, errlen)) > 0) {
		size_t line = c.record_line;
		const char *f[5];
		for (size_t i = 0; i < 5; i++)
			f[i] = (size_t)col[i] < c.nfields ? c.fields[col[i]] : "";
		long rv = roster_find(r, f[0]), rw = roster_find(r, f[2]), year;
		int role = -1;
		for (int k = 0; k < 3; k++)
			if (strcmp(f[3], lots_role_code(k)) == 0)
				role = k;
		if (rv < 0 || rw < 0) {
			snprintf(err, errlen, "--file: line %zu: '%s' is not a party of the roster", line,
				 rv < 0 ? f[0] : f[2]);
			goto bad;
		}
		if (util_parse_long(f[1], 1, LOTS_COHORTS, &year) < 0) {
			snprintf(err, errlen, "--file: line %zu: year '%s' is not 1, 2 or 3", line, f[1]);
			goto bad;
		}
		if (role < 0) {
			snprintf(err, errlen, "--file: line %zu: role '%s' is not same_region, "
				 "other_region or additional", line, f[3]);
			goto bad;
		}
		unsigned instr = 0;
		char tmp[128];
		util_strlcpy(tmp, f[4], sizeof tmp);
		for (char *save = NULL, *t = strtok_r(tmp, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			int i = roster_instrument_parse(t);
			if (i < 0) {
				snprintf(err, errlen, "--file: line %zu: instrument '%s' unknown", line, t);
				goto bad;
			}
			instr |= INSTR_BIT(i);
		}
		if (!instr && role != LOTS_ADDITIONAL)
			instr = r->v[rv].instruments & r->v[rw].instruments;
		if (at[rv] < 0) {
			at[rv] = (int)out->nreviews++;
			out->reviews[at[rv]].reviewed = (int)rv;
			out->reviews[at[rv]].year = (int)year;
		}
		struct lots_review *v = &out->reviews[at[rv]];
		if (v->year != year) {
			snprintf(err, errlen, "--file: line %zu: %s is given two years", line, f[0]);
			goto bad;
		}
		if (v->n >= LOTS_MAX_SLOTS) {
			snprintf(err, errlen, "--file: line %zu: more than %d reviewers for %s", line,
				 LOTS_MAX_SLOTS, f[0]);
			goto bad;
		}
		v->r[v->n].state = (int)rw;
		v->r[v->n].role = role;
		v->r[v->n].instr = instr;
		v->n++;
	}
	if (got < 0) {
		char why[256];
		util_strlcpy(why, err, sizeof why);
		snprintf(err, errlen, "--file: %s", why);
		goto bad;
	}
	/* Slots in the document's order: same_region, other_region, then the
	 * additional reviewers in code order (so that the order of the rows
	 * changes neither the document nor the canonical form). */
	for (size_t i = 0; i < out->nreviews; i++) {
		struct lots_review *v = &out->reviews[i];
		for (int a = 1; a < v->n; a++) {
			struct lots_reviewer t = v->r[a];
			int k = a;
			for (; k > 0 && slot_after(r, &v->r[k - 1], &t); k--)
				v->r[k] = v->r[k - 1];
			v->r[k] = t;
		}
	}
	sort_reviews(out->reviews, out->nreviews, r);
	struct buf b = { 0 };
	char h[65];
	buf_puts(&b, "revmech-manual/2\n");
	lots_manual_canonical(r, out, &b);
	lots_sha256_hex(b.p, b.len, h);
	buf_free(&b);
	lots_seed_parse(h, out->seed);
	util_strlcpy(out->roster_sha256, roster_sha256, sizeof out->roster_sha256);
	out->manual = 1;
	rc = LOTS_OK;
bad:
	free(at);
	if (rc != LOTS_OK)
		lots_draw_free(out);
out:
	csv_close(&c);
	return rc;
}
