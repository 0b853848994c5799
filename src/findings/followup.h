/* followup.h - the follow-up of the lists of observations (issue 10;
 * annex paras 43-46; spec R114-R118, R136).
 *
 * The technical-assistance needs are the ta_need items of the agreed
 * version of each list (a list once agreed keeps its needs while a later
 * version is drafted).  For each need the reviewed State reports its
 * status (open, in_progress, met: R115; every report kept), the
 * Secretariat links requests to providers with their funding (para 45,
 * R116), and the State files progress reports, communicated to the States
 * parties and working groups or not (para 46, R118).  The aggregate for
 * the working group on technical assistance (para 44, R114) counts needs
 * by region, instrument, article, priority and status, sorted by those
 * keys, never by State: it names no State and ranks none (para 4 b, R136).
 * Items kept confidential by the reviewed State stay out of the aggregate.
 * Standalone domain; callers ask access/ first; writes in one transaction
 * each. */
#ifndef RM_FINDINGS_FOLLOWUP_H
#define RM_FINDINGS_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct store;
struct buf;

/* "open" "in_progress" "met"; parse gives -1 for anything else. */
int followup_status_parse(const char *s);
/* "sought" "pledged" "funded" "declined"; -1 otherwise. */
int followup_funding_parse(const char *s);

/* The follow-up of reviewed's phase as JSON (new reference): the needs of
 * the agreed list with their status in force and its history, and with
 * full also the requests and every report (else only the reports
 * communicated, and no need kept confidential).  *rc: 0, -3 no agreed
 * list yet, -1 store error.  The read is recorded first (read.followup). */
json_t *followup_json(struct store *s, const char *reviewed, int phase, int full,
		      const char *actor, const char *ip, int *rc);

/* 1 when reviewed's phase has a communicated progress report, 0 not, -1
 * error (ACCESS_FOLLOWUP_READ's object.submitted). */
int followup_communicated(struct store *s, const char *reviewed, int phase);

/* Records the status of need key (a ta_need of the agreed version).
 * Returns 0, -2 bad status or note (err), -3 no such need, -1 error. */
int followup_status_set(struct store *s, const char *reviewed, int phase, const char *key,
			const char *status, const char *note, const char *by, char *err,
			size_t errlen);
/* Links a request for need key to provider with its funding status. */
int followup_request_add(struct store *s, const char *reviewed, int phase, const char *key,
			 const char *provider, const char *funding, const char *note,
			 const char *by, char *err, size_t errlen);
/* ta (R116): links a request for need key to provider, a provider of the
 * register (findings/providers.h), whose name in force is kept with it.
 * Returns 0, -2 bad funding or note, or no such provider (err), -3 no
 * such need, -1 error. */
int followup_request_link(struct store *s, const char *reviewed, int phase, const char *key,
			  int64_t provider, const char *funding, const char *note, const char *by,
			  char *err, size_t errlen);
/* Files a progress report (1..20000 characters); communicated 1 makes it
 * available to the States parties and working groups. */
int followup_report_add(struct store *s, const char *reviewed, int phase, const char *body,
			int communicated, const char *by, char *err, size_t errlen);

/* As followup_report_add(), *id (may be NULL) getting the report's id. */
int followup_report_file(struct store *s, const char *reviewed, int phase, const char *body,
			 int communicated, const char *by, int64_t *id, char *err, size_t errlen);

/* disc (B18 "Follow-up progress info": public "if uploaded to public
 * part"; R104, R118; followup_public.c): uploads report (an id of
 * reviewed's phase's reports) to the public part, by the account by_id
 * (e-mail by; the caller asked ACCESS_FOLLOWUP_EDIT).  Kept; uploading
 * one in the public part again changes nothing, one withdrawn is put back
 * (a new row, undo).  Returns 0, -3 no such report of that review and
 * phase, -1 error (err). */
int followup_report_publish(struct store *s, const char *reviewed, int phase, int64_t report,
			    int64_t by_id, const char *by, char *err, size_t errlen);

/* undo (issue 10, gap "undoing"; B18, R103, R104): withdraws report from
 * the public part, for the reason note (required, valid UTF-8 of at most
 * 1,000 bytes), by the account by_id (e-mail by; the caller asked
 * ACCESS_FOLLOWUP_EDIT, the rule of uploading it).  One new row of
 * followup_public_changes: the upload stays recorded, the report stays in
 * the follow-up for its readers; anyone else no longer reads it.  Returns
 * 0, -2 no valid reason, -3 no such report of that review and phase, -4
 * not in the public part (never uploaded, or withdrawn already), -1
 * error; err says which, and nothing is written then. */
int followup_report_withdraw(struct store *s, const char *reviewed, int phase, int64_t report,
			     const char *note, int64_t by_id, const char *by, char *err,
			     size_t errlen);
/* The same judgement without writing (the page's confirmation step). */
int followup_report_withdraw_check(struct store *s, const char *reviewed, int phase,
				   int64_t report, const char *note, char *err, size_t errlen);

/* The reports of reviewed (every phase) uploaded to the public part, as a
 * JSON array of {id, phase, body, at, public_at} oldest first (no e-mail
 * address: the public part names nobody), NULL on error.  The caller asks
 * ACCESS_PROGRESS_REPORT_READ of each. */
json_t *followup_public_reports(struct store *s, const char *reviewed);

/* The aggregate (para 44): a JSON array of {region, instrument, article,
 * priority, status, needs} sorted by region (rotation order), instrument
 * (table 1 order), article, priority, status; with csv non-NULL the same
 * as CSV (header region,instrument,article,priority,status,needs) into
 * csv.  Returns the array (new reference), NULL on a store error. */
json_t *followup_aggregate(struct store *s, struct buf *csv);

/* ta (issue 10; R117, R122; para 45; docs/followup.md; followup_ta.c).
 *
 * The reviewed State's choice "share my technical-assistance needs with
 * providers": 1 shared (also when it never chose: the default), 0 not,
 * -1 error. */
int followup_sharing_get(struct store *s, const char *reviewed);
/* {state, share, chosen (false: the default), history: [{share, reference,
 * by, at}] oldest first} (new reference, json_decref() by the caller), NULL
 * on error. */
json_t *followup_sharing_json(struct store *s, const char *reviewed);
/* Records reviewed's choice share (0 or 1) by the account by_id (e-mail
 * by; the caller asked ACCESS_TA_SHARING_SET), with the reference of the
 * State's written request (NULL or "" none; at most 200 characters).
 * Returns 0, -2 bad input, -4 that choice is in force already (nothing
 * written), -1 error; err says which. */
int followup_sharing_set(struct store *s, const char *reviewed, int share, const char *reference,
			 int64_t by_id, const char *by, char *err, size_t errlen);

/* Sends the needs of reviewed's agreed list of phase that may be shared
 * (not kept confidential, R102; not met) to the providers ids[0..n-1] of
 * the register (each active), or with n 0 to every active provider whose
 * regions include reviewed's regional group; each gets the needs of the
 * instruments it is interested in, one mail through the outbox in the
 * provider's language and one row of ta_disseminations, in one
 * transaction (by: the Secretariat's e-mail; the caller asked
 * ACCESS_TA_DISSEMINATE).  *batch (may be NULL) gets the dissemination's
 * number, *sent (may be NULL) how many providers.  Returns 0, -2 a provider
 * unknown, inactive or interested in none of the needs, -3 no agreed list,
 * -4 the reviewed State chose not to share them, -5 nothing to send (no
 * need, or no provider matches), -1 error; err says which and nothing is
 * written then. */
int followup_disseminate(struct store *s, const char *reviewed, int phase, const int64_t *ids,
			 size_t n, const char *by, int64_t *batch, size_t *sent, char *err,
			 size_t errlen);
/* The disseminations of reviewed's phase (key non-NULL: those that sent
 * that need), oldest first, as a JSON array of {batch, provider_id,
 * provider, kind, needs: [keys], at, by, list_version} (the provider's name
 * and kind as they were; no contact address), a new reference the caller
 * releases with json_decref(); NULL on error. */
json_t *followup_disseminations(struct store *s, const char *reviewed, int phase, const char *key);

/* R122: one need of the follow-up as followup_json() shows it (full or
 * not), with "disseminations" (followup_disseminations() of the need)
 * when sent is 1.  The read is recorded first (read.followup_need, the
 * key).  Returns a new reference (json_decref() by the caller), or NULL
 * with *rc -3 no agreed list or no such need visible, -1 error. */
json_t *followup_need_json(struct store *s, const char *reviewed, int phase, const char *key,
			   int full, int sent, const char *actor, const char *ip, int *rc);

#endif
