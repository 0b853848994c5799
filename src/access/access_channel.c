/* access_channel.c - who asks for, sets up, reads and writes in the
 * channels between the governmental experts of a country review (issue
 * 10; annex para 33; spec R95, R96, R97; docs/channels.md).  Its only
 * caller is access_check().
 *
 * Para 33: "Le secrétariat fournit un appui administratif pour faciliter
 * la création de canaux de communication entre les experts gouvernementaux
 * participant à l'examen de pays, lorsque ceux-ci le demandent [...].  Le
 * secrétariat est tenu informé de toutes les communications faites par
 * l'intermédiaire de ce portail."  So:
 *
 * - the experts (and focal points) of a State that takes part in the
 *   review NOW (reviewed, or a current reviewer after every redraw, para
 *   30) ask, for a channel that names their own State; a focal-point
 *   account only while it is the one named for its State (para 18);
 * - the Secretariat sets it up or declines it, reads every channel and
 *   every request, and does not ask or write itself (its part is the
 *   administrative support and being kept informed);
 * - a channel is read and written by the focal points and experts of the
 *   States it names, while those States take part in the review; a
 *   replaced reviewer loses it as it loses the dialogue's threads;
 * - nobody else: other States, observers (not "experts"), stakeholders,
 *   the public.  The reviewed State's disclosure choices (paras 40, 41)
 *   are never consulted: a channel is not the reviewed State's dialogue
 *   to open, even when it takes part (docs/channels.md). */
#include "access/access_int.h"

#include <string.h>

static const struct access_decision allow = { ACCESS_ALLOW, NULL, NULL };

static struct access_decision deny(enum access_result r, const char *code, const char *reason)
{
	struct access_decision d = { r, code, reason };
	return d;
}

/* Whether the comma list names code; NULL or "" names none. */
static int names_state(const char *list, const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (!list || n == 0)
		return 0;
	for (const char *q = list; *q;) {
		size_t len = strcspn(q, ",");
		if (len == n && memcmp(q, code, n) == 0)
			return 1;
		q += len;
		if (*q == ',')
			q++;
	}
	return 0;
}

struct access_decision access_int_channel(const struct access_actor *a, enum access_action act,
					  const struct access_object *obj)
{
	struct access_decision d = access_check(a, ACCESS_REVIEWS_LIST, obj);
	if (d.result != ACCESS_ALLOW)
		return d;
	if (!obj || !obj->review || !obj->review->reviewed)
		return deny(ACCESS_DENY, "not_found", "no such review");
	if (access_int_is_secretariat(a->user)) {
		switch (act) {
		case ACCESS_CHANNEL_SET_UP:
		case ACCESS_CHANNEL_REQUESTS_READ:
		case ACCESS_CHANNEL_READ:
			/* R95, R96: it sets channels up and is kept informed of
			 * every communication. */
			return allow;
		case ACCESS_CHANNEL_REQUEST:
			return deny(ACCESS_DENY, "forbidden",
				    "the governmental experts ask for a channel, the Secretariat sets it up");
		default:
			return deny(ACCESS_DENY, "forbidden",
				    "the Secretariat is kept informed of a channel, it does not write in it");
		}
	}
	if (act == ACCESS_CHANNEL_SET_UP)
		return deny(ACCESS_DENY, "forbidden", "the Secretariat sets up the channels");
	if (a->user->role != ROLE_FOCAL_POINT && a->user->role != ROLE_EXPERT)
		return deny(ACCESS_DENY, "forbidden",
			    "the channels are the governmental experts' and focal points'");
	/* Para 30: the review as it is now; a replaced reviewer no longer
	 * takes part, whatever the channel names. */
	enum access_part part = access_review_part(a->user, obj->review);
	if (part != ACCESS_PART_REVIEWED && part != ACCESS_PART_REVIEWER)
		return deny(ACCESS_DENY, "forbidden", "your State takes no part in this review");
	if (obj->channel_states && !names_state(obj->channel_states, a->user->state))
		return deny(ACCESS_DENY, "forbidden", "this channel does not name your State");
	if (act == ACCESS_CHANNEL_REQUEST || act == ACCESS_CHANNEL_POST) {
		/* Para 18: one focal point at a time acts for its State. */
		if (a->user->role == ROLE_FOCAL_POINT &&
		    !access_int_is_focal_point_of(a->user, a->user->state, obj->focal_point_id))
			return deny(ACCESS_DENY, "forbidden", "only your State's named focal point "
				    "writes as its focal point");
	}
	return allow;
}
