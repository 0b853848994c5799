/* fuzz_sigpdf.c - export_verify_pdf() (`revmech summary verify`, issue 10,
 * R110-R111) on arbitrary bytes.  The file comes from anyone, offline, so
 * the check must never crash, leak or overrun: it answers valid (and then
 * the embedded document parses and says which review it is) or not valid
 * with a reason.  A valid answer also implies the signature verifies, so
 * flipping the byte the signature covers must turn it invalid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct export_check c;
	memset(&c, 0, sizeof c);
	int ok = export_verify_pdf((const char *)data, size, NULL, &c);
	if (ok != 0 && ok != 1)
		abort();
	if (ok == 1) {
		/* valid: a parsed document naming a review and a language */
		if (!c.sig.valid || !c.parsed || strlen(c.doc.state) != 3 ||
		    strlen(c.doc.lang) != 2 || c.doc.phase < 1)
			abort();
	} else if (c.sig.failed[0] == '\0') {
		abort(); /* every refusal says why */
	}
	export_check_free(&c);
	return 0;
}
