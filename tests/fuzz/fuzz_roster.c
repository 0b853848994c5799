/* fuzz_roster.c - roster_parse_csv() on arbitrary bytes: it must either
 * accept the input (and then write it back to CSV that parses to the same
 * roster) or refuse it with a message; never crash, leak or overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster r, r2;
	char err[300];
	if (roster_parse_csv((const char *)data, size, &r, err, sizeof err) < 0) {
		if (err[0] == '\0')
			abort(); /* every refusal says why */
		return 0;
	}
	struct buf b = { 0 };
	roster_write_csv(&r, &b);
	if (roster_parse_csv(b.p, b.len, &r2, err, sizeof err) < 0 || r2.n != r.n)
		abort();
	for (size_t i = 0; i < r.n; i++)
		if (strcmp(r.v[i].code, r2.v[i].code) || strcmp(r.v[i].name, r2.v[i].name) ||
		    r.v[i].instruments != r2.v[i].instruments || r.v[i].group != r2.v[i].group)
			abort();
	roster_free(&r2);
	roster_free(&r);
	buf_free(&b);
	return 0;
}
