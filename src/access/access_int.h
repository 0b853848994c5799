/* access_int.h - internal to src/access/: the disclosure predicate
 * (access_disclosure.c), the list and follow-up rules (access_findings.c)
 * and the helpers of access.c they need.  Not for use outside
 * src/access/. */
#ifndef RM_ACCESS_ACCESS_INT_H
#define RM_ACCESS_ACCESS_INT_H

#include "access/access.h"

/* A complete login (TOTP done, enrolment not due). */
int access_int_signed_in(const struct access_actor *a);
int access_int_is_secretariat(const struct account *u);
/* A complete login, as a decision (the refusal to answer otherwise). */
struct access_decision access_int_login(const struct access_actor *a);
/* u is the focal point named for State code (named: the account id the
 * caller says is named, para 18). */
int access_int_is_focal_point_of(const struct account *u, const char *code, int64_t named);

/* The rules of the list of observations and the follow-up
 * (ACCESS_LIST_*, ACCESS_FOLLOWUP_*, ACCESS_TA_*): access_findings.c. */
struct access_decision access_int_findings(const struct access_actor *a, enum access_action act,
					   const struct access_object *obj);

/* The rules of the channels between experts (ACCESS_CHANNEL_*):
 * access_channel.c. */
struct access_decision access_int_channel(const struct access_actor *a, enum access_action act,
					  const struct access_object *obj);

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
