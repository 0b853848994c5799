/* access.c - see access.h.  The whole policy of the platform, one rule per
 * action; read it top to bottom.  Two parts live beside it, through
 * access_int.h: the rules of the list of observations and the follow-up
 * (access_findings.c) and the disclosure predicate (access_disclosure.c). */
#include "access/access.h"
#include "access/access_int.h"

#include <assert.h>
#include <string.h>

static const struct access_decision allow = { ACCESS_ALLOW, NULL, NULL };

static struct access_decision deny(enum access_result r, const char *code, const char *reason)
{
	struct access_decision d = { r, code, reason };
	return d;
}

/* TOTP is mandatory for the account and not set up: until it is, the
 * account reaches its own account pages only (and no API, hence no token
 * that would outlive the requirement). */
static int enrolment_due(const struct account *u)
{
	return u && u->totp_required && !u->totp_enabled;
}

/* A complete login; allow_enrol lets an account whose TOTP set-up is due
 * through (the account pages, where it sets it up). */
static struct access_decision signed_in(const struct access_actor *a, int allow_enrol)
{
	if (a->auth == ACCESS_ANONYMOUS || !a->user)
		return deny(ACCESS_NEED_LOGIN, "unauthenticated", "log in first");
	if (a->auth == ACCESS_MFA_PENDING)
		return deny(ACCESS_NEED_TOTP, "unauthenticated", "TOTP code due");
	if (!allow_enrol && enrolment_due(a->user))
		return deny(ACCESS_NEED_ENROL, "totp_required", "TOTP set-up due");
	return allow;
}

static int is_secretariat(const struct account *u)
{
	return u && u->role == ROLE_SECRETARIAT;
}

enum access_part access_review_part(const struct account *u, const struct access_review *r)
{
	if (!u || !r)
		return ACCESS_PART_NONE;
	if (is_secretariat(u))
		return ACCESS_PART_SECRETARIAT;
	/* A State's people (focal point, experts, observers) act for it. */
	if (!account_role_has_state(u->role) || !u->state[0])
		return ACCESS_PART_NONE;
	if (r->reviewed && strcmp(r->reviewed, u->state) == 0)
		return ACCESS_PART_REVIEWED;
	for (size_t i = 0; i < r->nreviewers; i++)
		if (r->reviewers[i] && strcmp(r->reviewers[i], u->state) == 0)
			return ACCESS_PART_REVIEWER;
	return ACCESS_PART_NONE;
}

/* Whether the comma list names word; a NULL or empty list names all. */
static int list_names(const char *list, const char *word)
{
	size_t n = word ? strlen(word) : 0;
	if (!list || !*list)
		return 1;
	if (n == 0)
		return 0;
	for (const char *q = list; *q;) {
		size_t len = strcspn(q, ",");
		if (len == n && memcmp(q, word, n) == 0)
			return 1;
		q += len;
		if (*q == ',')
			q++;
	}
	return 0;
}

int access_review_in_charge(const struct access_review *r, const char *state,
			    const char *instrument)
{
	if (!r || !state || !instrument)
		return 0;
	if (r->reviewed && strcmp(r->reviewed, state) == 0)
		return 1;
	for (size_t i = 0; i < r->nreviewers; i++)
		if (r->reviewers[i] && strcmp(r->reviewers[i], state) == 0)
			return list_names(r->reviewer_instruments ? r->reviewer_instruments[i] : NULL,
					  instrument);
	return 0;
}

/* The focal point named for State code (para 18: one at a time): an
 * account of that role and State, and the one the caller says is named. */
static int is_focal_point_of(const struct account *u, const char *code, int64_t named)
{
	return u && u->role == ROLE_FOCAL_POINT && code && u->state[0] &&
	       strcmp(u->state, code) == 0 && named != 0 && u->id == named;
}

int access_int_signed_in(const struct access_actor *a)
{
	return signed_in(a, 0).result == ACCESS_ALLOW;
}

struct access_decision access_int_login(const struct access_actor *a)
{
	return signed_in(a, 0);
}

int access_int_is_focal_point_of(const struct account *u, const char *code, int64_t named)
{
	return is_focal_point_of(u, code, named);
}

int access_int_is_secretariat(const struct account *u)
{
	return is_secretariat(u);
}

/* Who reads a review's written dialogue about an instrument: its threads
 * (ACCESS_DIALOGUE_READ, obj.review the thread's review) and the written
 * observations (ACCESS_OBSERVATION_READ, obj.review the country review).
 * The participants' rule for both; the reviewed State's disclosure
 * widens reading only, in dialogue_reader() below.
 * The Secretariat is informed of every communication (para 33, C43); a
 * State's people read what their State takes part in: a reviewer only the
 * instruments in its charge (a supplementary reviewer its Protocols, C47;
 * a thread names only the reviewers in charge of its instrument), an
 * expert only the instruments it acts for (R20). */
static struct access_decision dialogue_member(const struct access_actor *a,
					      const struct access_object *obj)
{
	struct access_decision d = access_check(a, ACCESS_REVIEWS_LIST, obj);
	if (d.result != ACCESS_ALLOW)
		return d;
	enum access_part part = access_review_part(a->user, obj ? obj->review : NULL);
	switch (part) {
	case ACCESS_PART_SECRETARIAT:
		return allow;
	case ACCESS_PART_NONE:
		return deny(ACCESS_DENY, "forbidden", "your State takes no part in this dialogue");
	default:
		break;
	}
	if (!obj->instrument)
		return deny(ACCESS_DENY, "forbidden", "you do not act for this instrument");
	if (part == ACCESS_PART_REVIEWER &&
	    !access_review_in_charge(obj->review, a->user->state, obj->instrument))
		return deny(ACCESS_DENY, "forbidden",
			    "your State reviews other instruments of this review");
	if (!account_acts_for_instrument(a->user, obj->instrument))
		return deny(ACCESS_DENY, "forbidden", "you do not act for this instrument");
	return allow;
}

/* Para 18: a State has one focal point at a time.  A focal-point account
 * writes in the dialogue only while it is the one named for its State
 * (obj.focal_point_id, which the dialogue's callers set to the focal
 * point named for the actor's own State); experts are not concerned. */
static struct access_decision acting_focal_point(const struct access_actor *a,
						 const struct access_object *obj)
{
	if (a->user->role != ROLE_FOCAL_POINT ||
	    is_focal_point_of(a->user, a->user->state, obj->focal_point_id))
		return allow;
	return deny(ACCESS_DENY, "forbidden", "only your State's named focal point writes as its "
		    "focal point");
}

/* Written observations are written by focal points and experts (not
 * observers) of the side that part names, on submitted responses only. */
static struct access_decision observation_writer(const struct access_actor *a,
						 const struct access_object *obj,
						 enum access_part part, const char *who)
{
	struct access_decision d = dialogue_member(a, obj);
	if (d.result != ACCESS_ALLOW)
		return d;
	if (access_review_part(a->user, obj->review) != part)
		return deny(ACCESS_DENY, "forbidden", who);
	if (a->user->role == ROLE_OBSERVER)
		return deny(ACCESS_DENY, "forbidden", "observers read the dialogue, they do not write");
	d = acting_focal_point(a, obj);
	if (d.result != ACCESS_ALLOW)
		return d;
	return obj->submitted ? allow
		: deny(ACCESS_DENY, "not_submitted", "the responses are not submitted yet");
}

/* The dialogue's readers: its participants (dialogue_member), and whoever
 * the reviewed State opened it to (para 40) or disclosed it to (para 41,
 * R98), through access_int_disclosed() (access_disclosure.c), mode
 * ACCESS_INT_ITEM for the threads and their records (a thread or message
 * choice opens its item), ACCESS_INT_WHOLE for the written observations
 * (only a choice of the dialogue of their phase and instrument opens
 * them: docs/disclosure.md).  Writing never follows a disclosure: the
 * writers' rules ask dialogue_member(). */
static struct access_decision dialogue_reader(const struct access_actor *a,
					      const struct access_object *obj, int mode)
{
	if (access_int_disclosed(a, obj, ACCESS_DISCLOSED_DIALOGUE, mode))
		return allow;
	return dialogue_member(a, obj);
}

struct access_decision access_check(const struct access_actor *a, enum access_action act,
				    const struct access_object *obj)
{
	struct access_decision d;
	assert(a);
	switch (act) {
	case ACCESS_ROUTE_PUBLIC:
		return allow;
	case ACCESS_ROUTE_MFA_STEP:
		if (a->auth == ACCESS_MFA_PENDING)
			return allow;
		if (a->auth == ACCESS_SIGNED_IN)
			return deny(ACCESS_NOT_PENDING, "not_pending", "no login is waiting for a code");
		return deny(ACCESS_NEED_LOGIN, "unauthenticated", "log in first");
	case ACCESS_ROUTE_SIGNED_IN:
		return signed_in(a, 0);
	case ACCESS_ROUTE_ENROL:
		return signed_in(a, 1);
	case ACCESS_ADMINISTER:
		/* Accounts, invitations and the audit log are the
		 * Secretariat's alone (R23, R97). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat's pages");
	case ACCESS_ACCOUNT_DISABLE:
		d = access_check(a, ACCESS_ADMINISTER, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->account)
			return deny(ACCESS_DENY, "not_found", "no such account");
		/* The Secretariat cannot lock itself out this way. */
		return obj->account->id != a->user->id ? allow
			: deny(ACCESS_DENY, "own_account", "one's own account cannot be disabled");
	case ACCESS_TOTP_RESET:
		/* The Secretariat recovers someone else's lost authenticator
		 * (issue 8); its own TOTP it turns off with a code, like anyone,
		 * so that a stolen Secretariat session cannot strip it. */
		d = access_check(a, ACCESS_ADMINISTER, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->account)
			return deny(ACCESS_DENY, "not_found", "no such account");
		return obj->account->id != a->user->id ? allow
			: deny(ACCESS_DENY, "own_account", "one's own TOTP is turned off with a code");
	case ACCESS_TOTP_DISABLE:
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return !a->user->totp_required ? allow
			: deny(ACCESS_DENY, "totp_required", "TOTP is mandatory");
	case ACCESS_TOKENS_MANAGE:
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		/* Tokens are made and revoked by a person logged in with a
		 * session (password, TOTP, CSRF), never by another token: a
		 * leaked token must not outlive its own revocation. */
		return !a->via_token ? allow
			: deny(ACCESS_DENY, "session_required", "token management needs a session");
	case ACCESS_REVIEWS_LIST:
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		/* The Secretariat and the people of States parties; the
		 * reviews are no business of stakeholders (para 53 gives
		 * them the constructive dialogue instead). */
		return is_secretariat(a->user) || account_role_has_state(a->user->role) ? allow
			: deny(ACCESS_DENY, "forbidden", "your role gives no access to reviews");
	case ACCESS_REVIEW_READ:
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		/* R26: a State sees the reviews it takes part in, as the State
		 * under review or as a reviewer; the Secretariat sees all. */
		return access_review_part(a->user, obj ? obj->review : NULL) != ACCESS_PART_NONE
			? allow : deny(ACCESS_DENY, "forbidden", "your State takes no part in this review");
	case ACCESS_PROGRAMME_READ:
		/* The programme is public under the procedures (paras 19-20:
		 * the drawing of lots and its result are made known), and
		 * anyone must be able to re-check a drawing: no login, any
		 * role.  It names States only; what a review contains is
		 * ACCESS_REVIEW_READ's. */
		return allow;
	case ACCESS_PEOPLE_EDIT:
		/* A State names its own governmental experts and shares out its
		 * work among them (paras 27, 32; R19-R20) through its focal
		 * point; the Secretariat helps (para 20).  Experts and
		 * observers read only. */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->state || !*obj->state)
			return deny(ACCESS_DENY, "not_found", "no such State");
		return is_secretariat(a->user) ||
		       is_focal_point_of(a->user, obj->state, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden", "only the State's focal point or the Secretariat");
	case ACCESS_FOCAL_POINT_NAME:
		/* The State designates its focal point (para 18); the
		 * Secretariat, which provides the credentials (para 20, R27),
		 * enters it, and the Permanent Representative's contact. */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->state || !*obj->state)
			return deny(ACCESS_DENY, "not_found", "no such State");
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat enters focal points");
	case ACCESS_DIRECTORY_READ:
		/* C44: focal points and experts are published to the States
		 * parties (paras 18, 27), not to stakeholders or the public. */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) || account_role_has_state(a->user->role) ? allow
			: deny(ACCESS_DENY, "forbidden", "the directory is for States parties");
	case ACCESS_DIRECTORY_STATE_READ:
		/* C44: States parties' people and the Secretariat see every
		 * State's entries; anyone else only a State's that published
		 * them on the portal (para 27). */
		d = access_check(a, ACCESS_DIRECTORY_READ, obj);
		return d.result == ACCESS_ALLOW || !obj || !obj->state || !*obj->state ||
		       obj->publicity != ACCESS_PUBLICITY_PUBLIC ? d : allow;
	case ACCESS_DIRECTORY_PUBLICITY_SET:
		/* C44: the State's named focal point (para 18) decides; the
		 * Secretariat only on the State's written request (reference). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->state || !*obj->state)
			return deny(ACCESS_DENY, "not_found", "no such State");
		if (is_focal_point_of(a->user, obj->state, obj->focal_point_id))
			return allow;
		if (!is_secretariat(a->user))
			return deny(ACCESS_DENY, "forbidden", "only the State's named focal point, or the "
				    "Secretariat on the State's written request");
		return obj->reference && *obj->reference ? allow : deny(ACCESS_DENY,
			"reference_required", "give the reference of the State's written request");
	case ACCESS_CONSULTATIONS_READ:
		/* The calendar and languages of a review are its participants'
		 * (para 31): as the review itself. */
		return access_check(a, ACCESS_REVIEW_READ, obj);
	case ACCESS_CONSULTATIONS_EDIT:
		/* The reviewed State records what it agreed with its reviewers
		 * through its focal point, with the Secretariat's help (para 31). */
		d = access_check(a, ACCESS_REVIEW_READ, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) || is_focal_point_of(a->user, obj->review->reviewed,
									       obj->focal_point_id)
			? allow : deny(ACCESS_DENY, "forbidden",
				       "only the reviewed State's focal point or the Secretariat");
	case ACCESS_ARCHIVE_HEAD:
		/* Heads and consistency proofs reveal nothing of the dialogue
		 * (hashes and a size), but they are the Mechanism's business:
		 * the people of States and the Secretariat, signed in (a
		 * participant's script may use its API token). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) || account_role_has_state(a->user->role) ? allow
			: deny(ACCESS_DENY, "forbidden", "your role takes no part in the Mechanism");
	case ACCESS_ARCHIVE_PROOF:
		d = access_check(a, ACCESS_ARCHIVE_HEAD, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		/* proof (issue 10; paras 21, 30): the proof of a record read by
		 * no one through the dialogue or a channel (an agreement to a
		 * list or summary, a thread's envelope, an observation's
		 * metadata; dialogue_record_readable() asks the dialogue's and
		 * the channels' own rules for the others): the Secretariat
		 * (para 33) and the participants of the review as it is now
		 * (after every redraw, para 30). */
		return access_review_part(a->user, obj ? obj->review : NULL) != ACCESS_PART_NONE
			? allow : deny(ACCESS_DENY, "forbidden", "your State takes no part in this thread");
	case ACCESS_DRAW_MANAGE:
		/* The Secretariat holds the drawing at the meeting (paras 28,
		 * 30); in a session of its own, never by an API token, which
		 * could be replayed from anywhere. */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!is_secretariat(a->user))
			return deny(ACCESS_DENY, "forbidden", "the Secretariat holds the drawing of lots");
		return !a->via_token ? allow
			: deny(ACCESS_DENY, "session_required", "the drawing of lots needs a session");
	case ACCESS_DIALOGUE_READ:
		return dialogue_reader(a, obj, ACCESS_INT_ITEM);
	case ACCESS_DIALOGUE_POST: {
		/* A disclosure opens reading, never writing. */
		d = dialogue_member(a, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		/* Focal points and experts write; observers follow (para 27
		 * names the experts who take part). */
		if (a->user->role == ROLE_OBSERVER)
			return deny(ACCESS_DENY, "forbidden", "observers read the dialogue, they do not write");
		return acting_focal_point(a, obj);
	}
	/* Self-assessment responses (issue 9; B18, paras 20, 34, 40, C15,
	 * C47, R24).  obj.review is the review, obj.phase its phase,
	 * obj.instrument the instrument concerned (NULL: the whole
	 * questionnaire), obj.submitted whether the phase's responses are. */
	case ACCESS_QUESTIONNAIRE_READ:
		/* The blank questionnaire: every State party's people and the
		 * Secretariat (B18; para 21: it is on the portal). */
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		return obj && obj->review ? allow : deny(ACCESS_DENY, "not_found", "no such review");
	case ACCESS_RESPONSE_EDIT:
		/* Drafts are written by the reviewed State: its focal point, and
		 * its experts for the instruments they act for (R20); never the
		 * Secretariat (R24) nor observers; nothing after submission. */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review || !obj->review->reviewed)
			return deny(ACCESS_DENY, "not_found", "no such review");
		if (!account_role_has_state(a->user->role) ||
		    strcmp(a->user->state, obj->review->reviewed) != 0 ||
		    (a->user->role != ROLE_FOCAL_POINT && a->user->role != ROLE_EXPERT))
			return deny(ACCESS_DENY, "forbidden",
				    "only the reviewed State's focal point and experts answer");
		if (a->user->role == ROLE_EXPERT && obj->instrument &&
		    !account_acts_for_instrument(a->user, obj->instrument))
			return deny(ACCESS_DENY, "forbidden", "you are not an expert for this instrument");
		/* b18x (issue 10, R24, para 18): a focal point answers only as
		 * the one NAMED for the State (obj.focal_point_id), as it
		 * submits; another focal-point account of the State does not. */
		if (a->user->role == ROLE_FOCAL_POINT &&
		    !is_focal_point_of(a->user, obj->review->reviewed, obj->focal_point_id))
			return deny(ACCESS_DENY, "forbidden",
				    "only the reviewed State's named focal point answers");
		return !obj->submitted ? allow
			: deny(ACCESS_DENY, "submitted", "the responses are submitted");
	case ACCESS_RESPONSE_SUBMIT:
		/* Only the reviewed State's NAMED focal point communicates its
		 * responses (R24, paras 18, 34), as for its people and its
		 * consultations: not another focal-point account of that State,
		 * not its Permanent Representative's contact (no account acts
		 * for it), not the Secretariat, which helps but never submits. */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review || !obj->review->reviewed)
			return deny(ACCESS_DENY, "not_found", "no such review");
		return is_focal_point_of(a->user, obj->review->reviewed, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden",
			       "only the reviewed State's named focal point submits");
	case ACCESS_RESPONSE_READ:
	case ACCESS_ATTACHMENT_READ: {
		/* Lead decision C15/C47 (session 4): access is monotone -- no
		 * actor has fewer rights because it also holds a role in the
		 * review.  Drafts are the reviewed State's, and the Secretariat's
		 * only while the reviewed State asks for its support (B18 "on
		 * request (support)"; probe s8 F23: obj.support_open, a request
		 * recorded by response/support.c).  Once submitted, a review's
		 * responses and the documents of its answers are read by every
		 * State party's people in the secure module (para 40, C15) and
		 * the Secretariat; a signatory's people only in their own review
		 * (C33).  C47 narrows what a supplementary reviewer does AS
		 * REVIEWER (dialogue, observations, its workspace: the
		 * instruments in its charge), not what it reads as a State
		 * party: the read is allowed and audited with its part,
		 * "state_party" rather than "reviewer" (access_read_part()).
		 * Never public (para 41 disclosure is another artefact). */
		/* summ: submitted answers, or their documents, the reviewed
		 * State disclosed (para 41) or asked to publish (para 37);
		 * drafts never.  Answers asked about as a whole (no
		 * instrument) are allowed when some instrument is disclosed:
		 * the caller lists only what ACCESS_RESPONSE_READ allows per
		 * instrument (web/respctx.c). */
		if (obj && obj->submitted &&
		    access_int_disclosed(a, obj, act == ACCESS_RESPONSE_READ
						 ? ACCESS_DISCLOSED_RESPONSES
						 : ACCESS_DISCLOSED_DOCUMENTS, ACCESS_INT_LISTING))
			return allow;
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		enum access_part part = access_review_part(a->user, obj->review);
		if (part == ACCESS_PART_REVIEWED)
			return allow;
		if (part == ACCESS_PART_SECRETARIAT)
			return obj->submitted || obj->support_open ? allow
				: deny(ACCESS_DENY, "forbidden", "the Secretariat reads draft responses "
				       "only while the reviewed State asks for its support (B18)");
		if (!obj->submitted)
			return deny(ACCESS_DENY, "forbidden", "draft responses are the reviewed State's");
		if (part == ACCESS_PART_REVIEWER)
			return allow;
		/* disc3 (F14; para 40, B18 "Supplementary documentation": all
		 * States parties only if the State opts in): the documents of
		 * the answers are not the responses; other States parties read
		 * them once the State chose `documents` for `states` (or
		 * disclosed them), through access_int_disclosed() above. */
		if (act == ACCESS_ATTACHMENT_READ)
			return deny(ACCESS_DENY, "forbidden",
				    "the documents of the answers are opened to other States "
				    "parties only by the reviewed State's choice (paragraph 40)");
		return !obj->actor_signatory && !a->user->signatory ? allow
			: deny(ACCESS_DENY, "forbidden",
			       "a signatory reads the responses of its own review only (C33)");
	}
	case ACCESS_OBSERVATION_READ:
		/* Para 35: as the dialogue (dialogue_reader), but a disclosure
		 * opens them only when the State chose to disclose the dialogue
		 * of their phase and instrument (paras 40, 41): never with one
		 * thread, one message or the answer they are about (disc2). */
		return dialogue_reader(a, obj, ACCESS_INT_WHOLE);
	case ACCESS_OBSERVATION_POST:
		/* Para 35, R86: the reviewing States comment on the responses,
		 * ask for clarification and put supplementary questions. */
		return observation_writer(a, obj, ACCESS_PART_REVIEWER,
					  "only the reviewing States make written observations");
	case ACCESS_OBSERVATION_REPLY:
		/* ... and the reviewed State answers them. */
		return observation_writer(a, obj, ACCESS_PART_REVIEWED,
					  "only the reviewed State replies to observations");
	/* List of observations and follow-up (issue 10; paras 38-39, 43-46;
	 * R102, R107-R118, B18, C46, C47): access_findings.c. */
	case ACCESS_LIST_READ:
	case ACCESS_LIST_EDIT:
	case ACCESS_LIST_CONFIDENTIAL:
	case ACCESS_LIST_AGREE:
	case ACCESS_LIST_CRP_READ:
	case ACCESS_FOLLOWUP_READ:
	case ACCESS_FOLLOWUP_EDIT:
	case ACCESS_TA_MANAGE:
	case ACCESS_TA_AGGREGATE_READ:
	case ACCESS_TA_PROVIDERS_READ:
	case ACCESS_TA_PROVIDERS_EDIT:
	case ACCESS_TA_DISSEMINATE:
	case ACCESS_TA_DISSEMINATION_READ:
	case ACCESS_TA_SHARING_SET:
		return access_int_findings(a, act, obj);
	/* summ (issue 10): summaries (paras 38-39, R110, R111, R145, B18),
	 * disclosure (paras 37, 40, 41, R98-R103), the overview (R140). */
	case ACCESS_SUMMARY_READ:
		/* An official document once final (B18: presumed public). */
		if (obj && obj->review && obj->final)
			return allow;
		d = access_check(a, ACCESS_REVIEWS_LIST, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review)
			return deny(ACCESS_DENY, "not_found", "no such review");
		/* The draft is the review's (the reviewed State, every
		 * reviewing State, a supplementary reviewer too: it agrees to
		 * the summary, para 39; the Secretariat); once agreed, every
		 * State party's, made available to the Conference (para 38). */
		if (access_review_part(a->user, obj->review) != ACCESS_PART_NONE || obj->agreed)
			return allow;
		return deny(ACCESS_DENY, "forbidden", "a summary not yet agreed is the review's "
			    "participants'");
	case ACCESS_SUMMARY_EDIT: {
		/* The reviewing States draw up the summary in close
		 * cooperation with the reviewed State, with the Secretariat's
		 * help (para 38): their focal points and experts; observers
		 * read. */
		d = access_check(a, ACCESS_REVIEW_READ, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		enum access_part part = access_review_part(a->user, obj->review);
		if (part == ACCESS_PART_SECRETARIAT)
			return allow;
		/* Para 18: a focal-point account writes while it is the one
		 * named for its State (obj.focal_point_id: the actor's own
		 * State's, as for the dialogue's writes). */
		return a->user->role == ROLE_FOCAL_POINT || a->user->role == ROLE_EXPERT
			? acting_focal_point(a, obj)
			: deny(ACCESS_DENY, "forbidden", "observers read the summary, they do not "
			       "write it");
	}
	case ACCESS_SUMMARY_TRANSLATE:
		/* The Secretariat provides translation (para 50, R145). */
		d = access_check(a, ACCESS_REVIEW_READ, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat translates the summary");
	case ACCESS_SUMMARY_AGREE: {
		/* Each party State agrees (para 39, R111) through its named
		 * focal point (para 18), for its own State only. */
		d = access_check(a, ACCESS_REVIEW_READ, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		const struct access_review *r = obj->review;
		int party = obj->state && r->reviewed && strcmp(obj->state, r->reviewed) == 0;
		for (size_t i = 0; obj->state && i < r->nreviewers; i++)
			party |= r->reviewers[i] && strcmp(r->reviewers[i], obj->state) == 0;
		return party && is_focal_point_of(a->user, obj->state, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden", "only the named focal point of a party to the "
			       "review agrees, for its own State");
	}
	case ACCESS_DISCLOSURE_MAKE:
		/* The reviewed State alone (paras 40, 41, 37), through its
		 * named focal point; not the Secretariat, not its reviewers. */
		d = access_check(a, ACCESS_REVIEW_READ, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_focal_point_of(a->user, obj->review->reviewed, obj->focal_point_id) ? allow
			: deny(ACCESS_DENY, "forbidden", "only the reviewed State's named focal point "
			       "discloses");
	case ACCESS_DISCLOSURE_READ:
		/* The choices are seen by the review's participants (R103). */
		return access_check(a, ACCESS_REVIEW_READ, obj);
	case ACCESS_OVERVIEW_READ:
		/* The Secretariat's working view (R140): counts and deadlines,
		 * no ranking (para 4 b). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat's overview");
	case ACCESS_PARAMS_RECORD:
		/* The Secretariat enters what the Conference decided (R38); no
		 * randomness is involved, so a personal API token may do it as
		 * a session may (unlike ACCESS_DRAW_MANAGE). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat records the parameters the "
			       "Conference decided");
	case ACCESS_INVITE_ON_BEHALF:
		/* Invitations come from the Secretariat (R23): the account named
		 * as their sender must be one of its accounts, still enabled. */
		return obj && obj->account && is_secretariat(obj->account) && !obj->account->disabled
			? allow : deny(ACCESS_DENY, "forbidden", "invitations come from an enabled "
				       "Secretariat account");
	case ACCESS_BLUEPRINT_EDIT:
		/* R112: the blueprint's content is the expert group's and the
		 * Conference's; the Secretariat enters each version the
		 * Conference adopted, as it enters the parameters (R38). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat enters the blueprint the "
			       "Conference adopted");
	case ACCESS_UNCAC_OVERRIDE:
		/* C27: the Secretariat may override the UNCAC status taken at
		 * the start of the phase (footnote a of table 1); nobody else,
		 * the reviewed State included.  Whether the responses are
		 * submitted is the domain's refusal (response/uncac.h). */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		if (!obj || !obj->review || !obj->review->reviewed)
			return deny(ACCESS_DENY, "not_found", "no such review");
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat overrides the UNCAC status");
	case ACCESS_NOTIFICATIONS_OWN: /* notif (issue 9): nobody reads another's */
		d = signed_in(a, 0);
		if (d.result != ACCESS_ALLOW)
			return d;
		return obj && obj->account && obj->account->id == a->user->id ? allow
			: deny(ACCESS_DENY, "not_found", "no such notification of yours");
	case ACCESS_PORTAL_PUBLISH:
		/* Para 37: the reviewed State asks, the Secretariat publishes
		 * (R98); nobody else, the State included. */
		d = access_check(a, ACCESS_REVIEW_READ, obj);
		if (d.result != ACCESS_ALLOW)
			return d;
		return is_secretariat(a->user) ? allow
			: deny(ACCESS_DENY, "forbidden", "the Secretariat publishes in the public "
			       "part of the portal");
	case ACCESS_PROGRESS_REPORT_READ:
		/* B18: public once uploaded to the public part; else as the
		 * follow-up (communicated or not). */
		if (obj && obj->review && obj->publicity == ACCESS_PUBLICITY_PUBLIC)
			return allow;
		return access_check(a, ACCESS_FOLLOWUP_READ, obj);
	/* chan (issue 10; para 33): the channels between experts. */
	case ACCESS_CHANNEL_REQUEST:
	case ACCESS_CHANNEL_REQUESTS_READ:
	case ACCESS_CHANNEL_SET_UP:
	case ACCESS_CHANNEL_READ:
	case ACCESS_CHANNEL_POST:
		return access_int_channel(a, act, obj);
	case ACCESS_ACTION_COUNT:
		break;
	}
	return deny(ACCESS_DENY, "forbidden", "unknown action");
}

const char *access_read_part(const struct access_actor *a, enum access_action act,
			     const struct access_object *obj)
{
	assert(act == ACCESS_RESPONSE_READ || act == ACCESS_ATTACHMENT_READ);
	if (access_check(a, act, obj).result != ACCESS_ALLOW)
		return NULL;
	switch (access_review_part(a->user, obj->review)) {
	case ACCESS_PART_REVIEWED:
		return "reviewed";
	case ACCESS_PART_SECRETARIAT:
		return "secretariat";
	case ACCESS_PART_REVIEWER:
		/* In charge of the instrument (a read that names none is the
		 * reviewer's view of the review, instrument by instrument). */
		return !obj->instrument || access_review_in_charge(obj->review, a->user->state,
								    obj->instrument)
			? "reviewer" : "state_party";
	case ACCESS_PART_NONE:
		break;
	}
	return "state_party";
}

int access_allowed(const struct access_actor *a, enum access_action act,
		   const struct access_object *obj)
{
	return access_check(a, act, obj).result == ACCESS_ALLOW;
}

const char *access_action_name(enum access_action act)
{
	static const char *const names[] = {
		[ACCESS_ROUTE_PUBLIC] = "route_public",
		[ACCESS_ROUTE_MFA_STEP] = "route_mfa_step",
		[ACCESS_ROUTE_SIGNED_IN] = "route_signed_in",
		[ACCESS_ROUTE_ENROL] = "route_enrol",
		[ACCESS_ADMINISTER] = "administer",
		[ACCESS_ACCOUNT_DISABLE] = "account_disable",
		[ACCESS_TOTP_RESET] = "totp_reset",
		[ACCESS_TOTP_DISABLE] = "totp_disable",
		[ACCESS_TOKENS_MANAGE] = "tokens_manage",
		[ACCESS_REVIEWS_LIST] = "reviews_list",
		[ACCESS_REVIEW_READ] = "review_read",
		[ACCESS_PROGRAMME_READ] = "programme_read",
		[ACCESS_PEOPLE_EDIT] = "people_edit",
		[ACCESS_FOCAL_POINT_NAME] = "focal_point_name",
		[ACCESS_DIRECTORY_READ] = "directory_read",
		[ACCESS_CONSULTATIONS_READ] = "consultations_read",
		[ACCESS_CONSULTATIONS_EDIT] = "consultations_edit",
		[ACCESS_ARCHIVE_HEAD] = "archive_head",
		[ACCESS_ARCHIVE_PROOF] = "archive_proof",
		[ACCESS_DRAW_MANAGE] = "draw_manage",
		[ACCESS_DIALOGUE_READ] = "dialogue_read",
		[ACCESS_DIALOGUE_POST] = "dialogue_post",
		[ACCESS_QUESTIONNAIRE_READ] = "questionnaire_read",
		[ACCESS_RESPONSE_EDIT] = "response_edit",
		[ACCESS_RESPONSE_SUBMIT] = "response_submit",
		[ACCESS_RESPONSE_READ] = "response_read",
		[ACCESS_ATTACHMENT_READ] = "attachment_read",
		[ACCESS_OBSERVATION_READ] = "observation_read",
		[ACCESS_OBSERVATION_POST] = "observation_post",
		[ACCESS_OBSERVATION_REPLY] = "observation_reply",
		[ACCESS_LIST_READ] = "list_read",
		[ACCESS_LIST_EDIT] = "list_edit",
		[ACCESS_LIST_CONFIDENTIAL] = "list_confidential",
		[ACCESS_LIST_AGREE] = "list_agree",
		[ACCESS_LIST_CRP_READ] = "list_crp_read",
		[ACCESS_FOLLOWUP_READ] = "followup_read",
		[ACCESS_FOLLOWUP_EDIT] = "followup_edit",
		[ACCESS_TA_MANAGE] = "ta_manage",
		[ACCESS_TA_AGGREGATE_READ] = "ta_aggregate_read",
		/* summ (issue 10) */
		[ACCESS_SUMMARY_READ] = "summary_read",
		[ACCESS_SUMMARY_EDIT] = "summary_edit",
		[ACCESS_SUMMARY_TRANSLATE] = "summary_translate",
		[ACCESS_SUMMARY_AGREE] = "summary_agree",
		[ACCESS_DISCLOSURE_MAKE] = "disclosure_make",
		[ACCESS_DISCLOSURE_READ] = "disclosure_read",
		[ACCESS_OVERVIEW_READ] = "overview_read",
		[ACCESS_PARAMS_RECORD] = "params_record",
		[ACCESS_UNCAC_OVERRIDE] = "uncac_override",
		/* c44 (issue 9, C44) */
		[ACCESS_DIRECTORY_STATE_READ] = "directory_state_read",
		[ACCESS_DIRECTORY_PUBLICITY_SET] = "directory_publicity_set",
		[ACCESS_NOTIFICATIONS_OWN] = "notifications_own",
		[ACCESS_PORTAL_PUBLISH] = "portal_publish",
		[ACCESS_PROGRESS_REPORT_READ] = "progress_report_read",
		/* chan (issue 10, para 33) */
		[ACCESS_CHANNEL_REQUEST] = "channel_request",
		[ACCESS_CHANNEL_REQUESTS_READ] = "channel_requests_read",
		[ACCESS_CHANNEL_SET_UP] = "channel_set_up",
		[ACCESS_CHANNEL_READ] = "channel_read",
		[ACCESS_CHANNEL_POST] = "channel_post",
		[ACCESS_TA_PROVIDERS_READ] = "ta_providers_read",
		[ACCESS_TA_PROVIDERS_EDIT] = "ta_providers_edit",
		[ACCESS_TA_DISSEMINATE] = "ta_disseminate",
		[ACCESS_TA_DISSEMINATION_READ] = "ta_dissemination_read",
		[ACCESS_TA_SHARING_SET] = "ta_sharing_set",
		[ACCESS_BLUEPRINT_EDIT] = "blueprint_edit",
		[ACCESS_INVITE_ON_BEHALF] = "invite_on_behalf",
	};
	return (unsigned)act < ACCESS_ACTION_COUNT && names[act] ? names[act] : "?";
}
