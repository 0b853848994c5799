/* test_mail.c - the outbox (issue 8, item 1): a message exists exactly when
 * its transaction commits, a row is claimed by one sender only, failures
 * back off and end 'failed', a dead sender's claim comes back, headers
 * cannot be injected, and the mail file receives the text. */
#include "testutil.h"

#include <sys/stat.h>

#include "mail/outbox.h"
#include "mail/sender.h"
#include "store/store.h"
#include "util/buf.h"

static struct store *open_db(const char *dir, char *path, size_t n)
{
	char err[256];
	snprintf(path, n, "%s/m.db", dir);
	struct store *s = store_open(path, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	return s;
}

static long long count(struct store *s, const char *status)
{
	return store_count(s, "SELECT COUNT(*) FROM outbox WHERE status = ?", status);
}

static void test_queue_follows_the_transaction(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	struct store *s = open_db(dir, path, sizeof path);
	assert_int_equal(store_begin(s), 0);
	assert_true(outbox_queue(s, "a@example.org", "fr", "Objet", "Texte") > 0);
	assert_int_equal(store_rollback(s), 0);
	assert_int_equal(count(s, "queued"), 0);
	assert_int_equal(store_begin(s), 0);
	assert_true(outbox_queue(s, "a@example.org", "fr", "Objet", "Texte") > 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(count(s, "queued"), 1);
	/* Header injection and non-addresses refused. */
	assert_true(outbox_queue(s, "a@example.org\r\nBcc: x@y.z", "en", "s", "b") < 0);
	assert_true(outbox_queue(s, "a@example.org", "en", "s\r\nBcc: x@y.z", "b") < 0);
	assert_true(outbox_queue(s, "not-an-address", "en", "s", "b") < 0);
	assert_true(outbox_queue(s, "a b@example.org", "en", "s", "b") < 0);
	store_close(s);
	tu_rmdir(dir);
}

static void test_one_claim_per_row(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], err[256];
	struct store *s = open_db(dir, path, sizeof path);
	struct store *s2 = store_open(path, 0, err, sizeof err);
	struct outbox_msg a, b;
	assert_non_null(s2);
	assert_int_equal(store_begin(s), 0);
	assert_true(outbox_queue(s, "a@example.org", "en", "one", "1") > 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(outbox_claim(s, &a), 1);
	assert_int_equal(outbox_claim(s2, &b), 0); /* the other sender gets nothing */
	assert_string_equal(a.subject, "one");
	/* Only the holder of the claim can mark it. */
	struct outbox_msg fake = a;
	memcpy(fake.claim, "00", 3);
	assert_int_equal(outbox_mark_sent(s2, &fake), -1);
	assert_int_equal(outbox_mark_sent(s, &a), 0);
	assert_int_equal(outbox_mark_sent(s, &a), -1); /* never twice */
	assert_int_equal(count(s, "sent"), 1);
	outbox_msg_free(&a);
	store_close(s2);
	store_close(s);
	tu_rmdir(dir);
}

static void test_backoff_failed_retry_and_recover(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	struct store *s = open_db(dir, path, sizeof path);
	struct outbox_msg m;
	assert_int_equal(store_begin(s), 0);
	assert_true(outbox_queue(s, "a@example.org", "en", "one", "1") > 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(outbox_claim(s, &m), 1);
	assert_int_equal(outbox_mark_failed(s, &m, "down", 0, 60), 0);
	outbox_msg_free(&m);
	assert_int_equal(count(s, "queued"), 1);
	assert_int_equal(outbox_claim(s, &m), 0); /* not due for a minute */
	assert_int_equal(store_count(s, "SELECT COUNT(*) FROM outbox WHERE attempts = 1 "
				     "AND last_error = ?", "down"), 1);
	assert_int_equal(outbox_retry(s, 0), 1);
	assert_int_equal(outbox_claim(s, &m), 1);
	assert_int_equal(outbox_mark_failed(s, &m, "550 no such user", 1, 60), 0);
	outbox_msg_free(&m);
	assert_int_equal(count(s, "failed"), 1);
	assert_int_equal(outbox_retry(s, 0), 1);
	/* A claim whose sender died comes back after the lease, not before. */
	assert_int_equal(outbox_claim(s, &m), 1);
	outbox_msg_free(&m);
	assert_int_equal(outbox_recover(s, 3600), 0);
	assert_int_equal(count(s, "sending"), 1);
	sleep(2);
	assert_int_equal(outbox_recover(s, 1), 1);
	assert_int_equal(count(s, "queued"), 1);
	struct buf b = { 0 };
	assert_int_equal(outbox_list(s, 10, &b), 1);
	assert_non_null(strstr(buf_str(&b), "a@example.org"));
	buf_free(&b);
	store_close(s);
	tu_rmdir(dir);
}

static void test_mail_file_without_smtp(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512], file[600];
	struct store *s = open_db(dir, path, sizeof path);
	struct mail_sender_config cfg;
	struct stat sb;
	char *text = NULL;
	mail_sender_config_default(&cfg);
	snprintf(file, sizeof file, "%s/mail.log", dir);
	cfg.smtp.mail_file = file;
	assert_int_equal(store_begin(s), 0);
	assert_true(outbox_queue(s, "b@example.org", "ru", "Тема", "Текст письма") > 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(mail_sender_run_once(&cfg, s), 1);
	assert_int_equal(mail_sender_run_once(&cfg, s), 0);
	assert_int_equal(count(s, "sent"), 1);
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 077, 0);
	FILE *f = fopen(file, "r");
	assert_non_null(f);
	text = calloc(1, 4096);
	assert_non_null(text);
	assert_true(fread(text, 1, 4095, f) > 0);
	fclose(f);
	assert_non_null(strstr(text, "Текст письма"));
	assert_non_null(strstr(text, "To: b@example.org"));
	free(text);
	store_close(s);
	tu_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_follows_the_transaction),
		cmocka_unit_test(test_one_claim_per_row),
		cmocka_unit_test(test_backoff_failed_retry_and_recover),
		cmocka_unit_test(test_mail_file_without_smtp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
