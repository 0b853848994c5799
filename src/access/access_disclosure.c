/* access_disclosure.c - the one rule by which a reviewed State's
 * disclosure choices open reading (issue 10; paras 37, 40, 41; R98-R101,
 * B18; docs/disclosure.md).  Split out of access.c; its only caller is
 * access.c (ACCESS_DIALOGUE_READ, ACCESS_OBSERVATION_READ through the
 * dialogue's readers, ACCESS_RESPONSE_READ, ACCESS_ATTACHMENT_READ). */
#include "access/access_int.h"

#include <string.h>

/* The record id a message choice names ("message:<id>"), or NULL when the
 * item names something else (a thread, an answer, a document). */
static const char *message_of(const char *item)
{
	size_t n = sizeof ACCESS_MESSAGE_ITEM_PREFIX - 1;
	return strncmp(item, ACCESS_MESSAGE_ITEM_PREFIX, n) == 0 ? item + n : NULL;
}

/* Whether choice d is about obj: the same kind of material, a choice for
 * every phase (0) or obj->phase, for every instrument ("") or
 * obj->instrument, for the whole scope ("") or obj->item.  A listing (the
 * caller names neither instrument nor item, and then filters instrument
 * by instrument and item by item, as ACCESS_RESPONSE_READ with no
 * instrument) matches a choice of the phase for any instrument or item.
 * ACCESS_INT_WHOLE matches choices of a whole scope only, never an item
 * choice (the written observations, docs/disclosure.md). */
static int matches(const struct access_disclosure *d, const struct access_object *obj,
		   int what, int mode)
{
	if (d->what != what || (d->phase != 0 && d->phase != obj->phase))
		return 0;
	if (mode == ACCESS_INT_WHOLE && d->item[0])
		return 0;
	/* disc3 (F15): the State chooses what it has seen; material that
	 * came to be after the choice (a later message, answers submitted
	 * later) needs a new choice.  One-second resolution: material of the
	 * very second of the choice counts as existing. */
	if (d->at[0] && obj->since && strcmp(obj->since, d->at) > 0)
		return 0;
	if (mode == ACCESS_INT_LISTING && !obj->instrument && !obj->item)
		return 1;
	if (d->instrument[0] && (!obj->instrument || strcmp(d->instrument, obj->instrument) != 0))
		return 0;
	if (!d->item[0])
		return 1;
	/* R101: an item choice opens that item only, never its siblings nor
	 * the instrument as a whole; a message choice opens that one record
	 * of its thread and the documents sent with it, never the thread nor
	 * the thread's other records (disc2). */
	const char *rec = what == ACCESS_DISCLOSED_DIALOGUE ? message_of(d->item) : NULL;
	if (rec)
		return obj->record && (strcmp(rec, obj->record) == 0 ||
				       (obj->record_of && strcmp(rec, obj->record_of) == 0));
	return obj->item && strcmp(d->item, obj->item) == 0;
}

/* ACCESS_OPEN_PUBLIC opens to anyone, ACCESS_OPEN_STATES to the people of
 * States parties and the Secretariat with a complete login.  An object
 * that names no phase matches no choice, and its review's disclosure
 * members are then not read.  Monotone: a disclosure only ever adds
 * readers. */
/* The widest audience of the choices in force that match obj. */
static int audience_of(const struct access_object *obj, int what, int mode)
{
	int best = ACCESS_OPEN_NONE;
	if (!obj || obj->phase < 1 || obj->phase > 4 || !obj->review || !obj->review->disclosures)
		return ACCESS_OPEN_NONE;
	const struct access_review *r = obj->review;
	for (size_t i = 0; i < r->ndisclosures; i++) {
		const struct access_disclosure *d = &r->disclosures[i];
		if (matches(d, obj, what, mode) && d->audience > best)
			best = d->audience;
	}
	return best;
}

int access_disclosure_audience(const struct access_object *obj, int what)
{
	return audience_of(obj, what, ACCESS_INT_ITEM);
}

int access_int_disclosed(const struct access_actor *a, const struct access_object *obj,
			 int what, int mode)
{
	int best = audience_of(obj, what, mode);
	if (best == ACCESS_OPEN_PUBLIC)
		return 1;
	if (best != ACCESS_OPEN_STATES || !access_int_signed_in(a))
		return 0;
	/* All States parties (para 40): not a signatory's people (C33). */
	return access_int_is_secretariat(a->user) ||
	       (account_role_has_state(a->user->role) && !a->user->signatory);
}
