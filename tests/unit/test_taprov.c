/* test_taprov.c - the register of technical-assistance providers and the
 * dissemination of the needs to them (issue 10; R116, R117, R122, R136;
 * annex para 45): every change of a provider kept, bad input refused with
 * nothing written, the reviewed State's choice to share (shared by
 * default, withheld on its word, each choice recorded), one mail through
 * the outbox and one record per provider per dissemination, only the
 * needs not kept confidential and not met, to the providers of the
 * State's region and of the needs' instruments, a need's page with whom
 * it was sent to and the requests linked, the aggregate unchanged. */
#include "testutil.h"

#include "audit/audit.h"
#include "archive/archive.h"
#include "core/refdata.h"
#include "findings/followup.h"
#include "findings/list.h"
#include "findings/providers.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "response/response.h"
#include "review/phase.h"
#include "store/store.h"

#include "findings_testutil.h"


/* FRA's list agreed with three needs: i1 (untoc, shareable), i2 (untoc,
 * kept confidential), i3 (tip, reported met), and a gap i4. */
static void agreed_list(struct fx *f)
{
	char err[300];
	int v;
	json_error_t e;
	json_t *j = json_loads("[{\"instrument\":\"untoc\",\"article\":6,\"type\":\"ta_need\","
			       "\"priority\":\"high\",\"text\":\"Formation des juges.\"},"
			       "{\"instrument\":\"untoc\",\"article\":10,\"type\":\"ta_need\","
			       "\"priority\":\"low\",\"text\":\"Besoin secret.\"},"
			       "{\"instrument\":\"tip\",\"article\":5,\"type\":\"ta_need\","
			       "\"priority\":\"medium\",\"text\":\"Besoin satisfait.\"},"
			       "{\"instrument\":\"untoc\",\"article\":5,\"type\":\"gap\",\"text\":\"G.\"}]",
			       0, &e);
	assert_non_null(j);
	assert_int_equal(list_put(f->s, &fra, 0, NULL, j, NULL, "ex@deu.example", &v, err, 300),
			 LIST_OK);
	json_decref(j);
	assert_int_equal(list_set_confidential(f->s, &fra, "i2", 1, "fp@fra.example", err,
					       sizeof err), LIST_OK);
	assert_int_equal(list_agree(f->s, &fra, "FRA", 1, "a", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(list_agree(f->s, &fra, "DEU", 1, "b", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(list_agree(f->s, &fra, "ESP", 1, "c", NULL, err, sizeof err), LIST_OK);
	assert_int_equal(followup_status_set(f->s, "FRA", 1, "i3", "met", "", "fp@fra.example", err,
					     sizeof err), 0);
}

static int64_t add(struct fx *f, const char *name, const char *kind, const char *contact,
		   const char *lang, const char *regions, const char *insts, int active)
{
	char err[300];
	int64_t id = 0;
	struct provider_in in = { name, kind, contact, lang, regions, insts, active };
	if (providers_add(f->s, &in, "sec@un.example", &id, err, sizeof err) != 0)
		fail_msg("providers_add %s: %s", name, err);
	return id;
}

static void test_register_versions_and_bad_input(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	fx_open(&f);
	static const struct {
		struct provider_in in;
		const char *says;
	} bad[] = {
		{ { "", "igo", "a@b.example", "en", "", "", 1 }, "name" },
		{ { "Deux\nlignes", "igo", "a@b.example", "en", "", "", 1 }, "name" },
		{ { "X", "charity", "a@b.example", "en", "", "", 1 }, "kind" },
		{ { "X", "igo", "not an address", "en", "", "", 1 }, "contact" },
		{ { "X", "igo", "a@b.example\r\nBcc: c@d", "en", "", "", 1 }, "contact" },
		{ { "X", "igo", "a@b.example", "de", "", "", 1 }, "language" },
		{ { "X", "igo", "a@b.example", "en", "WEOG,ATLANTIS", "", 1 }, "ATLANTIS" },
		{ { "X", "igo", "a@b.example", "en", "WEOG,WEOG", "", 1 }, "WEOG" },
		{ { "X", "igo", "a@b.example", "en", "WEOG,", "", 1 }, "regional group" },
		{ { "X", "igo", "a@b.example", "en", "", "untoc,drugs", 1 }, "drugs" },
		{ { "X", "igo", "a@b.example", "en", "", "", 2 }, "active" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(providers_add(f.s, &bad[i].in, "sec@un.example", NULL, err, sizeof err), -2);
		if (!strstr(err, bad[i].says))
			fail_msg("case %zu: %s", i, err);
	}
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_providers"), 0);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_provider_versions"), 0);
	int64_t a = add(&f, "UNODC Bureau régional, Dakar", "field_office", "dakar@unodc.example",
			"fr", "AFRICAN", "", 1);
	int64_t b = add(&f, "Banque de développement", "bank", "ta@bank.example", NULL, "", "untoc,tip", 1);
	assert_true(a > 0 && b > a);
	/* A change is a new version; the first stays. */
	struct provider_in ch = { "UNODC Bureau régional, Dakar", "field_office",
				  "ta.dakar@unodc.example", "fr", "AFRICAN,WEOG", "", 0 };
	assert_int_equal(providers_change(f.s, a, &ch, "sec2@un.example", err, sizeof err), 0);
	assert_int_equal(providers_change(f.s, a, &ch, "sec2@un.example", err, sizeof err), -4);
	assert_int_equal(providers_change(f.s, 999, &ch, "sec2@un.example", err, sizeof err), -3);
	ch.kind = "club";
	assert_int_equal(providers_change(f.s, a, &ch, "sec2@un.example", err, sizeof err), -2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_provider_versions"), 3);
	int rc;
	json_t *p = providers_get(f.s, a, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(json_object_get(p, "contact")), "ta.dakar@unodc.example");
	assert_false(json_is_true(json_object_get(p, "active")));
	assert_int_equal(json_array_size(json_object_get(p, "regions")), 2);
	json_t *h = json_object_get(p, "history");
	assert_int_equal(json_array_size(h), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "contact")),
			    "dakar@unodc.example");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "by")),
			    "sec2@un.example");
	json_decref(p);
	assert_null(providers_get(f.s, 999, &rc));
	assert_int_equal(rc, -3);
	json_t *l = providers_list(f.s, 0);
	assert_int_equal(json_array_size(l), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "id")), a);
	assert_string_equal(json_string_value(json_object_get(json_array_get(l, 1), "lang")), "en");
	json_decref(l);
	l = providers_list(f.s, 1);
	assert_int_equal(json_array_size(l), 1);
	json_decref(l);
	/* Every change kept: the versions cannot be rewritten. */
	assert_int_not_equal(store_exec(f.s, "UPDATE ta_provider_versions SET name = 'x'"), 0);
	assert_int_not_equal(store_exec(f.s, "DELETE FROM ta_providers"), 0);
	assert_int_equal(providers_list_matches("", "WEOG"), 1);
	assert_int_equal(providers_list_matches("AFRICAN,WEOG", "WEOG"), 1);
	assert_int_equal(providers_list_matches("AFRICAN,WEOGX", "WEOG"), 0);
	fx_close(&f);
}

static void test_sharing_choice(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	fx_open(&f);
	assert_int_equal(followup_sharing_get(f.s, "FRA"), 1); /* the default */
	json_t *j = followup_sharing_json(f.s, "FRA");
	assert_true(json_is_true(json_object_get(j, "share")));
	assert_false(json_is_true(json_object_get(j, "chosen")));
	json_decref(j);
	assert_int_equal(followup_sharing_set(f.s, "FRA", 1, "", 3, "fp@fra.example", err, sizeof err), -4);
	assert_int_equal(followup_sharing_set(f.s, "FRA", 2, "", 3, "fp@fra.example", err, sizeof err), -2);
	assert_int_equal(followup_sharing_set(f.s, "FRA", 0, "a\nb", 3, "fp@fra.example", err, sizeof err), -2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_sharing"), 0);
	assert_int_equal(followup_sharing_set(f.s, "FRA", 0, "", 3, "fp@fra.example", err, sizeof err), 0);
	assert_int_equal(followup_sharing_get(f.s, "FRA"), 0);
	assert_int_equal(followup_sharing_get(f.s, "DEU"), 1);
	assert_int_equal(followup_sharing_set(f.s, "FRA", 0, "", 3, "fp@fra.example", err, sizeof err), -4);
	assert_int_equal(followup_sharing_set(f.s, "FRA", 1, "NV/2027/12", 1, "sec@un.example", err,
					      sizeof err), 0);
	j = followup_sharing_json(f.s, "FRA");
	assert_true(json_is_true(json_object_get(j, "chosen")));
	json_t *h = json_object_get(j, "history");
	assert_int_equal(json_array_size(h), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 0), "by")),
			    "fp@fra.example");
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "reference")),
			    "NV/2027/12");
	json_decref(j);
	assert_int_not_equal(store_exec(f.s, "DELETE FROM ta_sharing"), 0);
	fx_close(&f);
}

static void test_dissemination(void **state)
{
	(void)state;
	struct fx f;
	char err[300];
	int64_t batch = 0;
	size_t sent = 0;
	fx_open(&f);
	int64_t any = add(&f, "Gouvernement A", "government", "ta@a.example", "fr", "", "", 1);
	int64_t weog = add(&f, "Bank W", "bank", "ta@w.example", "en", "WEOG", "untoc", 1);
	int64_t off = add(&f, "Sleeping NGO", "ngo", "ta@s.example", "en", "", "", 0);
	int64_t afr = add(&f, "UNODC Nairobi", "field_office", "ta@n.example", "en", "AFRICAN", "", 1);
	int64_t fire = add(&f, "Firearms IGO", "igo", "ta@f.example", "es", "WEOG", "firearms", 1);
	/* Not before the list is agreed. */
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, NULL, 0, "sec@un.example", &batch,
					      &sent, err, sizeof err), -3);
	agreed_list(&f);
	long long mails = count(f.s, "SELECT COUNT(*) FROM outbox");
	/* Chosen providers must be active, known and interested. */
	int64_t one[] = { off };
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, one, 1, "sec@un.example", NULL, NULL,
					      err, sizeof err), -2);
	assert_non_null(strstr(err, "not active"));
	one[0] = fire;
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, one, 1, "sec@un.example", NULL, NULL,
					      err, sizeof err), -2);
	one[0] = 999;
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, one, 1, "sec@un.example", NULL, NULL,
					      err, sizeof err), -2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_disseminations"), 0);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox"), mails);
	/* Every provider of FRA's region (WEOG, or any) and of the needs'
	 * instruments: any and weog; not off (inactive), afr (region),
	 * fire (no need of its instrument). */
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, NULL, 0, "sec@un.example", &batch,
					      &sent, err, sizeof err), 0);
	assert_int_equal(batch, 1);
	assert_int_equal((int)sent, 2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox"), mails + 2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_disseminations WHERE batch = 1"), 2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient IN "
			 "('ta@a.example', 'ta@w.example')"), 2);
	/* Only the need neither confidential nor met, in the provider's
	 * language. */
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox WHERE body LIKE "
			 "'%Formation des juges.%'"), 2);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%Besoin secret%' "
			 "OR body LIKE '%Besoin satisfait%'"), 0);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox WHERE recipient = 'ta@a.example' "
			 "AND lang = 'fr' AND body LIKE '%France%'"), 1);
	json_t *d = followup_disseminations(f.s, "FRA", 1, NULL);
	assert_int_equal(json_array_size(d), 2);
	json_t *r0 = json_array_get(d, 0);
	assert_int_equal(json_integer_value(json_object_get(r0, "provider_id")), any);
	assert_string_equal(json_string_value(json_object_get(r0, "by")), "sec@un.example");
	assert_int_equal(json_array_size(json_object_get(r0, "needs")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r0, "needs"), 0)), "i1");
	assert_null(json_object_get(r0, "contact"));
	json_decref(d);
	/* A chosen one: a second dissemination, its own number. */
	one[0] = weog;
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, one, 1, "sec@un.example", &batch,
					      &sent, err, sizeof err), 0);
	assert_int_equal(batch, 2);
	assert_int_equal((int)sent, 1);
	/* R116: a request naming the provider; R122: the need's page. */
	assert_int_equal(followup_request_link(f.s, "FRA", 1, "i1", weog, "pledged", "", "sec@un.example",
					       err, sizeof err), 0);
	assert_int_equal(followup_request_link(f.s, "FRA", 1, "i1", 999, "pledged", "", "sec@un.example",
					       err, sizeof err), -2);
	assert_int_equal(followup_request_add(f.s, "FRA", 1, "i1", "Free text donor", "sought", "",
					      "sec@un.example", err, sizeof err), 0);
	long long reads = count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read.followup_need'");
	int rc;
	json_t *n = followup_need_json(f.s, "FRA", 1, "i1", 1, 1, "fp@fra.example", "127.0.0.1", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read.followup_need'"),
			 reads + 1);
	assert_int_equal(json_array_size(json_object_get(n, "disseminations")), 3);
	json_t *q = json_object_get(n, "requests");
	assert_int_equal(json_array_size(q), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(q, 0), "provider_id")), weog);
	assert_string_equal(json_string_value(json_object_get(json_array_get(q, 0), "provider")), "Bank W");
	assert_true(json_is_null(json_object_get(json_array_get(q, 1), "provider_id")));
	json_decref(n);
	/* Without full: no requests; without sent: no disseminations; a
	 * confidential need is not there for a reader of the communicated
	 * follow-up. */
	n = followup_need_json(f.s, "FRA", 1, "i1", 0, 0, "x@ita.example", "127.0.0.1", &rc);
	assert_null(json_object_get(n, "requests"));
	assert_null(json_object_get(n, "disseminations"));
	json_decref(n);
	assert_null(followup_need_json(f.s, "FRA", 1, "i2", 0, 0, "x@ita.example", "127.0.0.1", &rc));
	assert_int_equal(rc, -3);
	assert_null(followup_need_json(f.s, "FRA", 1, "i4", 1, 1, "x@ita.example", "127.0.0.1", &rc));
	assert_int_equal(rc, -3);
	d = followup_disseminations(f.s, "FRA", 1, "i3");
	assert_int_equal(json_array_size(d), 0);
	json_decref(d);
	/* The State withholds them: nothing more is sent. */
	assert_int_equal(followup_sharing_set(f.s, "FRA", 0, "", 3, "fp@fra.example", err, sizeof err), 0);
	mails = count(f.s, "SELECT COUNT(*) FROM outbox");
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, NULL, 0, "sec@un.example", NULL, NULL,
					      err, sizeof err), -4);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM outbox"), mails);
	assert_int_equal(count(f.s, "SELECT COUNT(*) FROM ta_disseminations"), 3);
	/* Nothing left to send once the need is met. */
	assert_int_equal(followup_sharing_set(f.s, "FRA", 1, "NV/1", 1, "sec@un.example", err, sizeof err), 0);
	assert_int_equal(followup_status_set(f.s, "FRA", 1, "i1", "met", "", "fp@fra.example", err,
					     sizeof err), 0);
	assert_int_equal(followup_disseminate(f.s, "FRA", 1, NULL, 0, "sec@un.example", NULL, NULL,
					      err, sizeof err), -5);
	/* The aggregate names no State and no provider (R136). */
	json_t *agg = followup_aggregate(f.s, NULL);
	char *txt = json_dumps(agg, 0);
	assert_null(strstr(txt, "FRA"));
	assert_null(strstr(txt, "Bank W"));
	free(txt);
	json_decref(agg);
	assert_int_not_equal(store_exec(f.s, "UPDATE ta_disseminations SET needs = '[]'"), 0);
	(void)afr;
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_versions_and_bad_input),
		cmocka_unit_test(test_sharing_choice),
		cmocka_unit_test(test_dissemination),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
