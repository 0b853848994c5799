/* test_findings.c - the list of observations and its follow-up (issue 10;
 * annex paras 38-39, 43-46; R102, R107-R118, R136, C14, C46, C47): typed
 * items tied to table 1's articles and to answers and archived messages,
 * every version kept, bad input refused with nothing written, changes
 * outside a supplementary reviewer's charge refused, confidentiality
 * decisions, agreement by every party archived and reopened by a change,
 * the 70 % gate counting the agreed list, the CRP per working group
 * without confidential items, the follow-up and its aggregate without any
 * State in it. */
#include "testutil.h"

#include "access/access.h"
#include "accounts/account.h"
#include "archive/archive.h"
#include "core/refdata.h"
#include "findings/crp.h"
#include "findings/followup.h"
#include "findings/list.h"
#include "findings/outline.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "response/response.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/buf.h"

#include "findings_testutil.h"

static json_t *items_of(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("%s: %s", text, e.text);
	return j;
}

/* Saves items (JSON text) as the writer of may_change; returns the rc. */
static int put(struct fx *f, int base, const char *scope, const char *items,
	       const char *may_change, int *version, char *err)
{
	json_t *j = items_of(items);
	int rc = list_put(f->s, &fra, base, scope, j, may_change, "ex@deu.example", version, err,
			  300);
	json_decref(j);
	if (rc == LIST_ERR)
		fail_msg("list_put: %s", err);
	return rc;
}

static long long versions(struct fx *f)
{
	return count(f->s, "SELECT COUNT(*) FROM obs_list_versions");
}

static void test_items_versions_and_bad_input(void **state)
{
	(void)state;
	struct fx f;
	char err[300], items[1200];
	int v = -1;
	fx_open(&f);
	/* R107, R108: a gap on article 5 resting on an answer and a message,
	 * a technical-assistance need with its priority. */
	snprintf(items, sizeof items,
		 "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"Pas "
		 "d'infraction de participation.\",\"answers\":[\"%s\"],\"messages\":[%lld]},"
		 "{\"instrument\":\"untoc\",\"article\":6,\"type\":\"ta_need\",\"priority\":\"high\","
		 "\"text\":\"Formation des enquêteurs.\"},"
		 "{\"instrument\":\"tip\",\"article\":5,\"type\":\"good_practice\",\"text\":\"Un "
		 "plan national.\"}]", f.qid, (long long)f.msg);
	assert_int_equal(put(&f, 0, NULL, items, NULL, &v, err), LIST_OK);
	assert_int_equal(v, 1);
	struct list_status ls;
	assert_int_equal(list_status_get(f.s, "FRA", 1, &ls), 1);
	assert_int_equal(ls.version, 1);
	assert_int_equal(ls.final, 0);
	/* Every bad input: a clear error, nothing written. */
	static const struct {
		const char *items;
		int rc;
		const char *says;
	} bad[] = {
		{ "[{\"instrument\":\"untoc\",\"article\":999,\"type\":\"gap\",\"text\":\"x\"}]",
		  LIST_INVALID, "article 999 of untoc is not reviewed" },
		/* article 24 is of cluster C2; 8 only for a State not party to UNCAC (R41) */
		{ "[{\"instrument\":\"untoc\",\"article\":24,\"type\":\"gap\",\"text\":\"x\"}]",
		  LIST_INVALID, "not reviewed in this phase" },
		{ "[{\"instrument\":\"untoc\",\"article\":8,\"type\":\"gap\",\"text\":\"x\"}]",
		  LIST_INVALID, "article 8 of untoc" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"lacune\",\"text\":\"x\"}]",
		  LIST_INVALID, "type must be gap, good_practice, suggestion or ta_need" },
		{ "[{\"instrument\":\"uncac\",\"article\":5,\"type\":\"gap\",\"text\":\"x\"}]",
		  LIST_INVALID, "instrument must be one under review" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"ta_need\",\"text\":\"x\"}]",
		  LIST_INVALID, "needs a priority" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"priority\":\"high\","
		  "\"text\":\"x\"}]", LIST_INVALID, "only a ta_need has a priority" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"  \"}]",
		  LIST_INVALID, "text is empty" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"x\","
		  "\"answers\":[\"untoc-c1-a999-q9\"]}]", LIST_INVALID, "is no question" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"x\","
		  "\"messages\":[999999]}]", LIST_INVALID, "is no record of this review" },
		{ "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"x\","
		  "\"colour\":\"red\"}]", LIST_INVALID, "unknown field 'colour'" },
		{ "[{\"key\":\"i99\",\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\","
		  "\"text\":\"x\"}]", LIST_INVALID, "key 'i99' names no item" },
		{ "[{\"key\":\"i1\",\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\","
		  "\"text\":\"x\"},{\"key\":\"i1\",\"instrument\":\"untoc\",\"article\":5,"
		  "\"type\":\"gap\",\"text\":\"y\"}]", LIST_INVALID, "given twice" },
		{ "{\"items\":[]}", LIST_INVALID, "items must be a list" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int rc = put(&f, 1, NULL, bad[i].items, NULL, &v, err);
		if (rc != bad[i].rc || !strstr(err, bad[i].says))
			fail_msg("case %zu: rc %d, '%s'", i, rc, err);
	}
	/* A message of another review's thread is refused too. */
	snprintf(items, sizeof items, "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\","
		 "\"text\":\"x\",\"messages\":[%lld]}]", (long long)f.other_msg);
	assert_int_equal(put(&f, 1, NULL, items, NULL, &v, err), LIST_INVALID);
	/* A stale base version conflicts. */
	assert_int_equal(put(&f, 0, NULL, "[]", NULL, &v, err), LIST_CONFLICT);
	assert_non_null(strstr(err, "version 1, not 0"));
	assert_int_equal(versions(&f), 1);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM obs_items"), 3);
	/* C47: ESP (Trafficking Protocol only) cannot touch the Convention's
	 * items; within its scope it changes its own and keeps the others. */
	assert_int_equal(put(&f, 1, NULL, "[]", "tip", &v, err), LIST_OUT_OF_CHARGE);
	assert_non_null(strstr(err, "untoc"));
	assert_int_equal(put(&f, 1, "tip",
			     "[{\"key\":\"i3\",\"instrument\":\"tip\",\"article\":5,\"type\":"
			     "\"good_practice\",\"text\":\"Un plan national d'action.\"},"
			     "{\"instrument\":\"tip\",\"article\":3,\"type\":\"suggestion\","
			     "\"text\":\"Définir l'exploitation.\"}]", "tip", &v, err), LIST_OK);
	assert_int_equal(v, 2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM obs_items WHERE version = 2"), 4);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM obs_items WHERE version = 2 AND "
			       "item_key = 'i4' AND instrument = 'tip'"), 1);
	/* Saving the same items writes nothing. */
	assert_int_equal(put(&f, 2, "tip",
			     "[{\"key\":\"i3\",\"instrument\":\"tip\",\"article\":5,\"type\":"
			     "\"good_practice\",\"text\":\"Un plan national d'action.\"},"
			     "{\"key\":\"i4\",\"instrument\":\"tip\",\"article\":3,\"type\":"
			     "\"suggestion\",\"text\":\"Définir l'exploitation.\"}]", "tip", &v, err),
			 LIST_OK);
	assert_int_equal(v, 2);
	assert_int_equal(versions(&f), 2);
	/* Every version is kept and cannot be changed (triggers). */
	assert_int_not_equal(store_exec(f.s, "UPDATE obs_items SET body = 'x'"), 0);
	assert_int_not_equal(store_exec(f.s, "DELETE FROM obs_list_versions"), 0);
	int rc;
	json_t *j = list_json(f.s, &fra, 1, NULL, NULL, "ex@deu.example", "127.0.0.1", &rc);
	assert_int_equal(rc, LIST_OK);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 3);
	assert_int_equal(json_array_size(json_object_get(j, "versions")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(j, "items"), 0), "answers") ? json_array_get(json_object_get(
		json_array_get(json_object_get(j, "items"), 0), "answers"), 0) : NULL), f.qid);
	json_decref(j);
	assert_null(list_json(f.s, &fra, 7, NULL, NULL, "ex@deu.example", "127.0.0.1", &rc));
	assert_int_equal(rc, LIST_NOT_FOUND);
	/* Every read is audited (R97). */
	assert_true(count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read.list'") >= 1);
	fx_close(&f);
}

static int only_tip(const char *instrument, void *ctx)
{
	(void)ctx;
	return strcmp(instrument, "tip") == 0;
}

static void test_confidential_agreement_gate_crp(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	int v, fin = -1, rc;
	fx_open(&f);
	assert_int_equal(put(&f, 0, NULL,
			     "[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":"
			     "\"Lacune A.\"},{\"instrument\":\"untoc\",\"article\":6,\"type\":"
			     "\"ta_need\",\"priority\":\"medium\",\"text\":\"Besoin B.\"},"
			     "{\"instrument\":\"untoc\",\"article\":10,\"type\":\"ta_need\","
			     "\"priority\":\"high\",\"text\":\"Besoin secret C.\"},"
			     "{\"instrument\":\"tip\",\"article\":5,\"type\":\"suggestion\","
			     "\"text\":\"Suggestion D.\"}]", NULL, &v, err), LIST_OK);
	/* R102, R103: the reviewed State keeps i3 confidential; the same
	 * decision twice is one record; an unknown item is refused. */
	assert_int_equal(list_set_confidential(f.s, &fra, "i3", 1, "fp@fra.example", err,
					       sizeof err), LIST_OK);
	assert_int_equal(list_set_confidential(f.s, &fra, "i3", 1, "fp@fra.example", err,
					       sizeof err), LIST_OK);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM obs_confidential"), 1);
	assert_int_equal(list_set_confidential(f.s, &fra, "i9", 1, "fp@fra.example", err,
					       sizeof err), LIST_NOT_FOUND);
	/* The supplementary reviewer's view: its instrument only. */
	json_t *j = list_json(f.s, &fra, 0, only_tip, NULL, "ex@esp.example", "127.0.0.1", &rc);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "hidden")), 3);
	json_decref(j);
	/* No CRP before the list is final. */
	assert_null(crp_json(f.s, "FRA", 1, "wg_ic", "x@y", "127.0.0.1", &rc));
	assert_int_equal(rc, -4);
	/* Para 39, R111: agreement by the reviewed State and each reviewer. */
	assert_int_equal(list_agree(f.s, &fra, "ITA", 1, "fp@ita.example", &fin, err, sizeof err),
			 LIST_INVALID);
	assert_int_equal(list_agree(f.s, &fra, "FRA", 0, "fp@fra.example", &fin, err, sizeof err),
			 LIST_CONFLICT);
	assert_int_equal(list_agree(f.s, &fra, "FRA", 1, "fp@fra.example", &fin, err, sizeof err),
			 LIST_OK);
	assert_int_equal(fin, 0);
	assert_int_equal(list_agree(f.s, &fra, "FRA", 1, "fp@fra.example", &fin, err, sizeof err),
			 LIST_ALREADY);
	assert_non_null(strstr(err, "already agreed"));
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM obs_agreements"), 1);
	assert_int_equal(list_agree(f.s, &fra, "DEU", 1, "fp@deu.example", &fin, err, sizeof err),
			 LIST_OK);
	struct phase_status ps;
	assert_int_equal(phase_status_get(f.s, 1, 1, &ps), 0);
	assert_int_equal(ps.planned, 2);
	assert_int_equal(ps.completed, 0);
	assert_int_equal(list_agree(f.s, &fra, "ESP", 1, "fp@esp.example", &fin, err, sizeof err),
			 LIST_OK);
	assert_int_equal(fin, 1);
	/* Each agreement is an archived "agreement" record, kept forever. */
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM archive_records WHERE kind = 'agreement'"),
			 3);
	/* C14: the review of FRA now counts as completed for the gate. */
	assert_int_equal(phase_status_get(f.s, 1, 1, &ps), 0);
	assert_int_equal(ps.completed, 1);
	assert_false(phase_gate_open(ps.planned, ps.completed));
	/* R109: the CRP of each working group, without the confidential
	 * item; the Convention's go to both of its groups (R191). */
	j = crp_json(f.s, "FRA", 1, "wg_ic", "x@y", "127.0.0.1", &rc);
	assert_int_equal(rc, 0);
	json_t *it = json_object_get(j, "items");
	assert_int_equal(json_array_size(it), 2);
	char *dump = json_dumps(j, 0);
	assert_null(strstr(dump, "secret"));
	assert_null(strstr(dump, "Suggestion D"));
	assert_null(strstr(dump, "answers"));
	free(dump);
	json_decref(j);
	j = crp_json(f.s, "FRA", 1, "wg_ta", "x@y", "127.0.0.1", &rc);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	j = crp_json(f.s, "FRA", 1, "wg_tip", "x@y", "127.0.0.1", &rc);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	assert_null(crp_json(f.s, "FRA", 1, "wg_nope", "x@y", "127.0.0.1", &rc));
	assert_int_equal(rc, -3);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read.crp'"), 3);
	/* A later change reopens agreement; the completion stays (C14). */
	assert_int_equal(put(&f, 1, "tip", "[]", "tip", &v, err), LIST_OK);
	struct list_status ls;
	assert_int_equal(list_status_get(f.s, "FRA", 1, &ls), 1);
	assert_int_equal(ls.version, 2);
	assert_int_equal(ls.agreed_version, 1);
	assert_int_equal(ls.final, 0);
	j = list_json(f.s, &fra, 0, NULL, NULL, "fp@fra.example", "127.0.0.1", &rc);
	json_t *p0 = json_array_get(json_object_get(j, "parties"), 0);
	assert_false(json_is_true(json_object_get(p0, "agreed")));
	assert_false(json_is_true(json_object_get(j, "final")));
	json_decref(j);
	assert_null(crp_json(f.s, "FRA", 1, "wg_ic", "x@y", "127.0.0.1", &rc));
	assert_int_equal(rc, -4);
	assert_int_equal(phase_status_get(f.s, 1, 1, &ps), 0);
	assert_int_equal(ps.completed, 1);
	assert_int_not_equal(store_exec(f.s, "DELETE FROM obs_agreements"), 0);
	fx_close(&f);
}

static void test_followup_and_aggregate(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	int v, rc;
	fx_open(&f);
	assert_int_equal(put(&f, 0, NULL,
			     "[{\"instrument\":\"untoc\",\"article\":6,\"type\":\"ta_need\","
			     "\"priority\":\"medium\",\"text\":\"Besoin B.\"},"
			     "{\"instrument\":\"untoc\",\"article\":10,\"type\":\"ta_need\","
			     "\"priority\":\"high\",\"text\":\"Besoin secret C.\"},"
			     "{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"G.\"}]",
			     NULL, &v, err), LIST_OK);
	/* No follow-up before agreement. */
	assert_int_equal(followup_status_set(f.s, "FRA", 1, "i1", "met", "", "fp@fra.example", err,
					     sizeof err), -3);
	assert_int_equal(list_set_confidential(f.s, &fra, "i2", 1, "fp@fra.example", err,
					       sizeof err), LIST_OK);
	assert_int_equal(list_agree(f.s, &fra, "FRA", 1, "a", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(list_agree(f.s, &fra, "DEU", 1, "b", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(list_agree(f.s, &fra, "ESP", 1, "c", NULL, err, sizeof err), LIST_OK);
	/* R115: status as the State reports it; bad input writes nothing. */
	assert_int_equal(followup_status_set(f.s, "FRA", 1, "i1", "done", "", "fp", err, sizeof err),
			 -2);
	assert_int_equal(followup_status_set(f.s, "FRA", 1, "i3", "met", "", "fp", err, sizeof err),
			 -3); /* a gap is no need */
	assert_int_equal(followup_status_set(f.s, "FRA", 1, "i1", "in_progress", "Atelier prévu.",
					     "fp@fra.example", err, sizeof err), 0);
	/* R116: a request linked to a provider. */
	assert_int_equal(followup_request_add(f.s, "FRA", 1, "i1", "UNODC", "maybe", "", "sec", err,
					      sizeof err), -2);
	assert_int_equal(followup_request_add(f.s, "FRA", 1, "i1", "UNODC", "pledged", "",
					      "sec@un.example", err, sizeof err), 0);
	/* R118: a report not yet communicated. */
	assert_int_equal(followup_report_add(f.s, "FRA", 1, "", 1, "fp", err, sizeof err), -2);
	assert_int_equal(followup_report_add(f.s, "FRA", 1, "Rapport interne.", 0, "fp@fra.example",
					     err, sizeof err), 0);
	assert_int_equal(followup_communicated(f.s, "FRA", 1), 0);
	assert_int_equal(followup_report_add(f.s, "FRA", 1, "Progrès accomplis.", 1,
					     "fp@fra.example", err, sizeof err), 0);
	assert_int_equal(followup_communicated(f.s, "FRA", 1), 1);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_status"), 1);
	json_t *j = followup_json(f.s, "FRA", 1, 1, "fp@fra.example", "127.0.0.1", &rc);
	assert_int_equal(json_array_size(json_object_get(j, "needs")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "reports")), 2);
	json_t *n0 = json_array_get(json_object_get(j, "needs"), 0);
	assert_string_equal(json_string_value(json_object_get(n0, "status")), "in_progress");
	assert_int_equal(json_array_size(json_object_get(n0, "requests")), 1);
	json_decref(j);
	/* Others: the communicated report, no confidential need, no requests. */
	j = followup_json(f.s, "FRA", 1, 0, "fp@ita.example", "127.0.0.1", &rc);
	assert_int_equal(json_array_size(json_object_get(j, "needs")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "reports")), 1);
	char *dump = json_dumps(j, 0);
	assert_null(strstr(dump, "secret"));
	assert_null(strstr(dump, "interne"));
	assert_null(strstr(dump, "UNODC"));
	free(dump);
	json_decref(j);
	/* Para 44, R114, R136: the aggregate names no State, sorted by
	 * region, instrument, article; the confidential need is left out. */
	struct buf csv = { 0 };
	j = followup_aggregate(f.s, &csv);
	assert_int_equal(json_array_size(j), 1);
	json_t *r0 = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(r0, "region")), "WEOG");
	assert_string_equal(json_string_value(json_object_get(r0, "status")), "in_progress");
	assert_int_equal(json_integer_value(json_object_get(r0, "needs")), 1);
	buf_putc(&csv, '\0');
	assert_string_equal(csv.p, "region,instrument,article,priority,status,needs\r\n"
			    "WEOG,untoc,6,medium,in_progress,1\r\n");
	assert_null(strstr(csv.p, "FRA"));
	json_decref(j);
	buf_free(&csv);
	/* Agreed lists of three more States in three regions (stored as
	 * list_agree leaves them): needs of the same region, instrument,
	 * article, priority and status are summed across States, and the
	 * rows come in the order of the regional groups, the instruments and
	 * the articles, never by State or by how many needs it has (R136). */
	exec1(f.s, "INSERT INTO obs_lists (id, reviewed, phase, version, agreed_version, agreed_at, "
		    "created_at, created_by) VALUES "
		    "(101, 'DEU', 1, 1, 1, '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', 't'), "
		    "(102, 'NGA', 1, 1, 1, '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', 't'), "
		    "(103, 'BRA', 1, 1, 1, '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', 't')");
	exec1(f.s, "INSERT INTO obs_items (list_id, version, item_key, ord, instrument, article, "
		    "type, priority, body) VALUES "
		    "(101, 1, 'i1', 1, 'tip', 5, 'ta_need', 'high', 'DEU tip'), "
		    "(101, 1, 'i2', 2, 'untoc', 6, 'ta_need', 'medium', 'DEU untoc'), "
		    "(102, 1, 'i1', 1, 'firearms', 5, 'ta_need', 'low', 'NGA fa'), "
		    "(102, 1, 'i2', 2, 'untoc', 6, 'ta_need', 'medium', 'NGA a'), "
		    "(102, 1, 'i3', 3, 'untoc', 6, 'ta_need', 'medium', 'NGA b'), "
		    "(102, 1, 'i4', 4, 'untoc', 6, 'gap', '', 'NGA gap'), "
		    "(103, 1, 'i1', 1, 'untoc', 23, 'ta_need', 'low', 'BRA')");
	memset(&csv, 0, sizeof csv);
	j = followup_aggregate(f.s, &csv);
	buf_putc(&csv, '\0');
	assert_string_equal(csv.p, "region,instrument,article,priority,status,needs\r\n"
			    "AFRICAN,untoc,6,medium,open,2\r\n"
			    "AFRICAN,firearms,5,low,open,1\r\n"
			    "GRULAC,untoc,23,low,open,1\r\n"
			    "WEOG,untoc,6,medium,open,1\r\n"
			    "WEOG,untoc,6,medium,in_progress,1\r\n"
			    "WEOG,tip,5,high,open,1\r\n");
	assert_int_equal(json_array_size(j), 6);
	for (size_t i = 0; i < json_array_size(j); i++) {
		char *row = json_dumps(json_array_get(j, i), 0);
		for (const char *c = "FRA\0DEU\0NGA\0BRA\0"; *c; c += 4)
			if (strstr(row, c))
				fail_msg("the aggregate names %s: %s", c, row);
		free(row);
	}
	json_decref(j);
	buf_free(&csv);
	assert_int_not_equal(store_exec(f.s, "UPDATE ta_status SET status = 'met'"), 0);
	fx_close(&f);
}

/* R90: drafting a list moves a phase in dialogue to draft_list, the
 * agreement of every party moves it on to list_agreed, each a recorded
 * transition. */
static void test_phase_state_follows(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	int v;
	fx_open(&f);
	exec1(f.s, "UPDATE review_phase_states SET state = 'dialogue' WHERE reviewed = 'FRA' "
		   "AND phase = 1");
	assert_int_equal(put(&f, 0, NULL, "[{\"instrument\":\"untoc\",\"article\":5,\"type\":"
			     "\"gap\",\"text\":\"G.\"}]", NULL, &v, err), LIST_OK);
	assert_int_equal(phase_review_state(f.s, "FRA", 1), PHASE_DRAFT_LIST);
	assert_int_equal(list_agree(f.s, &fra, "FRA", 1, "a", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(list_agree(f.s, &fra, "DEU", 1, "b", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(phase_review_state(f.s, "FRA", 1), PHASE_DRAFT_LIST);
	assert_int_equal(list_agree(f.s, &fra, "ESP", 1, "c", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(phase_review_state(f.s, "FRA", 1), PHASE_LIST_AGREED);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM review_transitions WHERE reviewed = 'FRA' "
			       "AND to_state IN ('draft_list', 'list_agreed')"), 2);
	/* Counted once in the gate, by its state and its list alike. */
	struct phase_status ps;
	assert_int_equal(phase_status_get(f.s, 1, 1, &ps), 0);
	assert_int_equal(ps.completed, 1);
	fx_close(&f);
}

/* The refusals of the new rules say why (the API's error codes). */
static void test_access_codes(void **state)
{
	(void)state;
	struct account fp = { .id = 3, .role = ROLE_FOCAL_POINT, .state = "FRA" };
	struct account ex = { .id = 4, .role = ROLE_EXPERT, .state = "DEU" };
	struct account sec = { .id = 1, .role = ROLE_SECRETARIAT };
	static const char *const rv[] = { "DEU" };
	const struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1 };
	struct access_actor afp = { ACCESS_SIGNED_IN, &fp, 0 }, aex = { ACCESS_SIGNED_IN, &ex, 0 },
			    asec = { ACCESS_SIGNED_IN, &sec, 0 };
	struct access_object o = { .review = &r, .instrument = "untoc" };
	assert_string_equal(access_check(&aex, ACCESS_LIST_EDIT, &o).code, "not_submitted");
	o.submitted = 1;
	assert_int_equal(access_check(&aex, ACCESS_LIST_EDIT, &o).result, ACCESS_ALLOW);
	assert_int_equal(access_check(&afp, ACCESS_LIST_EDIT, &o).result, ACCESS_DENY);
	o.submitted = 0;
	assert_string_equal(access_check(&afp, ACCESS_LIST_CRP_READ, &o).code, "not_final");
	/* Agreement: the named focal point only, never the Secretariat. */
	assert_int_equal(access_check(&afp, ACCESS_LIST_AGREE, &o).result, ACCESS_DENY);
	o.focal_point_id = 3;
	assert_int_equal(access_check(&afp, ACCESS_LIST_AGREE, &o).result, ACCESS_ALLOW);
	assert_int_equal(access_check(&asec, ACCESS_LIST_AGREE, &o).result, ACCESS_DENY);
	assert_int_equal(access_check(&asec, ACCESS_LIST_CONFIDENTIAL, &o).result, ACCESS_DENY);
	/* A review asked about without the review is refused. */
	assert_int_equal(access_check(&asec, ACCESS_LIST_READ, NULL).result, ACCESS_DENY);
	assert_int_equal(access_check(&afp, ACCESS_FOLLOWUP_EDIT, NULL).result, ACCESS_DENY);
	assert_string_equal(list_type_name(list_type_parse("ta_need")), "ta_need");
	assert_int_equal(list_type_parse("gap or difficulty"), -1);
	assert_int_equal(followup_status_parse("in_progress"), 1);
	assert_int_equal(followup_funding_parse("maybe"), -1);
}

/* outline (paras 15, 38; R108, R112): with no blueprint adopted the list
 * keeps table 1 order of its instruments and the order given; once a
 * version is adopted (by a recorded decision) a new list version orders
 * its sections by the blueprint, instrument then item type, keeps the
 * order given within a section, and records the version it followed; the
 * CRP reads the same stored order. */
static void test_list_follows_blueprint(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	int v = -1;
	fx_open(&f);
	static const char items[] =
		"[{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"A\"},"
		"{\"instrument\":\"untoc\",\"article\":6,\"type\":\"suggestion\",\"text\":\"B\"},"
		"{\"instrument\":\"tip\",\"article\":5,\"type\":\"gap\",\"text\":\"C\"},"
		"{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"D\"},"
		"{\"instrument\":\"tip\",\"article\":5,\"type\":\"suggestion\",\"text\":\"E\"}]";
	if (put(&f, 0, NULL, items, NULL, &v, err) != LIST_OK)
		fail_msg("list_put: %s", err);
	int rc;
	json_t *j = list_json(f.s, &fra, 0, NULL, NULL, "t", "local", &rc);
	assert_non_null(j);
	char order[8] = "";
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		order[i] = json_string_value(json_object_get(it, "text"))[0];
	assert_string_equal(order, "ABDCE"); /* table 1: untoc then tip, as given */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
				 json_object_get(j, "versions"), 0), "blueprint")), 0);
	json_decref(j);
	exec1(f.s, "INSERT INTO lots_decisions (ref, decided_on, title, created_at) VALUES "
		   "('CTOC/COP/TEST/9', '2026-10-01', 'test', '2026-10-01T00:00:00Z')");
	static const char bp[] = "{\"list\":{\"instruments\":[\"tip\",\"untoc\"],"
				 "\"types\":[\"suggestion\",\"gap\"]}}";
	assert_int_equal(outline_adopt(f.s, bp, strlen(bp), "CTOC/COP/TEST/9", 0, "sec", "local",
				       &v, err, sizeof err), OUTLINE_OK);
	assert_int_equal(v, 1);
	/* Saving the same items again is a change of order only: a new
	 * version, in the blueprint's order. */
	assert_int_equal(put(&f, 1, NULL, items, NULL, &v, err), LIST_OK);
	assert_int_equal(v, 2);
	j = list_json(f.s, &fra, 0, NULL, NULL, "t", "local", &rc);
	assert_non_null(j);
	json_array_foreach(json_object_get(j, "items"), i, it)
		order[i] = json_string_value(json_object_get(it, "text"))[0];
	assert_string_equal(order, "ECBAD");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
				 json_object_get(j, "versions"), 1), "blueprint")), 1);
	json_decref(j);
	/* Version 1 keeps the order it was saved in. */
	j = list_json(f.s, &fra, 1, NULL, NULL, "t", "local", &rc);
	json_array_foreach(json_object_get(j, "items"), i, it)
		order[i] = json_string_value(json_object_get(it, "text"))[0];
	assert_string_equal(order, "ABDCE");
	json_decref(j);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_codes),
		cmocka_unit_test(test_phase_state_follows),
		cmocka_unit_test(test_items_versions_and_bad_input),
		cmocka_unit_test(test_list_follows_blueprint),
		cmocka_unit_test(test_confidential_agreement_gate_crp),
		cmocka_unit_test(test_followup_and_aggregate),
	};
	return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
