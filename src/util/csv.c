#include "util/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

void csv_open(struct csv_reader *r, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->p = data;
	r->end = data + len;
	r->line = 1;
	/* A UTF-8 byte-order mark is tolerated: spreadsheets write one. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

void csv_close(struct csv_reader *r)
{
	free(r->store);
	r->store = NULL;
}

int csv_next(struct csv_reader *r, char *err, size_t errlen)
{
	size_t used = 0;
	size_t offsets[CSV_MAX_FIELDS];

	/* Skip blank lines. */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;

	r->record_line = r->line;
	r->nfields = 0;
	size_t need = (size_t)(r->end - r->p) + CSV_MAX_FIELDS + 1;
	if (need > r->store_cap) {
		r->store = xrealloc(r->store, need);
		r->store_cap = need;
	}

	for (;;) {
		size_t col = r->nfields + 1;
		if (r->nfields == CSV_MAX_FIELDS) {
			snprintf(err, errlen, "line %zu: more than %d fields",
				 r->line, CSV_MAX_FIELDS);
			return -1;
		}
		offsets[r->nfields] = used;
		size_t start = used;
		if (r->p < r->end && *r->p == '"') {
			size_t open_line = r->line;
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					snprintf(err, errlen,
						 "line %zu, column %zu: unterminated quoted field",
						 open_line, col);
					return -1;
				}
				char c = *r->p++;
				if (c == '"') {
					if (r->p < r->end && *r->p == '"') {
						r->store[used++] = '"';
						r->p++;
						continue;
					}
					break;
				}
				if (c == '\n')
					r->line++;
				r->store[used++] = c;
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				snprintf(err, errlen,
					 "line %zu, column %zu: unexpected character after closing quote",
					 r->line, col);
				return -1;
			}
		} else {
			while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
				if (*r->p == '"') {
					snprintf(err, errlen,
						 "line %zu, column %zu: quote inside an unquoted field",
						 r->line, col);
					return -1;
				}
				r->store[used++] = *r->p++;
			}
		}
		if (used - start > CSV_MAX_FIELD_LEN) {
			snprintf(err, errlen, "line %zu, column %zu: field longer than %d bytes",
				 r->line, col, CSV_MAX_FIELD_LEN);
			return -1;
		}
		r->store[used++] = '\0';
		r->nfields++;
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		/* End of record. */
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
			r->line++;
		}
		break;
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->store + offsets[i];
	return 1;
}
