/* access_int.h - internal to src/access/: the disclosure predicate
 * (access_disclosure.c) and the two helpers of access.c it needs.  Not
 * for use outside src/access/. */
#ifndef RM_ACCESS_ACCESS_INT_H
#define RM_ACCESS_ACCESS_INT_H

#include "access/access.h"

/* A complete login (TOTP done, enrolment not due). */
int access_int_signed_in(const struct access_actor *a);
int access_int_is_secretariat(const struct account *u);

/* How access_int_disclosed() matches item choices against obj. */
enum {
	ACCESS_INT_ITEM = 0,    /* obj is one item (its item or record), or a
				 * whole instrument, which no item choice opens */
	ACCESS_INT_LISTING = 1, /* obj without instrument nor item is a listing,
				 * which any choice of its phase lets through;
				 * the caller then asks item by item */
	ACCESS_INT_WHOLE = 2,   /* choices of a whole scope only: no item choice
				 * (thread, message, answer) ever matches */
};

/* Whether the reviewed State's disclosure choices in force open what
 * (enum access_disclosed) of obj (its review, phase, instrument, item,
 * record) to the actor, mode one of the above: see access_disclosure.c.
 * Pure. */
int access_int_disclosed(const struct access_actor *a, const struct access_object *obj,
			 int what, int mode);

#endif
