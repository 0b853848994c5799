/* sumctx.h - what the summary and disclosure pages and API share
 * (internal to src/web; issue 10): one review's phase summary loaded for a
 * request, with the access module's view of the review and the facts its
 * rules need (agreed, final), and the signing key of `serve`. */
#ifndef RM_WEB_SUMCTX_H
#define RM_WEB_SUMCTX_H

#include "access/access.h"
#include "output/sign.h"
#include "output/summary.h"
#include "review/country.h"
#include "web/http.h"

struct store;

struct sumctx {
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	int phase;               /* 1..4; 0 when the URL names none */
	int exists;              /* the phase has a summary (si is filled) */
	struct summary_info si;
	int serve_version;       /* sumctx_read: the version of the language read
				  * to serve (0: the latest; N: the issued version
				  * an open corrigendum keeps public) */
};

/* Loads the review of state (alpha-3) and, when phase is not NULL, the
 * summary of that phase ("1".."4").  Returns 1, 0 when there is no such
 * review or phase, -1 on a store error. */
int sumctx_load(struct store *s, const char *state, const char *phase, struct sumctx *c);
/* Whether lang has an official version, public (docs/summaries.md): the
 * latest when it is official (a translation final of the agreed drafting
 * version; the drafting text once every translation is), or the issued
 * one an open corrigendum keeps until the correction replaces it. */
int sumctx_final(const struct sumctx *c, const char *lang);
/* Whether the actor may read lang of c (ACCESS_SUMMARY_READ), and which
 * version: the latest when the rule allows it (a draft, a correction
 * under a corrigendum: the review's; agreed: every State party's; official:
 * anyone's); else the issued version a corrigendum keeps public, which
 * anyone reads; issued_only (?issued=1) asks for that one whoever reads.
 * Sets c->serve_version.  Returns 1 allowed, 0 refused with *d why. */
int sumctx_read(struct web_req *rq, struct sumctx *c, const char *lang, int issued_only,
		struct access_decision *d);
/* The access object of the summary in lang (NULL: the summary as a
 * whole), or of the review (disclosures); focal_point_id is the named
 * focal point of state (NULL: of the reviewed State). */
struct access_object sumctx_object(struct web_req *rq, const struct sumctx *c,
				   const char *lang, const char *state);
/* The summary of c in lang as JSON (new reference): the summary, its
 * parties and languages (with their corrigendum status and public
 * version), the open corrigendum, and lang's text at c->serve_version (or
 * null; then "skeleton", the blueprint's headings in lang, when one is in
 * force). */
json_t *sumctx_json(struct store *s, const struct sumctx *c, const char *lang);
/* Saves text (len bytes) in lang as the actor (the access module has been
 * asked, sumctx_write_action): creates the summary first when the phase
 * has none (lang becomes its drafting language, the review's reviewers
 * its parties).  *words gets the count in lang (-1 when the text could not
 * be counted).  Returns a SUMMARY_* code with err set. */
int sumctx_save(struct web_req *rq, struct sumctx *c, const char *lang, const char *text,
		size_t len, int base, int *version, long *words, char *err, size_t errlen);
/* Brings the parties of c's summary in line with the review's current
 * reviewers (after a redraw) before a write; reloads c->si.  Returns a
 * SUMMARY_* code with err set. */
int sumctx_sync_parties(struct web_req *rq, struct sumctx *c, char *err, size_t errlen);
/* The rule for writing lang: the drafting text (or the first text of a
 * phase without a summary) is ACCESS_SUMMARY_EDIT's, a translation
 * ACCESS_SUMMARY_TRANSLATE's. */
enum access_action sumctx_write_action(const struct sumctx *c, const char *lang);
/* The State to give sumctx_object() when asking that rule: for
 * ACCESS_SUMMARY_EDIT the actor's own (its named focal point is the one of
 * its focal-point accounts that writes, para 18), else NULL.  Points into
 * rq. */
const char *sumctx_write_state(const struct web_req *rq, const struct sumctx *c, const char *lang);
/* Renders lang's version as format ("pdf" or "html") into rs, signed when
 * it is the agreed text, audited.  Returns a SUMMARY_* code with err set
 * (rs untouched but its body). */
int sumctx_file(struct web_req *rq, struct web_resp *rs, const struct sumctx *c,
		const char *lang, const char *format, char *err, size_t errlen);
/* The disclosure log of reviewed as a JSON array (new reference), or NULL
 * on a store error. */
json_t *sumctx_disclosures_json(struct store *s, const char *reviewed);
/* The signing key loaded by web_summary_key_load(), or NULL. */
const struct sign_key *sumctx_key(void);

/* disc (B18, R104): the progress reports of c's review uploaded to the
 * public part that the actor may read (ACCESS_PROGRESS_REPORT_READ), as
 * followup_public_reports() gives them; new reference, NULL on error. */
json_t *sumctx_public_reports(struct web_req *rq, const struct sumctx *c);

#endif
