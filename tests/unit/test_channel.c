/* test_channel.c - channels between the governmental experts of a review
 * (issue 10; para 33; R95-R97; dialogue/channel.h): asked for by an
 * expert of a State of the review, set up once by the Secretariat, items
 * archived and read back (audited), the purpose sealed, notices without
 * content, a replaced reviewer refused from the redraw on (para 30), and
 * nothing of a channel reachable through the dialogue's functions. */
#include "testutil.h"

#include <sodium.h>

#include "accounts/account.h"
#include "dialogue/channel.h"
#include "dialogue/dialogue.h"
#include "response/seal.h"

static struct account sec, ex_fra, ex_deu, ex_esp, ex_ita;

static void mk(struct account *u, int64_t id, enum account_role r, const char *state,
	       const char *email)
{
	memset(u, 0, sizeof *u);
	u->id = id;
	u->role = r;
	snprintf(u->state, sizeof u->state, "%s", state);
	snprintf(u->email, sizeof u->email, "%s", email);
}

static struct access_actor actor(struct account *u)
{
	struct access_actor a = { ACCESS_SIGNED_IN, u, 0 };
	return a;
}

static int64_t count(struct store *s, const char *sql)
{
	struct store_stmt *st = store_prepare(s, sql);
	assert_non_null(st);
	assert_int_equal(store_step(st), STORE_ROW);
	int64_t n = store_col_int(st, 0);
	store_finalize(st);
	return n;
}

/* FRA reviewed by DEU and ESP; after a redraw, by ITA and ESP. */
static const char *const before_rv[] = { "DEU", "ESP" };
static const char *const after_rv[] = { "ITA", "ESP" };
static const struct access_review before = { .reviewed = "FRA", .reviewers = before_rv,
					     .nreviewers = 2 };
static const struct access_review after = { .reviewed = "FRA", .reviewers = after_rv,
					    .nreviewers = 2 };

static void test_channel_life(void **state)
{
	(void)state;
	char err[512], key[600], db[512];
	uint8_t master[32];
	char *dir = tu_tmpdir();
	tu_db(db, sizeof db, dir, "chan1");
	struct store *s = store_open(db, STORE_CREATE, err, sizeof err);
	assert_non_null(s);
	assert_int_equal(store_migrate(s), 0);
	snprintf(key, sizeof key, "%s/k.archive.key", dir);
	archive_key_unload();
	assert_int_equal(archive_key_load(key, 1, err, sizeof err), 0);
	randombytes_buf(master, sizeof master);
	respseal_set_key(master);
	assert_int_equal(store_exec(s, "INSERT INTO parties (code, name) SELECT 'FRA', 'France' "
				       "WHERE NOT EXISTS (SELECT 1 FROM parties WHERE code = 'FRA')"), 0);
	assert_true(account_create(s, "sec@unodc.example", "secretariat", NULL, NULL, err,
				   sizeof err) > 0);
	mk(&sec, 1, ROLE_SECRETARIAT, "", "sec@unodc.example");
	mk(&ex_fra, 2, ROLE_EXPERT, "FRA", "ex@fra.example");
	mk(&ex_deu, 3, ROLE_EXPERT, "DEU", "ex@deu.example");
	mk(&ex_esp, 4, ROLE_EXPERT, "ESP", "ex@esp.example");
	mk(&ex_ita, 5, ROLE_EXPERT, "ITA", "ex@ita.example");
	struct access_actor a_sec = actor(&sec), a_fra = actor(&ex_fra), a_deu = actor(&ex_deu);
	struct access_actor a_esp = actor(&ex_esp), a_ita = actor(&ex_ita);
	const char *purpose = "Coordonner les questions sur l'entraide judiciaire.";

	/* Asked for: bad input and refusals write nothing. */
	assert_int_equal(channel_request(s, &a_deu, &before, 1, 1, "DEU", purpose, err, sizeof err),
			 DIALOGUE_BAD);
	assert_int_equal(channel_request(s, &a_deu, &before, 1, 1, "DEU ITA", purpose, err,
					 sizeof err), DIALOGUE_BAD);
	assert_int_equal(channel_request(s, &a_fra, &before, 1, 1, "DEU,ESP", purpose, err,
					 sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_request(s, &a_sec, &before, 1, 1, "DEU,ESP", purpose, err,
					 sizeof err), DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_request(s, &a_deu, &before, 1, 0, "DEU,ESP", purpose, err,
					 sizeof err), DIALOGUE_CLOSED);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM channel_requests"), 0);
	int64_t id = channel_request(s, &a_deu, &before, 1, 1, "esp deu", purpose, err, sizeof err);
	assert_true(id > 0);
	/* The Secretariat told, without the purpose; the purpose sealed. */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%entraide%'"), 0);
	assert_true(count(s, "SELECT COUNT(*) FROM outbox") >= 1);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM channel_requests WHERE purpose LIKE "
				  "'%entraide%'"), 0);
	struct channel c;
	assert_int_equal(channel_get(s, &a_esp, &before, 1, id, &c, err, sizeof err), DIALOGUE_OK);
	assert_string_equal(c.states, "DEU,ESP");
	assert_string_equal(c.purpose, purpose);
	assert_int_equal(c.status, CHANNEL_REQUESTED);
	channel_free(&c, 1);
	assert_int_equal(channel_get(s, &a_fra, &before, 1, id, &c, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	/* Another review or phase does not have it. */
	assert_int_equal(channel_get(s, &a_sec, &before, 2, id, &c, err, sizeof err),
			 DIALOGUE_NOT_FOUND);

	/* Not set up yet: nothing to read or write. */
	struct dialogue_item it = { ARCHIVE_KIND_MESSAGE, "Question", "text/plain", "Quel délai ?",
				    strlen("Quel délai ?") };
	assert_int_equal(channel_post(s, &a_deu, "::1", &before, 1, id, &it, err, sizeof err),
			 DIALOGUE_CLOSED);
	/* Only the Secretariat decides, once. */
	assert_int_equal(channel_decide(s, &a_deu, &before, 1, id, 1, NULL, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_decide(s, &a_sec, &before, 1, id, 0, "", err, sizeof err),
			 DIALOGUE_BAD);
	assert_int_equal(channel_decide(s, &a_sec, &before, 1, id, 1, NULL, err, sizeof err),
			 DIALOGUE_OK);
	assert_int_equal(channel_decide(s, &a_sec, &before, 1, id, 0, "no", err, sizeof err),
			 DIALOGUE_CLOSED);

	int64_t m = channel_post(s, &a_deu, "::1", &before, 1, id, &it, err, sizeof err);
	assert_true(m >= 0);
	assert_int_equal(channel_post(s, &a_sec, "::1", &before, 1, id, &it, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	struct archive_record r;
	int64_t audited = count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive'");
	assert_int_equal(channel_read(s, &a_esp, "::1", &before, 1, id, m, &r, err, sizeof err),
			 DIALOGUE_OK);
	assert_memory_equal(r.body, "Quel délai ?", r.body_len);
	archive_record_free(&r);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM audit_log WHERE action = 'read.archive'"),
			 audited + 1);
	assert_int_equal(channel_read(s, &a_fra, "::1", &before, 1, id, m, &r, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	/* The dialogue does not see it, nor read it. */
	struct archive_thread *t = NULL;
	size_t nt = 0;
	assert_int_equal(dialogue_threads(s, &a_sec, "FRA", 1, &t, &nt), DIALOGUE_OK);
	assert_int_equal(nt, 0);
	free(t);
	assert_int_equal(dialogue_read(s, &a_sec, "::1", m, &r, err, sizeof err), DIALOGUE_NOT_FOUND);

	/* Para 30: after a redraw replaces DEU by ITA, DEU is refused; ITA is
	 * not named by the channel, so it does not join it either. */
	int64_t *ids = NULL;
	size_t n = 0;
	assert_int_equal(channel_items(s, &a_deu, &after, 1, id, &ids, &n, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_read(s, &a_deu, "::1", &after, 1, id, m, &r, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_post(s, &a_deu, "::1", &after, 1, id, &it, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_items(s, &a_ita, &after, 1, id, &ids, &n, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	assert_int_equal(channel_items(s, &a_esp, &after, 1, id, &ids, &n, err, sizeof err),
			 DIALOGUE_OK);
	assert_int_equal(n, 1);
	free(ids);
	/* The list: the Secretariat sees it, DEU no longer. */
	struct channel *l = NULL;
	assert_int_equal(channel_list(s, &a_sec, "::1", &after, 1, &l, &n, err, sizeof err),
			 DIALOGUE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].status, CHANNEL_SET_UP);
	channel_free(l, n);
	free(l);
	assert_int_equal(channel_list(s, &a_deu, "::1", &after, 1, &l, &n, err, sizeof err),
			 DIALOGUE_FORBIDDEN);
	/* Append-only. */
	assert_int_not_equal(store_exec(s, "UPDATE channel_requests SET states = 'DEU,ITA'"), 0);
	assert_int_not_equal(store_exec(s, "DELETE FROM channel_decisions"), 0);
	store_close(s);
	archive_key_unload();
	respseal_unload_key();
	tu_rmdir(dir);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channel_life),
	};
	return cmocka_run_group_tests_name("channel", tests, NULL, NULL);
}
