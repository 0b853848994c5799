/* uncac.h - the Secretariat's override of the UNCAC status a review uses
 * for footnote a of table 1 (issue 9; R41, C27), and the references to
 * other review mechanisms added one at a time (R73; refs.c).
 *
 * C27: Convention arts. 8 and 9 are examined only for a State not party to
 * UNCAC, the status evaluated at the start of the phase covering cluster
 * C1 (review/country.h's snapshot).  The Secretariat may record a
 * decision that sets the status used instead: reference, reason, who and
 * when, audited, each decision a new row (the latest in force), refused
 * once the phase's responses are submitted.  The questionnaire then shows
 * or hides the sections of arts. 8 and 9 accordingly; no answer is ever
 * deleted (a hidden section's answers are kept and shown again when a
 * later decision brings the section back).  Callers ask access/
 * (ACCESS_UNCAC_OVERRIDE) first. */
#ifndef RM_RESPONSE_UNCAC_H
#define RM_RESPONSE_UNCAC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "response/response.h"

struct store;

#define UNCAC_MAX_REFERENCE 120  /* characters of a decision's reference */
#define UNCAC_MAX_REASON 2000    /* characters of its reason */

/* Records that rv's phase uses uncac (1: the State counts as party to
 * UNCAC, arts. 8 and 9 not examined here; 0: not party, they are), by the
 * decision reference for reason, entered by who from ip (audited as
 * "response.uncac_override"), and brings the completion of every opened
 * instrument up to date (R76), all in one transaction.  Returns the new
 * decision's id, or with err set (msg_set) and nothing changed
 * UNCAC_BAD (bad input), UNCAC_REFUSED (the phase has not started: no
 * status to override; its cluster has no article with the UNCAC
 * condition; the responses are submitted), UNCAC_ERROR (store). */
#define UNCAC_BAD (-1)
#define UNCAC_REFUSED (-2)
#define UNCAC_ERROR (-3)
int64_t response_uncac_override(struct store *s, const struct response_review *rv, int uncac,
				const char *reference, const char *reason, const char *who,
				const char *ip, char *err, size_t errlen);

/* The UNCAC status of rv's phase as a new JSON object, or NULL on a store
 * error: {"applies": bool (the cluster has arts. with the condition),
 * "started": bool, "at_start": bool|null, "in_force": bool|null,
 * "overridden": bool, "decisions": [{"id", "uncac", "reference",
 * "reason", "decided_by", "decided_at"}, ...] oldest first}. */
json_t *response_uncac_json(struct store *s, const struct response_review *rv);

/* R73: adds one reference to information given to another review
 * mechanism (mechanism, document, date YYYY-MM-DD) to the current answer
 * of question, saved as a new version (response_save(): the same value,
 * the references so far and this one).  base_version is the version the
 * writer saw (a save in between is a conflict, nothing lost).  The
 * question must have an answer already.  Returns as response_save(), err
 * set (msg_set) for every result but RESPONSE_OK. */
enum response_rc response_reference_add(struct store *s, const struct response_review *rv,
					const struct response_qns *q, const char *question,
					int base_version, const char *mechanism,
					const char *document, const char *date, const char *who,
					int *new_version, char *err, size_t errlen);

/* R43, R76: when each opened instrument of rv's phase first had every
 * relevant section complete (the start of the country-review phase for
 * that instrument), into a new JSON array [{"instrument", "started_at"
 * (null: not yet), "completed_at" (null: not complete now)}] in table 1
 * order, or NULL on a store error. */
json_t *response_review_starts_json(struct store *s, const char *reviewed, int phase);

#endif
