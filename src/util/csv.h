/* csv.h - RFC 4180 reader with line numbers for error messages.
 *
 * The reader works on a caller-owned memory block (which must outlive it) and
 * yields one record at a time.  Fields are copied into storage owned by the
 * reader and stay valid until the next csv_next() or csv_close(). */
#ifndef RM_UTIL_CSV_H
#define RM_UTIL_CSV_H

#include <stddef.h>

#define CSV_MAX_FIELDS 64
#define CSV_MAX_FIELD_LEN 4096

struct csv_reader {
	const char *p, *end;
	size_t line;          /* line where the next record starts (1-based) */
	size_t record_line;   /* line where the last returned record started */
	char *store;          /* field storage for the current record */
	size_t store_cap;
	char *fields[CSV_MAX_FIELDS];
	size_t nfields;
};

void csv_open(struct csv_reader *r, const char *data, size_t len);
/* Returns 1 with a record, 0 at end of input, -1 on a syntax error (err
 * receives "line L, column C: why"). Blank lines are skipped. */
int csv_next(struct csv_reader *r, char *err, size_t errlen);
void csv_close(struct csv_reader *r);

#endif
