/* demo.c - demo content for `revmech init --demo`.
 *
 * The demo is what a newcomer needs to see the platform work: a drawn
 * review programme (from a fixed, published seed, so anyone can re-run it
 * with `revmech draw verify`) and one account per role, scoped so that the
 * confidentiality rules show: the focal point of a reviewed State and its
 * governmental expert, an expert of one of its reviewers, an observer of a State outside that
 * review, a stakeholder and the Secretariat.  Passwords are random and
 * printed once; only their Argon2id hashes are stored. */
#include "cli/demo.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lots/lots.h"
#include "store/store.h"
#include "util/util.h"
#include "audit/audit.h"
#include "review/programme.h"
#include "accounts/account.h"
#include "review/consult.h"
#include "review/people.h"
#include "review/phase.h"
#include "review/country.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "response/response.h"
#include "findings/providers.h"
#include "findings/outline.h"
#include "dialogue/channel.h"

#include <jansson.h>

/* The reviewed State's governmental expert, who answers its questionnaire. */
#define DEMO_STATE_EXPERT "state.expert@revmech.example"
/* The reference of the demo's adoption of the questionnaires: plainly not
 * a decision of the Conference (R69-R70). */
#define DEMO_DECISION "DEMO - not a decision of the Conference"

/* The reviewing State's expert, who asks for the demo's channel. */
#define DEMO_REVIEWER_EXPERT "expert@revmech.example"

/* The demo draw's seed: SHA-256 of "revmech demo draw". */
static const char demo_seed_hex[] =
	"ba1a09f283e89096d8ccf6e2903890bd861f0e84e0989bcb11508d932e4c5484";

/* 20 characters from a 57-letter alphabet without look-alikes (0/O, 1/l/I),
 * grouped by dashes; about 116 bits. */
static void demo_password(char out[32])
{
	static const char alpha[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t o = 0;
	for (int i = 0; i < 20; i++) {
		if (i && i % 5 == 0)
			out[o++] = '-';
		out[o++] = alpha[randombytes_uniform(sizeof alpha - 1)];
	}
	out[o] = '\0';
}

/* Creates one account and prints its credentials. */
static int demo_account(struct store *s, FILE *out, const char *email, const char *role,
			const char *state, char *err, size_t errlen)
{
	char pw[32], why[300];
	/* A random password may, rarely, fail a policy rule (e.g. too few
	 * distinct characters): draw again. */
	for (int tries = 0; tries < 10; tries++) {
		demo_password(pw);
		if (account_password_policy(pw, email, why, sizeof why) == 0)
			break;
	}
	if (account_create(s, email, role, state, pw, why, sizeof why) < 0) {
		snprintf(err, errlen, "account %s: %s", email, why);
		return -1;
	}
	if (audit_log(s, "cli:init", "local", "user.create", email, role) < 0) {
		snprintf(err, errlen, "audit of %s: %s", email, store_errmsg(s));
		return -1;
	}
	if (state)
		fprintf(out, "  %-12s %-30s %s  (State: %s)\n", role, email, pw, state);
	else
		fprintf(out, "  %-12s %-30s %s\n", role, email, pw);
	return 0;
}

/* Picks the first State reviewed in year 1, its same-region reviewer, and a
 * State involved in neither side of that review. */
static int demo_pick(struct store *s, char reviewed[4], char reviewer[4], char outsider[4],
		     char *err, size_t errlen)
{
	int rc = -1;
	struct store_stmt *a = store_prepare(s,
		"SELECT r.reviewed, a.reviewer FROM lots_reviews r "
		"JOIN lots_draws d ON d.id = r.draw_id AND d.status = 'current' "
		"JOIN lots_assignments a ON a.draw_id = r.draw_id AND a.reviewed = r.reviewed "
		"AND a.status = 'active' AND a.role = 'same_region' "
		"WHERE r.year = 1 ORDER BY r.reviewed LIMIT 1");
	struct store_stmt *b = store_prepare(s,
		"SELECT p.code FROM parties p JOIN lots_reviews r ON r.reviewed = p.code "
		"JOIN lots_draws d ON d.id = r.draw_id AND d.status = 'current' "
		"WHERE p.code <> ? AND NOT EXISTS (SELECT 1 FROM lots_assignments a "
		"WHERE a.draw_id = r.draw_id AND a.status = 'active' AND "
		"((a.reviewed = ? AND a.reviewer = p.code) OR (a.reviewed = p.code AND a.reviewer = ?))) "
		"ORDER BY p.code LIMIT 1");
	if (!a || !b) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	if (store_step(a) != STORE_ROW) {
		snprintf(err, errlen, "the demo draw has no review in year 1");
		goto out;
	}
	util_strlcpy(reviewed, store_col_text(a, 0), 4);
	util_strlcpy(reviewer, store_col_text(a, 1), 4);
	store_bind_text(b, 1, reviewed);
	store_bind_text(b, 2, reviewed);
	store_bind_text(b, 3, reviewed);
	if (store_step(b) != STORE_ROW) {
		snprintf(err, errlen, "no State outside the demo review");
		goto out;
	}
	util_strlcpy(outsider, store_col_text(b, 0), 4);
	rc = 0;
out:
	store_finalize(a);
	store_finalize(b);
	return rc;
}

/* Country reviews (issue 9): the demo focal point's State has phase 1 of
 * its cohort open (instruments snapshotted, invitations queued to its
 * Permanent Representative, entered first), its focal point named, the
 * reviewer's expert named with a share of the review, and the
 * consultations recorded (two working languages, the responses due five
 * months after the phase opened), and the reviewed State's own expert
 * named (demo_responses then answers in its name). */
static int demo_country(struct store *s, FILE *out, const char *reviewed, const char *reviewer,
			char *err, size_t errlen)
{
	static const char who[] = "revmech init --demo";
	char why[512], start[32], due[11];
	struct phase_status ps;
	/* The representative first: the launch's invitations go to it, as
	 * temporary focal point (para 18). */
	if (people_representative_set(s, reviewed, "Permanent Representative (demo)",
				      "permanent.representative@revmech.example", "en", who, why,
				      sizeof why) < 0) {
		snprintf(err, errlen, "representative: %s", why);
		return -1;
	}
	if (phase_status_get(s, 1, 1, &ps) < 0) {
		snprintf(err, errlen, "phase: %s", store_errmsg(s));
		return -1;
	}
	if (!ps.started && phase_open(s, 1, 1, who, NULL, NULL, why, sizeof why) < 0) {
		snprintf(err, errlen, "phase 1: %s", why);
		return -1;
	}
	util_now_iso(start, sizeof start);
	consult_add_months(start, 5, due);
	struct consult_input in = { .reviewed = reviewed, .phase = 1, .languages = "en,fr",
				    .responses_due = due,
				    .note = "Agreed with the reviewing States (demonstration)" };
	if (people_focal_name(s, reviewed, "focal.point@revmech.example", who, why, sizeof why) < 0 ||
	    people_expert_name(s, reviewer, "expert@revmech.example", "", who, why, sizeof why) < 0 ||
	    people_expert_name(s, reviewed, DEMO_STATE_EXPERT, "", who, why, sizeof why) < 0 ||
	    people_task_add(s, reviewed, reviewer, "expert@revmech.example", "untoc", "C1", 0, who,
			    why, sizeof why) < 0 ||
	    consult_record(s, &in, "focal.point@revmech.example", why, sizeof why) < 0) {
		snprintf(err, errlen, "country review: %s", why);
		return -1;
	}
	fprintf(out, "revmech demo: review of %s: phase 1 open, focal point and the reviewer's expert named, "
		"consultations recorded (/country/%s)\n", reviewed, reviewed);
	return 0;
}

/* The review's phase 1 as response/ needs it: the country review's
 * snapshot of the instruments (C5) and its agreed working languages
 * (R84) over the workplan's defaults, as the pages load it. */
static int demo_review(struct store *s, const char *reviewed, struct response_review *rv)
{
	struct country_review cr;
	if (country_review_load(s, reviewed, &cr) <= 0 || response_review_load(s, reviewed, 1, rv) <= 0)
		return -1;
	if (cr.instruments[0][0])
		util_strlcpy(rv->instruments, cr.instruments[0], sizeof rv->instruments);
	for (size_t i = 0; i < cr.nlanguages && i < 3; i++)
		util_strlcpy(rv->languages[i], cr.languages[i], sizeof rv->languages[i]);
	rv->nlanguages = cr.nlanguages < 3 ? cr.nlanguages : 3;
	return 0;
}

/* 1 if instrument is in the comma list. */
static int demo_in_list(const char *list, const char *instrument)
{
	size_t n = strlen(instrument);
	for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, instrument, n) && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* A draft answer of the demo to a question of type t, or NULL for a type
 * the demo leaves open (documents). */
static json_t *demo_value(enum qdef_type t)
{
	switch (t) {
	case QDEF_YES_NO_PARTLY:
		return json_string("partly");
	case QDEF_FREE_TEXT:
		return json_string("Demonstration answer (draft): the offence is established in the "
				   "Criminal Code; the Ministry of Justice is reviewing the wording.");
	case QDEF_LEGISLATION_REFS:
		return json_pack("[{s:s,s:s}]", "citation", "Criminal Code (demonstration), art. 1",
				 "link", "https://revmech.example/legislation/demo");
	case QDEF_TA_NEEDS:
		return json_pack("[{s:s,s:s}]", "description",
				 "Training of prosecutors on the new offence (demonstration)",
				 "priority", "medium");
	case QDEF_ATTACHMENTS:
		break;
	}
	return NULL;
}

/* Responses (issue 9): the cluster's questionnaires adopted by a plainly
 * demonstrative decision (only an adopted version can be used, R70), the
 * phase 1 questionnaire opened, and the first sections of the first
 * instrument answered in draft by the State's expert, in English: a
 * review in progress, not complete, so that the focal point cannot
 * submit yet. */
static int demo_responses(struct store *s, FILE *out, const char *reviewed, char *err,
			  size_t errlen)
{
	static const char who[] = "revmech init --demo";
	struct response_review rv;
	struct response_qns q = { 0 };
	struct qstore_version *v = NULL;
	json_t *answers = json_object();
	size_t nv = 0;
	int rc = -1, adopted = 0, saved = 0, due = 0;
	char why[600], today[32];
	if (demo_review(s, reviewed, &rv) < 0) {
		snprintf(err, errlen, "responses: the review of %s cannot be loaded", reviewed);
		goto out;
	}
	if (qstore_list(s, &v, &nv) < 0) {
		snprintf(err, errlen, "responses: %s", store_errmsg(s));
		goto out;
	}
	util_now_iso(today, sizeof today);
	today[10] = '\0';
	for (size_t i = 0; i < nv; i++) {
		if (strcmp(v[i].cluster, rv.cluster) || !demo_in_list(rv.instruments, v[i].instrument))
			continue;
		int r = qstore_adopt(s, v[i].id, v[i].version, DEMO_DECISION, today, who, why,
				     sizeof why);
		if (r < 0) {
			snprintf(err, errlen, "adoption of %s: %s", v[i].id, why);
			goto out;
		}
		adopted += r == 0;
	}
	if (response_open(s, &rv, who, why, sizeof why) < 0) {
		snprintf(err, errlen, "questionnaire: %s", why);
		goto out;
	}
	if (response_qns_load(s, &rv, &q) <= 0) {
		snprintf(err, errlen, "questionnaire: none opened for %s", reviewed);
		goto out;
	}
	/* The first two sections that apply of the first instrument. */
	const struct response_qn *qn = &q.q[0];
	size_t sections = 0;
	for (size_t k = 0; k < qn->def->nsections && sections < 2; k++) {
		const struct qdef_section *sec = &qn->def->sections[k];
		struct response_question qq;
		/* Articles 8 and 9 only for a State not party to UNCAC (R41). */
		int applies = !(sec->uncac_only && rv.uncac_party);
		if (sec->nquestions == 0 || !applies)
			continue;
		sections++;
		for (size_t j = sec->first_question; j < sec->first_question + sec->nquestions; j++) {
			const struct qdef_question *dq = &qn->def->questions[j];
			if (!response_question_find(&q, dq->id, &qq))
				continue;
			qq.applies = applies; /* response_question_find leaves it 0 */
			if (!response_question_due(&q, &qq, answers))
				continue;
			due++;
			json_t *val = demo_value(dq->type);
			if (!val)
				continue;
			int version = 0;
			enum response_rc r = response_save(s, &rv, &q, dq->id, 0, "en", val, NULL,
							   DEMO_STATE_EXPERT, &version, NULL, why,
							   sizeof why);
			if (r == RESPONSE_OK)
				json_object_set_new(answers, dq->id, json_pack("{s:O}", "value", val));
			json_decref(val);
			if (r != RESPONSE_OK) {
				snprintf(err, errlen, "answer %s: %s", dq->id, why);
				goto out;
			}
			saved++;
		}
	}
	fprintf(out, "revmech demo: %d questionnaire(s) of cluster %s adopted by \"%s\" (%s); "
		"phase 1 questionnaire of %s opened (%s), %d answers saved in draft by %s in %s "
		"(%d questions of the first sections due; the rest left to answer: "
		"/reviews/%s/phases/1/responses)\n",
		adopted, rv.cluster, DEMO_DECISION, today, reviewed, rv.instruments, saved,
		DEMO_STATE_EXPERT, qn->instrument, due, reviewed);
	rc = 0;
out:
	json_decref(answers);
	response_qns_free(&q);
	free(v);
	return rc;
}

/* Technical assistance (R117, R122): one provider in the Secretariat's
 * register, plainly not a real organisation, interested in UNTOC needs of
 * any region, to which the needs of an agreed list could be sent. */
static int demo_provider(struct store *s, FILE *out, char *err, size_t errlen)
{
	char why[300];
	int64_t id = 0;
	struct provider_in in = { .name = "Demo provider (not a real organisation)",
				  .kind = "ngo", .contact = "ta.provider@revmech.example",
				  .lang = "en", .regions = "", .instruments = "untoc", .active = 1 };
	if (providers_add(s, &in, "revmech init --demo", &id, why, sizeof why) < 0) {
		snprintf(err, errlen, "provider: %s", why);
		return -1;
	}
	fprintf(out, "revmech demo: technical-assistance provider #%lld \"%s\" registered "
		"(/technical-assistance/providers)\n", (long long)id, in.name);
	return 0;
}

/* A channel between experts (para 33, R95): the reviewing State's expert
 * asks the Secretariat for one with the reviewed State, left for the
 * Secretariat to set up or decline. */
static int demo_channel(struct store *s, FILE *out, const char *reviewed, const char *reviewer,
			char *err, size_t errlen)
{
	struct country_review cr;
	struct access_review ar;
	const char *ptrs[2 * COUNTRY_MAX_REVIEWERS];
	struct account u;
	char states[16], why[600];
	memset(&u, 0, sizeof u);
	if (country_review_load(s, reviewed, &cr) <= 0 ||
	    account_by_email(s, DEMO_REVIEWER_EXPERT, &u) <= 0) {
		snprintf(err, errlen, "channel: the review of %s or its expert cannot be loaded",
			 reviewed);
		return -1;
	}
	country_review_access(&cr, &ar, ptrs, sizeof ptrs / sizeof ptrs[0]);
	struct access_actor a = { .auth = ACCESS_SIGNED_IN, .user = &u, .via_token = 0 };
	snprintf(states, sizeof states, "%s,%s", reviewer, reviewed);
	int64_t id = channel_request(s, &a, &ar, 1, 1, states,
				     "Demonstration: to clarify an answer of the questionnaire "
				     "before the dialogue (demo data)", why, sizeof why);
	if (id <= 0) {
		snprintf(err, errlen, "channel: %s", why);
		return -1;
	}
	fprintf(out, "revmech demo: channel #%lld asked by %s between %s and %s, for the "
		"Secretariat to decide (/reviews/%s/phases/1/channels)\n", (long long)id,
		DEMO_REVIEWER_EXPERT, reviewer, reviewed, reviewed);
	return 0;
}

/* The blueprint (paras 15, 38; R108, R112): its content is the expert
 * group's and the Conference's, so the demo's is placeholder headings and
 * the list's item types, adopted by the demo's own decision, recorded
 * under the same plainly demonstrative reference as the questionnaires'
 * adoption. */
static int demo_blueprint(struct store *s, FILE *out, char *err, size_t errlen)
{
	static const char body[] =
		"{\"summary\": {\"headings\": {"
		"\"en\": [\"Demo heading 1\", \"Demo heading 2\"],"
		"\"fr\": [\"Titre de d\u00e9monstration 1\", \"Titre de d\u00e9monstration 2\"],"
		"\"es\": [\"Encabezado de demostraci\u00f3n 1\", \"Encabezado de demostraci\u00f3n 2\"],"
		"\"ru\": [\"\u0414\u0435\u043c\u043e-\u0437\u0430\u0433\u043e\u043b\u043e\u0432\u043e\u043a 1\", "
		"\"\u0414\u0435\u043c\u043e-\u0437\u0430\u0433\u043e\u043b\u043e\u0432\u043e\u043a 2\"],"
		"\"zh\": [\"\u6f14\u793a\u6807\u9898 1\", \"\u6f14\u793a\u6807\u9898 2\"],"
		"\"ar\": [\"\u0639\u0646\u0648\u0627\u0646 \u062a\u062c\u0631\u064a\u0628\u064a 1\", "
		"\"\u0639\u0646\u0648\u0627\u0646 \u062a\u062c\u0631\u064a\u0628\u064a 2\"]}},"
		"\"list\": {\"types\": [\"gap\", \"good_practice\", \"suggestion\", \"ta_need\"]}}";
	char why[600], today[32];
	int version = 0;
	util_now_iso(today, sizeof today);
	today[10] = '\0';
	if (lots_db_add_decision(s, DEMO_DECISION, today,
				 "Demonstration data of revmech init --demo: not a decision of the "
				 "Conference", why, sizeof why) != LOTS_OK ||
	    outline_adopt(s, body, sizeof body - 1, DEMO_DECISION, 0, "revmech init --demo",
			  "local", &version, why, sizeof why) != OUTLINE_OK) {
		snprintf(err, errlen, "blueprint: %s", why);
		return -1;
	}
	fprintf(out, "revmech demo: blueprint version %d adopted by \"%s\": placeholder headings "
		"in six languages, list items by type (/blueprint)\n", version, DEMO_DECISION);
	return 0;
}

int demo_create(struct store *s, FILE *out, char *err, size_t errlen)
{
	unsigned char seed[32];
	char reviewed[4], reviewer[4], outsider[4], why[400];

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return -1;
	}
	if (lots_seed_parse(demo_seed_hex, seed) < 0) {
		snprintf(err, errlen, "bad demo seed");
		return -1;
	}
	if (lots_draw_store_demo(s, seed, why, sizeof why) < 0) {
		snprintf(err, errlen, "draw: %s", why);
		return -1;
	}
	/* The event page says where and by whom a drawing was made; for the
	 * demo, plainly that it is the demo. */
	struct programme_event *ev = NULL;
	size_t nev = 0;
	int noted = programme_events(s, &ev, &nev) == 0 && nev > 0 &&
		programme_event_note(s, ev[0].id, "Demonstration (not a meeting of the Conference)",
				     "revmech init --demo", why, sizeof why) == 0;
	free(ev);
	if (!noted) {
		snprintf(err, errlen, "draw: the demo event could not be noted: %s", why);
		return -1;
	}
	if (demo_pick(s, reviewed, reviewer, outsider, err, errlen) < 0)
		return -1;
	fprintf(out, "revmech demo: review programme drawn with seed %s\n", demo_seed_hex);
	fprintf(out, "revmech demo: accounts (passwords are shown only now; store them):\n");
	if (demo_account(s, out, "secretariat@revmech.example", "secretariat", NULL, err, errlen) < 0 ||
	    demo_account(s, out, "focal.point@revmech.example", "focal_point", reviewed, err, errlen) < 0 ||
	    demo_account(s, out, "expert@revmech.example", "expert", reviewer, err, errlen) < 0 ||
	    demo_account(s, out, DEMO_STATE_EXPERT, "expert", reviewed, err, errlen) < 0 ||
	    demo_account(s, out, "observer@revmech.example", "observer", outsider, err, errlen) < 0 ||
	    demo_account(s, out, "ngo@revmech.example", "stakeholder", NULL, err, errlen) < 0)
		return -1;
	if (demo_country(s, out, reviewed, reviewer, err, errlen) < 0 ||
	    demo_responses(s, out, reviewed, err, errlen) < 0 ||
	    demo_provider(s, out, err, errlen) < 0 ||
	    demo_channel(s, out, reviewed, reviewer, err, errlen) < 0 ||
	    demo_blueprint(s, out, err, errlen) < 0)
		return -1;
	return 0;
}
