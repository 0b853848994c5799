/* publicity.h - who sees a State's focal point and experts in the
 * directory (issue 9; annex paras 18, 27; spec C44).
 *
 * The annex has the focal points and experts "diffusé ... sur le portail
 * SHERLOC" (para 27) without saying whether to the public or to States
 * parties only; C44 makes it a setting of each State: "states_parties"
 * (the default: its people are shown to the signed-in people of States
 * parties and to the Secretariat) or "public" (published on the portal,
 * to anyone).  Every change is a row of an append-only log (who, when,
 * the reference of the State's written request when the Secretariat
 * makes it).  This module records and reads only; who may change it and
 * what the setting shows to whom are access/'s (ACCESS_DIRECTORY_
 * PUBLICITY_SET, ACCESS_DIRECTORY_STATE_READ). */
#ifndef RM_REVIEW_PUBLICITY_H
#define RM_REVIEW_PUBLICITY_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define PUBLICITY_REFERENCE_MAX 200 /* bytes of a reference */

/* One change of a State's setting (or, when none was ever made, the
 * default: id 0, empty who and when). */
struct publicity_entry {
	int64_t id;
	char state[4];
	int publicity;           /* enum access_publicity (access/access.h) */
	char reference[PUBLICITY_REFERENCE_MAX + 1];
	int64_t by_id;
	char by[256];
	char at[32];
};

/* "states_parties" / "public" <-> enum access_publicity; parse gives -1
 * for anything else. */
int publicity_parse(const char *name);
const char *publicity_name(int publicity);

/* Records that state (alpha-3, a party) is now setting (a name that
 * publicity_parse() knows), by the account by_id (e-mail by), with the
 * reference of the State's written request (NULL or "" none; at most
 * PUBLICITY_REFERENCE_MAX bytes of UTF-8 without control characters).
 * One transaction.  Returns 0, or -1 with a one-line reason in err and
 * nothing changed. */
int publicity_set(struct store *s, const char *state, const char *setting,
		  const char *reference, int64_t by_id, const char *by, char *err,
		  size_t errlen);

/* The setting in force for state into *out (the default when none was
 * recorded).  Returns 1 recorded, 0 default, -1 on a store error. */
int publicity_get(struct store *s, const char *state, struct publicity_entry *out);

/* The settings in force of every State that has one, by State, into a
 * new array (caller frees).  0 or -1. */
int publicity_current(struct store *s, struct publicity_entry **out, size_t *n);

/* Every change of state's setting, oldest first, into a new array
 * (caller frees).  0 or -1. */
int publicity_history(struct store *s, const char *state, struct publicity_entry **out,
		      size_t *n);

/* The setting of state in the array of publicity_current() (the
 * default when it is not there). */
int publicity_of(const struct publicity_entry *cur, size_t n, const char *state);

#endif
