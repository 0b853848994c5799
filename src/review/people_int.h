/* people_int.h - shared by people.c and people_notice.c only. */
#ifndef REVMECH_PEOPLE_INT_H
#define REVMECH_PEOPLE_INT_H

#include <stddef.h>
#include <stdint.h>

struct account;
struct store;

/* Puts the store's error in err as an internal error; returns -1. */
int people_fail_store(struct store *s, char *err, size_t errlen);

/* The count of a query with one integer parameter, or -1. */
long long people_count_int(struct store *s, const char *sql, int64_t v);

/* Tells the account u just named focal point of state (para 18), in its
 * language, by e-mail and in the interface, in the caller's transaction.
 * 0 or -1. */
int people_named_notice(struct store *s, const char *state, const struct account *u);

#endif
