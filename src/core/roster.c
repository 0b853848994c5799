/* roster.c - roster CSV parsing/writing and its mapping to the store. */
#include "core/roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/csv.h"
#include "util/util.h"
#include "util/xmalloc.h"

#define ROSTER_MAX_BYTES (4u << 20)
#define ROSTER_MAX_ROWS 100000

const char ROSTER_CSV_HEADER[] = "code,name,group,untoc,tip,som,firearms,uncac,opt_out";

static const char *const group_codes[GROUP_COUNT] = {
	"AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC", "WEOG",
};
static const char *const instrument_codes[INSTR_COUNT] = {
	"untoc", "tip", "som", "firearms",
};

/* Columns in the fixed order of the format; the last two are optional. */
enum { COL_CODE, COL_NAME, COL_GROUP, COL_UNTOC, COL_TIP, COL_SOM, COL_FIREARMS,
       COL_UNCAC, COL_OPT_OUT, COL_VOLUNTEER, COL_EXTRA, COL_NOT_REVIEWED, COL_NOT_REVIEWER,
       COL_COUNT };
static const char *const col_names[COL_COUNT] = {
	"code", "name", "group", "untoc", "tip", "som", "firearms", "uncac",
	"opt_out", "volunteer_reviewed", "extra_reviews", "not_reviewed", "not_reviewer",
};

const char *roster_group_code(int group)
{
	return group >= 0 && group < GROUP_COUNT ? group_codes[group] : NULL;
}

int roster_group_parse(const char *s)
{
	if (!*s)
		return GROUP_NONE;
	for (int i = 0; i < GROUP_COUNT; i++)
		if (!strcmp(s, group_codes[i]))
			return i;
	return -2;
}

const char *roster_instrument_code(int instr)
{
	return instr >= 0 && instr < INSTR_COUNT ? instrument_codes[instr] : NULL;
}

int roster_instrument_parse(const char *s)
{
	for (int i = 0; i < INSTR_COUNT; i++)
		if (!strcmp(s, instrument_codes[i]))
			return i;
	return -1;
}

void roster_free(struct roster *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].name);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

long roster_find(const struct roster *r, const char *code)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].code, code))
			return (long)i;
	return -1;
}

static int code_valid(const char *s)
{
	if (strlen(s) != 3)
		return 0;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static int flag_parse(const char *s, int *out)
{
	if (!strcmp(s, "0") || !strcmp(s, "1")) {
		*out = s[0] - '0';
		return 0;
	}
	return -1;
}

int roster_parse_csv(const char *data, size_t len, struct roster *out,
		     char *err, size_t errlen)
{
	struct csv_reader rd;
	struct roster r = { 0 };
	size_t cap = 0, ncols = 0;
	/* Codes are 3 capital letters: a direct table of 26^3 slots gives the
	 * line of each code's first row, so duplicates cost O(1). */
	size_t *seen = xcalloc(26 * 26 * 26, sizeof *seen);
	char cerr[200];
	int rc = -1, got;

	csv_open(&rd, data, len);
	got = csv_next(&rd, cerr, sizeof cerr);
	if (got < 0) {
		snprintf(err, errlen, "%s", cerr);
		goto out;
	}
	if (got == 0) {
		snprintf(err, errlen, "line 1: empty file, expected the header '%s'",
			 ROSTER_CSV_HEADER);
		goto out;
	}
	ncols = rd.nfields;
	if (ncols < COL_OPT_OUT + 1 || ncols > COL_COUNT) {
		snprintf(err, errlen, "line %zu: header has %zu columns, expected '%s' "
			 "(optionally followed by volunteer_reviewed,extra_reviews[,not_reviewed,"
			 "not_reviewer])",
			 rd.record_line, ncols, ROSTER_CSV_HEADER);
		goto out;
	}
	for (size_t c = 0; c < ncols; c++) {
		if (strcmp(rd.fields[c], col_names[c])) {
			snprintf(err, errlen, "line %zu, column %zu: header is '%s', expected '%s'",
				 rd.record_line, c + 1, rd.fields[c], col_names[c]);
			goto out;
		}
	}
	while ((got = csv_next(&rd, cerr, sizeof cerr)) > 0) {
		size_t ln = rd.record_line;
		char **f = rd.fields;
		if (rd.nfields != ncols) {
			snprintf(err, errlen, "line %zu: %zu fields, expected %zu", ln,
				 rd.nfields, ncols);
			goto out;
		}
		if (r.n >= ROSTER_MAX_ROWS) {
			snprintf(err, errlen, "line %zu: more than %d rows", ln, ROSTER_MAX_ROWS);
			goto out;
		}
		struct roster_entry e = { .line = ln, .group = GROUP_NONE };
		int v;
#define BAD(col, ...) do { \
		char why_[200]; snprintf(why_, sizeof why_, __VA_ARGS__); \
		snprintf(err, errlen, "line %zu, column %d (%s): %s", ln, (col) + 1, \
			 col_names[col], why_); goto out; } while (0)
		if (!code_valid(f[COL_CODE]))
			BAD(COL_CODE, "'%s' is not an ISO 3166-1 alpha-3 code (3 capital letters)",
			    f[COL_CODE]);
		memcpy(e.code, f[COL_CODE], 4);
		size_t slot = (size_t)((e.code[0] - 'A') * 676 + (e.code[1] - 'A') * 26 +
				       (e.code[2] - 'A'));
		if (seen[slot])
			BAD(COL_CODE, "duplicate code '%s' (first on line %zu)", e.code, seen[slot]);
		seen[slot] = ln;
		if (!*f[COL_NAME])
			BAD(COL_NAME, "empty name");
		e.group = roster_group_parse(f[COL_GROUP]);
		if (e.group == -2)
			BAD(COL_GROUP, "unknown regional group '%s' (expected AFRICAN, "
			    "ASIA_PACIFIC, EASTERN_EUROPEAN, GRULAC, WEOG or empty)", f[COL_GROUP]);
		for (int i = 0; i < INSTR_COUNT; i++) {
			if (flag_parse(f[COL_UNTOC + i], &v) < 0)
				BAD(COL_UNTOC + i, "'%s' is not 0 or 1", f[COL_UNTOC + i]);
			if (v)
				e.instruments |= INSTR_BIT(i);
		}
		if (flag_parse(f[COL_UNCAC], &e.uncac) < 0)
			BAD(COL_UNCAC, "'%s' is not 0 or 1", f[COL_UNCAC]);
		if (flag_parse(f[COL_OPT_OUT], &e.opt_out) < 0)
			BAD(COL_OPT_OUT, "'%s' is not 0 or 1", f[COL_OPT_OUT]);
		if (ncols > COL_VOLUNTEER && *f[COL_VOLUNTEER] &&
		    flag_parse(f[COL_VOLUNTEER], &e.volunteer_reviewed) < 0)
			BAD(COL_VOLUNTEER, "'%s' is not 0 or 1", f[COL_VOLUNTEER]);
		/* Footnote 2 of resolution 9/1 (C34): not to be reviewed and not
		 * to review are two choices; the old opt_out column is both. */
		e.not_reviewed = e.not_reviewer = e.opt_out;
		for (int c = COL_NOT_REVIEWED; c <= COL_NOT_REVIEWER; c++) {
			if (ncols <= (size_t)c || !*f[c])
				continue;
			if (flag_parse(f[c], &v) < 0)
				BAD(c, "'%s' is not 0 or 1", f[c]);
			if (c == COL_NOT_REVIEWED)
				e.not_reviewed |= v;
			else
				e.not_reviewer |= v;
		}
		e.opt_out = e.not_reviewed && e.not_reviewer;
		if (ncols > COL_EXTRA && *f[COL_EXTRA]) {
			long x;
			if (util_parse_long(f[COL_EXTRA], 0, 1000, &x) < 0)
				BAD(COL_EXTRA, "'%s' is not a whole number from 0 to 1000",
				    f[COL_EXTRA]);
			e.extra_reviews = (int)x;
		}
		if (!(e.instruments & INSTR_BIT(INSTR_UNTOC)) && e.instruments &&
		    !e.volunteer_reviewed)
			BAD(COL_UNTOC, "a State party to a Protocol must be party to the "
			    "Convention (Protocol art. 37), unless it volunteers as a signatory");
		if (e.volunteer_reviewed && (e.instruments & INSTR_BIT(INSTR_UNTOC)) == 0 &&
		    e.instruments == 0)
			BAD(COL_VOLUNTEER, "a volunteer signatory must name at least one "
			    "instrument to be reviewed on");
#undef BAD
		if (r.n == cap) {
			cap = cap ? cap * 2 : 256;
			r.v = xreallocarray(r.v, cap, sizeof *r.v);
		}
		e.name = xstrdup(f[COL_NAME]);
		r.v[r.n++] = e;
	}
	if (got < 0) {
		snprintf(err, errlen, "%s", cerr);
		goto out;
	}
	*out = r;
	r.v = NULL;
	r.n = 0;
	rc = 0;
out:
	free(seen);
	roster_free(&r);
	csv_close(&rd);
	return rc;
}

int roster_read_file(const char *path, struct roster *out, char *err, size_t errlen)
{
	char *data = NULL;
	size_t len;
	char why[400];
	int rc = -1;
	if (util_read_file(path, ROSTER_MAX_BYTES, &data, &len, err, errlen) < 0)
		goto out;
	if (roster_parse_csv(data, len, out, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto out;
	}
	rc = 0;
out:
	free(data);
	return rc;
}

void roster_write_csv(const struct roster *r, struct buf *out)
{
	int extended = 0, split = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].volunteer_reviewed || r->v[i].extra_reviews)
			extended = 1;
		if (r->v[i].not_reviewed != r->v[i].not_reviewer)
			extended = split = 1;
	}
	buf_puts(out, ROSTER_CSV_HEADER);
	if (extended)
		buf_puts(out, ",volunteer_reviewed,extra_reviews");
	if (split)
		buf_puts(out, ",not_reviewed,not_reviewer");
	buf_putc(out, '\n');
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_entry *e = &r->v[i];
		const char *g = roster_group_code(e->group);
		buf_puts(out, e->code);
		buf_putc(out, ',');
		buf_put_csv(out, e->name);
		buf_printf(out, ",%s", g ? g : "");
		for (int k = 0; k < INSTR_COUNT; k++)
			buf_printf(out, ",%d", (e->instruments & INSTR_BIT(k)) ? 1 : 0);
		buf_printf(out, ",%d,%d", e->uncac, e->opt_out);
		if (extended)
			buf_printf(out, ",%d,%d", e->volunteer_reviewed, e->extra_reviews);
		if (split)
			buf_printf(out, ",%d,%d", e->not_reviewed, e->not_reviewer);
		buf_putc(out, '\n');
	}
}

static int cmp_entry_code(const void *a, const void *b)
{
	return strcmp((*(const struct roster_entry *const *)a)->code,
		      (*(const struct roster_entry *const *)b)->code);
}

void roster_write_canonical(const struct roster *r, struct buf *out)
{
	const struct roster_entry **v = xmalloc((r->n + 1) * sizeof *v);
	for (size_t i = 0; i < r->n; i++)
		v[i] = &r->v[i];
	qsort(v, r->n, sizeof *v, cmp_entry_code);
	buf_printf(out, "%s,volunteer_reviewed,extra_reviews,not_reviewed,not_reviewer\n",
		   ROSTER_CSV_HEADER);
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_entry *e = v[i];
		const char *g = roster_group_code(e->group);
		buf_printf(out, "%s,", e->code);
		buf_put_csv(out, e->name);
		buf_printf(out, ",%s", g ? g : "");
		for (int k = 0; k < INSTR_COUNT; k++)
			buf_printf(out, ",%d", (e->instruments & INSTR_BIT(k)) ? 1 : 0);
		buf_printf(out, ",%d,%d,%d,%d,%d,%d\n", e->uncac, e->not_reviewed && e->not_reviewer,
			   e->volunteer_reviewed, e->extra_reviews, e->not_reviewed, e->not_reviewer);
	}
	free(v);
}

int roster_load_db(struct store *s, struct roster *out, char *err, size_t errlen)
{
	struct roster r = { 0 };
	size_t cap = 0;
	int rc = -1, step;
	/* One pass: a party comes once per instrument it holds (or once with
	 * NULL), in code order.  A volunteer signatory is reviewed on the
	 * instruments it signed. */
	struct store_stmt *st = store_prepare(s,
		"SELECT p.code, p.name, COALESCE(p.grp, ''), p.uncac, p.opt_out, "
		"p.volunteer_reviewed, p.extra_reviews, pi.instrument, p.not_reviewed, "
		"p.not_reviewer FROM parties p "
		"LEFT JOIN party_instruments pi ON pi.party = p.code AND "
		"(pi.status = 'party' OR p.volunteer_reviewed = 1) ORDER BY p.code");
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	while ((step = store_step(st)) == STORE_ROW) {
		const char *code = store_col_text(st, 0);
		if (r.n == 0 || strcmp(r.v[r.n - 1].code, code)) {
			struct roster_entry e = { 0 };
			util_strlcpy(e.code, code, sizeof e.code);
			e.group = roster_group_parse(store_col_text(st, 2));
			if (e.group == -2)
				e.group = GROUP_NONE;
			e.uncac = (int)store_col_int(st, 3);
			e.opt_out = (int)store_col_int(st, 4);
			/* opt_out (the reference data's column) is both choices. */
			e.not_reviewed = e.opt_out || store_col_int(st, 8);
			e.not_reviewer = e.opt_out || store_col_int(st, 9);
			e.opt_out = e.not_reviewed && e.not_reviewer;
			e.volunteer_reviewed = (int)store_col_int(st, 5);
			e.extra_reviews = (int)store_col_int(st, 6);
			if (r.n == cap) {
				cap = cap ? cap * 2 : 256;
				r.v = xreallocarray(r.v, cap, sizeof *r.v);
			}
			e.name = xstrdup(store_col_text(st, 1));
			r.v[r.n++] = e;
		}
		int k = roster_instrument_parse(store_col_text(st, 7));
		if (k >= 0)
			r.v[r.n - 1].instruments |= INSTR_BIT(k);
	}
	if (step < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	*out = r;
	r.v = NULL;
	r.n = 0;
	rc = 0;
out:
	roster_free(&r);
	store_finalize(st);
	return rc;
}

int roster_save_db(struct store *s, const struct roster *r, char *err, size_t errlen)
{
	int rc = -1, began = 0;
	struct store_stmt *up = NULL, *del = NULL, *ins = NULL, *name = NULL;
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	began = 1;
	up = store_prepare(s,
		"INSERT INTO parties (code, name, grp, type, un_status, uncac, opt_out, "
		"volunteer_reviewed, extra_reviews, not_reviewed, not_reviewer) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, grp = excluded.grp, "
		"uncac = excluded.uncac, opt_out = excluded.opt_out, "
		"not_reviewed = excluded.not_reviewed, not_reviewer = excluded.not_reviewer, "
		"volunteer_reviewed = excluded.volunteer_reviewed, "
		"extra_reviews = excluded.extra_reviews");
	/* Party status is replaced; a signature recorded in the reference data
	 * stays unless the roster now says the State is party. */
	del = store_prepare(s, "DELETE FROM party_instruments WHERE party = ? AND "
			       "status = 'party'");
	ins = store_prepare(s,
		"INSERT INTO party_instruments (party, instrument, status) VALUES (?, ?, ?) "
		"ON CONFLICT (party, instrument) DO UPDATE SET status = excluded.status");
	/* The roster carries the English name: a change follows into the names
	 * in six languages (refdata_state_name), marked as not the UN's. */
	name = store_prepare(s, "UPDATE party_names SET name = ?, source = 'roster' "
				"WHERE party = ? AND lang = 'en' AND name <> ?");
	if (!up || !del || !ins || !name) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_entry *e = &r->v[i];
		const char *g = roster_group_code(e->group);
		store_bind_text(up, 1, e->code);
		store_bind_text(up, 2, e->name);
		store_bind_text(up, 3, g);
		store_bind_text(up, 4, g ? "state" : "reio");
		store_bind_text(up, 5, g ? "member" : "reio");
		store_bind_int(up, 6, e->uncac);
		store_bind_int(up, 7, e->not_reviewed && e->not_reviewer);
		store_bind_int(up, 8, e->volunteer_reviewed);
		store_bind_int(up, 9, e->extra_reviews);
		store_bind_int(up, 10, e->not_reviewed);
		store_bind_int(up, 11, e->not_reviewer);
		if (store_step(up) != STORE_DONE) {
			snprintf(err, errlen, "line %zu: %s: %s", e->line, e->code, store_errmsg(s));
			goto out;
		}
		store_reset(up);
		store_bind_text(name, 1, e->name);
		store_bind_text(name, 2, e->code);
		store_bind_text(name, 3, e->name);
		if (store_step(name) != STORE_DONE) {
			snprintf(err, errlen, "line %zu: %s: %s", e->line, e->code, store_errmsg(s));
			goto out;
		}
		store_reset(name);
		store_bind_text(del, 1, e->code);
		if (store_step(del) != STORE_DONE) {
			snprintf(err, errlen, "%s", store_errmsg(s));
			goto out;
		}
		store_reset(del);
		for (int k = 0; k < INSTR_COUNT; k++) {
			if (!(e->instruments & INSTR_BIT(k)))
				continue;
			store_bind_text(ins, 1, e->code);
			store_bind_text(ins, 2, roster_instrument_code(k));
			/* For a volunteer signatory the flags name signed instruments. */
			store_bind_text(ins, 3, e->volunteer_reviewed &&
				!(e->instruments & INSTR_BIT(INSTR_UNTOC)) ? "signatory" : "party");
			if (store_step(ins) != STORE_DONE) {
				snprintf(err, errlen, "line %zu: %s: %s", e->line, e->code,
					 store_errmsg(s));
				goto out;
			}
			store_reset(ins);
		}
	}
	if (store_commit(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	began = 0;
	rc = 0;
out:
	store_finalize(up);
	store_finalize(del);
	store_finalize(ins);
	store_finalize(name);
	if (began)
		store_rollback(s);
	return rc;
}
