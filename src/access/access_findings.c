/* access_findings.c - who may read, draft, keep confidential and agree a
 * review's list of observations and its conference room paper, and who
 * reads and reports its technical-assistance follow-up (issue 10; paras
 * 38-39, 43-46; R102, R107-R118, B18, C46, C47).  Split out of access.c
 * with no change of rule; its only caller is access_check(). */
#include "access/access_int.h"

#include <string.h>

static const struct access_decision allow = { ACCESS_ALLOW, NULL, NULL };

static struct access_decision deny(enum access_result r, const char *code, const char *reason)
{
	struct access_decision d = { r, code, reason };
	return d;
}

struct access_decision access_int_findings(const struct access_actor *a, enum access_action act,
					   const struct access_object *obj)
{
	struct access_decision d;
	switch (act) {
	/* List of observations (issue 10; paras 38-39, R102, R107-R111, B18,
	 * C46, C47). */
	case ACCESS_LIST_READ: {
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		/* B18: the reviewed State, its reviewing States and the
		 * Secretariat read the list, draft or final; the other States
		 * parties see it only as the CRP (ACCESS_LIST_CRP_READ). */
		enum access_part part = access_review_part(a->user, obj->review);
		if (part == ACCESS_PART_SECRETARIAT)
			return allow;
		if (part == ACCESS_PART_NONE)
			return deny(ACCESS_DENY, "forbidden", "your State takes no part in this review");
		/* The reviewed State's people read its list as they read its
		 * dialogue (dialogue_member): an expert the items of the
		 * instruments it acts for (R20).  The final list's items that
		 * are not confidential reach every State party as the CRP. */
		if (part == ACCESS_PART_REVIEWED)
			return !obj->instrument || account_acts_for_instrument(a->user, obj->instrument)
				? allow : deny(ACCESS_DENY, "forbidden", "you do not act for this instrument");
		/* A supplementary reviewer reads the items of its instruments
		 * only (C47), an expert those it acts for (R20). */
		if (obj->instrument &&
		    (!access_review_in_charge(obj->review, a->user->state, obj->instrument) ||
		     !account_acts_for_instrument(a->user, obj->instrument)))
			return deny(ACCESS_DENY, "forbidden", "your State reviews other instruments");
		return allow;
	}
	case ACCESS_LIST_EDIT: {
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		/* Para 38: the reviewing States draw the list up, with the
		 * Secretariat's help, from the responses (R108): not before
		 * they are submitted.  The reviewed State agrees (and keeps
		 * items confidential); it does not draft. */
		enum access_part part = access_review_part(a->user, obj->review);
		if (part != ACCESS_PART_SECRETARIAT && part != ACCESS_PART_REVIEWER)
			return deny(ACCESS_DENY, "forbidden",
				    "the reviewing States and the Secretariat draft the list");
		if (part == ACCESS_PART_REVIEWER) {
			if (a->user->role == ROLE_OBSERVER)
				return deny(ACCESS_DENY, "forbidden", "observers read the list, they do not write");
			if (obj->instrument &&
			    (!access_review_in_charge(obj->review, a->user->state, obj->instrument) ||
			     !account_acts_for_instrument(a->user, obj->instrument)))
				return deny(ACCESS_DENY, "forbidden", "your State reviews other instruments");
		}
		return obj->submitted ? allow
			: deny(ACCESS_DENY, "not_submitted", "the list rests on the submitted responses");
	}
	case ACCESS_LIST_CONFIDENTIAL:
		/* Para 38, R102, R103: the reviewed State decides, through its
		 * named focal point, which items it keeps confidential. */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review || !obj->review->reviewed)
			return deny(ACCESS_DENY, "not_found", "no such review");
		return access_int_is_focal_point_of(a->user, obj->review->reviewed, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden", "only the reviewed State's focal point");
	case ACCESS_LIST_AGREE: {
		/* Para 39, R111: the reviewed State and each reviewing State
		 * agree, each through its named focal point (obj.focal_point_id
		 * is the one named for the actor's State); never the Secretariat. */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		enum access_part part = access_review_part(a->user, obj->review);
		if (part != ACCESS_PART_REVIEWED && part != ACCESS_PART_REVIEWER)
			return deny(ACCESS_DENY, "forbidden",
				    "the reviewed State and its reviewing States agree the list");
		return access_int_is_focal_point_of(a->user, a->user->state, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden", "only your State's named focal point agrees");
	}
	case ACCESS_LIST_CRP_READ:
		/* B18: every State party (and the working groups) sees the
		 * final list as a conference room paper, minus the items kept
		 * confidential (R109); stakeholders do not. */
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		return obj->submitted ? allow
			: deny(ACCESS_DENY, "not_final", "the list is not agreed yet");
	/* Follow-up (paras 43-46, R114-R118; B18 "Follow-up progress info"). */
	case ACCESS_FOLLOWUP_READ: {
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		enum access_part part = access_review_part(a->user, obj->review);
		if (part == ACCESS_PART_SECRETARIAT || part == ACCESS_PART_REVIEWED)
			return allow;
		/* Others, reviewers included, once the State has communicated
		 * it (para 46: "encouraged to communicate"). */
		return obj->submitted ? allow
			: deny(ACCESS_DENY, "forbidden", "the State has communicated no progress yet");
	}
	case ACCESS_FOLLOWUP_EDIT:
		/* The reviewed State reports, through its named focal point. */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review || !obj->review->reviewed)
			return deny(ACCESS_DENY, "not_found", "no such review");
		return access_int_is_focal_point_of(a->user, obj->review->reviewed, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden", "only the reviewed State's focal point reports");
	case ACCESS_TA_MANAGE:
		/* Para 45: the Secretariat seeks contributions and links the
		 * requests to providers. */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		return access_int_is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat links requests to providers");
	case ACCESS_TA_AGGREGATE_READ:
		/* Para 44: the working group on technical assistance (the
		 * States parties and the Secretariat) reads the aggregate; it
		 * names no State and ranks none (para 4 b, R136). */
		return access_check(a, ACCESS_REVIEWS_LIST, obj);
	/* ta (R117, R122; paras 44-45): the providers' register and the
	 * dissemination of the needs to them. */
	case ACCESS_TA_PROVIDERS_READ:
	case ACCESS_TA_PROVIDERS_EDIT:
		/* The Secretariat keeps the register (R117: "UNODC
		 * disseminates"); its contact addresses are nobody else's. */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		return access_int_is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat keeps the register of providers");
	case ACCESS_TA_DISSEMINATE:
		/* Para 45, R117: the Secretariat sends the needs of an agreed
		 * list, unless the reviewed State chose not to share them. */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!access_int_is_secretariat(a->user))
			return deny(ACCESS_DENY, "forbidden", "the Secretariat disseminates the needs");
		if (!obj || !obj->review || !obj->review->reviewed)
			return deny(ACCESS_DENY, "not_found", "no such review");
		if (!obj->submitted)
			return deny(ACCESS_DENY, "not_final", "the list of observations is not agreed yet");
		return obj->ta_withheld ? deny(ACCESS_DENY, "not_shared",
					       "the reviewed State chose not to share its needs")
			: allow;
	case ACCESS_TA_DISSEMINATION_READ:
		/* To whom a State's needs were sent: that State's people and
		 * the Secretariat (not the other States parties, as the
		 * requests, R116). */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->state || !*obj->state)
			return deny(ACCESS_DENY, "not_found", "no such State");
		if (access_int_is_secretariat(a->user))
			return allow;
		return account_role_has_state(a->user->role) && !strcmp(a->user->state, obj->state)
			? allow : deny(ACCESS_DENY, "forbidden", "the State's own people and the Secretariat");
	case ACCESS_TA_SHARING_SET:
		/* The reviewed State decides, through its named focal point;
		 * the Secretariat records its written request (as c44). */
		d = access_int_login(a);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->state || !*obj->state)
			return deny(ACCESS_DENY, "not_found", "no such State");
		if (access_int_is_focal_point_of(a->user, obj->state, obj->focal_point_id))
			return allow;
		if (!access_int_is_secretariat(a->user))
			return deny(ACCESS_DENY, "forbidden", "only the State's named focal point, or the "
				    "Secretariat on the State's written request");
		return obj->reference && *obj->reference ? allow : deny(ACCESS_DENY,
			"reference_required", "give the reference of the State's written request");
	default:
		break;
	}
	return deny(ACCESS_DENY, "forbidden", "unknown action");
}
