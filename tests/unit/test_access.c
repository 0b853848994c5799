/* test_access.c - the access module as a table (issue 7; R23-R27, R26, B18):
 * every actor x every action x artefact, allowed or refused and why; and
 * the route table's invariants (every state-changing route asks for CSRF,
 * every Secretariat page for ACCESS_ADMINISTER, no API route is public). */
#include "testutil.h"

#include "access/access.h"
#include "web/routes.h"

/* Accounts the actors act for. */
static struct account sec, sec_due, fp_fra, ex_fra, ob_fra, ex_deu, fp_ita, sh, fp_fra_must,
	ex_esp, ex_fra_tip;

static void mk(struct account *u, int64_t id, enum account_role r, const char *state)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	u->role = r;
	snprintf(u->state, sizeof u->state, "%s", state);
}

static void setup_accounts(void)
{
	mk(&sec, 1, ROLE_SECRETARIAT, "");
	mk(&sec_due, 2, ROLE_SECRETARIAT, "");
	sec_due.totp_required = 1; /* TOTP mandatory, not set up */
	mk(&fp_fra, 3, ROLE_FOCAL_POINT, "FRA");
	mk(&ex_fra, 4, ROLE_EXPERT, "FRA");
	mk(&ob_fra, 5, ROLE_OBSERVER, "FRA");
	mk(&ex_deu, 6, ROLE_EXPERT, "DEU");
	mk(&fp_ita, 7, ROLE_FOCAL_POINT, "ITA");
	mk(&sh, 8, ROLE_STAKEHOLDER, "");
	mk(&fp_fra_must, 9, ROLE_FOCAL_POINT, "FRA");
	fp_fra_must.totp_required = 1;
	fp_fra_must.totp_enabled = 1;
	mk(&ex_esp, 10, ROLE_EXPERT, "ESP");
	mk(&ex_fra_tip, 11, ROLE_EXPERT, "FRA");
	snprintf(ex_fra_tip.instruments, sizeof ex_fra_tip.instruments, "tip");
}

/* The artefacts: FRA reviewed by DEU and ESP; ITA reviewed by BRA. */
static const char *const fra_rv[] = { "DEU", "ESP" };
static const char *const ita_rv[] = { "BRA" };
static const struct access_review review_fra = { .reviewed = "FRA", .reviewers = fra_rv, .nreviewers = 2 };
static const struct access_review review_ita = { .reviewed = "ITA", .reviewers = ita_rv, .nreviewers = 1 };
/* FRA as its responses see it: DEU reviews every instrument, ESP is a
 * supplementary reviewer in charge of the Trafficking Protocol only (para
 * 28 b, C47). */
static const char *const fra2_inst[] = { "untoc,tip,som,firearms", "tip" };
static const struct access_review review_fra2 = { .reviewed = "FRA", .reviewers = fra_rv,
						  .nreviewers = 2, .reviewer_instruments = fra2_inst };
static struct account other = { .id = 99, .role = ROLE_EXPERT, .state = "DEU" };

/* Columns: the action and the artefact it is asked about. */
struct column {
	enum access_action act;
	const struct account *account; /* ACCESS_ACCOUNT_DISABLE; NULL: the actor's own */
	const struct access_review *review;
	const char *label;
	const char *state; /* ACCESS_PEOPLE_EDIT, ACCESS_FOCAL_POINT_NAME */
	int64_t fp;        /* the focal point named for it (account id), 0 none */
	const char *instrument; /* ACCESS_RESPONSE_*, ACCESS_ATTACHMENT_READ, ACCESS_DIALOGUE_* */
	int submitted;
};
/* F23: the columns where the reviewed State asks the Secretariat's support
 * on its drafts (access_object.support_open), named by their label. */
#define SUPPORT_ASKED ", support asked"
static const struct column cols[] = {
	{ ACCESS_ROUTE_PUBLIC, NULL, NULL, "public", NULL, 0, NULL, 0 },
	{ ACCESS_ROUTE_MFA_STEP, NULL, NULL, "mfa-step", NULL, 0, NULL, 0 },
	{ ACCESS_ROUTE_SIGNED_IN, NULL, NULL, "signed-in", NULL, 0, NULL, 0 },
	{ ACCESS_ROUTE_ENROL, NULL, NULL, "enrol", NULL, 0, NULL, 0 },
	{ ACCESS_ADMINISTER, NULL, NULL, "administer", NULL, 0, NULL, 0 },
	{ ACCESS_ACCOUNT_DISABLE, &other, NULL, "disable other", NULL, 0, NULL, 0 },
	{ ACCESS_ACCOUNT_DISABLE, NULL, NULL, "disable self", NULL, 0, NULL, 0 },
	{ ACCESS_TOTP_RESET, &other, NULL, "totp reset other", NULL, 0, NULL, 0 },
	{ ACCESS_TOTP_RESET, NULL, NULL, "totp reset self", NULL, 0, NULL, 0 },
	{ ACCESS_TOTP_DISABLE, NULL, NULL, "totp off", NULL, 0, NULL, 0 },
	{ ACCESS_TOKENS_MANAGE, NULL, NULL, "tokens", NULL, 0, NULL, 0 },
	{ ACCESS_REVIEWS_LIST, NULL, NULL, "reviews", NULL, 0, NULL, 0 },
	{ ACCESS_REVIEW_READ, NULL, &review_fra, "review FRA", NULL, 0, NULL, 0 },
	{ ACCESS_REVIEW_READ, NULL, &review_ita, "review ITA", NULL, 0, NULL, 0 },
	{ ACCESS_PROGRAMME_READ, NULL, NULL, "programme", NULL, 0, NULL, 0 },
	{ ACCESS_PEOPLE_EDIT, NULL, NULL, "people FRA", "FRA", 3, NULL, 0 },
	{ ACCESS_PEOPLE_EDIT, NULL, NULL, "people DEU", "DEU", 0, NULL, 0 },
	{ ACCESS_FOCAL_POINT_NAME, NULL, NULL, "focal point FRA", "FRA", 0, NULL, 0 },
	{ ACCESS_DIRECTORY_READ, NULL, NULL, "directory", NULL, 0, NULL, 0 },
	{ ACCESS_CONSULTATIONS_READ, NULL, &review_fra, "consultations FRA", NULL, 0, NULL, 0 },
	{ ACCESS_CONSULTATIONS_EDIT, NULL, &review_fra, "record consultations FRA", NULL, 3, NULL, 0 },
	{ ACCESS_CONSULTATIONS_EDIT, NULL, &review_ita, "record consultations ITA", NULL, 7, NULL, 0 },
	/* Para 18: another focal-point account of FRA is named (id 9), or
	 * none is: only the named one acts for its State. */
	{ ACCESS_PEOPLE_EDIT, NULL, NULL, "people FRA, other named", "FRA", 9, NULL, 0 },
	{ ACCESS_PEOPLE_EDIT, NULL, NULL, "people FRA, none named", "FRA", 0, NULL, 0 },
	/* archive (issue 10): the head; a record of FRA's review that is no
	 * item of the dialogue or a channel (an agreement, a thread's
	 * envelope: proof, issue 10), the review as it is now (reviewed FRA,
	 * reviewers DEU, ESP), and one of ITA's (BRA).  The items' proofs
	 * follow ACCESS_DIALOGUE_READ, _OBSERVATION_READ and
	 * ACCESS_CHANNEL_READ (their columns), asked by dialogue/. */
	{ ACCESS_ARCHIVE_HEAD, NULL, NULL, "archive head", NULL, 0, NULL, 0 },
	{ ACCESS_ARCHIVE_PROOF, NULL, &review_fra, "proof FRA", NULL, 0, NULL, 0 },
	{ ACCESS_ARCHIVE_PROOF, NULL, &review_ita, "proof ITA", NULL, 0, NULL, 0 },
	{ ACCESS_DRAW_MANAGE, NULL, NULL, "draws manage", NULL, 0, NULL, 0 },
	/* dialogue (issue 10): the UNTOC threads of FRA's and ITA's reviews
	 * (every column is asked about instrument "untoc"). */
	{ ACCESS_DIALOGUE_READ, NULL, &review_fra, "dialogue read FRA", NULL, 0, "untoc", 0 },
	{ ACCESS_DIALOGUE_POST, NULL, &review_fra, "dialogue post FRA", NULL, 3, "untoc", 0 },
	{ ACCESS_DIALOGUE_READ, NULL, &review_ita, "dialogue read ITA", NULL, 0, "untoc", 0 },
	{ ACCESS_QUESTIONNAIRE_READ, NULL, &review_fra, "questionnaire FRA", NULL, 0, NULL, 0 },
	{ ACCESS_RESPONSE_EDIT, NULL, &review_fra, "edit FRA untoc draft", NULL, 3, "untoc", 0 },
	{ ACCESS_RESPONSE_EDIT, NULL, &review_fra, "edit FRA untoc submitted", NULL, 3, "untoc", 1 },
	{ ACCESS_RESPONSE_SUBMIT, NULL, &review_fra, "submit FRA", NULL, 3, NULL, 0 },
	{ ACCESS_RESPONSE_READ, NULL, &review_fra2, "read FRA draft", NULL, 0, NULL, 0 },
	{ ACCESS_RESPONSE_READ, NULL, &review_fra2, "read FRA submitted untoc", NULL, 0, "untoc", 1 },
	{ ACCESS_RESPONSE_READ, NULL, &review_fra2, "read FRA submitted tip", NULL, 0, "tip", 1 },
	{ ACCESS_ATTACHMENT_READ, NULL, &review_fra2, "document FRA draft", NULL, 0, "untoc", 0 },
	/* disc3 (F14; para 40, B18): not another State party's (ITA) until
	 * FRA opens them; the reviewers and the Secretariat read them. */
	{ ACCESS_ATTACHMENT_READ, NULL, &review_fra2, "document FRA submitted", NULL, 0, "untoc", 1 },
	/* Para 18, R24: only the focal point named for FRA submits; another
	 * focal-point account of FRA (id 9 named, or none named) does not. */
	{ ACCESS_RESPONSE_SUBMIT, NULL, &review_fra, "submit FRA, other named", NULL, 9, NULL, 0 },
	{ ACCESS_RESPONSE_SUBMIT, NULL, &review_fra, "submit FRA, none named", NULL, 0, NULL, 0 },
	/* Written observations (issue 10; para 35, R86, C47): FRA's review
	 * with ESP in charge of the TIP Protocol only. */
	{ ACCESS_OBSERVATION_READ, NULL, &review_fra2, "observations FRA untoc", NULL, 0, "untoc", 1 },
	{ ACCESS_OBSERVATION_READ, NULL, &review_fra2, "observations FRA tip", NULL, 0, "tip", 1 },
	{ ACCESS_OBSERVATION_POST, NULL, &review_fra2, "observe FRA untoc", NULL, 0, "untoc", 1 },
	{ ACCESS_OBSERVATION_POST, NULL, &review_fra2, "observe FRA untoc draft", NULL, 0, "untoc", 0 },
	{ ACCESS_OBSERVATION_POST, NULL, &review_fra2, "observe FRA tip", NULL, 0, "tip", 1 },
	{ ACCESS_OBSERVATION_REPLY, NULL, &review_fra2, "reply FRA untoc", NULL, 3, "untoc", 1 },
	{ ACCESS_OBSERVATION_REPLY, NULL, &review_fra2, "reply FRA untoc draft", NULL, 3, "untoc", 0 },
	/* List of observations and follow-up (issue 10; B18 rows "List of
	 * observations (final)" and "Follow-up progress info"; paras 38-39,
	 * 43-46; C47).  FRA's review as review_fra2 (ESP supplementary, tip).
	 * submitted: for the edit columns the responses are submitted, for
	 * the CRP the list is final, for the follow-up progress communicated;
	 * fp 3: FRA's named focal point is fp_fra. */
	{ ACCESS_LIST_READ, NULL, &review_fra2, "list read FRA untoc", NULL, 0, "untoc", 0 },
	{ ACCESS_LIST_READ, NULL, &review_fra2, "list read FRA tip", NULL, 0, "tip", 0 },
	{ ACCESS_LIST_EDIT, NULL, &review_fra2, "list edit FRA untoc", NULL, 0, "untoc", 1 },
	{ ACCESS_LIST_EDIT, NULL, &review_fra2, "list edit FRA tip", NULL, 0, "tip", 1 },
	{ ACCESS_LIST_EDIT, NULL, &review_fra2, "list edit FRA before submission", NULL, 0, "untoc", 0 },
	{ ACCESS_LIST_CONFIDENTIAL, NULL, &review_fra2, "list confidential FRA", NULL, 3, NULL, 0 },
	{ ACCESS_LIST_AGREE, NULL, &review_fra2, "list agree FRA (FRA's fp named)", NULL, 3, NULL, 0 },
	{ ACCESS_LIST_CRP_READ, NULL, &review_fra2, "CRP FRA final", NULL, 0, NULL, 1 },
	{ ACCESS_LIST_CRP_READ, NULL, &review_fra2, "CRP FRA not final", NULL, 0, NULL, 0 },
	{ ACCESS_FOLLOWUP_READ, NULL, &review_fra2, "follow-up FRA not communicated", NULL, 0, NULL, 0 },
	{ ACCESS_FOLLOWUP_READ, NULL, &review_fra2, "follow-up FRA communicated", NULL, 0, NULL, 1 },
	{ ACCESS_FOLLOWUP_EDIT, NULL, &review_fra2, "follow-up report FRA", NULL, 3, NULL, 0 },
	{ ACCESS_TA_MANAGE, NULL, NULL, "TA requests and providers", NULL, 0, NULL, 0 },
	{ ACCESS_TA_AGGREGATE_READ, NULL, NULL, "TA aggregate", NULL, 0, NULL, 0 },
	/* b18x (R24, para 18): another focal-point account of FRA (id 9) is
	 * the named one: FRA's fp_fra no longer answers, its experts still do. */
	{ ACCESS_RESPONSE_EDIT, NULL, &review_fra, "edit FRA untoc draft, other named", NULL, 9, "untoc", 0 },
	/* F23 (probe s8; B18 "Draft responses": the Secretariat "on request
	 * (support)"): FRA asked the Secretariat's support on its drafts.
	 * Without a request (columns "read FRA draft", "document FRA draft")
	 * the Secretariat is refused the drafts: those two cells changed
	 * from A to D in its rows (they allowed it before, with no request
	 * recorded anywhere). */
	{ ACCESS_RESPONSE_READ, NULL, &review_fra2, "read FRA draft" SUPPORT_ASKED, NULL, 0, NULL, 0 },
	{ ACCESS_ATTACHMENT_READ, NULL, &review_fra2, "document FRA draft" SUPPORT_ASKED, NULL, 0, "untoc", 0 },
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* Rows: an actor and its expected result per column:
 * A allow, L log in first, T TOTP code due, E TOTP set-up due,
 * P no login pending, D denied. */
struct row {
	const char *label;
	enum access_auth auth;
	struct account *user;
	int via_token;
	const char *expect;
};
static const struct row rows[] = {
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0,               "ALLLLLLLLLLLLLA" "LLLLLLL" "LL" "LLL" "L" "LLL" "LLLLLLLLL" "LL" "LLLLLLL" "LLLLLLLLLLLLLL" "L" "LL" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "AATTTTTTTTTTTTA" "TTTTTTT" "TT" "TTT" "T" "TTT" "TTTTTTTTT" "TT" "TTTTTTT" "TTTTTTTTTTTTTT" "T" "TT" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0,             "APAAAADADAAAAAA" "AAAAAAA" "AA" "AAA" "A" "AAA" "ADDDDAADA" "DD" "AADDDDD" "AAAADDDADAADAA" "D" "AA" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "APEAEEEEEEEEEEA" "EEEEEEE" "EE" "EEE" "E" "EEE" "EEEEEEEEE" "EE" "EEEEEEE" "EEEEEEEEEEEEEE" "E" "EE" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0,      "APAADDDDDAAAADA" "ADDAAAD" "DD" "AAD" "D" "AAD" "AADAAAAAA" "DD" "AADDDAD" "AADDDAAADAAADA" "D" "AA" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0,           "APAADDDDDAAAADA" "DDDAADD" "DD" "AAD" "D" "AAD" "AADDAAAAA" "DD" "AADDDAD" "AADDDDDADAADDA" "A" "AA" },
	{ "FRA observer", ACCESS_SIGNED_IN, &ob_fra, 0,         "APAADDDDDAAAADA" "DDDAADD" "DD" "AAD" "D" "ADD" "ADDDAAAAA" "DD" "AADDDDD" "AADDDDDADAADDA" "D" "AA" },
	{ "DEU expert (reviewer of FRA)", ACCESS_SIGNED_IN, &ex_deu, 0, "APAADDDDDAAAADA" "DDDAADD" "DD" "AAD" "D" "AAD" "ADDDDAADA" "DD" "AAADADD" "AAAADDDADDADDA" "D" "DD" },
	{ "ITA focal point", ACCESS_SIGNED_IN, &fp_ita, 0,      "APAADDDDDAAADAA" "DDDADDA" "DD" "ADA" "D" "DDA" "ADDDDAADD" "DD" "DDDDDDD" "DDDDDDDADDADDA" "D" "DD" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0,              "APAADDDDDAADDDA" "DDDDDDD" "DD" "DDD" "D" "DDD" "DDDDDDDDD" "DD" "DDDDDDD" "DDDDDDDDDDDDDD" "D" "DD" },
	{ "FRA focal point, API token", ACCESS_SIGNED_IN, &fp_fra, 1, "APAADDDDDADAADA" "ADDAAAD" "DD" "AAD" "D" "AAD" "AADAAAAAA" "DD" "AADDDAD" "AADDDAAADAAADA" "D" "AA" },
	{ "Secretariat, API token", ACCESS_SIGNED_IN, &sec, 1,  "APAAAADADADAAAA" "AAAAAAA" "AA" "AAA" "D" "AAA" "ADDDDAADA" "DD" "AADDDDD" "AAAADDDADAADAA" "D" "AA" },
	{ "FRA focal point, TOTP mandatory", ACCESS_SIGNED_IN, &fp_fra_must, 0, "APAADDDDDDAAADA" "DDDAADD" "AD" "AAD" "D" "ADD" "ADDDAAAAA" "AD" "AADDDDD" "AADDDDDADAADDA" "A" "AA" },
	/* An expert of FRA acting for the TIP Protocol only (R20): no UNTOC
	 * thread, no UNTOC item of FRA's list (session 5).  fp_fra_must (id 9)
	 * is not the focal point named for FRA (3): it reads, it does not write
	 * in the dialogue (para 18). */
	{ "FRA expert for TIP only", ACCESS_SIGNED_IN, &ex_fra_tip, 0, "APAADDDDDAAAADA" "DDDAADD" "DD" "AAD" "D" "DDD" "ADDDAAAAA" "DD" "DADDDDD" "DADDDDDADAADDA" "D" "AA" },
	{ "ESP expert (supplementary reviewer of FRA, tip)", ACCESS_SIGNED_IN, &ex_esp, 0,
	  "APAADDDDDAAAADA" "DDDAADD" "DD" "AAD" "D" "AAD" "ADDDDAAD" "A" "DD" "DADDADD" "DADADDDADDADDA" "D" "DD" },
};

static char result_letter(enum access_result r)
{
	switch (r) {
	case ACCESS_ALLOW: return 'A';
	case ACCESS_NEED_LOGIN: return 'L';
	case ACCESS_NEED_TOTP: return 'T';
	case ACCESS_NEED_ENROL: return 'E';
	case ACCESS_NOT_PENDING: return 'P';
	case ACCESS_DENY: return 'D';
	}
	return '?';
}

static void test_matrix(void **state)
{
	(void)state;
	setup_accounts();
	int bad = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		assert_int_equal(strlen(r->expect), NCOLS);
		struct access_actor a = { r->auth, r->user, r->via_token };
		for (size_t c = 0; c < NCOLS; c++) {
			struct access_object obj = { cols[c].account ? cols[c].account : r->user,
						     cols[c].review, cols[c].state, cols[c].fp,
						     cols[c].instrument, 1, cols[c].submitted, 0, 0, 0, 0, NULL,
						     NULL, NULL, NULL, 0, NULL, NULL, 0 };
			obj.support_open = strstr(cols[c].label, SUPPORT_ASKED) != NULL;
			struct access_decision d = access_check(&a, cols[c].act, &obj);
			char got = result_letter(d.result);
			if (got != r->expect[c]) {
				fprintf(stderr, "access: %s / %s: expected %c, got %c (%s)\n", r->label,
					cols[c].label, r->expect[c], got, d.reason ? d.reason : "");
				bad++;
			}
			/* Every refusal says why, in a code and a reason. */
			if (d.result != ACCESS_ALLOW) {
				assert_non_null(d.code);
				assert_non_null(d.reason);
			}
			assert_int_equal(access_allowed(&a, cols[c].act, &obj), got == 'A');
		}
	}
	assert_int_equal(bad, 0);
}

/* summ (issue 10): summaries, disclosure and the overview, as a second
 * table of the same actors (and DEU's focal point, id 12), so that every
 * change of visibility a disclosure makes has its own column.  FRA is
 * reviewed by DEU (every instrument) and ESP (TIP only), as review_fra2;
 * FRA's named focal point is account 3, DEU's 12, ITA's 7. */
static struct account fp_deu;
static const struct access_disclosure fra_states[] = {
	{ ACCESS_DISCLOSED_DIALOGUE, 0, "", ACCESS_OPEN_STATES, "", "" },
	{ ACCESS_DISCLOSED_DOCUMENTS, 0, "", ACCESS_OPEN_STATES, "", "" },
};
static const struct access_disclosure fra_public[] = {
	{ ACCESS_DISCLOSED_DIALOGUE, 1, "untoc", ACCESS_OPEN_PUBLIC, "", "" },
	{ ACCESS_DISCLOSED_RESPONSES, 0, "untoc", ACCESS_OPEN_PUBLIC, "", "" },
	{ ACCESS_DISCLOSED_DOCUMENTS, 1, "", ACCESS_OPEN_PUBLIC, "", "" },
};
static const struct access_review review_fra_states = {
	.reviewed = "FRA", .reviewers = fra_rv, .nreviewers = 2, .reviewer_instruments = fra2_inst,
	.disclosures = fra_states, .ndisclosures = 2 };
static const struct access_review review_fra_public = {
	.reviewed = "FRA", .reviewers = fra_rv, .nreviewers = 2, .reviewer_instruments = fra2_inst,
	.disclosures = fra_public, .ndisclosures = 3 };

struct scolumn {
	enum access_action act;
	const struct access_review *review;
	const char *label;
	const char *state;
	int64_t fp;
	const char *instrument;
	int phase, submitted, agreed, final;
};
static const struct scolumn scols[] = {
	/* 1-5: summaries, draft / agreed / final; drafting and translating. */
	{ ACCESS_SUMMARY_READ, &review_fra2, "summary draft FRA", NULL, 0, NULL, 1, 0, 0, 0 },
	{ ACCESS_SUMMARY_READ, &review_fra2, "summary agreed FRA", NULL, 0, NULL, 1, 0, 1, 0 },
	{ ACCESS_SUMMARY_READ, &review_fra2, "summary final FRA", NULL, 0, NULL, 1, 0, 1, 1 },
	{ ACCESS_SUMMARY_EDIT, &review_fra2, "summary edit FRA", NULL, 3, NULL, 1, 0, 0, 0 },
	{ ACCESS_SUMMARY_TRANSLATE, &review_fra2, "summary translate FRA", NULL, 0, NULL, 1, 0, 0, 0 },
	/* 6-9: agreement for FRA, for DEU, for ESP (no focal point named),
	 * for ITA (no party). */
	{ ACCESS_SUMMARY_AGREE, &review_fra2, "agree for FRA", "FRA", 3, NULL, 1, 0, 0, 0 },
	{ ACCESS_SUMMARY_AGREE, &review_fra2, "agree for DEU", "DEU", 12, NULL, 1, 0, 0, 0 },
	{ ACCESS_SUMMARY_AGREE, &review_fra2, "agree for ESP", "ESP", 0, NULL, 1, 0, 0, 0 },
	{ ACCESS_SUMMARY_AGREE, &review_fra2, "agree for ITA", "ITA", 7, NULL, 1, 0, 0, 0 },
	/* 10-12: disclosure, its log, the overview. */
	{ ACCESS_DISCLOSURE_MAKE, &review_fra2, "disclose FRA", NULL, 3, NULL, 0, 0, 0, 0 },
	{ ACCESS_DISCLOSURE_READ, &review_fra2, "disclosures FRA", NULL, 0, NULL, 0, 0, 0, 0 },
	{ ACCESS_OVERVIEW_READ, NULL, "overview", NULL, 0, NULL, 0, 0, 0, 0 },
	/* 13-16: FRA's dialogue opened to every State party (the thread names
	 * its reviewers: a supplementary reviewer is kept out of other
	 * instruments' threads by the caller, C47, not by these columns). */
	{ ACCESS_DIALOGUE_READ, &review_fra2, "dialogue FRA untoc, closed", NULL, 0, "untoc", 1, 0, 0, 0 },
	{ ACCESS_DIALOGUE_READ, &review_fra_states, "dialogue FRA untoc, open to States", NULL, 0, "untoc", 1, 0, 0, 0 },
	{ ACCESS_DIALOGUE_POST, &review_fra_states, "post FRA untoc, open to States", NULL, 3, "untoc", 1, 0, 0, 0 },
	{ ACCESS_DIALOGUE_READ, &review_fra_states, "dialogue FRA tip, open to States", NULL, 0, "tip", 2, 0, 0, 0 },
	/* 17-20: FRA's phase-1 UNTOC dialogue disclosed publicly; not phase
	 * 2, not TIP, not a thread whose phase the caller does not give. */
	{ ACCESS_DIALOGUE_READ, &review_fra_public, "dialogue FRA untoc 1, public", NULL, 0, "untoc", 1, 0, 0, 0 },
	{ ACCESS_DIALOGUE_READ, &review_fra_public, "dialogue FRA untoc 2, public 1 only", NULL, 0, "untoc", 2, 0, 0, 0 },
	{ ACCESS_DIALOGUE_READ, &review_fra_public, "dialogue FRA tip 1, public untoc only", NULL, 0, "tip", 1, 0, 0, 0 },
	{ ACCESS_DIALOGUE_READ, &review_fra_public, "dialogue FRA untoc, no phase", NULL, 0, "untoc", 0, 0, 0, 0 },
	/* 21-24: answers and documents disclosed publicly: submitted only.
	 * (F23: the Secretariat's cell of the draft column is D since it
	 * reads drafts only on a request for support, B18.) */
	{ ACCESS_RESPONSE_READ, &review_fra_public, "answers FRA untoc submitted, public", NULL, 0, "untoc", 1, 1, 0, 0 },
	{ ACCESS_RESPONSE_READ, &review_fra_public, "answers FRA untoc draft, public", NULL, 0, "untoc", 1, 0, 0, 0 },
	{ ACCESS_RESPONSE_READ, &review_fra_public, "answers FRA tip submitted, public untoc", NULL, 0, "tip", 1, 1, 0, 0 },
	{ ACCESS_ATTACHMENT_READ, &review_fra_public, "document FRA submitted, public", NULL, 0, "untoc", 1, 1, 0, 0 },
	/* 25: documents opened to States parties (disc3, F14: para 40, B18
	 * "Supplementary documentation": only by this choice). */
	{ ACCESS_ATTACHMENT_READ, &review_fra_states, "document FRA submitted, open to States", NULL, 0, "untoc", 1, 1, 0, 0 },
	/* 26-27: the answers as a whole (the listing, filtered per instrument
	 * by the caller) with one instrument disclosed; its documents, phase 2
	 * (disclosed for phase 1 only). */
	{ ACCESS_RESPONSE_READ, &review_fra_public, "answers FRA submitted all, public untoc", NULL, 0, NULL, 1, 1, 0, 0 },
	{ ACCESS_ATTACHMENT_READ, &review_fra_public, "document FRA submitted phase 2, public 1", NULL, 0, "untoc", 2, 1, 0, 0 },
	/* 28: a thread asked about without its phase: no choice matches (the
	 * caller gives the thread's phase for its disclosures to apply). */
	{ ACCESS_DIALOGUE_READ, &review_fra_states, "dialogue FRA untoc, open to States, no phase", NULL, 0, "untoc", 0, 0, 0, 0 },
	/* 29: a reviewing State's focal point posts only while named for its
	 * own State (para 18; .fp is the actor's State's: here DEU's, 12;
	 * column 15 gives FRA's, 3). */
	{ ACCESS_DIALOGUE_POST, &review_fra_states, "post FRA untoc, DEU's fp named", NULL, 12, "untoc", 1, 0, 0, 0 },
	/* 30: the summary's drafting text, as DEU writes it (column 4 gives
	 * FRA's named focal point, 3; para 18). */
	{ ACCESS_SUMMARY_EDIT, &review_fra2, "summary edit FRA, DEU's fp named", NULL, 12, NULL, 1, 0, 0, 0 },
	/* 31: q9 (C27): the UNCAC status of FRA's phase 1, overridden. */
	{ ACCESS_UNCAC_OVERRIDE, &review_fra2, "UNCAC override FRA 1", NULL, 3, NULL, 1, 0, 0, 0 },
};
#define NSCOLS (sizeof scols / sizeof scols[0])

static const struct row srows[] = {
	/* columns: 1-5 summary, 6-9 agree, 10-12 disclose/log/overview,
	 * 13-16 dialogue open to States, 17-20 public, 21-27 answers and documents,
	 * 28 a thread without its phase, 29 a reviewing State's focal point posts,
	 * 30 it edits the summary, 31 the UNCAC override (q9, C27). */
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0,               "LLALLLLLLLLLLLLLALLLALLALALLLLL" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "TTATTTTTTTTTTTTTATTTATTATATTTTT" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0,             "AAAAADDDDDAAAAAAAAAAADAAAAAAAAA" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "EEAEEEEEEEEEEEEEAEEEAEEAEAEEEEE" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0,      "AAAADADDDAADAAAAAAAAAAAAAAAADDD" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0,           "AAAADDDDDDADAAAAAAAAAAAAAAAAAAD" },
	{ "FRA observer", ACCESS_SIGNED_IN, &ob_fra, 0,         "AAADDDDDDDADAADAAAAAAAAAAAAADDD" },
	{ "DEU expert (reviewer of FRA)", ACCESS_SIGNED_IN, &ex_deu, 0, "AAAADDDDDDADAAAAAAAAADAAAAAAAAD" },
	{ "DEU focal point (reviewer of FRA)", ACCESS_SIGNED_IN, &fp_deu, 0, "AAADDDADDDADAADAAAAAADAAAAAAAAD" },
	{ "ITA focal point", ACCESS_SIGNED_IN, &fp_ita, 0,      "DAADDDDDDDDDDADAADDDADAAAADDDDD" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0,              "DDADDDDDDDDDDDDDADDDADDADADDDDD" },
	{ "FRA focal point, API token", ACCESS_SIGNED_IN, &fp_fra, 1, "AAAADADDDAADAAAAAAAAAAAAAAAADDD" },
	{ "FRA focal point, not the named one", ACCESS_SIGNED_IN, &fp_fra_must, 0, "AAADDDDDDDADAADAAAAAAAAAAAAADDD" },
	{ "FRA expert for TIP only", ACCESS_SIGNED_IN, &ex_fra_tip, 0, "AAAADDDDDDADDADAADADAAAAAAADDAD" },
	/* ESP reviews FRA for the TIP Protocol only: the Convention's threads
	 * are not its own (C47, dialogue_member) unless FRA opened them to all
	 * States parties for that phase; submitted documents it reads as a
	 * State party (lead decision C15/C47, monotone). */
	{ "ESP expert (supplementary reviewer of FRA, tip)", ACCESS_SIGNED_IN, &ex_esp, 0, "AAAADDDDDDADDADAADADADAAAAADDAD" },
};

static void test_summ_matrix(void **state)
{
	(void)state;
	setup_accounts();
	mk(&fp_deu, 12, ROLE_FOCAL_POINT, "DEU");
	int bad = 0;
	for (size_t i = 0; i < sizeof srows / sizeof srows[0]; i++) {
		const struct row *r = &srows[i];
		struct access_actor a = { r->auth, r->user, r->via_token };
		char got_all[NSCOLS + 1];
		for (size_t c = 0; c < NSCOLS; c++) {
			struct access_object obj = { .account = r->user, .review = scols[c].review,
						     .state = scols[c].state,
						     .focal_point_id = scols[c].fp,
						     .instrument = scols[c].instrument,
						     .phase = scols[c].phase,
						     .submitted = scols[c].submitted,
						     .agreed = scols[c].agreed, .final = scols[c].final };
			struct access_decision d = access_check(&a, scols[c].act, &obj);
			char got = result_letter(d.result);
			got_all[c] = got;
			if (strlen(r->expect) != NSCOLS || got != r->expect[c]) {
				fprintf(stderr, "access: %s / %s: expected %c, got %c (%s)\n", r->label,
					scols[c].label, c < strlen(r->expect) ? r->expect[c] : '?', got,
					d.reason ? d.reason : "");
				bad++;
			}
			if (d.result != ACCESS_ALLOW) {
				assert_non_null(d.code);
				assert_non_null(d.reason);
			}
		}
		got_all[NSCOLS] = '\0';
		if (strcmp(got_all, r->expect) != 0)
			fprintf(stderr, "access: row %s: got %s\n", r->label, got_all);
	}
	assert_int_equal(bad, 0);
}

/* params (issue 12, R38): recording a version of the parameters of the
 * drawing of lots is the Secretariat's, by session or API token (unlike
 * holding a draw); reading them is everyone's (ACCESS_PROGRAMME_READ).
 * Columns: record, read, draw manage; outline (paras 15, 38, R108, R112):
 * entering a version of the blueprint of lists and summaries is the same
 * rule as recording the parameters (the Secretariat, session or token),
 * reading it the public's (the read column). */
static const enum access_action pcols[] = { ACCESS_PARAMS_RECORD, ACCESS_PROGRAMME_READ,
					    ACCESS_DRAW_MANAGE, ACCESS_BLUEPRINT_EDIT };
#define NPCOLS (sizeof pcols / sizeof pcols[0])
static const struct row prows[] = {
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0, "LALL" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "TATT" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0, "AAAA" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "EAEE" },
	{ "Secretariat, API token", ACCESS_SIGNED_IN, &sec, 1, "AADA" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0, "DADD" },
	{ "FRA focal point, API token", ACCESS_SIGNED_IN, &fp_fra, 1, "DADD" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0, "DADD" },
	{ "FRA observer", ACCESS_SIGNED_IN, &ob_fra, 0, "DADD" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0, "DADD" },
};

static void test_params_matrix(void **state)
{
	(void)state;
	setup_accounts();
	int bad = 0;
	for (size_t i = 0; i < sizeof prows / sizeof prows[0]; i++) {
		const struct row *r = &prows[i];
		assert_int_equal(strlen(r->expect), NPCOLS);
		struct access_actor a = { r->auth, r->user, r->via_token };
		for (size_t c = 0; c < NPCOLS; c++) {
			struct access_decision d = access_check(&a, pcols[c], NULL);
			char got = result_letter(d.result);
			if (got != r->expect[c]) {
				fprintf(stderr, "access: %s / %s: expected %c, got %c (%s)\n", r->label,
					access_action_name(pcols[c]), r->expect[c], got,
					d.reason ? d.reason : "");
				bad++;
			}
			if (d.result != ACCESS_ALLOW) {
				assert_non_null(d.code);
				assert_non_null(d.reason);
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* c44 (issue 9; paras 18, 27; C44): the directory State by State and its
 * setting, as a third table of the same actors.  FRA's named focal point
 * is account 3 (fp_fra), ITA's 7 (fp_ita). */
struct ccolumn {
	enum access_action act;
	const char *label;
	const char *state;
	int64_t fp;
	int publicity;
	const char *reference;
};
static const struct ccolumn ccols[] = {
	/* 1-3: FRA's entries, default and public; a public setting with no State. */
	{ ACCESS_DIRECTORY_STATE_READ, "directory FRA, States parties", "FRA", 3, ACCESS_PUBLICITY_STATES, NULL },
	{ ACCESS_DIRECTORY_STATE_READ, "directory FRA, public", "FRA", 3, ACCESS_PUBLICITY_PUBLIC, NULL },
	{ ACCESS_DIRECTORY_STATE_READ, "directory no State, public", NULL, 0, ACCESS_PUBLICITY_PUBLIC, NULL },
	/* 4-8: FRA's setting, without and with a reference; ITA's; FRA's
	 * while another of its focal-point accounts (9) is named, or none. */
	{ ACCESS_DIRECTORY_PUBLICITY_SET, "set FRA", "FRA", 3, 0, NULL },
	{ ACCESS_DIRECTORY_PUBLICITY_SET, "set FRA, reference", "FRA", 3, 0, "NV/2026/17" },
	{ ACCESS_DIRECTORY_PUBLICITY_SET, "set ITA, reference", "ITA", 7, 0, "NV/2026/18" },
	{ ACCESS_DIRECTORY_PUBLICITY_SET, "set FRA, other named", "FRA", 9, 0, "NV/2026/17" },
	{ ACCESS_DIRECTORY_PUBLICITY_SET, "set FRA, none named", "FRA", 0, 0, "" },
	/* 9: no State. */
	{ ACCESS_DIRECTORY_PUBLICITY_SET, "set no State", NULL, 0, 0, "NV/2026/17" },
};
#define NCCOLS (sizeof ccols / sizeof ccols[0])

static const struct row crows[] = {
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0,                    "LAL" "LLLLL" "L" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "TAT" "TTTTT" "T" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0,                  "AAA" "DAAAD" "D" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "EAE" "EEEEE" "E" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0,           "AAA" "AADDD" "D" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0,                "AAA" "DDDDD" "D" },
	{ "FRA observer", ACCESS_SIGNED_IN, &ob_fra, 0,              "AAA" "DDDDD" "D" },
	{ "DEU expert", ACCESS_SIGNED_IN, &ex_deu, 0,                "AAA" "DDDDD" "D" },
	{ "ITA focal point", ACCESS_SIGNED_IN, &fp_ita, 0,           "AAA" "DDADD" "D" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0,                   "DAD" "DDDDD" "D" },
	{ "FRA focal point, API token", ACCESS_SIGNED_IN, &fp_fra, 1, "AAA" "AADDD" "D" },
	{ "Secretariat, API token", ACCESS_SIGNED_IN, &sec, 1,       "AAA" "DAAAD" "D" },
	{ "FRA focal point, not the named one", ACCESS_SIGNED_IN, &fp_fra_must, 0, "AAA" "DDDAD" "D" },
};

static void test_c44_matrix(void **state)
{
	(void)state;
	setup_accounts();
	int bad = 0;
	for (size_t i = 0; i < sizeof crows / sizeof crows[0]; i++) {
		const struct row *r = &crows[i];
		assert_int_equal(strlen(r->expect), NCCOLS);
		struct access_actor a = { r->auth, r->user, r->via_token };
		for (size_t c = 0; c < NCCOLS; c++) {
			struct access_object obj = { .account = r->user, .state = ccols[c].state,
						     .focal_point_id = ccols[c].fp,
						     .publicity = ccols[c].publicity,
						     .reference = ccols[c].reference };
			struct access_decision d = access_check(&a, ccols[c].act, &obj);
			char got = result_letter(d.result);
			if (got != r->expect[c]) {
				fprintf(stderr, "access: %s / %s: expected %c, got %c (%s)\n", r->label,
					ccols[c].label, r->expect[c], got, d.reason ? d.reason : "");
				bad++;
			}
			if (d.result != ACCESS_ALLOW) {
				assert_non_null(d.code);
				assert_non_null(d.reason);
			}
		}
	}
	assert_int_equal(bad, 0);
	/* The Secretariat without a reference: refused with its own code,
	 * which the pages and the API answer as a form error (400). */
	struct access_actor se = { ACCESS_SIGNED_IN, &sec, 0 };
	struct access_object o = { .state = "FRA", .focal_point_id = 3, .reference = "" };
	assert_string_equal(access_check(&se, ACCESS_DIRECTORY_PUBLICITY_SET, &o).code,
			    "reference_required");
	struct access_actor ex = { ACCESS_SIGNED_IN, &ex_fra, 0 };
	assert_string_equal(access_check(&ex, ACCESS_DIRECTORY_PUBLICITY_SET, &o).code, "forbidden");
}

/* notif (issue 9): the notifications of an account are its own; nobody,
 * the Secretariat included, reads or marks another's through this action.
 * Columns: the owner is the actor, another account (other, id 99), the
 * Secretariat's (sec, id 1), no owner given.  Letters as rows[]. */
static const struct account *const notif_owner[] = { NULL, &other, &sec, NULL };
static const int notif_own[] = { 1, 0, 0, 0 };
#define NNCOLS (sizeof notif_own / sizeof notif_own[0])
static const struct row nrows[] = {
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0, "LLLL" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "TTTT" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0, "ADAD" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "EEEE" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0, "ADDD" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0, "ADDD" },
	{ "FRA focal point, API token", ACCESS_SIGNED_IN, &fp_fra, 1, "ADDD" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0, "ADDD" },
	{ "DEU expert", ACCESS_SIGNED_IN, &ex_deu, 0, "ADDD" },
};

static void test_notifications_own(void **state)
{
	(void)state;
	setup_accounts();
	int bad = 0;
	for (size_t i = 0; i < sizeof nrows / sizeof nrows[0]; i++) {
		const struct row *r = &nrows[i];
		struct access_actor a = { r->auth, r->user, r->via_token };
		for (size_t c = 0; c < NNCOLS; c++) {
			/* Column 2 for the Secretariat itself is its own. */
			const struct account *owner = notif_own[c] ? r->user : notif_owner[c];
			struct access_object obj = { .account = owner };
			struct access_decision d = access_check(&a, ACCESS_NOTIFICATIONS_OWN,
								c == 3 ? NULL : &obj);
			char got = result_letter(d.result);
			if (got != r->expect[c]) {
				fprintf(stderr, "access: %s / notifications column %zu: expected %c, "
					"got %c (%s)\n", r->label, c, r->expect[c], got,
					d.reason ? d.reason : "");
				bad++;
			}
			if (d.result == ACCESS_DENY)
				assert_string_equal(d.code, "not_found");
		}
	}
	assert_int_equal(bad, 0);
}

/* disc (issue 10; para 37, R98; B18 "Follow-up progress info", R104,
 * R118): the Secretariat publishes under a portal request; a progress
 * report is read by anyone once uploaded to the public part, else as the
 * follow-up.  Columns: publish in FRA's review; a report of FRA public
 * (not communicated); communicated, not public; neither.  Letters as
 * rows[]. */
static const struct { enum access_action act; int publicity, submitted; } dcols[] = {
	{ ACCESS_PORTAL_PUBLISH, 0, 0 },
	{ ACCESS_PROGRESS_REPORT_READ, ACCESS_PUBLICITY_PUBLIC, 0 },
	{ ACCESS_PROGRESS_REPORT_READ, ACCESS_PUBLICITY_STATES, 1 },
	{ ACCESS_PROGRESS_REPORT_READ, ACCESS_PUBLICITY_STATES, 0 },
};
#define NDCOLS (sizeof dcols / sizeof dcols[0])
static const struct row drows[] = {
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0, "LALL" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "TATT" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0, "AAAA" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "EAEE" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0, "DAAA" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0, "DAAA" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0, "DADD" },
	{ "DEU expert (reviewer)", ACCESS_SIGNED_IN, &ex_deu, 0, "DAAD" },
	{ "ITA focal point", ACCESS_SIGNED_IN, &fp_ita, 0, "DAAD" },
};

static void test_disc_actions(void **state)
{
	(void)state;
	setup_accounts();
	int bad = 0;
	for (size_t i = 0; i < sizeof drows / sizeof drows[0]; i++) {
		const struct row *r = &drows[i];
		struct access_actor a = { r->auth, r->user, r->via_token };
		for (size_t c = 0; c < NDCOLS; c++) {
			struct access_object obj = { .review = &review_fra, .phase = 1,
						     .publicity = dcols[c].publicity,
						     .submitted = dcols[c].submitted };
			struct access_decision d = access_check(&a, dcols[c].act, &obj);
			char got = result_letter(d.result);
			if (got != r->expect[c]) {
				fprintf(stderr, "access: %s / disc column %zu: expected %c, got %c "
					"(%s)\n", r->label, c, r->expect[c], got,
					d.reason ? d.reason : "");
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* ta (issue 10; R116, R117, R122; para 45): the register of providers,
 * the dissemination of FRA's needs, to whom they were sent, FRA's choice
 * to share them.  Columns: the action with its object. */
struct tacol {
	enum access_action act;
	const char *label;
	const char *state;       /* .state */
	int agreed;              /* .submitted: FRA's list is agreed */
	int withheld;            /* .ta_withheld */
	int64_t fp;              /* .focal_point_id */
	const char *reference;   /* .reference */
};
static const struct tacol tacols[] = {
	{ ACCESS_TA_PROVIDERS_READ, "register read", NULL, 0, 0, 0, NULL },
	{ ACCESS_TA_PROVIDERS_EDIT, "register edit", NULL, 0, 0, 0, NULL },
	{ ACCESS_TA_DISSEMINATE, "disseminate FRA agreed", "FRA", 1, 0, 0, NULL },
	{ ACCESS_TA_DISSEMINATE, "disseminate FRA not agreed", "FRA", 0, 0, 0, NULL },
	{ ACCESS_TA_DISSEMINATE, "disseminate FRA withheld", "FRA", 1, 1, 0, NULL },
	{ ACCESS_TA_DISSEMINATION_READ, "sent FRA", "FRA", 0, 0, 0, NULL },
	{ ACCESS_TA_SHARING_SET, "sharing FRA (fp_fra named)", "FRA", 0, 0, 3, NULL },
	{ ACCESS_TA_SHARING_SET, "sharing FRA, reference", "FRA", 0, 0, 3, "NV/2027/1" },
	{ ACCESS_TA_SHARING_SET, "sharing FRA, none named", "FRA", 0, 0, 0, NULL },
};
#define NTACOLS (sizeof tacols / sizeof tacols[0])
static const struct row tarows[] = {
	{ "anonymous", ACCESS_ANONYMOUS, NULL, 0,                    "LLLLLLLLL" },
	{ "FRA focal point, code due", ACCESS_MFA_PENDING, &fp_fra, 0, "TTTTTTTTT" },
	{ "Secretariat", ACCESS_SIGNED_IN, &sec, 0,                   "AAADDADAD" },
	{ "Secretariat, TOTP set-up due", ACCESS_SIGNED_IN, &sec_due, 0, "EEEEEEEEE" },
	{ "FRA focal point", ACCESS_SIGNED_IN, &fp_fra, 0,            "DDDDDAAAD" },
	{ "FRA expert", ACCESS_SIGNED_IN, &ex_fra, 0,                 "DDDDDADDD" },
	{ "FRA observer", ACCESS_SIGNED_IN, &ob_fra, 0,               "DDDDDADDD" },
	{ "DEU expert (reviewer of FRA)", ACCESS_SIGNED_IN, &ex_deu, 0, "DDDDDDDDD" },
	{ "ITA focal point", ACCESS_SIGNED_IN, &fp_ita, 0,            "DDDDDDDDD" },
	{ "stakeholder", ACCESS_SIGNED_IN, &sh, 0,                    "DDDDDDDDD" },
	{ "FRA focal point, TOTP mandatory", ACCESS_SIGNED_IN, &fp_fra_must, 0, "DDDDDADDD" },
	{ "Secretariat, API token", ACCESS_SIGNED_IN, &sec, 1,        "AAADDADAD" },
};

static void test_ta_actions(void **state)
{
	(void)state;
	setup_accounts();
	int bad = 0;
	for (size_t i = 0; i < sizeof tarows / sizeof tarows[0]; i++) {
		const struct row *r = &tarows[i];
		assert_int_equal(strlen(r->expect), NTACOLS);
		struct access_actor a = { r->auth, r->user, r->via_token };
		for (size_t c = 0; c < NTACOLS; c++) {
			struct access_object obj = { .review = &review_fra, .state = tacols[c].state,
						     .submitted = tacols[c].agreed,
						     .ta_withheld = tacols[c].withheld,
						     .focal_point_id = tacols[c].fp,
						     .reference = tacols[c].reference };
			struct access_decision d = access_check(&a, tacols[c].act, &obj);
			char got = result_letter(d.result);
			if (got != r->expect[c]) {
				fprintf(stderr, "access: %s / %s: expected %c, got %c (%s)\n", r->label,
					tacols[c].label, r->expect[c], got, d.reason ? d.reason : "");
				bad++;
			}
			if (d.result != ACCESS_ALLOW)
				assert_non_null(d.code);
		}
	}
	assert_int_equal(bad, 0);
	/* The refusals say why: withheld, not agreed, a reference wanted. */
	struct access_actor se = { ACCESS_SIGNED_IN, &sec, 0 };
	struct access_object w = { .review = &review_fra, .submitted = 1, .ta_withheld = 1 };
	assert_string_equal(access_check(&se, ACCESS_TA_DISSEMINATE, &w).code, "not_shared");
	w.ta_withheld = 0;
	w.submitted = 0;
	assert_string_equal(access_check(&se, ACCESS_TA_DISSEMINATE, &w).code, "not_final");
	struct access_object sref = { .state = "FRA", .focal_point_id = 3 };
	assert_string_equal(access_check(&se, ACCESS_TA_SHARING_SET, &sref).code,
			    "reference_required");
	assert_int_equal(access_check(&se, ACCESS_TA_DISSEMINATE, NULL).result, ACCESS_DENY);
}

/* Every action of the enum has a column, so that a new action cannot be
 * added without its row of expectations. */
/* chan (issue 10; para 33; R95-R97; docs/channels.md): the channels
 * between experts of FRA's review (reviewed by DEU and ESP), as a table:
 * every actor x (request, list, set up, read, post) of a channel of the
 * reviewers among themselves (DEU,ESP) and one with the reviewed State
 * (DEU,FRA); the same read when FRA has disclosed its dialogue publicly
 * (never consulted) and after a redraw replaced DEU by ITA (para 30). */
static const char *const fra_redrawn_rv[] = { "ITA", "ESP" };
static const struct access_review review_fra_redrawn = { .reviewed = "FRA",
	.reviewers = fra_redrawn_rv, .nreviewers = 2 };
static const struct access_disclosure chan_fra_public[] = {
	{ ACCESS_DISCLOSED_DIALOGUE, 0, "", ACCESS_OPEN_PUBLIC, "", "" } };
static const struct access_review review_fra_disclosed = { .reviewed = "FRA",
	.reviewers = fra_rv, .nreviewers = 2, .disclosures = chan_fra_public, .ndisclosures = 1 };

struct chan_col {
	enum access_action act;
	const struct access_review *review;
	const char *states;
};
static const struct chan_col chcols[] = {
	{ ACCESS_CHANNEL_REQUEST, &review_fra, NULL },
	{ ACCESS_CHANNEL_REQUEST, &review_fra, "DEU,ESP" },
	{ ACCESS_CHANNEL_REQUESTS_READ, &review_fra, NULL },
	{ ACCESS_CHANNEL_REQUESTS_READ, &review_fra, "DEU,ESP" },
	{ ACCESS_CHANNEL_SET_UP, &review_fra, "DEU,ESP" },
	{ ACCESS_CHANNEL_READ, &review_fra, "DEU,ESP" },
	{ ACCESS_CHANNEL_POST, &review_fra, "DEU,ESP" },
	{ ACCESS_CHANNEL_READ, &review_fra, "DEU,FRA" },
	{ ACCESS_CHANNEL_POST, &review_fra, "DEU,FRA" },
	{ ACCESS_CHANNEL_READ, &review_fra_disclosed, "DEU,ESP" },
	{ ACCESS_CHANNEL_READ, &review_fra_redrawn, "DEU,ESP" },
	{ ACCESS_CHANNEL_POST, &review_fra_redrawn, "DEU,ESP" },
	{ ACCESS_CHANNEL_READ, NULL, "DEU,ESP" },
};
#define NCHCOLS (sizeof chcols / sizeof chcols[0])

static void test_channel_matrix(void **state)
{
	(void)state;
	setup_accounts();
	struct account fp_fra_unnamed = fp_fra;
	fp_fra_unnamed.id = 42;
	static const struct {
		const char *label;
		enum access_auth auth;
		const struct account *user;
		const char *expect; /* one letter per column of chcols */
	} chrows[] = {
		{ "anonymous", ACCESS_ANONYMOUS, NULL, "LLLLLLLLLLLLL" },
		{ "secretariat", ACCESS_SIGNED_IN, &sec, "DDAAAADADAADD" },
		{ "reviewed fp (named)", ACCESS_SIGNED_IN, &fp_fra, "ADADDDDAAD" "DDD" },
		{ "reviewed fp (not named)", ACCESS_SIGNED_IN, NULL, "DDADDDDADDDDD" },
		{ "reviewed expert", ACCESS_SIGNED_IN, &ex_fra, "ADADDDDAADDDD" },
		{ "reviewed observer", ACCESS_SIGNED_IN, &ob_fra, "DDDDDDDDDDDDD" },
		{ "reviewer DEU expert", ACCESS_SIGNED_IN, &ex_deu, "AAAADAAAAADDD" },
		{ "reviewer ESP expert", ACCESS_SIGNED_IN, &ex_esp, "AAAADAADDAAAD" },
		{ "State not in the review", ACCESS_SIGNED_IN, &fp_ita, "DDDDDDDDDDDDD" },
		{ "stakeholder", ACCESS_SIGNED_IN, &sh, "DDDDDDDDDDDDD" },
	};
	for (size_t i = 0; i < sizeof chrows / sizeof chrows[0]; i++) {
		assert_int_equal(strlen(chrows[i].expect), NCHCOLS);
		const struct account *u = chrows[i].user ? chrows[i].user
			: i == 3 ? &fp_fra_unnamed : NULL;
		struct access_actor a = { chrows[i].auth, u, 0 };
		for (size_t c = 0; c < NCHCOLS; c++) {
			/* FRA's named focal point is fp_fra (id 3); the other
			 * States' focal points are not concerned here. */
			struct access_object o = { .review = chcols[c].review,
						   .channel_states = chcols[c].states,
						   .focal_point_id = u && !strcmp(u->state, "FRA") ? 3 : 0 };
			char got = result_letter(access_check(&a, chcols[c].act, &o).result);
			if (got != chrows[i].expect[c])
				fprintf(stderr, "access: %s / %s %s (col %zu): expected %c, got %c\n",
					chrows[i].label, access_action_name(chcols[c].act),
					chcols[c].states ? chcols[c].states : "-", c, chrows[i].expect[c], got);
			assert_int_equal(got, chrows[i].expect[c]);
		}
	}
}

/* Whose name an invitation may carry (cmd_user's --by): an enabled
 * Secretariat account, whoever asks; no other role, no disabled one. */
static void test_invite_on_behalf(void **state)
{
	(void)state;
	setup_accounts();
	struct access_actor anyone = { ACCESS_ANONYMOUS, NULL, 0 };
	struct account off = sec;
	off.disabled = 1;
	const struct { const struct account *u; int allowed; } cases[] = {
		{ &sec, 1 }, { &sec_due, 1 }, { &off, 0 }, { &fp_fra, 0 }, { &ex_fra, 0 },
		{ &ob_fra, 0 }, { &sh, 0 }, { NULL, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct access_object o = { .account = cases[i].u };
		assert_int_equal(access_allowed(&anyone, ACCESS_INVITE_ON_BEHALF, &o),
				 cases[i].allowed);
	}
}

static void test_every_action_has_a_column(void **state)
{
	(void)state;
	for (int act = 0; act < ACCESS_ACTION_COUNT; act++) {
		int seen = 0;
		for (size_t c = 0; c < NCOLS; c++)
			seen |= (int)cols[c].act == act;
		for (size_t c = 0; c < NSCOLS; c++) /* summ */
			seen |= (int)scols[c].act == act;
		for (size_t c = 0; c < NPCOLS; c++) /* params */
			seen |= (int)pcols[c] == act;
		for (size_t c = 0; c < NCCOLS; c++) /* c44 */
			seen |= (int)ccols[c].act == act;
		seen |= act == ACCESS_NOTIFICATIONS_OWN; /* notif: test_notifications_own */
		seen |= act == ACCESS_INVITE_ON_BEHALF; /* test_invite_on_behalf */
		for (size_t c = 0; c < NTACOLS; c++) /* ta: test_ta_actions */
			seen |= (int)tacols[c].act == act;
		for (size_t c = 0; c < NDCOLS; c++) /* disc: test_disc_actions */
			seen |= (int)dcols[c].act == act;
		for (size_t c = 0; c < NCHCOLS; c++) /* chan: test_channel_matrix */
			seen |= (int)chcols[c].act == act;
		if (!seen)
			fprintf(stderr, "access: action %s has no column\n",
				access_action_name((enum access_action)act));
		assert_true(seen);
		assert_string_not_equal(access_action_name((enum access_action)act), "?");
	}
}

static void test_codes_of_refusals(void **state)
{
	(void)state;
	setup_accounts();
	struct access_actor tok = { ACCESS_SIGNED_IN, &fp_fra, 1 };
	assert_string_equal(access_check(&tok, ACCESS_TOKENS_MANAGE, NULL).code, "session_required");
	struct access_actor due = { ACCESS_SIGNED_IN, &sec_due, 0 };
	assert_string_equal(access_check(&due, ACCESS_ROUTE_SIGNED_IN, NULL).code, "totp_required");
	struct access_actor s = { ACCESS_SIGNED_IN, &sh, 0 };
	assert_string_equal(access_check(&s, ACCESS_REVIEWS_LIST, NULL).code, "forbidden");
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	assert_string_equal(access_check(&anon, ACCESS_ROUTE_SIGNED_IN, NULL).code, "unauthenticated");
	/* A review asked about without the review is refused, not allowed. */
	struct access_actor fp = { ACCESS_SIGNED_IN, &fp_fra, 0 };
	assert_int_equal(access_check(&fp, ACCESS_REVIEW_READ, NULL).result, ACCESS_DENY);
	struct access_actor se = { ACCESS_SIGNED_IN, &sec, 0 };
	assert_int_equal(access_check(&se, ACCESS_ACCOUNT_DISABLE, NULL).result, ACCESS_DENY);
	assert_int_equal(access_check(&se, ACCESS_TOTP_RESET, NULL).result, ACCESS_DENY);
	struct access_object own = { .account = &sec };
	assert_string_equal(access_check(&se, ACCESS_TOTP_RESET, &own).code, "own_account");
}

static void test_review_part(void **state)
{
	(void)state;
	setup_accounts();
	assert_int_equal(access_review_part(&fp_fra, &review_fra), ACCESS_PART_REVIEWED);
	assert_int_equal(access_review_part(&ex_deu, &review_fra), ACCESS_PART_REVIEWER);
	assert_int_equal(access_review_part(&ex_deu, &review_ita), ACCESS_PART_NONE);
	assert_int_equal(access_review_part(&sec, &review_ita), ACCESS_PART_SECRETARIAT);
	assert_int_equal(access_review_part(&sh, &review_fra), ACCESS_PART_NONE);
	assert_int_equal(access_review_part(NULL, &review_fra), ACCESS_PART_NONE);
	/* A stakeholder whose record carries a State code still takes no
	 * part: the role decides, not a stray column. */
	struct account odd = sh;
	snprintf(odd.state, sizeof odd.state, "FRA");
	assert_int_equal(access_review_part(&odd, &review_fra), ACCESS_PART_NONE);
}

/* Para 28 b, C47: an additional reviewer is in charge of its Protocols
 * only; the reviewed State of everything; a State outside the review of
 * nothing.  Callers that give no instrument lists mean "all". */
static void test_in_charge(void **state)
{
	(void)state;
	static const char *const rv[] = { "DEU", "ESP", "CHE" };
	static const char *const inst[] = { "untoc,tip,som", "untoc,tip,som", "firearms" };
	static const int ph[] = { 1, -1, -1, -1 };
	const struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 3,
					.reviewer_instruments = inst, .phase_states = ph,
					.nphases = 4 };
	assert_true(access_review_in_charge(&r, "FRA", "firearms"));
	assert_true(access_review_in_charge(&r, "DEU", "tip"));
	assert_false(access_review_in_charge(&r, "DEU", "firearms"));
	assert_true(access_review_in_charge(&r, "CHE", "firearms"));
	assert_false(access_review_in_charge(&r, "CHE", "untoc"));
	assert_false(access_review_in_charge(&r, "CHE", "fire"));
	assert_false(access_review_in_charge(&r, "ITA", "untoc"));
	assert_true(access_review_in_charge(&review_fra, "ESP", "firearms"));
	assert_false(access_review_in_charge(NULL, "FRA", "untoc"));
}

/* Lead decision C15/C47 (session 4): reading submitted responses is
 * monotone -- a supplementary reviewer reads the other instruments'
 * submitted responses as a State party would, and the audit says in which
 * part; a signatory (para 52) reads its own review only (C33). */
static void test_read_part(void **state)
{
	(void)state;
	setup_accounts();
	struct access_actor esp = { ACCESS_SIGNED_IN, &ex_esp, 0 };
	struct access_actor deu = { ACCESS_SIGNED_IN, &ex_deu, 0 };
	struct access_actor ita = { ACCESS_SIGNED_IN, &fp_ita, 0 };
	struct access_actor fra = { ACCESS_SIGNED_IN, &ex_fra, 0 };
	struct access_actor se = { ACCESS_SIGNED_IN, &sec, 0 };
	struct access_actor shh = { ACCESS_SIGNED_IN, &sh, 0 };
	struct access_object tip = { .review = &review_fra2, .phase = 1, .instrument = "tip",
				     .submitted = 1 };
	struct access_object untoc = tip;
	untoc.instrument = "untoc";
	struct access_object all = tip;
	all.instrument = NULL;
	assert_string_equal(access_read_part(&esp, ACCESS_RESPONSE_READ, &tip), "reviewer");
	assert_string_equal(access_read_part(&esp, ACCESS_RESPONSE_READ, &untoc), "state_party");
	assert_string_equal(access_read_part(&esp, ACCESS_ATTACHMENT_READ, &untoc), "state_party");
	assert_string_equal(access_read_part(&esp, ACCESS_RESPONSE_READ, &all), "reviewer");
	assert_string_equal(access_read_part(&deu, ACCESS_RESPONSE_READ, &untoc), "reviewer");
	assert_string_equal(access_read_part(&ita, ACCESS_RESPONSE_READ, &untoc), "state_party");
	assert_string_equal(access_read_part(&fra, ACCESS_RESPONSE_READ, &untoc), "reviewed");
	assert_string_equal(access_read_part(&se, ACCESS_ATTACHMENT_READ, &untoc), "secretariat");
	assert_null(access_read_part(&shh, ACCESS_RESPONSE_READ, &untoc));
	/* Monotone: whatever an uninvolved State party reads, a reviewer of
	 * the review reads too, for every instrument, submitted or not. */
	static const char *const insts[] = { "untoc", "tip", "som", "firearms", NULL };
	for (int sub = 0; sub <= 1; sub++)
		for (size_t i = 0; i < sizeof insts / sizeof insts[0]; i++) {
			struct access_object o = { .review = &review_fra2, .phase = 1,
						   .instrument = insts[i], .submitted = sub };
			for (int act = ACCESS_RESPONSE_READ; act <= ACCESS_ATTACHMENT_READ;
			     act += ACCESS_ATTACHMENT_READ - ACCESS_RESPONSE_READ)
				if (access_allowed(&ita, (enum access_action)act, &o)) {
					assert_true(access_allowed(&esp, (enum access_action)act, &o));
					assert_true(access_allowed(&deu, (enum access_action)act, &o));
				}
		}
	/* Drafts stay the reviewed State's. */
	struct access_object draft = untoc;
	draft.submitted = 0;
	assert_null(access_read_part(&esp, ACCESS_RESPONSE_READ, &draft));
	assert_null(access_read_part(&ita, ACCESS_RESPONSE_READ, &draft));
	/* C33: a signatory's people read the submitted responses of their
	 * own review (as reviewed State), not those of another review. */
	struct access_object sig = untoc;
	sig.actor_signatory = 1;
	assert_false(access_allowed(&ita, ACCESS_RESPONSE_READ, &sig));
	assert_false(access_allowed(&ita, ACCESS_ATTACHMENT_READ, &sig));
	assert_true(access_allowed(&fra, ACCESS_RESPONSE_READ, &sig));
	assert_true(access_allowed(&esp, ACCESS_RESPONSE_READ, &sig));
	assert_true(access_allowed(&se, ACCESS_RESPONSE_READ, &sig));
}

static void test_route_table_invariants(void **state)
{
	(void)state;
	size_t n;
	const struct route *t = routes_table(&n);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		int safe = strcmp(t[i].method, "GET") == 0;
		/* State-changing routes ask for the CSRF token, reads never. */
		assert_int_equal((t[i].flags & ROUTE_CSRF) != 0, !safe);
		if (strncmp(t[i].pattern, "/admin/", 7) == 0)
			assert_int_equal(t[i].need, ACCESS_ADMINISTER);
		if (strncmp(t[i].pattern, "/api/", 5) == 0) {
			assert_int_not_equal(t[i].need, ACCESS_ROUTE_PUBLIC);
			assert_int_not_equal(t[i].need, ACCESS_ROUTE_ENROL);
			/* The one API open without a login is the programme as
			 * published (issue 8, item 4), and only for reading; the
			 * directory's routes are too (c44: each State's entries as
			 * ACCESS_DIRECTORY_STATE_READ decides in the handler), and
			 * so is a record's inclusion proof (proof, issue 10: a
			 * publicly disclosed record's, as its read rule decides in
			 * the handler, dialogue_record_readable()). */
			struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
			if (access_allowed(&anon, t[i].need, NULL)) {
				assert_int_equal(t[i].need, ACCESS_PROGRAMME_READ);
				assert_string_equal(t[i].method, "GET");
			}
		}
		/* Only what needs no login is served without the store. */
		if (t[i].flags & ROUTE_NO_STORE)
			assert_int_equal(t[i].need, ACCESS_ROUTE_PUBLIC);
		/* No two routes share method and pattern. */
		for (size_t k = i + 1; k < n; k++)
			assert_false(strcmp(t[i].method, t[k].method) == 0 &&
				     strcmp(t[i].pattern, t[k].pattern) == 0);
	}
}

static void test_route_matching(void **state)
{
	(void)state;
	char copy[256], allow[64];
	const char *params[4];
	const struct route *r;
	assert_int_equal(routes_find("GET", "/invite/abc", copy, &r, params, allow, sizeof allow),
			 ROUTE_FOUND);
	assert_string_equal(r->pattern, "/invite/{token}");
	assert_string_equal(params[0], "abc");
	assert_int_equal(routes_find("GET", "/invite/", copy, &r, params, allow, sizeof allow),
			 ROUTE_NO_PATH);
	assert_int_equal(routes_find("GET", "/invite/a/b", copy, &r, params, allow, sizeof allow),
			 ROUTE_NO_PATH);
	assert_int_equal(routes_find("DELETE", "/api/v1/tokens/17", copy, &r, params, allow,
				     sizeof allow), ROUTE_FOUND);
	assert_string_equal(params[0], "17");
	assert_int_equal(routes_find("GET", "/api/v1/tokens/17", copy, &r, params, allow,
				     sizeof allow), ROUTE_NO_METHOD);
	assert_string_equal(allow, "DELETE");
	assert_int_equal(routes_find("PUT", "/login", copy, &r, params, allow, sizeof allow),
			 ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET, HEAD, POST");
	assert_int_equal(routes_find("GET", "/", copy, &r, params, allow, sizeof allow), ROUTE_FOUND);
	assert_string_equal(r->pattern, "/");
	assert_int_equal(routes_find("GET", "/nope", copy, &r, params, allow, sizeof allow),
			 ROUTE_NO_PATH);
	assert_int_equal(routes_find("GET", "/dashboard/", copy, &r, params, allow, sizeof allow),
			 ROUTE_NO_PATH);
	assert_int_equal(routes_find("GET", "", copy, &r, params, allow, sizeof allow),
			 ROUTE_NO_PATH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_disc_actions),
		cmocka_unit_test(test_ta_actions),
		cmocka_unit_test(test_every_action_has_a_column),
		cmocka_unit_test(test_invite_on_behalf),
		cmocka_unit_test(test_channel_matrix),
		cmocka_unit_test(test_summ_matrix),
		cmocka_unit_test(test_params_matrix),
		cmocka_unit_test(test_c44_matrix),
		cmocka_unit_test(test_codes_of_refusals),
		cmocka_unit_test(test_review_part),
		cmocka_unit_test(test_in_charge),
		cmocka_unit_test(test_read_part),
		cmocka_unit_test(test_route_table_invariants),
		cmocka_unit_test(test_route_matching),
		cmocka_unit_test(test_notifications_own),
	};
	return cmocka_run_group_tests_name("access", tests, NULL, NULL);
}
