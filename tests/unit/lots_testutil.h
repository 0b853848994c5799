/* lots_testutil.h - what the drawing-of-lots suites share (test_lots.c,
 * test_lots_redraw.c, and the store of test_lots_late, _events, _manual,
 * _optout, _params, _seed). */
#ifndef RM_LOTS_TESTUTIL_H
#define RM_LOTS_TESTUTIL_H

#include "testutil.h"

#include <string.h>

#include "core/refdata.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/util.h"

/* The shipped roster (data/states.csv) in the roster format. */
static inline void real_roster(struct buf *b)
{
	char *data = NULL, err[256];
	size_t len;
	assert_int_equal(util_read_file(RM_SRCDIR "/data/states.csv", 1u << 22, &data, &len, err,
					sizeof err), 0);
	struct csv_reader rd;
	csv_open(&rd, data, len);
	int col[13], first = 1;
	static const char *names[] = { "code", "name", "group", "untoc", "tip", "som", "firearms",
				       "uncac", "opt_out" };
	buf_puts(b, "code,name,group,untoc,tip,som,firearms,uncac,opt_out\n");
	while (csv_next(&rd, err, sizeof err) == 1) {
		if (first) {
			for (int k = 0; k < 9; k++) {
				col[k] = -1;
				for (size_t f = 0; f < rd.nfields; f++)
					if (!strcmp(rd.fields[f], names[k]))
						col[k] = (int)f;
				assert_true(col[k] >= 0);
			}
			first = 0;
			continue;
		}
		for (int k = 0; k < 9; k++) {
			const char *v = rd.fields[col[k]];
			if (k == 1) {
				buf_put_csv(b, v);
			} else {
				buf_puts(b, (k >= 3 && !*v) ? "0" : v);
			}
			buf_putc(b, k == 8 ? '\n' : ',');
		}
	}
	csv_close(&rd);
	free(data);
}

/* A new store for the lots suites, named name in the new directory *dir
 * (SQLite, or a database of the PostgreSQL test server): migrated, with
 * the reference data.  The caller closes it and removes *dir. */
static inline struct store *lots_tu_store(char **dir, const char *name)
{
	char path[512], err[512];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, name);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	return s;
}

/* The integer of a one-row query. */
static inline int64_t lots_tu_count(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t n = store_col_int(st, 0);
	store_finalize(st);
	return n;
}

/* A statement that returns no row. */
static inline void lots_tu_exec(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
}

/* The text of a one-row query; the caller frees it. */
static inline char *lots_tu_text(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	char *t = strdup(store_col_text(st, 0));
	store_finalize(st);
	return t;
}

#endif
