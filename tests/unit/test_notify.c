/* test_notify.c - the review notifications by e-mail and in the interface
 * (issue 9, notif; R18, R91, C43), on SQLite and, with REVMECH_TEST_PG,
 * PostgreSQL: notify_queue() writes the outbox row and, for an active
 * account of the address, its notification, in the caller's transaction
 * (a rollback takes both back); a Permanent Representative without an
 * account and a disabled account get the e-mail only; naming a focal
 * point and opening a questionnaire notify exactly the right accounts, in
 * their language, with the link of the page concerned; a password-reset
 * e-mail never becomes a notification; lists newest first, paginated,
 * counts, owners, marks read only the owner's. */
#include "testutil.h"

#include "accounts/account.h"
#include "accounts/pwreset.h"
#include "core/refdata.h"
#include "i18n/i18n.h"
#include "notify/notify.h"
#include "questionnaire/qstore.h"
#include "response/response.h"
#include "review/people.h"
#include "review/phase.h"
#include "store/store.h"

static void exec1(struct store *s, const char *sql)
{
	if (store_exec(s, sql) != 0)
		fail_msg("%s: %s", sql, store_errmsg(s));
}

static int64_t user(struct store *s, const char *email, const char *role, const char *state)
{
	char err[256];
	int64_t id = account_create(s, email, role, state, NULL, err, sizeof err);
	if (id <= 0)
		fail_msg("account_create %s: %s", email, err);
	return id;
}

/* FRA and DEU reviewed in cohort 1; FRA's people, DEU's focal point, the
 * Secretariat. */
static struct store *setup(char **dir)
{
	char path[600], err[600];
	*dir = tu_tmpdir();
	tu_db(path, sizeof path, *dir, "notify");
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	if (refdata_load(s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	if (qstore_load_dir(s, RM_SRCDIR "/data", NULL, err, sizeof err) != 0)
		fail_msg("qstore_load_dir: %s", err);
	assert_true(i18n_load(RM_SRCDIR "/po", err, sizeof err) >= 0);
	exec1(s, "INSERT INTO lots_draws (id, created_at, algorithm, seed, roster_sha256, "
		 "roster_csv, result) VALUES (1, '2025-01-01T00:00:00Z', 't', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', "
		 "'0000000000000000000000000000000000000000000000000000000000000000', '', '{}')");
	exec1(s, "INSERT INTO lots_reviews (draw_id, reviewed, year) VALUES (1, 'FRA', 1), "
		 "(1, 'DEU', 1)");
	user(s, "fp@fra.example", "focal_point", "FRA");
	user(s, "ex@fra.example", "expert", "FRA");
	user(s, "ex2@fra.example", "expert", "FRA");
	user(s, "ob@fra.example", "observer", "FRA");
	user(s, "fp@deu.example", "focal_point", "DEU");
	user(s, "sec@un.example", "secretariat", NULL);
	return s;
}

static int64_t uid(struct store *s, const char *email)
{
	struct account u;
	assert_int_equal(account_by_email(s, email, &u), 1);
	return u.id;
}

static long long count(struct store *s, const char *sql, const char *arg)
{
	return store_count(s, sql, arg);
}

static long long notes_of(struct store *s, const char *email)
{
	return count(s, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id "
		     "WHERE u.email = ?", email);
}

static void test_queue_writes_both_in_one_transaction(void **state)
{
	(void)state;
	char *dir;
	struct store *s = setup(&dir);
	struct notify_msg m = { "EX@fra.example", "en", "Subject", "Line one\nLine two",
				"/reviews/FRA/phases/1/dialogue" };
	/* An account's address (any case): the e-mail and the notification. */
	assert_int_equal(store_begin(s), 0);
	int64_t q = notify_queue(s, &m);
	assert_true(q > 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(notes_of(s, "ex@fra.example"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE recipient = ?",
			       "EX@fra.example"), 1);
	struct notify_item *v;
	size_t n;
	assert_int_equal(notify_list(s, uid(s, "ex@fra.example"), 0, 0, 20, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].subject, "Subject");
	assert_string_equal(v[0].body, "Line one\nLine two");
	assert_string_equal(v[0].link, "/reviews/FRA/phases/1/dialogue");
	assert_string_equal(v[0].read_at, "");
	assert_true(v[0].created[0]);
	notify_items_free(v, n);
	/* A rollback takes both back. */
	long long out0 = count(s, "SELECT COUNT(*) FROM outbox", NULL);
	assert_int_equal(store_begin(s), 0);
	assert_true(notify_queue(s, &m) > 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(notes_of(s, "ex@fra.example"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox", NULL), out0);
	/* A Permanent Representative without an account: e-mail only; a
	 * disabled account likewise. */
	assert_int_equal(account_set_disabled(s, "ex2@fra.example", 1), 1);
	struct notify_msg pr = { "pr@fra.example", "fr", "Objet", "Texte", "/country/FRA" };
	struct notify_msg off = { "ex2@fra.example", "en", "Subject", "Text", "/country/FRA" };
	assert_int_equal(store_begin(s), 0);
	assert_true(notify_queue(s, &pr) > 0);
	assert_true(notify_queue(s, &off) > 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications", NULL), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox", NULL), out0 + 2);
	/* Refused: a link that is not a local path, a bad address; nothing
	 * written. */
	struct notify_msg bad = { "ex@fra.example", "en", "S", "T", "https://evil.example/" };
	struct notify_msg badto = { "not an address", "en", "S", "T", NULL };
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(notify_queue(s, &bad), -1);
	assert_int_equal(notify_queue(s, &badto), -1);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications", NULL), 1);
	store_close(s);
	tu_rmdir(dir);
}

/* Para 18, R18, R24: naming FRA's focal point tells that account (in its
 * language); launching the cohort invites it to name experts; opening the
 * questionnaire tells FRA's named focal point and its active experts, not
 * its observer, not a disabled expert, not DEU (no contact), not the
 * Secretariat.  Each notification is the text of its e-mail. */
static void test_review_notices_reach_the_right_accounts(void **state)
{
	(void)state;
	char *dir, err[600];
	struct store *s = setup(&dir);
	assert_int_equal(account_set_lang(s, uid(s, "fp@fra.example"), "fr"), 0);
	assert_int_equal(account_set_disabled(s, "ex2@fra.example", 1), 1);
	assert_int_equal(people_focal_name(s, "FRA", "fp@fra.example", "sec@un.example", err,
					   sizeof err), 0);
	assert_int_equal(notes_of(s, "fp@fra.example"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications", NULL), 1);
	const char *named = i18n_get("fr", "Country reviews: you are your State's focal point");
	assert_string_not_equal(named, "Country reviews: you are your State's focal point");
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND "
			       "link = '/country/FRA' AND lang = 'fr'", named), 1);
	exec1(s, "UPDATE questionnaires SET status = 'adopted', decision = 'CTOC/COP/TEST/1', "
		 "adopted_on = '2026-01-01'");
	assert_int_equal(phase_open(s, 1, 1, "sec@un.example", NULL, NULL, err, sizeof err), 0);
	const char *experts = i18n_get("fr", "Country reviews: name your governmental experts");
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND "
			       "link = '/country/FRA'", experts), 1);
	struct response_review rv;
	assert_int_equal(response_review_load(s, "FRA", 1, &rv), 1);
	assert_int_equal(response_open(s, &rv, "sec@un.example", err, sizeof err), 0);
	const char *open_fr = i18n_get("fr", "The self-assessment questionnaire is open");
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND "
			       "link = '/reviews/FRA/phases/1/responses'", open_fr), 1);
	assert_int_equal(notes_of(s, "fp@fra.example"), 3);
	assert_int_equal(notes_of(s, "ex@fra.example"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications WHERE subject = ? AND "
			       "lang = 'en'", "The self-assessment questionnaire is open"), 1);
	assert_int_equal(notes_of(s, "ex2@fra.example"), 0);
	assert_int_equal(notes_of(s, "ob@fra.example"), 0);
	assert_int_equal(notes_of(s, "fp@deu.example"), 0);
	assert_int_equal(notes_of(s, "sec@un.example"), 0);
	/* Each is its e-mail: same recipient, subject and text. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications n JOIN outbox o ON "
			       "o.id = n.outbox_id JOIN users u ON u.id = n.user_id WHERE "
			       "o.recipient = u.email AND o.subject = n.subject AND o.body = n.body "
			       "AND o.lang = n.lang AND n.user_id > ?", "0"), 4);
	/* A password reset is e-mailed, never notified: its link is secret. */
	long long out0 = count(s, "SELECT COUNT(*) FROM outbox", NULL);
	enum pwreset_outcome oc;
	assert_int_equal(pwreset_request(s, "ex@fra.example", "192.0.2.1", "http://localhost",
					 &oc), 0);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox", NULL), out0 + 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE body LIKE ?", "%/reset/%"), 1);
	assert_int_equal(notes_of(s, "ex@fra.example"), 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM notifications WHERE body LIKE ?",
			       "%/reset/%"), 0);
	store_close(s);
	tu_rmdir(dir);
}

static void queue_n(struct store *s, const char *to, int n)
{
	assert_int_equal(store_begin(s), 0);
	for (int i = 0; i < n; i++) {
		struct notify_msg m = { to, "en", "Reminder: responses due", "Text", "/dashboard" };
		assert_true(notify_queue(s, &m) > 0);
	}
	assert_int_equal(store_commit(s), 0);
}

/* Newest first, paginated; counts; owners; marking read keeps to the
 * owner's rows, per item or all. */
static void test_list_count_mark(void **state)
{
	(void)state;
	char *dir;
	struct store *s = setup(&dir);
	int64_t sec = uid(s, "sec@un.example"), ex = uid(s, "ex@fra.example");
	queue_n(s, "sec@un.example", 25);
	queue_n(s, "ex@fra.example", 2);
	assert_int_equal(notify_count(s, sec, 0), 25);
	assert_int_equal(notify_count(s, sec, 1), 25);
	assert_int_equal(notify_unread_upto(s, sec, 10), 10); /* the nav bar's, bounded */
	assert_int_equal(notify_unread_upto(s, sec, 100), 25);
	struct notify_item *p1, *p2, *e;
	size_t n1, n2, ne;
	assert_int_equal(notify_list(s, sec, 0, 0, 20, &p1, &n1), 0);
	assert_int_equal(notify_list(s, sec, 0, 20, 20, &p2, &n2), 0);
	assert_int_equal(n1, 20);
	assert_int_equal(n2, 5);
	for (size_t i = 1; i < n1; i++)
		assert_true(p1[i - 1].id > p1[i].id);
	assert_true(p1[n1 - 1].id > p2[0].id);
	assert_int_equal(notify_list(s, sec, 0, 0, 0, &e, &ne), -1);
	assert_int_equal(notify_list(s, sec, 0, 0, NOTIFY_PAGE_MAX + 1, &e, &ne), -1);
	assert_int_equal(notify_list(s, ex, 0, 0, 20, &e, &ne), 0);
	assert_int_equal(ne, 2);
	int64_t owner;
	assert_int_equal(notify_owner(s, e[0].id, &owner), 1);
	assert_int_equal(owner, ex);
	assert_int_equal(notify_owner(s, 999999, &owner), 0);
	/* The Secretariat's call with the expert's id changes nothing. */
	assert_int_equal(notify_mark_read(s, sec, &e[0].id, 1), 0);
	assert_int_equal(notify_count(s, ex, 1), 2);
	assert_int_equal(notify_mark_read(s, ex, &e[0].id, 1), 1);
	assert_int_equal(notify_mark_read(s, ex, &e[0].id, 1), 0); /* already read */
	assert_int_equal(notify_count(s, ex, 1), 1);
	struct notify_item *u;
	size_t nu;
	assert_int_equal(notify_list(s, ex, 1, 0, 20, &u, &nu), 0);
	assert_int_equal(nu, 1);
	assert_true(u[0].id == e[1].id);
	notify_items_free(u, nu);
	assert_int_equal(notify_list(s, ex, 0, 0, 20, &u, &nu), 0);
	assert_true(u[0].read_at[0] != '\0');
	assert_true(u[1].read_at[0] == '\0');
	notify_items_free(u, nu);
	/* All of one's own; the others' stay unread. */
	assert_int_equal(notify_mark_read(s, sec, NULL, 0), 25);
	assert_int_equal(notify_count(s, sec, 1), 0);
	assert_int_equal(notify_unread_upto(s, sec, 100), 0);
	assert_int_equal(notify_count(s, ex, 1), 1);
	notify_items_free(p1, n1);
	notify_items_free(p2, n2);
	notify_items_free(e, ne);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_writes_both_in_one_transaction),
		cmocka_unit_test(test_review_notices_reach_the_right_accounts),
		cmocka_unit_test(test_list_count_mark),
	};
	return cmocka_run_group_tests_name("notify", tests, NULL, NULL);
}
