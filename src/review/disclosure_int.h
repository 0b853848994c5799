/* disclosure_int.h - what disclosure.c and disclosure_portal.c share
 * (internal to src/review; issue 10): the one reader of a reviewed State's
 * rows (its choices, the Secretariat's publications), oldest first. */
#ifndef RM_REVIEW_DISCLOSURE_INT_H
#define RM_REVIEW_DISCLOSURE_INT_H

#include <stddef.h>

struct store;
struct store_stmt;

/* Fills row (zeroed, of the caller's type) from the current row of st. */
typedef void (*disclosure_int_fill)(struct store_stmt *st, void *row);
/* Frees n rows of the caller's type and the array (disclosure_log_free...). */
typedef void (*disclosure_int_free)(void *rows, size_t n);

/* Runs sql (cached; one parameter, reviewed) and reads each row, by fill,
 * into a new array of *n elements of size bytes, given in *out (owned by
 * the caller, freed with free_rows).  Returns 0, or -1 on a store error
 * (what was read freed, *out NULL, *n 0). */
int disclosure_int_rows(struct store *s, const char *sql, const char *reviewed, size_t size,
			disclosure_int_fill fill, disclosure_int_free free_rows, void **out,
			size_t *n);

#endif
