/* lots_testutil.h - what the drawing-of-lots suites share (test_lots.c,
 * test_lots_redraw.c). */
#ifndef RM_LOTS_TESTUTIL_H
#define RM_LOTS_TESTUTIL_H

#include "testutil.h"

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

#endif
