/* demo.h - the demo content created by `revmech init --demo`.  It lives in
 * cli/ because it draws on every layer below (lots, web accounts, store). */
#ifndef RM_CLI_DEMO_H
#define RM_CLI_DEMO_H

#include <stddef.h>
#include <stdio.h>

struct store;

/* Creates the demo in a freshly loaded store: a secretariat account whose
 * generated password is printed once to out, and a drawn review programme.
 * Returns 0 or -1 with err set. */
int demo_create(struct store *s, FILE *out, char *err, size_t errlen);

#endif
