/* test_undo.c - undoing a publication (issue 10, gap "undoing"; paras 37,
 * 41; R98, R99, R103, R104, R118; migration 0045): the Secretariat ends a
 * portal publication with a reason (disclosure_unpublish), the focal point
 * withdraws a progress report from the public part
 * (followup_report_withdraw); refusals write nothing; the ends are rows of
 * append-only tables, the earlier rows unchanged; the effect (what
 * disclosure_current() and followup_public_reports() give, hence what
 * access/ opens) goes, and publishing again brings it back. */
#include "testutil.h"

#include "access/access.h"
#include "core/refdata.h"
#include "findings/findings_int.h"
#include "findings/followup.h"
#include "review/disclosure.h"
#include "store/store.h"

static struct store *open_db(char **dir, const char *name)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, name);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	return s;
}

static long long count(struct store *s, const char *q)
{
	return store_count(s, q, NULL);
}

/* Whether an anonymous visitor reads FRA's submitted documents of phase 1,
 * with the choices in force as country_review_load() gives them. */
static int anon_reads_documents(struct store *s)
{
	struct access_disclosure cur[8];
	size_t n = 0;
	assert_int_equal(disclosure_current(s, "FRA", cur, 8, &n), 0);
	static const char *const rv[] = { "DEU" };
	struct access_review r = { .reviewed = "FRA", .reviewers = rv, .nreviewers = 1,
				   .disclosures = cur, .ndisclosures = n };
	struct access_actor anon = { ACCESS_ANONYMOUS, NULL, 0 };
	struct access_object o = { .review = &r, .instrument = "untoc", .phase = 1,
				   .submitted = 1 };
	return access_allowed(&anon, ACCESS_ATTACHMENT_READ, &o);
}

static int unpublish(struct store *s, const char *state, int64_t id, const char *note,
		     char *err, size_t n)
{
	return disclosure_unpublish(s, state, id, note, 9, "sec@un.example", NULL, err, n);
}

static void test_portal_unpublish(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = open_db(&dir, "undo");
	int64_t req = 0, pub = 0, other = 0, end = 0;
	/* FRA asks for its documents in the portal; DEU too. */
	assert_int_equal(disclosure_record(s, "FRA", "documents", 0, "", "portal", "", 3,
					   "fp@fra.example", &req, err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_record(s, "DEU", "documents", 0, "", "portal", "", 4,
					   "fp@deu.example", NULL, err, sizeof err), DISCLOSURE_OK);
	assert_false(anon_reads_documents(s));
	assert_int_equal(disclosure_publish(s, "FRA", req, NULL, "Choisi", 9, "sec@un.example",
					    &pub, err, sizeof err), DISCLOSURE_OK);
	assert_int_equal(disclosure_publish(s, "DEU", 2, NULL, "", 9, "sec@un.example", &other,
					    err, sizeof err), DISCLOSURE_OK);
	assert_true(anon_reads_documents(s));

	/* Refusals: the reason is required and checked; no such publication
	 * of FRA (none, or DEU's); nothing written. */
	assert_int_equal(unpublish(s, "FRA", pub, "", err, sizeof err), DISCLOSURE_INVALID);
	assert_non_null(strstr(err, "reason"));
	assert_int_equal(unpublish(s, "FRA", pub, NULL, err, sizeof err), DISCLOSURE_INVALID);
	assert_int_equal(unpublish(s, "FRA", pub, "\xff\xfe", err, sizeof err),
			 DISCLOSURE_INVALID);
	char longer[1002];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(unpublish(s, "FRA", pub, longer, err, sizeof err), DISCLOSURE_INVALID);
	assert_int_equal(unpublish(s, "FRA", 999, "Erreur", err, sizeof err),
			 DISCLOSURE_NO_PUBLICATION);
	assert_non_null(strstr(err, "no publication"));
	assert_int_equal(unpublish(s, "FRA", other, "Erreur", err, sizeof err),
			 DISCLOSURE_NO_PUBLICATION);
	assert_int_equal(disclosure_unpublish_check(s, "FRA", pub, "Erreur", err, sizeof err),
			 DISCLOSURE_OK);
	assert_int_equal(count(s, "SELECT count(*) FROM portal_publication_ends"), 0);
	assert_true(anon_reads_documents(s));

	/* Ended: one row with who, when, why; the publication row unchanged;
	 * it opens nothing any more; DEU's is untouched. */
	assert_int_equal(disclosure_unpublish(s, "FRA", pub, "Publié par erreur", 9,
					      "sec@un.example", &end, err, sizeof err),
			 DISCLOSURE_OK);
	assert_true(end > 0);
	assert_false(anon_reads_documents(s));
	struct disclosure_publication *p = NULL;
	size_t n = 0;
	assert_int_equal(disclosure_publications(s, "FRA", &p, &n), 0);
	assert_int_equal(n, 1);
	assert_false(p[0].in_force);
	assert_true(p[0].request_in_force);
	assert_int_equal(p[0].end_id, end);
	assert_string_equal(p[0].end_note, "Publié par erreur");
	assert_string_equal(p[0].ended_by, "sec@un.example");
	assert_int_equal(p[0].ended_by_id, 9);
	assert_true(strlen(p[0].ended_at) >= 20);
	assert_string_equal(p[0].note, "Choisi");
	assert_string_equal(p[0].by, "sec@un.example");
	disclosure_publications_free(p, n);
	assert_int_equal(disclosure_publications(s, "DEU", &p, &n), 0);
	assert_true(n == 1 && p[0].in_force && p[0].end_id == 0);
	disclosure_publications_free(p, n);

	/* Already ended: 409, nothing more written. */
	assert_int_equal(unpublish(s, "FRA", pub, "Encore", err, sizeof err), DISCLOSURE_ENDED);
	assert_non_null(strstr(err, "already ended"));
	assert_int_equal(count(s, "SELECT count(*) FROM portal_publication_ends"), 1);

	/* Published again: a new publication, in force; the old one stays
	 * ended.  The State's withdrawal ends the new one: ending it then is
	 * refused, with the State named. */
	int64_t pub2 = 0;
	assert_int_equal(disclosure_publish(s, "FRA", req, NULL, "", 9, "sec@un.example", &pub2,
					    err, sizeof err), DISCLOSURE_OK);
	assert_true(pub2 > pub);
	assert_true(anon_reads_documents(s));
	assert_int_equal(disclosure_record(s, "FRA", "documents", 0, "", "withdraw", "", 3,
					   "fp@fra.example", NULL, err, sizeof err), DISCLOSURE_OK);
	assert_false(anon_reads_documents(s));
	assert_int_equal(unpublish(s, "FRA", pub2, "Trop tard", err, sizeof err),
			 DISCLOSURE_ENDED);
	assert_non_null(strstr(err, "reviewed State"));

	/* Append-only, and nothing of 0043 changed. */
	assert_true(store_exec(s, "UPDATE portal_publication_ends SET note = 'x'") != 0);
	assert_true(store_exec(s, "DELETE FROM portal_publication_ends") != 0);
	assert_int_equal(count(s, "SELECT count(*) FROM portal_publication_ends"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM portal_publications"), 3);
	store_close(s);
	tu_rmdir(dir);
}

static int64_t report(struct store *s, int64_t list, const char *body)
{
	struct store_stmt *st = store_prepare(
		s, "INSERT INTO followup_reports (list_id, body, communicated, at, by_whom) "
		   "VALUES (?, ?, 1, '2026-06-01T00:00:00Z', 'fp@fra.example')");
	assert_non_null(st);
	store_bind_int(st, 1, list);
	store_bind_text(st, 2, body);
	assert_int_equal(store_step(st), STORE_DONE);
	store_finalize(st);
	return store_last_id(s);
}

static size_t public_count(struct store *s)
{
	json_t *j = followup_public_reports(s, "FRA");
	assert_non_null(j);
	size_t n = json_array_size(j);
	json_decref(j);
	return n;
}

static void test_report_withdraw(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = open_db(&dir, "undorep");
	assert_int_equal(store_exec(s, "INSERT INTO obs_lists (id, reviewed, phase, version, "
				       "agreed_version, agreed_at, created_at, created_by) VALUES "
				       "(7, 'FRA', 1, 1, 1, '2026-05-01T00:00:00Z', "
				       "'2026-04-01T00:00:00Z', 't')"), 0);
	int64_t up = report(s, 7, "Progrès publics"), kept = report(s, 7, "Progrès internes");
	assert_int_equal(followup_report_publish(s, "FRA", 1, up, 3, "fp@fra.example", err,
						 sizeof err), 0);
	assert_int_equal(public_count(s), 1);

	/* Refusals, nothing written: no reason; no such report (of that
	 * phase); one never uploaded. */
	assert_int_equal(followup_report_withdraw(s, "FRA", 1, up, "", 3, "fp@fra.example", err,
						  sizeof err), -2);
	assert_non_null(strstr(err, "reason"));
	assert_int_equal(followup_report_withdraw(s, "FRA", 1, 999, "Erreur", 3,
						  "fp@fra.example", err, sizeof err), -3);
	assert_int_equal(followup_report_withdraw(s, "FRA", 2, up, "Erreur", 3,
						  "fp@fra.example", err, sizeof err), -3);
	assert_int_equal(followup_report_withdraw(s, "DEU", 1, up, "Erreur", 3,
						  "fp@fra.example", err, sizeof err), -3);
	assert_int_equal(followup_report_withdraw(s, "FRA", 1, kept, "Erreur", 3,
						  "fp@fra.example", err, sizeof err), -4);
	assert_non_null(strstr(err, "not in the public part"));
	assert_int_equal(count(s, "SELECT count(*) FROM followup_public_changes"), 0);
	assert_int_equal(public_count(s), 1);

	/* Withdrawn: anyone else no longer gets it; the report and its upload
	 * stay; a second withdrawal is refused. */
	assert_int_equal(followup_report_withdraw_check(s, "FRA", 1, up, "Erreur", err,
							sizeof err), 0);
	assert_int_equal(followup_report_withdraw(s, "FRA", 1, up, "Chiffres à corriger", 3,
						  "fp@fra.example", err, sizeof err), 0);
	assert_int_equal(public_count(s), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM followup_public"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM followup_reports"), 2);
	assert_int_equal(followup_report_withdraw(s, "FRA", 1, up, "Encore", 3,
						  "fp@fra.example", err, sizeof err), -4);
	assert_non_null(strstr(err, "already been withdrawn"));

	/* Uploaded again: public again, a new row; the history in order. */
	assert_int_equal(followup_report_publish(s, "FRA", 1, up, 3, "fp@fra.example", err,
						 sizeof err), 0);
	assert_int_equal(public_count(s), 1);
	assert_int_equal(followup_report_publish(s, "FRA", 1, up, 3, "fp@fra.example", err,
						 sizeof err), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM followup_public_changes"), 2);
	json_t *reports = json_pack("[{s:I}]", "id", (json_int_t)up);
	assert_int_equal(findings_public_history(s, reports), 0);
	json_t *h = json_object_get(json_array_get(reports, 0), "public_history");
	assert_int_equal(json_array_size(h), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "kind")),
			    "upload");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "kind")),
			    "withdraw");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "note")),
			    "Chiffres à corriger");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "by")),
			    "fp@fra.example");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 2), "kind")),
			    "upload");
	json_decref(reports);

	/* Append-only. */
	assert_true(store_exec(s, "UPDATE followup_public_changes SET kind = 'upload'") != 0);
	assert_true(store_exec(s, "DELETE FROM followup_public_changes") != 0);
	assert_int_equal(count(s, "SELECT count(*) FROM followup_public_changes"), 2);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_portal_unpublish),
		cmocka_unit_test(test_report_withdraw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
