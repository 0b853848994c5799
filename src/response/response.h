/* response.h - self-assessment responses (issue 9; annex paras 19-26, 34;
 * spec R43, R70, R72-R76, R79, C12).
 *
 * A review's questionnaire for a phase is opened once per instrument
 * under review (response_open): it fixes the adopted (id, version) the
 * review keeps (R70), the six-month deadline of para 34 (C12) and moves
 * the review's phase to questionnaire_in_progress (phase.h).  Answers are
 * kept per (reviewed State, phase, question), each in a working language
 * of the review (R72), with every saved version (history).  A save names
 * the version it was based on: when another save came in between, it is
 * refused as a conflict that returns the other text, so no answer is ever
 * lost.  Completion is computed per section and per instrument from the
 * questions that apply to the State (UNCAC condition R41, show_if).
 *
 * The module takes the review as plain parameters (struct response_review)
 * and decides nothing about who may do what: callers ask access/ first.
 * Every function takes the caller's store connection. */
#ifndef RM_RESPONSE_RESPONSE_H
#define RM_RESPONSE_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct store;
struct qdef;
struct buf;

/* Limits of an answer (docs/openapi.yaml). */
#define RESPONSE_MAX_ITEMS 50L      /* references, needs, documents per answer */
#define RESPONSE_MAX_CITATION 500   /* characters */
#define RESPONSE_MAX_LINK 2000L     /* bytes of a link */
#define RESPONSE_MAX_NEED 2000      /* characters of a technical-assistance need */

/* What the module needs of a country review in one phase.  Filled by
 * response_review_load() (or from review/country.h by the caller). */
struct response_review {
	char reviewed[4];
	int phase;                  /* 1..4 */
	char cluster[4];            /* the phase's cluster (table 2) */
	char instruments[48];       /* comma list under review in the phase */
	int uncac_party;            /* UNCAC status at the phase's start (R41, C27):
				     * the snapshot of review/country once the
				     * phase has started, else the current one */
	char languages[3][3];       /* agreed working languages (R83-R84) */
	size_t nlanguages;          /* 0: none agreed yet, any of the six */
	int state;                  /* enum phase_state of the phase, -1 none */
};

/* Loads what response_review needs from the store for reviewed in phase:
 * cluster from the workplan, instruments the State is party to that have
 * articles in the cluster, UNCAC status, phase state.  (Stand-in for
 * review/country.h's country_review_load until that module is merged.)
 * Returns 1 found (a current draw reviews the State), 0 no such review,
 * -1 error. */
int response_review_load(struct store *s, const char *reviewed, int phase,
			 struct response_review *out);

/* Whether state (alpha-3) takes part only as a signatory of the
 * Convention (para 52; C33): 1 yes, 0 a State party (or unknown code), -1
 * on a store error. */
int response_state_signatory(struct store *s, const char *state);

/* One instrument's questionnaire as the review uses it. */
struct response_qn {
	char instrument[16];
	char qid[32], qversion[16];
	char opened_at[32], deadline[16], completed_at[32];
	struct qdef *def;           /* parsed definition: treat as read only */
	int shared;                 /* def is the process's cached copy (not
				     * freed by response_qns_free()) */
};
struct response_qns {
	struct response_qn *q;
	size_t n;
	int uncac_party;            /* the review's rv.uncac_party, for applies (R41) */
};
/* The questionnaires opened for the review (one per instrument, in table 1
 * order), parsed.  Returns how many (0: not opened yet), -1 on error.
 * Free with response_qns_free() in every case. */
int response_qns_load(struct store *s, const struct response_review *rv,
		      struct response_qns *out);
void response_qns_free(struct response_qns *q);

/* Opens the questionnaire of the review's phase: for each instrument the
 * newest adopted version of its cluster (R70), the deadline D1 (start of
 * the cohort's phase + 6 months, C12), phase state not_started ->
 * questionnaire_in_progress, and a notice "questionnaire opened" to the
 * reviewed State's focal point and experts, all in one transaction.
 * Returns 0, or -1 with err set (nothing changed): already opened, no
 * adopted questionnaire for an instrument, phase not open. */
int response_open(struct store *s, const struct response_review *rv, const char *who,
		  char *err, size_t errlen);

/* Where a question is: its questionnaire, section and definition. */
struct response_question {
	const struct response_qn *qn;
	size_t section;             /* index in qn->def->sections */
	size_t index;               /* index in qn->def->questions */
	int applies;                /* its section applies to the State (R41) */
};
/* Finds question id among the opened questionnaires, out->applies set from
 * q->uncac_party (R41).  Returns 1 found, 0 not (unknown, or of an
 * instrument not under review). */
int response_question_find(const struct response_qns *q, const char *id,
			   struct response_question *out);

enum response_rc {
	RESPONSE_OK = 0,
	RESPONSE_CONFLICT,          /* based on an older version: see cur */
	RESPONSE_BAD,               /* bad input: err says what */
	RESPONSE_CLOSED,            /* not opened, or already submitted */
	RESPONSE_ERROR,             /* store error */
};

/* A stored answer (one version). */
struct response_answer {
	char question[64];
	int version;
	char lang[3];
	char *answer;               /* canonical JSON {"value":..,"references":[..]}; owned */
	char saved_at[32], saved_by[256];
};
void response_answer_free(struct response_answer *a);

/* Saves an answer to question (found with response_question_find, and
 * applicable) as version base_version + 1, in lang (a working language of
 * the review), by who.  value is checked against the question's type
 * (docs/openapi.yaml), references (may be NULL) against R73 (mechanism,
 * document, date).  base_version is the version the writer started from
 * (0 for a first answer).  On RESPONSE_CONFLICT, cur (if not NULL) gets the
 * current answer (the caller frees it with response_answer_free) and
 * nothing is written.  On RESPONSE_OK *new_version is the saved version and
 * the instrument's completion is brought up to date in the same
 * transaction.  err is set for every result other than RESPONSE_OK. */
enum response_rc response_save(struct store *s, const struct response_review *rv,
			       const struct response_qns *q, const char *question,
			       int base_version, const char *lang, json_t *value,
			       json_t *references, const char *who, int *new_version,
			       struct response_answer *cur, char *err, size_t errlen);

/* The current answers of the review (every question answered), in no
 * particular order, into a new array (free with response_answers_free).
 * Returns 0 or -1. */
int response_answers(struct store *s, const struct response_review *rv,
		     struct response_answer **out, size_t *n);
void response_answers_free(struct response_answer *a, size_t n);
/* The current answer to question: 1 found (free with
 * response_answer_free), 0 none, -1 error. */
int response_answer_get(struct store *s, const struct response_review *rv,
			const char *question, struct response_answer *out);
/* Every version of question, oldest first (response_answers_free).
 * Returns 0 or -1. */
int response_history(struct store *s, const struct response_review *rv, const char *question,
		     struct response_answer **out, size_t *n);
/* One version: 1 found, 0 none, -1 error. */
int response_version_get(struct store *s, const struct response_review *rv,
			 const char *question, int version, struct response_answer *out);

/* Completion of one instrument: per applicable section the questions due
 * (shown, given the answers) and of them answered. */
struct response_section_done {
	const char *section;        /* id, points into the definition */
	int due, answered;
};
struct response_completion {
	char instrument[16];
	struct response_section_done *sections; /* owned */
	size_t nsections;
	int due, answered;
	int complete;               /* every due question answered */
};
/* Completion of every opened instrument into a new array (free with
 * response_completion_free).  Returns 0 or -1. */
int response_completion(struct store *s, const struct response_review *rv,
			const struct response_qns *q, struct response_completion **out,
			size_t *n);
void response_completion_free(struct response_completion *c, size_t n);
/* F2 (para 34): the questions due and not answered yet, in questionnaire
 * order, as a new JSON array of {"instrument", "question"} (the caller
 * decrefs), or NULL on a store error. */
json_t *response_unanswered(struct store *s, const struct response_review *rv,
			    const struct response_qns *q);
/* The same from answers already read: an object of question id -> the
 * stored answer document (as parsed from response_answer.answer), so that
 * a caller that has the answers does not read and parse them again (issue
 * 9 benchmark).  answers is borrowed.  Always returns 0. */
int response_completion_of(const struct response_review *rv, const struct response_qns *q,
			   json_t *answers, struct response_completion **out, size_t *n);

/* Whether a question is due given the answers so far: its section
 * applies and its show_if condition (if any) holds.  answers maps
 * question ids to canonical answers (a JSON object; NULL: none). */
int response_question_due(const struct response_qns *q, const struct response_question *qq,
			  json_t *answers);

/* Whether lang may be the language of an answer in this review. */
int response_lang_ok(const struct response_review *rv, const char *lang);

/* Month arithmetic with end-of-month clamp (C12): date (YYYY-MM-DD, or an
 * ISO date-time, whose date part is used) + months into out (11 bytes),
 * e.g. 2025-08-31 + 6 = 2026-02-28.  Returns 0, or -1 on a bad date. */
int response_add_months(const char *date, int months, char out[11]);

/* Records a national consultation held to answer (para 23, R75): date
 * held (YYYY-MM-DD), sectors (comma list of private_sector, ngo, academia,
 * individuals, other), a summary (1..4000 characters).  Returns the new
 * id, or -1 with err set. */
int64_t response_consultation_add(struct store *s, const struct response_review *rv,
				  const char *held_on, const char *sectors, const char *summary,
				  const char *who, char *err, size_t errlen);
/* The consultations recorded, as a JSON array (new reference), or NULL. */
json_t *response_consultations_json(struct store *s, const struct response_review *rv);

/* ---- Comparing two versions of an answer (issue 9: "a version history
 * that can be compared"; compare.c) ---- */

/* The value of an answer (the "value" of its stored document) as text, as
 * the pages show it for editing: a string as it is, a list one item per
 * line, an item's fields joined by " | " (citation | link, description |
 * priority).  Appended to out (the caller's). */
void response_value_text(json_t *value, struct buf *out);
/* A word-level comparison of the texts a (older) and b (newer): a new
 * JSON array (the caller decrefs) of runs {"op": "equal" | "delete" |
 * "insert", "text": ...} that give a when the inserts are left out and b
 * when the deletes are, adjacent runs of one op merged.  Words are runs of
 * non-space bytes, spaces runs of ASCII white space, so UTF-8 is never cut.
 * Past RESPONSE_COMPARE_CELLS the middle that differs is compared line by
 * line, and past that again given as one delete and one insert. */
#define RESPONSE_COMPARE_CELLS 4000000L
json_t *response_compare_text(const char *a, const char *b);

#endif
