/* demo.c - demo content for `revmech init --demo`.
 *
 * The account and the draw come from the web (issue 4) and lots (issue 3)
 * modules; until they are wired in, the demo holds the reference data only. */
#include "core/demo.h"

int demo_create(struct store *s, FILE *out, char *err, size_t errlen)
{
	(void)s;
	(void)err;
	(void)errlen;
	fprintf(out, "revmech: demo accounts and draw arrive with the web and lots modules\n");
	return 0;
}
