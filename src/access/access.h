/* access.h - who may do what to which artefact: the one place that decides
 * (issue 7; spec R23-R27, R26, appendix B18).
 *
 * Every page, API call, export and e-mail asks access_check() before it
 * shows or changes anything, in the way HotCRP centralises its can_view_*
 * checks; no other module compares roles to decide.  The rules are plain
 * code over the actor (how it authenticated, its account's role and State)
 * and the artefact, with no I/O: the caller loads the artefact (a review
 * with its reviewers) and this module judges it, so the whole policy can
 * be read in access.c and tested as a table (tests/unit/test_access.c).
 *
 * The country-review issues add actions and artefacts here (questionnaire,
 * responses, dialogue, lists, summaries: the matrix of spec B18). */
#ifndef RM_ACCESS_ACCESS_H
#define RM_ACCESS_ACCESS_H

#include <stddef.h>

#include "accounts/account.h"

/* How far the actor has authenticated. */
enum access_auth {
	ACCESS_ANONYMOUS = 0,  /* no session, no token */
	ACCESS_MFA_PENDING,    /* password given, TOTP code still due */
	ACCESS_SIGNED_IN,      /* a complete login, or a personal API token */
};

struct access_actor {
	enum access_auth auth;
	const struct account *user; /* NULL when anonymous */
	int via_token;              /* authenticated by a personal API token */
};

/* The actions.  ACCESS_ROUTE_* are what the route table asks before a
 * handler runs; the others name an operation on an artefact. */
enum access_action {
	ACCESS_ROUTE_PUBLIC = 0, /* anyone: home, login, invitation links */
	ACCESS_ROUTE_MFA_STEP,   /* the TOTP step of a login half done */
	ACCESS_ROUTE_SIGNED_IN,  /* any page or API call of a signed-in user */
	ACCESS_ROUTE_ENROL,      /* account pages, allowed while TOTP set-up is due */
	ACCESS_ADMINISTER,       /* users, invitations, audit log, platform figures */
	ACCESS_ACCOUNT_DISABLE,  /* object.account: disable or enable it */
	ACCESS_TOTP_RESET,       /* object.account: clear its two-step verification */
	ACCESS_TOTP_DISABLE,     /* turn off one's own two-step verification */
	ACCESS_TOKENS_MANAGE,    /* create or revoke one's own API tokens */
	ACCESS_REVIEWS_LIST,     /* see the reviews of the programme at all */
	ACCESS_REVIEW_READ,      /* object.review: one country review */
	ACCESS_PROGRAMME_READ,   /* the programme as published: who reviews whom
				  * when, the drawing events and their files */
	/* Country reviews: people and consultations (issue 9). */
	ACCESS_PEOPLE_EDIT,      /* object.state: name or remove its governmental
				  * experts, share out its reviewing work (R19-R20) */
	ACCESS_FOCAL_POINT_NAME, /* object.state: name or end its focal point, enter
				  * its Permanent Representative (paras 18, R17-R18) */
	ACCESS_DIRECTORY_READ,   /* the directory of focal points and experts (C44) */
	ACCESS_CONSULTATIONS_READ, /* object.review: its agreed calendar and languages */
	ACCESS_CONSULTATIONS_EDIT, /* object.review: record them (para 31, R83-R84) */
	/* archive (issue 10): */
	ACCESS_ARCHIVE_HEAD,     /* the archive's signed tree head and consistency
				  * proofs: no content, the Mechanism's participants */
	ACCESS_ARCHIVE_PROOF,    /* object.review (the record's review as it is
				  * now): the inclusion proof (and salt) of an
				  * archived record that is no item of the
				  * dialogue or a channel (agreements, envelopes,
				  * observation metadata); the items' proofs
				  * follow their read rules
				  * (dialogue_record_readable()) */
	ACCESS_DRAW_MANAGE,      /* prepare and hold drawing events, record redraw
				  * requests and decisions (issue 12) */
	/* dialogue (issue 10): object.review is the thread's review (the
	 * reviewed State and the reviewing States stored with the thread),
	 * object.instrument its instrument; for the writes (DIALOGUE_POST,
	 * OBSERVATION_POST and _REPLY) .focal_point_id is the focal point
	 * named for the actor's own State (para 18: only that one of its
	 * focal-point accounts writes). */
	ACCESS_DIALOGUE_READ,    /* read a thread and its items */
	ACCESS_DIALOGUE_POST,    /* open a thread, archive an item in it */
	/* Self-assessment responses (issue 9): object.review with .phase,
	 * .instrument (NULL: the whole questionnaire) and .submitted. */
	ACCESS_QUESTIONNAIRE_READ, /* the blank questionnaire of a review's phase */
	ACCESS_RESPONSE_EDIT,    /* write a draft answer or add a document */
	ACCESS_RESPONSE_SUBMIT,  /* submit the responses, add the note of para 42 */
	ACCESS_RESPONSE_READ,    /* read the answers (draft or submitted) */
	ACCESS_ATTACHMENT_READ,  /* download a document of an answer */
	/* Written observations (issue 10; para 35, R86): object.review is the
	 * country review (with reviewer_instruments), .instrument the
	 * instrument of the question, .phase, .submitted. */
	ACCESS_OBSERVATION_READ, /* read the observations and replies on an instrument */
	ACCESS_OBSERVATION_POST, /* a reviewer's comment, request for clarification
				  * or supplementary question (after submission) */
	ACCESS_OBSERVATION_REPLY, /* the reviewed State's reply to one */
	/* List of observations and follow-up (issue 10; paras 38-39, 43-46;
	 * R102, R107-R118, B18, C46, C47).  object.review is the review,
	 * .instrument the instrument of the items concerned (NULL: the list
	 * as a whole; the caller then asks again per instrument), .phase the
	 * phase; .submitted is, for ACCESS_LIST_EDIT, whether the phase's
	 * responses are submitted, for ACCESS_LIST_CRP_READ whether the list
	 * is final (agreed by every party), for ACCESS_FOLLOWUP_READ whether
	 * the reviewed State has communicated progress information (para 46);
	 * .focal_point_id is the focal point named for the reviewed State
	 * (ACCESS_LIST_CONFIDENTIAL, ACCESS_FOLLOWUP_EDIT) or for the actor's
	 * own State (ACCESS_LIST_AGREE). */
	ACCESS_LIST_READ,        /* read the list's items (draft or final) */
	ACCESS_LIST_EDIT,        /* draft items: the reviewing States, the Secretariat helping */
	ACCESS_LIST_CONFIDENTIAL, /* keep an item confidential (the reviewed State, R102) */
	ACCESS_LIST_AGREE,       /* record one's State's agreement (para 39, R111) */
	ACCESS_LIST_CRP_READ,    /* the conference room paper of a working group (R109) */
	ACCESS_FOLLOWUP_READ,    /* a review's technical-assistance follow-up (R115-R118) */
	ACCESS_FOLLOWUP_EDIT,    /* report the status of needs and progress (para 46) */
	ACCESS_TA_MANAGE,        /* link requests to providers (para 45, R116) */
	ACCESS_TA_AGGREGATE_READ, /* the working group's aggregate of needs (para 44, R114) */
	/* summ (issue 10): summaries, disclosure, the Secretariat's overview.
	 * Summaries: object.review with .agreed (every party agreed to the
	 * current drafting version) and .final (this language version is an
	 * official document: docs/summaries.md). */
	ACCESS_SUMMARY_READ,     /* read a language version of a phase's summary */
	ACCESS_SUMMARY_EDIT,     /* write the drafting-language text */
	ACCESS_SUMMARY_TRANSLATE, /* request, write and move the translations (R145) */
	ACCESS_SUMMARY_AGREE,    /* object.state: agree for that party State, through
				  * its named focal point (object.focal_point_id) */
	ACCESS_DISCLOSURE_MAKE,  /* object.review: record a disclosure choice of the
				  * reviewed State (its named focal point) */
	ACCESS_DISCLOSURE_READ,  /* object.review: read the log of those choices */
	ACCESS_OVERVIEW_READ,    /* the Secretariat's overview of the programme (R140) */
	/* params (issue 12, R38): record a version of the parameters of the
	 * drawing of lots with the Conference decision that set it.  Reading
	 * them is ACCESS_PROGRAMME_READ (public decisions). */
	ACCESS_PARAMS_RECORD,
	/* q9 (issue 9; R41, C27): object.review with .phase. */
	ACCESS_UNCAC_OVERRIDE,   /* record the UNCAC status a review's phase uses for
				  * Convention arts. 8 and 9 (the Secretariat) */
	/* c44 (issue 9; paras 18, 27; C44): the directory, State by State. */
	ACCESS_DIRECTORY_STATE_READ, /* object.state, .publicity: that State's focal
				      * point and experts in the directory */
	ACCESS_DIRECTORY_PUBLICITY_SET, /* object.state, .focal_point_id, .reference:
					 * change that State's setting */
	/* notif (issue 9): object.account is the owner of the notifications
	 * read or marked read: one's own only (the Secretariat too). */
	ACCESS_NOTIFICATIONS_OWN,
	/* disc (issue 10; para 37, R98): object.review -- the Secretariat
	 * publishes in the public part of the portal what the reviewed State
	 * asked it to (a 'portal' request in force, checked by the domain).
	 * undo: ending a publication is the same action -- who may put
	 * material in the public part may take it out, so a mistaken
	 * publication is never left standing for want of a second rule. */
	ACCESS_PORTAL_PUBLISH,
	/* disc (B18 "Follow-up progress info", R104, R118): one progress
	 * report; object.review, .submitted whether it was communicated,
	 * .publicity ACCESS_PUBLICITY_PUBLIC when the reviewed State uploaded
	 * it to the public part (anyone reads it, without login).  Uploading it
	 * is ACCESS_FOLLOWUP_EDIT (the reviewed State's named focal point), and
	 * so is withdrawing it from the public part (undo): the same actor. */
	ACCESS_PROGRESS_REPORT_READ,
	/* chan (issue 10; para 33; R95, R96, R97; docs/channels.md): the
	 * channels between the governmental experts of a country review.
	 * object.review is the review as it is NOW (its current reviewers,
	 * after every redraw, para 30), object.channel_states the comma list
	 * of the States a request or channel names (NULL: the question is
	 * asked of the review as a whole -- may the actor ask for some channel,
	 * list the requests at all).  Rules in access_channel.c.  The
	 * reviewed State's disclosure choices never apply (docs/channels.md). */
	ACCESS_CHANNEL_REQUEST,  /* ask the Secretariat to set up a channel */
	ACCESS_CHANNEL_REQUESTS_READ, /* see a request (or the list) and its outcome */
	ACCESS_CHANNEL_SET_UP,   /* set a requested channel up, or decline it */
	ACCESS_CHANNEL_READ,     /* read a channel and its items */
	ACCESS_CHANNEL_POST,     /* archive an item in a channel */
	/* ta (issue 10; R117, R122; paras 44-45; docs/followup.md): the
	 * register of technical-assistance providers the Secretariat keeps
	 * (providers have no account: they get mail). */
	ACCESS_TA_PROVIDERS_READ,  /* the register, its contact addresses and history */
	ACCESS_TA_PROVIDERS_EDIT,  /* add a provider, record a change to one */
	/* object.review, .submitted whether its list is agreed, .ta_withheld
	 * whether the reviewed State chose not to share its needs: send the
	 * needs of that list to providers (the Secretariat). */
	ACCESS_TA_DISSEMINATE,
	/* object.state: to whom that State's needs were sent and its choice
	 * (the Secretariat and that State's people). */
	ACCESS_TA_DISSEMINATION_READ,
	/* object.state, .focal_point_id, .reference: the State's choice
	 * "share my technical-assistance needs with providers" (its named
	 * focal point; the Secretariat on its written request). */
	ACCESS_TA_SHARING_SET,
	/* outline (paras 15, 38; R108, R112): enter a version of the
	 * blueprint of lists and summaries, adopted by a recorded Conference
	 * decision: the Secretariat, by session or API token (as
	 * ACCESS_PARAMS_RECORD).  Reading it is ACCESS_PROGRAMME_READ (a
	 * Conference document, public). */
	ACCESS_BLUEPRINT_EDIT,
	/* object.account: may invitations be made in that account's name
	 * (`revmech user invite --by`, whose operator holds the database and
	 * names the Secretariat account the invitation comes from, R23): an
	 * enabled Secretariat account.  The actor is not asked. */
	ACCESS_INVITE_ON_BEHALF,
	ACCESS_ACTION_COUNT
};

/* summ (issue 10; paras 37, 40, 41; R98-R101, R103): one disclosure
 * choice of a reviewed State in force, as review/disclosure.h reads it. */
enum access_disclosed {
	ACCESS_DISCLOSED_DIALOGUE = 1, /* its dialogue threads and their items */
	ACCESS_DISCLOSED_DOCUMENTS,    /* documents of its answers */
	ACCESS_DISCLOSED_RESPONSES,    /* its submitted answers */
};
enum access_audience {
	ACCESS_OPEN_NONE = 0,
	ACCESS_OPEN_STATES,   /* every State party's people, signed in (para 40) */
	ACCESS_OPEN_PUBLIC,   /* anyone, signed in or not (para 41, or para 37 on request) */
};
struct access_disclosure {
	int what;             /* enum access_disclosed */
	int phase;            /* 1..4; 0 every phase */
	char instrument[12];  /* instruments.code; "" every instrument */
	int audience;         /* enum access_audience */
	/* disc (issue 10, R101: "tout ou partie"): one item only, or "" the
	 * whole scope -- a submitted answer (its question id), a document
	 * (attachments.id), a dialogue thread (archive_threads.id in
	 * decimal) or one archived record of a thread (disc2:
	 * ACCESS_MESSAGE_ITEM_PREFIX and its id).  An item choice carries its
	 * item's phase and instrument. */
	char item[40];
	/* disc3 (F15; paras 40, 41): when the choice was made (ISO 8601 UTC,
	 * as util_now_iso()), "" unknown.  A choice opens the material that
	 * existed then (struct access_object.since), not what comes later. */
	char at[32];
};

/* c44 (C44; para 27): a State's setting for the directory. */
enum access_publicity {
	ACCESS_PUBLICITY_STATES = 0, /* the default: States parties' people, signed in */
	ACCESS_PUBLICITY_PUBLIC,     /* published on the portal (para 27): anyone */
};

/* A country review as the policy sees it: the reviewed State and the
 * States currently reviewing it (R26), the instruments each reviewer is in
 * charge of (para 28 b, C47) and the state of each phase (R90).  Callers
 * that know only the first three members leave the others zero. */
struct access_review {
	const char *reviewed;
	const char *const *reviewers;
	size_t nreviewers;
	/* Parallel to reviewers: the comma list of instruments.code each is in
	 * charge of; a NULL array, a NULL entry or "" means all of them. */
	const char *const *reviewer_instruments;
	/* Per phase 1..nphases (index phase-1): enum phase_state
	 * (review/phase.h), -1 when the phase has no state yet; NULL unknown. */
	const int *phase_states;
	size_t nphases;
	/* summ: the reviewed State's disclosure choices in force; NULL none. */
	const struct access_disclosure *disclosures;
	size_t ndisclosures;
};

/* The artefact an action concerns; the member the action names is
 * required, the others are ignored. */
struct access_object {
	const struct account *account; /* ACCESS_ACCOUNT_DISABLE, ACCESS_TOTP_RESET,
					* ACCESS_NOTIFICATIONS_OWN (the owner) */
	const struct access_review *review; /* ACCESS_REVIEW_READ, ACCESS_CONSULTATIONS_*,
					     * ACCESS_ARCHIVE_PROOF, ACCESS_DIALOGUE_* */
	const char *state;             /* ACCESS_PEOPLE_EDIT, ACCESS_FOCAL_POINT_NAME:
					* the State (alpha-3) whose people change */
	/* ACCESS_PEOPLE_EDIT, ACCESS_CONSULTATIONS_EDIT: the account id of the
	 * focal point named for that State (for consultations, the reviewed
	 * State), 0 when none is (review/people.h): one focal point at a time
	 * acts for its State (para 18), not every account of that role. */
	int64_t focal_point_id;
	const char *instrument;        /* instruments.code: ACCESS_DIALOGUE_* the thread's;
					* ACCESS_RESPONSE_* the instrument answered, NULL all */
	int phase;                     /* ACCESS_RESPONSE_*, ACCESS_ATTACHMENT_READ,
					* ACCESS_QUESTIONNAIRE_READ: the phase 1..4 */
	int submitted;                 /* the phase's responses are submitted */
	/* ACCESS_RESPONSE_READ, ACCESS_ATTACHMENT_READ: the actor's State is a
	 * signatory reviewed as a volunteer (para 52), not a State party: it
	 * reads the submitted responses of its own review only (C33).  0 for a
	 * State party (the caller looks it up), ignored for other actors. */
	int actor_signatory;
	int agreed;                    /* ACCESS_SUMMARY_*: the summary is agreed */
	int final;                     /* ACCESS_SUMMARY_READ: an official document */
	/* c44: ACCESS_DIRECTORY_STATE_READ, the setting of object.state (enum
	 * access_publicity); ACCESS_DIRECTORY_PUBLICITY_SET, the reference of
	 * the State's written request the Secretariat acts on (NULL or "":
	 * none given). */
	int publicity;
	const char *reference;
	/* disc (R101): the one item read, matched against item-scoped
	 * disclosure choices: ACCESS_RESPONSE_READ the question id of one
	 * answer, ACCESS_ATTACHMENT_READ the document's id, ACCESS_DIALOGUE_READ
	 * the thread's id in decimal; NULL when the read is not of one item
	 * (an item choice then does not apply). */
	const char *item;
	/* disc2 (R101, para 41): ACCESS_DIALOGUE_READ, ACCESS_OBSERVATION_READ
	 * of one archived record of a thread: its id (archive seq) in
	 * decimal, matched against the message choices (item
	 * ACCESS_MESSAGE_ITEM_PREFIX "<id>"); NULL when the read is of a thread
	 * as a whole (a message choice then does not apply). */
	const char *record;
	/* disc2: the message (its record id in decimal) that record was sent
	 * with, for a document attached to a message (dialogue/): a message
	 * choice opens its documents too; NULL none. */
	const char *record_of;
	/* F23 (B18 "on request (support)"): ACCESS_RESPONSE_READ,
	 * ACCESS_ATTACHMENT_READ of drafts: the reviewed State has asked the
	 * Secretariat for support on its draft responses of obj.phase and not
	 * ended the request (response/support.h; the caller looks it up).
	 * Appended last so that every initialiser above keeps its meaning. */
	int support_open;
	/* disc3 (F15): when the material read came to be (ISO 8601 UTC):
	 * ACCESS_RESPONSE_READ, ACCESS_ATTACHMENT_READ the phase's
	 * submission; ACCESS_DIALOGUE_READ a thread's creation or one
	 * record's archiving.  A disclosure choice made before it does not
	 * open it.  NULL: unknown (no such limit). */
	const char *since;
	/* chan (para 33): ACCESS_CHANNEL_*: the comma list of alpha-3 codes of
	 * the States a channel or its request names; NULL the review as a
	 * whole (see ACCESS_CHANNEL_REQUEST).  Appended last, as above. */
	const char *channel_states;
	/* ta (R117): ACCESS_TA_DISSEMINATE, the reviewed State chose not to
	 * share its technical-assistance needs with providers (findings/
	 * followup.h; the caller looks it up; 0 the default, shared). */
	int ta_withheld;
};

/* disc2: the item of a dialogue choice that names one archived record of
 * a thread (a message, a document or a record of a call) rather than a
 * whole thread: "message:" then the record's id. */
#define ACCESS_MESSAGE_ITEM_PREFIX "message:"

enum access_result {
	ACCESS_ALLOW = 0,
	ACCESS_NEED_LOGIN,   /* anonymous: log in first */
	ACCESS_NEED_TOTP,    /* the TOTP code of this login is still due */
	ACCESS_NEED_ENROL,   /* TOTP is mandatory and not set up yet */
	ACCESS_NOT_PENDING,  /* the TOTP step, but no login is half done */
	ACCESS_DENY,         /* refused outright */
};

/* A decision: the result, and for a refusal a short machine code (the JSON
 * API's "error") and an English reason (for the audit log and the API's
 * "message"); both static strings. */
struct access_decision {
	enum access_result result;
	const char *code;
	const char *reason;
};

/* Decides whether actor may do act to obj (obj may be NULL for actions
 * that name no artefact).  Pure: no I/O, no allocation, thread-safe. */
struct access_decision access_check(const struct access_actor *actor,
				    enum access_action act, const struct access_object *obj);
/* Shorthand: 1 when access_check() allows, else 0. */
int access_allowed(const struct access_actor *actor, enum access_action act,
		   const struct access_object *obj);

/* The actor's part in a review, which decides what it sees and what the
 * pages call it. */
enum access_part {
	ACCESS_PART_NONE = 0,
	ACCESS_PART_REVIEWED,    /* acts for the State under review */
	ACCESS_PART_REVIEWER,    /* acts for one of its reviewing States */
	ACCESS_PART_SECRETARIAT, /* the Secretariat, which services every review */
};
enum access_part access_review_part(const struct account *u, const struct access_review *r);
/* Whether State state (alpha-3) has instrument (instruments.code) in its
 * charge in review r: the reviewed State for every instrument, a reviewer
 * for those of its assignment (para 28 b: an additional reviewer only for
 * its Protocols, C47).  Pure. */
int access_review_in_charge(const struct access_review *r, const char *state,
			    const char *instrument);

/* The part in which the actor may read the responses (act is
 * ACCESS_RESPONSE_READ or ACCESS_ATTACHMENT_READ) of obj->instrument (NULL:
 * the questionnaire as a whole) -- what the audit entry of the read
 * records (lead decision C15/C47): "reviewed" (the State under review),
 * "secretariat", "reviewer" (a reviewing State in charge of the
 * instrument, para 28 b), "state_party" (any other State party's people,
 * a supplementary reviewer for the instruments outside its charge
 * included, para 40), or NULL when access_check() refuses.  Pure; static
 * strings. */
const char *access_read_part(const struct access_actor *actor, enum access_action act,
			     const struct access_object *obj);

/* disc3 (F15; paras 37, 40, 41): the widest audience (enum
 * access_audience) to which the reviewed State's choices in force
 * (obj->review->disclosures) open obj as material of kind what (enum
 * access_disclosed), whoever asks: what a page tells the writers of a
 * thread.  ACCESS_OPEN_NONE when none does.  Pure. */
int access_disclosure_audience(const struct access_object *obj, int what);

/* Names of actions and results for tests and diagnostics. */
const char *access_action_name(enum access_action act);

#endif
