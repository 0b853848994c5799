/* people.h - the people of each State in the country reviews (issue 9;
 * annex paras 18, 20, 27, 32; spec R14, R17-R20, C44).
 *
 * A State has one focal point at a time (para 18, R17): an account of role
 * focal_point of that State, entered by the Secretariat.  Until one is
 * named, its Permanent Representative (whose contact the Secretariat
 * enters) acts as temporary focal point and receives every communication
 * (R18): people_contact() resolves to the one or the other and says which.
 * Its governmental experts (para 27, R19) are accounts of role expert of
 * the State that its focal point (or the Secretariat) names, each with the
 * instruments it acts for (users.instruments, accounts/account.h); its
 * observers (role observer) read only.  A reviewing State's experts share
 * out a review by instrument, cluster or article (para 32, R20: tasks).
 * From the launch of a cohort (phase 1 opened, review/phase.h) the States
 * taking part have two weeks to name a focal point and four to name
 * experts; they are invited when the cohort is launched and reminded
 * through the outbox (mail/outbox.h) in the recipient's language, in the
 * transaction of the change.  Who may change what is decided by the access
 * module (ACCESS_PEOPLE_EDIT, ACCESS_FOCAL_POINT_NAME) before these are
 * called; they check the data.  Every change is recorded in people_events
 * (who, when).  Writers run in their own transaction unless said; all
 * return 0, or -1 with a one-line reason in err and nothing changed. */
#ifndef RM_REVIEW_PEOPLE_H
#define RM_REVIEW_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define PEOPLE_FOCAL_DAYS 14    /* focal point named within two weeks of the launch */
#define PEOPLE_EXPERTS_DAYS 28  /* experts within four weeks */
#define PEOPLE_REMIND_DAYS 3    /* reminder this many days before a deadline */

struct people_person {
	int64_t user_id;
	char email[256];
	char role[16];
	char instruments[48];   /* experts: comma list, "" = all of its State's */
	char named_at[32];
	char named_by[256];
};

/* Who receives a State's communications (R18). */
struct people_contact {
	char email[256];
	char name[256];         /* the representative's name; "" for a focal point */
	char lang[3];
	int temporary;          /* 1: the Permanent Representative, until a focal
				 * point is named */
	int64_t user_id;        /* the focal point's active account; 0 for a
				 * representative (who may have none) */
};
/* Returns 1 found, 0 when the State has neither a focal point nor a
 * representative entered, -1 on a store error. */
int people_contact(struct store *s, const char *state, struct people_contact *out);

/* The account id of the focal point named for state, 0 when none is, -1
 * on a store error (for the access module's ACCESS_PEOPLE_EDIT). */
int64_t people_focal_point_id(struct store *s, const char *state);

/* A State's people and deadlines as of now (ISO time). */
struct people_state {
	char state[4];
	int has_focal;
	struct people_person focal;
	int has_rep;
	char rep_name[256], rep_email[256], rep_lang[3], rep_entered_at[32];
	struct people_person *experts;   /* owned */
	size_t nexperts;
	struct people_person *observers; /* owned: accounts of role observer */
	size_t nobservers;
	char launched[32];       /* launch of its first cohort; "" before */
	char focal_due[32], experts_due[32]; /* "" before the launch */
	int focal_overdue, experts_overdue;
};
/* Fills *out (free with people_state_free).  Returns 0, 1 when state is no
 * party, -1 on a store error. */
int people_load(struct store *s, const char *state, const char *now, struct people_state *out);
void people_state_free(struct people_state *p);

/* The Permanent Representative's contact (R14): name, e-mail, language
 * (one of the six).  Creates or replaces it. */
int people_representative_set(struct store *s, const char *state, const char *name,
			      const char *email, const char *lang, const char *who, char *err,
			      size_t errlen);
/* Names the account of email (role focal_point, of state, enabled) as the
 * State's focal point; refused while another is named (one at a time). */
int people_focal_name(struct store *s, const char *state, const char *email, const char *who,
		      char *err, size_t errlen);
/* Ends the State's focal point (it has none afterwards: the Permanent
 * Representative acts again, R18). */
int people_focal_end(struct store *s, const char *state, const char *who, char *err,
		     size_t errlen);
/* Names the account of email (role expert of state, enabled) as one of its
 * governmental experts, for instruments (comma list; "" all of the State's;
 * each must be one the State is party to).  Naming again updates the
 * instruments. */
int people_expert_name(struct store *s, const char *state, const char *email,
		       const char *instruments, const char *who, char *err, size_t errlen);
/* Removes the expert of email from state's experts (its tasks go too). */
int people_expert_remove(struct store *s, const char *state, const char *email,
			 const char *who, char *err, size_t errlen);

/* A share of a review given to one of a reviewing State's experts (R20). */
struct people_task {
	int64_t id;
	char reviewed[4];
	char state[4];          /* the expert's (reviewing) State */
	char email[256];
	char instrument[12];
	char cluster[8];        /* "" = every cluster */
	int article;            /* 0 = every article */
	char assigned_at[32], assigned_by[256];
};
/* Gives the expert of email, who must be a named expert of state, a
 * reviewer of reviewed in charge of instrument (para 28 b), the share
 * (instrument, cluster "" or C1..C4, article 0 or an article of table 1 of
 * that instrument, in that cluster when given). */
int people_task_add(struct store *s, const char *reviewed, const char *state,
		    const char *email, const char *instrument, const char *cluster, int article,
		    const char *who, char *err, size_t errlen);
/* Removes task id, which must be one of state's experts'. */
int people_task_remove(struct store *s, int64_t id, const char *state, const char *who,
		       char *err, size_t errlen);
/* probe (session 6): the same, and the task must be a share of the review
 * of reviewed (NULL: of any review), so that a page or call about one
 * review never removes another review's share. */
int people_task_remove_in(struct store *s, const char *reviewed, int64_t id, const char *state,
			  const char *who, char *err, size_t errlen);
/* The tasks in review reviewed, into a new array (caller frees).  0 or -1. */
int people_tasks(struct store *s, const char *reviewed, struct people_task **out, size_t *n);

/* One line of the directory of focal points and experts (C44). */
struct people_entry {
	char state[4];
	char role[16];          /* focal_point, representative (temporary), expert */
	char email[256];
	char name[256];
	char instruments[48];
};
/* The directory: every State's focal point (or, where none is named, its
 * representative, marked temporary) and named experts, by State.  New
 * array (caller frees).  0 or -1. */
int people_directory(struct store *s, struct people_entry **out, size_t *n);

/* Called inside phase_open()'s transaction (via country_phase_started)
 * when phase 1 of cohort opens at now: every State taking part in the
 * cohort's reviews (reviewed or reviewing) that can be reached is invited
 * to name its focal point (if it has none) and its experts, each notice
 * once.  Returns 0 or -1 (err). */
int people_cohort_launched(struct store *s, int cohort, const char *now, char *err,
			   size_t errlen);
/* Queues, once each, the reminders due at now: to a State still without a
 * focal point, or without experts, from PEOPLE_REMIND_DAYS before its
 * deadline on.  In its own transaction.  Returns how many were queued, or
 * -1 (err). */
int people_remind(struct store *s, const char *now, char *err, size_t errlen);

/* The due date (ISO) days after the ISO time start into out.  0 or -1. */
int people_due(const char *start, int days, char *out, size_t outlen);

#endif
