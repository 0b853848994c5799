/* demo.h - the demo content created by `revmech init --demo`.  It lives in
 * cli/ because it draws on every layer below (lots, web accounts, store). */
#ifndef RM_CLI_DEMO_H
#define RM_CLI_DEMO_H

#include <stddef.h>
#include <stdio.h>

struct store;

/* Creates the demo in a freshly loaded store: a drawn review programme,
 * one account per role (generated passwords printed once to out), a
 * review in progress, a technical-assistance provider, a channel request
 * and a blueprint adopted by the demo's own recorded decision, all marked
 * as demo data.  Each part is written in its own transaction by its
 * domain module.  Returns 0 or -1 with err set; nothing to free. */
int demo_create(struct store *s, FILE *out, char *err, size_t errlen);

#endif
