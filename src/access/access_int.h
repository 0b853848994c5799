/* access_int.h - internal to src/access/: the disclosure predicate
 * (access_disclosure.c) and the two helpers of access.c it needs.  Not
 * for use outside src/access/. */
#ifndef RM_ACCESS_ACCESS_INT_H
#define RM_ACCESS_ACCESS_INT_H

#include "access/access.h"

/* A complete login (TOTP done, enrolment not due). */
int access_int_signed_in(const struct access_actor *a);
int access_int_is_secretariat(const struct account *u);

/* Whether the reviewed State's disclosure choices in force open what
 * (enum access_disclosed) of obj (its review, phase, instrument, item)
 * to the actor: see access_disclosure.c.  Pure. */
int access_int_disclosed(const struct access_actor *a, const struct access_object *obj,
			 int what, int listing);

#endif
