/* refdata.c - loads the CSV files of data/ into the store; prints table 1. */
#include "core/refdata.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roster.h"
#include "store/store.h"
#include "util/csv.h"
#include "util/util.h"
#include "util/xmalloc.h"

#define REFDATA_MAX_BYTES (4u << 20)
#define MAX_COLS 16

/* A reference file whose columns map one to one onto an INSERT. */
struct simple_table {
	const char *file;
	const char *header[MAX_COLS];
	const char *sql;
};

static const struct simple_table simple_tables[] = {
	{ "instruments.csv",
	  { "code", "ord", "name_en", "name_fr", "short_en", "short_fr", "adopted", "in_force" },
	  "INSERT INTO instruments (code, ord, name_en, name_fr, short_en, short_fr, "
	  "adopted, in_force) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	{ "clusters.csv",
	  { "code", "ord", "name_en", "name_fr", "name_fr_t2" },
	  "INSERT INTO clusters (code, ord, name_en, name_fr, name_fr_t2) VALUES (?, ?, ?, ?, ?)" },
	{ "workplan.csv",
	  { "stage", "cluster", "first_year", "last_year" },
	  "INSERT INTO workplan (stage, cluster, first_year, last_year) VALUES (?, ?, ?, ?)" },
	{ "cohorts.csv",
	  { "cohort", "offset_years" },
	  "INSERT INTO cohorts (cohort, offset_years) VALUES (?, ?)" },
	{ "languages.csv",
	  { "code", "ord", "name_en", "name_fr", "native", "dir" },
	  "INSERT INTO languages (code, ord, name_en, name_fr, native, dir) VALUES (?, ?, ?, ?, ?, ?)" },
	{ "groups.csv",
	  { "code", "ord", "name_en", "name_fr" },
	  "INSERT INTO regional_groups (code, ord, name_en, name_fr) VALUES (?, ?, ?, ?)" },
	/* Table 2 (R191): working groups and the instruments each receives
	 * lists of observations for (issue 10, migration 0031). */
	{ "working-groups.csv",
	  { "code", "ord", "name_en", "name_fr" },
	  "INSERT INTO working_groups (code, ord, name_en, name_fr) VALUES (?, ?, ?, ?)" },
	{ "instrument-wgs.csv",
	  { "instrument", "wg" },
	  "INSERT INTO instrument_wgs (instrument, wg) VALUES (?, ?)" },
};

static const char *const states_header[] = {
	"code", "name", "name_fr", "type", "group", "untoc", "tip", "som", "firearms",
	"uncac", "signed", "opt_out", "un_status", NULL,
};
enum { S_CODE, S_NAME, S_NAME_FR, S_TYPE, S_GROUP, S_UNTOC, S_TIP, S_SOM, S_FIREARMS,
       S_UNCAC, S_SIGNED, S_OPT_OUT, S_UN_STATUS };

/* Reads datadir/file and checks its header; rd is ready for the rows. */
static int open_file(const char *datadir, const char *file, const char *const *header,
		     char **data, struct csv_reader *rd, size_t *ncols,
		     char *err, size_t errlen)
{
	char path[1024], why[300];
	size_t len, n = 0;
	snprintf(path, sizeof path, "%s/%s", datadir, file);
	if (util_read_file(path, REFDATA_MAX_BYTES, data, &len, err, errlen) < 0)
		return -1;
	csv_open(rd, *data, len);
	int got = csv_next(rd, why, sizeof why);
	if (got <= 0) {
		snprintf(err, errlen, "%s: %s", path, got < 0 ? why : "empty file");
		return -1;
	}
	while (header[n])
		n++;
	for (size_t c = 0; c < n || c < rd->nfields; c++) {
		if (c >= n || c >= rd->nfields || strcmp(rd->fields[c], header[c])) {
			snprintf(err, errlen, "%s: line 1, column %zu: header is '%s', expected '%s'",
				 path, c + 1, c < rd->nfields ? rd->fields[c] : "",
				 c < n ? header[c] : "(nothing)");
			return -1;
		}
	}
	*ncols = n;
	return 0;
}

/* Stores one data row of a reference file.  st holds the file's prepared
 * statements, f its fields (as many as the header), path "DIR/FILE" for
 * messages.  Returns 0, or -1 with err naming the line (and column). */
typedef int (*row_fn)(struct store *s, struct store_stmt **st, char **f, size_t ncols,
		      size_t line, const char *path, char *err, size_t errlen);

#define MAX_STMTS 3

/* The loop every reference file shares: read, check the header, prepare
 * sqls (NULL-terminated), hand each row to row(), clean up. */
static int load_file(struct store *s, const char *datadir, const char *file,
		     const char *const *header, const char *const *sqls, row_fn row,
		     char *err, size_t errlen)
{
	char *data = NULL, why[300], path[1024];
	struct csv_reader rd = { 0 };
	struct store_stmt *st[MAX_STMTS] = { 0 };
	size_t ncols, nst = 0;
	int rc = -1, got;

	snprintf(path, sizeof path, "%s/%s", datadir, file);
	if (open_file(datadir, file, header, &data, &rd, &ncols, err, errlen) < 0)
		goto out;
	for (; sqls[nst]; nst++) {
		assert(nst < MAX_STMTS);
		st[nst] = store_prepare(s, sqls[nst]);
		if (!st[nst]) {
			snprintf(err, errlen, "%s: %s", file, store_errmsg(s));
			goto out;
		}
	}
	while ((got = csv_next(&rd, why, sizeof why)) > 0) {
		if (rd.nfields != ncols) {
			snprintf(err, errlen, "%s: line %zu: %zu fields, expected %zu", path,
				 rd.record_line, rd.nfields, ncols);
			goto out;
		}
		if (row(s, st, rd.fields, ncols, rd.record_line, path, err, errlen) < 0)
			goto out;
	}
	if (got < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < MAX_STMTS; i++)
		store_finalize(st[i]);
	csv_close(&rd);
	free(data);
	return rc;
}

/* Columns map one to one onto the INSERT; empty fields are NULL. */
static int simple_row(struct store *s, struct store_stmt **st, char **f, size_t ncols,
		      size_t line, const char *path, char *err, size_t errlen)
{
	for (size_t c = 0; c < ncols; c++)
		store_bind_text(st[0], (int)c + 1, *f[c] ? f[c] : NULL);
	if (store_step(st[0]) != STORE_DONE) {
		snprintf(err, errlen, "%s: line %zu: %s", path, line, store_errmsg(s));
		return -1;
	}
	store_reset(st[0]);
	return 0;
}

/* One cell of table 1: "instrument,cluster,articles", articles
 * space-separated, '*' marking footnote a. */
static int table1_row(struct store *s, struct store_stmt **st, char **f, size_t ncols,
		      size_t line, const char *path, char *err, size_t errlen)
{
	(void)ncols;
	const char *p = f[2];
	int ord = 0;
	while (*p) {
		char tok[16];
		size_t n = strcspn(p, " ");
		if (n == 0) {
			p++;
			continue;
		}
		if (n >= sizeof tok) {
			snprintf(err, errlen, "%s: line %zu, column 3: bad article", path, line);
			return -1;
		}
		memcpy(tok, p, n);
		tok[n] = '\0';
		p += n;
		int cond = n > 1 && tok[n - 1] == '*';
		if (cond)
			tok[n - 1] = '\0';
		long art;
		if (util_parse_long(tok, 1, 999, &art) < 0) {
			snprintf(err, errlen, "%s: line %zu, column 3: '%s' is not an article number",
				 path, line, tok);
			return -1;
		}
		store_bind_text(st[0], 1, f[0]);
		store_bind_text(st[0], 2, f[1]);
		store_bind_int(st[0], 3, art);
		store_bind_int(st[0], 4, ++ord);
		store_bind_text(st[0], 5, cond ? "not_uncac" : "");
		if (store_step(st[0]) != STORE_DONE) {
			snprintf(err, errlen, "%s: line %zu: article %ld: %s", path, line, art,
				 store_errmsg(s));
			return -1;
		}
		store_reset(st[0]);
	}
	return 0;
}

/* One party: the parties row, then its status per instrument. */
static int states_row(struct store *s, struct store_stmt **st, char **f, size_t ncols,
		      size_t line, const char *path, char *err, size_t errlen)
{
	struct store_stmt *party = st[0], *instr = st[1];
	(void)ncols;
#define BAD(col, ...) do { \
	char why_[200]; snprintf(why_, sizeof why_, __VA_ARGS__); \
	snprintf(err, errlen, "%s: line %zu, column %d (%s): %s", \
		 path, line, (col) + 1, states_header[col], why_); return -1; } while (0)
	int g = roster_group_parse(f[S_GROUP]);
	if (g == -2)
		BAD(S_GROUP, "unknown regional group '%s'", f[S_GROUP]);
	if (g == GROUP_NONE && strcmp(f[S_TYPE], "reio"))
		BAD(S_GROUP, "a State must belong to a regional group");
	for (int c = S_UNTOC; c <= S_UNCAC; c++)
		if (strcmp(f[c], "0") && strcmp(f[c], "1"))
			BAD(c, "'%s' is not 0 or 1", f[c]);
	if (strcmp(f[S_OPT_OUT], "0") && strcmp(f[S_OPT_OUT], "1"))
		BAD(S_OPT_OUT, "'%s' is not 0 or 1", f[S_OPT_OUT]);
	store_bind_text(party, 1, f[S_CODE]);
	store_bind_text(party, 2, f[S_NAME]);
	store_bind_text(party, 3, f[S_NAME_FR]);
	store_bind_text(party, 4, f[S_TYPE]);
	store_bind_text(party, 5, roster_group_code(g));
	store_bind_text(party, 6, f[S_UN_STATUS]);
	store_bind_int(party, 7, f[S_UNCAC][0] == '1');
	store_bind_int(party, 8, f[S_OPT_OUT][0] == '1');
	if (store_step(party) != STORE_DONE)
		BAD(S_CODE, "%s: %s", f[S_CODE], store_errmsg(s));
	store_reset(party);
	/* English and French are UN names (docs/data-states.md). */
	for (int c = S_NAME; c <= S_NAME_FR; c++) {
		if (!*f[c])
			BAD(c, "empty name");
		store_bind_text(st[2], 1, f[S_CODE]);
		store_bind_text(st[2], 2, c == S_NAME ? "en" : "fr");
		store_bind_text(st[2], 3, f[c]);
		store_bind_text(st[2], 4, "un");
		if (store_step(st[2]) != STORE_DONE)
			BAD(c, "%s", store_errmsg(s));
		store_reset(st[2]);
	}
	for (int k = 0; k < INSTR_COUNT; k++) {
		if (f[S_UNTOC + k][0] != '1')
			continue;
		if (k != INSTR_UNTOC && f[S_UNTOC][0] != '1')
			BAD(S_UNTOC + k, "party to a Protocol but not to the Convention");
		store_bind_text(instr, 1, f[S_CODE]);
		store_bind_text(instr, 2, roster_instrument_code(k));
		store_bind_text(instr, 3, "party");
		if (store_step(instr) != STORE_DONE)
			BAD(S_UNTOC + k, "%s", store_errmsg(s));
		store_reset(instr);
	}
	/* Signed but not party: space-separated instrument codes. */
	const char *p = f[S_SIGNED];
	while (*p) {
		char tok[16];
		size_t n = strcspn(p, " ");
		if (n == 0) {
			p++;
			continue;
		}
		if (n >= sizeof tok)
			BAD(S_SIGNED, "bad instrument list");
		memcpy(tok, p, n);
		tok[n] = '\0';
		p += n;
		if (!strcmp(tok, "uncac"))
			continue; /* UNCAC signatures are not tracked per instrument */
		int k = roster_instrument_parse(tok);
		if (k < 0)
			BAD(S_SIGNED, "unknown instrument '%s'", tok);
		if (f[S_UNTOC + k][0] == '1')
			BAD(S_SIGNED, "'%s' is listed as signed but the State is party", tok);
		store_bind_text(instr, 1, f[S_CODE]);
		store_bind_text(instr, 2, tok);
		store_bind_text(instr, 3, "signatory");
		if (store_step(instr) != STORE_DONE)
			BAD(S_SIGNED, "%s", store_errmsg(s));
		store_reset(instr);
	}
#undef BAD
	return 0;
}

static const char *const table1_header[] = { "instrument", "cluster", "articles", NULL };
static const char *const table1_sql[] = {
	"INSERT INTO cluster_articles (instrument, cluster, article, ord, condition) "
	"VALUES (?, ?, ?, ?, ?)",
	NULL,
};
static const char *const states_sql[] = {
	"INSERT INTO parties (code, name, name_fr, type, grp, un_status, uncac, opt_out) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO party_instruments (party, instrument, status) VALUES (?, ?, ?)",
	"INSERT INTO party_names (party, lang, name, source) VALUES (?, ?, ?, ?)",
	NULL,
};

/* data/state-names.csv: the four languages that states.csv does not hold. */
static const char *const names_header[] = {
	"code", "name_ar", "src_ar", "name_zh", "src_zh", "name_ru", "src_ru",
	"name_es", "src_es", NULL,
};
static const char *const names_langs[] = { "ar", "zh", "ru", "es" };
/* Fresh load: every code must be a party; refresh (migrate): codes the
 * database does not have are skipped, names already there are replaced. */
static const char *const names_sql[] = {
	"INSERT INTO party_names (party, lang, name, source) VALUES (?, ?, ?, ?)",
	"SELECT 1 FROM parties WHERE code = ?",
	NULL,
};
static const char *const names_refresh_sql[] = {
	"INSERT INTO party_names (party, lang, name, source) VALUES (?, ?, ?, ?) "
	"ON CONFLICT (party, lang) DO UPDATE SET name = excluded.name, "
	"source = excluded.source",
	"SELECT 1 FROM parties WHERE code = ?",
	NULL,
};

static int names_row_common(struct store *s, struct store_stmt **st, char **f, int strict,
			    size_t line, const char *path, char *err, size_t errlen)
{
	int known;
	store_bind_text(st[1], 1, f[0]);
	known = store_step(st[1]) == STORE_ROW;
	store_reset(st[1]);
	if (!known) {
		if (!strict)
			return 0;
		snprintf(err, errlen, "%s: line %zu, column 1 (code): '%s' is not in states.csv",
			 path, line, f[0]);
		return -1;
	}
	for (int k = 0; k < 4; k++) {
		const char *name = f[1 + 2 * k], *src = f[2 + 2 * k];
		if (!*name) {
			snprintf(err, errlen, "%s: line %zu, column %d (%s): empty name", path,
				 line, 2 + 2 * k, names_header[1 + 2 * k]);
			return -1;
		}
		if (strcmp(src, "un") && strcmp(src, "icu")) {
			snprintf(err, errlen, "%s: line %zu, column %d (%s): '%s' is not un or icu",
				 path, line, 3 + 2 * k, names_header[2 + 2 * k], src);
			return -1;
		}
		store_bind_text(st[0], 1, f[0]);
		store_bind_text(st[0], 2, names_langs[k]);
		store_bind_text(st[0], 3, name);
		store_bind_text(st[0], 4, src);
		if (store_step(st[0]) != STORE_DONE) {
			snprintf(err, errlen, "%s: line %zu, column 1 (code): %s: %s", path, line,
				 f[0], store_errmsg(s));
			return -1;
		}
		store_reset(st[0]);
	}
	return 0;
}

static int names_row(struct store *s, struct store_stmt **st, char **f, size_t ncols,
		     size_t line, const char *path, char *err, size_t errlen)
{
	(void)ncols;
	return names_row_common(s, st, f, 1, line, path, err, errlen);
}

static int names_refresh_row(struct store *s, struct store_stmt **st, char **f, size_t ncols,
			     size_t line, const char *path, char *err, size_t errlen)
{
	(void)ncols;
	return names_row_common(s, st, f, 0, line, path, err, errlen);
}

/* Every party must have a name in each language: a party missing from
 * state-names.csv is an error naming the first one. */
static int names_check_complete(struct store *s, char *err, size_t errlen)
{
	int rc = -1, step;
	struct store_stmt *st = store_prepare(s,
		"SELECT p.code, l.code FROM parties p CROSS JOIN languages l "
		"WHERE NOT EXISTS (SELECT 1 FROM party_names n WHERE n.party = p.code "
		"AND n.lang = l.code) ORDER BY p.code, l.ord");
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	step = store_step(st);
	if (step == STORE_ROW)
		snprintf(err, errlen, "state-names.csv: no %s name for %s (every party of "
			 "states.csv needs a row)", store_col_text(st, 1), store_col_text(st, 0));
	else if (step < 0)
		snprintf(err, errlen, "%s", store_errmsg(s));
	else
		rc = 0;
	store_finalize(st);
	return rc;
}

/* Version 1 of the versioned workplan (migration 0037, review/workplan.h)
 * is what data/ ships: on a fresh database the migration ran before the
 * files were loaded, so its rows are copied here from workplan and
 * cohorts, once. */
static int workplan_seed(struct store *s, char *err, size_t errlen)
{
	/* A store held at an older schema (a test of a later migration) has
	 * no versioned workplan yet: migration 0037 copies it when it runs. */
	if (store_schema_version(s) < 37)
		return 0;
	static const char *const sql[] = {
		"INSERT INTO workplan_stages (version, stage, cluster, first_year, last_year) "
		"SELECT 1, stage, cluster, first_year, last_year FROM workplan WHERE NOT EXISTS "
		"(SELECT 1 FROM workplan_stages WHERE version = 1)",
		"INSERT INTO workplan_cohorts (version, cohort, offset_years) "
		"SELECT 1, cohort, offset_years FROM cohorts WHERE NOT EXISTS "
		"(SELECT 1 FROM workplan_cohorts WHERE version = 1)",
	};
	for (size_t i = 0; i < 2; i++) {
		struct store_stmt *st = store_prepare(s, sql[i]);
		int ok = st && store_step(st) == STORE_DONE;
		store_finalize(st);
		if (!ok) {
			snprintf(err, errlen, "workplan version 1: %s", store_errmsg(s));
			return -1;
		}
	}
	return 0;
}

int refdata_load(struct store *s, const char *datadir, char *err, size_t errlen)
{
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	for (size_t i = 0; i < sizeof simple_tables / sizeof simple_tables[0]; i++) {
		const struct simple_table *t = &simple_tables[i];
		const char *const sql[] = { t->sql, NULL };
		if (load_file(s, datadir, t->file, t->header, sql, simple_row, err, errlen) < 0)
			goto fail;
	}
	if (workplan_seed(s, err, errlen) < 0 ||
	    load_file(s, datadir, "table1.csv", table1_header, table1_sql, table1_row,
		      err, errlen) < 0 ||
	    load_file(s, datadir, "states.csv", states_header, states_sql, states_row,
		      err, errlen) < 0 ||
	    load_file(s, datadir, "state-names.csv", names_header, names_sql, names_row,
		      err, errlen) < 0 ||
	    names_check_complete(s, err, errlen) < 0)
		goto fail;
	if (store_commit(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto fail;
	}
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int refdata_refresh_names(struct store *s, const char *datadir, char *err, size_t errlen)
{
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	if (load_file(s, datadir, "state-names.csv", names_header, names_refresh_sql,
		      names_refresh_row, err, errlen) < 0)
		goto fail;
	if (store_commit(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto fail;
	}
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int refdata_state_name(struct store *s, const char *code, const char *lang, char *out,
		       size_t outlen)
{
	int rc = -1, step;
	if (outlen)
		out[0] = '\0';
	if (!code || !lang)
		return -1;
	/* Cached: the web server asks this for every State it shows. */
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT p.name, n.name FROM parties p LEFT JOIN party_names n "
		"ON n.party = p.code AND n.lang = ? WHERE p.code = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, lang);
	store_bind_text(st, 2, code);
	step = store_step(st);
	if (step == STORE_ROW) {
		int have = !store_col_is_null(st, 1);
		util_strlcpy_utf8(out, store_col_text(st, have ? 1 : 0), outlen);
		rc = have ? 0 : 1;
	}
	store_finalize(st);
	return rc;
}

int refdata_write_table1(struct store *s, struct buf *out, char *err, size_t errlen)
{
	int rc = -1, step;
	struct store_stmt *cells = store_prepare(s,
		"SELECT i.code, c.code FROM instruments i CROSS JOIN clusters c "
		"ORDER BY i.ord, c.ord");
	struct store_stmt *arts = store_prepare(s,
		"SELECT article, condition FROM cluster_articles "
		"WHERE instrument = ? AND cluster = ? ORDER BY ord");
	if (!cells || !arts) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	buf_puts(out, "instrument,cluster,articles\n");
	while ((step = store_step(cells)) == STORE_ROW) {
		buf_printf(out, "%s,%s,", store_col_text(cells, 0), store_col_text(cells, 1));
		store_bind_text(arts, 1, store_col_text(cells, 0));
		store_bind_text(arts, 2, store_col_text(cells, 1));
		int first = 1;
		while (store_step(arts) == STORE_ROW) {
			buf_printf(out, "%s%lld%s", first ? "" : " ",
				   (long long)store_col_int(arts, 0),
				   *store_col_text(arts, 1) ? "*" : "");
			first = 0;
		}
		store_reset(arts);
		buf_putc(out, '\n');
	}
	if (step < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	rc = 0;
out:
	store_finalize(cells);
	store_finalize(arts);
	return rc;
}

long long refdata_count_parties(struct store *s)
{
	return store_count(s, "SELECT COUNT(*) FROM parties", NULL);
}
