/* account.c - see account.h. */
#include "accounts/account.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/store.h"
#include "accounts/accounts_int.h"
#include "util/util.h"
#include "util/xmalloc.h"

static const char *const role_names[] = {
	[ROLE_NONE] = "",
	[ROLE_SECRETARIAT] = "secretariat",
	[ROLE_FOCAL_POINT] = "focal_point",
	[ROLE_EXPERT] = "expert",
	[ROLE_OBSERVER] = "observer",
	[ROLE_STAKEHOLDER] = "stakeholder",
};

enum account_role account_role_parse(const char *name)
{
	if (!name)
		return ROLE_NONE;
	for (size_t i = 1; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(name, role_names[i]) == 0)
			return (enum account_role)i;
	return ROLE_NONE;
}

int account_email_plausible(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	size_t n = s ? strlen(s) : 0;
	if (!at || at == s || n > 254 || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    at[1] == '.' || s[n - 1] == '.')
		return 0;
	for (const char *p = s; *p; p++)
		if (*p == ' ' || *p == '\t')
			return 0;
	return 1;
}

int account_role_has_state(enum account_role r)
{
	return r == ROLE_FOCAL_POINT || r == ROLE_EXPERT || r == ROLE_OBSERVER;
}

int account_test_mode(void)
{
	const char *v = getenv("REVMECH_TEST_MODE");
	return v && strcmp(v, "1") == 0;
}

static void pw_limits(unsigned long long *ops, size_t *mem)
{
	if (account_test_mode()) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		/* libsodium's "interactive" profile: 2 passes, 64 MiB. */
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

/* A short list of the most common passwords of at least 12 characters;
 * compared case-insensitively. */
static const char *const common_pw[] = {
	"123456789012", "1234567890123", "12345678901234", "qwertyuiopas",
	"qwertyuiop123", "password1234", "password12345", "passwordpassword",
	"iloveyou1234", "123456123456", "abcdefghijkl", "abc123abc123",
	"qwerty123456", "1q2w3e4r5t6y", "letmeinletmein", "administrator",
	"welcome12345", "changeme1234", "000000000000", "111111111111",
	"aaaaaaaaaaaa", "password123!", "qwertyqwerty", "monkeymonkey",
};

int account_password_policy(const char *pw, const char *email, char *err, size_t errlen)
{
	long n = util_utf8_len(pw);
	if (n < 0) {
		snprintf(err, errlen, "the password is not valid UTF-8");
		return -1;
	}
	if (n < 12) {
		snprintf(err, errlen, "the password must have at least 12 characters");
		return -1;
	}
	if (n > 128 || strlen(pw) > 512) {
		snprintf(err, errlen, "the password must have at most 128 characters");
		return -1;
	}
	unsigned char seen[256] = { 0 };
	int distinct = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
		if (!seen[*p]++)
			distinct++;
	if (distinct < 5) {
		snprintf(err, errlen, "the password must use at least 5 different characters");
		return -1;
	}
	for (size_t i = 0; i < sizeof common_pw / sizeof common_pw[0]; i++) {
		if (strcasecmp(pw, common_pw[i]) == 0) {
			snprintf(err, errlen, "the password is too common");
			return -1;
		}
	}
	if (email) {
		const char *at = strchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);
		if (local >= 4) {
			char tmp[256];
			if (local >= sizeof tmp)
				local = sizeof tmp - 1;
			memcpy(tmp, email, local);
			tmp[local] = '\0';
			if (strcasestr(pw, tmp)) {
				snprintf(err, errlen, "the password must not contain the e-mail address");
				return -1;
			}
		}
	}
	return 0;
}

int account_password_hash(const char *pw, char *out, size_t outlen)
{
	unsigned long long ops;
	size_t mem;
	assert(outlen >= crypto_pwhash_STRBYTES);
	(void)outlen;
	pw_limits(&ops, &mem);
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), ops, mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

int64_t account_create(struct store *s, const char *email, const char *role,
			const char *state_code, const char *password, char *err,
			size_t errlen)
{
	int64_t id = -1;
	struct store_stmt *st = NULL;
	char hash[crypto_pwhash_STRBYTES] = "";
	char mail[256], now[32];
	enum account_role r = account_role_parse(role);

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		goto out;
	}
	if (!email || util_strlcpy(mail, email, sizeof mail) < 0 || !strchr(mail, '@') ||
	    mail[0] == '@' || strpbrk(mail, " \t\r\n<>\"") || strlen(mail) < 3) {
		snprintf(err, errlen, "invalid e-mail address");
		goto out;
	}
	util_ascii_lower(mail);
	if (r == ROLE_NONE) {
		snprintf(err, errlen, "unknown role '%s' (secretariat, focal_point, expert, observer, stakeholder)",
			 role ? role : "");
		goto out;
	}
	if (account_role_has_state(r) && (!state_code || !*state_code)) {
		snprintf(err, errlen, "role %s needs a State (--state CODE)", role);
		goto out;
	}
	if (!account_role_has_state(r) && state_code && *state_code) {
		snprintf(err, errlen, "role %s does not act for a State", role);
		goto out;
	}
	if (password) {
		if (account_password_policy(password, mail, err, errlen) < 0)
			goto out;
		if (account_password_hash(password, hash, sizeof hash) < 0) {
			snprintf(err, errlen, "password hashing failed (out of memory?)");
			goto out;
		}
	}
	if (account_role_has_state(r)) {
		st = store_prepare_cached(s, "SELECT 1 FROM parties WHERE code = ?");
		if (!st) {
			snprintf(err, errlen, "%s", store_errmsg(s));
			goto out;
		}
		store_bind_text(st, 1, state_code);
		if (store_step(st) != STORE_ROW) {
			snprintf(err, errlen, "unknown State code '%s'", state_code);
			goto out;
		}
		store_finalize(st);
		st = NULL;
	}
	util_now_iso(now, sizeof now);
	st = store_prepare_cached(s, "INSERT INTO users (email, role, state, pwhash, created) "
			      "VALUES (?, ?, ?, ?, ?)");
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	store_bind_text(st, 1, mail);
	store_bind_text(st, 2, role);
	store_bind_text(st, 3, account_role_has_state(r) ? state_code : NULL);
	store_bind_text(st, 4, hash);
	store_bind_text(st, 5, now);
	int rc = store_step(st);
	if (rc == STORE_CONSTRAINT) {
		snprintf(err, errlen, "an account with e-mail %s already exists", mail);
		goto out;
	}
	if (rc != STORE_DONE) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	id = store_last_id(s);
out:
	store_finalize(st);
	sodium_memzero(hash, sizeof hash);
	return id;
}

/* ---- TOTP secrets at rest (security review finding 14) ----
 * A copy of the database alone must not let anyone compute login codes, so
 * the secret is sealed with a key kept in a separate file beside it. */
static unsigned char secret_key[crypto_secretbox_KEYBYTES];
static int secret_key_loaded;
#define SEALED_PREFIX "v1:"

int account_key_load(const char *key_path, char *err, size_t errlen)
{
	char path[1024], hex[2 * crypto_secretbox_KEYBYTES + 2];
	int rc = -1, fd = -1;
	struct stat sb;
	if ((size_t)snprintf(path, sizeof path, "%s", key_path) >= sizeof path) {
		snprintf(err, errlen, "key file path too long");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		unsigned char k[crypto_secretbox_KEYBYTES];
		crypto_secretbox_keygen(k);
		sodium_bin2hex(hex, sizeof hex, k, sizeof k);
		sodium_memzero(k, sizeof k);
		size_t n = strlen(hex);
		hex[n++] = '\n';
		/* Never a short key file, whatever moment a crash comes (issue
		 * 10); another process's key made meanwhile is the one read. */
		if (util_file_create_private(path, hex, n, err, errlen) < 0)
			goto out;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) < 0 || (sb.st_mode & 077)) {
		snprintf(err, errlen, "%s: readable by group or others (chmod 600 it)", path);
		goto out;
	}
	ssize_t got = read(fd, hex, sizeof hex - 1);
	if (got < 2 * crypto_secretbox_KEYBYTES) {
		snprintf(err, errlen, "%s: expected 64 hex digits", path);
		goto out;
	}
	hex[got] = '\0';
	size_t klen = 0;
	if (sodium_hex2bin(secret_key, sizeof secret_key, hex, 2 * crypto_secretbox_KEYBYTES,
			   NULL, &klen, NULL) < 0 || klen != sizeof secret_key) {
		snprintf(err, errlen, "%s: expected 64 hex digits", path);
		goto out;
	}
	secret_key_loaded = 1;
	rc = 0;
out:
	sodium_memzero(hex, sizeof hex);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* "v1:" + hex(nonce || box).  Returns 0, or -1 (no key, or too long). */
static int secret_seal(const char *plain, char *out, size_t outlen)
{
	unsigned char buf[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 64];
	size_t n = strlen(plain);
	if (!secret_key_loaded || n > 64)
		return -1;
	size_t total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	if (outlen < sizeof SEALED_PREFIX + 2 * total)
		return -1;
	randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain,
			      n, buf, secret_key);
	memcpy(out, SEALED_PREFIX, sizeof SEALED_PREFIX - 1);
	sodium_bin2hex(out + sizeof SEALED_PREFIX - 1, outlen - (sizeof SEALED_PREFIX - 1),
		       buf, total);
	return 0;
}

/* Opens a stored secret into out.  A value without the prefix predates
 * sealing and is taken as it is (it is sealed at its next write); one that
 * cannot be opened yields "" so that no code matches (fail closed). */
void accounts_secret_open(const char *stored, char *out, size_t outlen)
{
	unsigned char buf[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 64];
	unsigned char plain[65];
	size_t len = 0;
	out[0] = '\0';
	if (strncmp(stored, SEALED_PREFIX, sizeof SEALED_PREFIX - 1) != 0) {
		util_strlcpy(out, stored, outlen);
		return;
	}
	const char *hex = stored + sizeof SEALED_PREFIX - 1;
	if (!secret_key_loaded ||
	    sodium_hex2bin(buf, sizeof buf, hex, strlen(hex), NULL, &len, NULL) < 0 ||
	    len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return;
	size_t n = len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	if (n >= sizeof plain || n >= outlen ||
	    crypto_secretbox_open_easy(plain, buf + crypto_secretbox_NONCEBYTES,
				       len - crypto_secretbox_NONCEBYTES, buf, secret_key) < 0)
		return;
	memcpy(out, plain, n);
	out[n] = '\0';
	sodium_memzero(plain, sizeof plain);
}

void accounts_user_from_row(struct store_stmt *st, int col, struct account *u)
{
	memset(u, 0, sizeof *u);
	u->id = store_col_int(st, col + 0);
	util_strlcpy(u->email, store_col_text(st, col + 1), sizeof u->email);
	util_strlcpy(u->role_name, store_col_text(st, col + 2), sizeof u->role_name);
	u->role = account_role_parse(u->role_name);
	util_strlcpy(u->state, store_col_text(st, col + 3), sizeof u->state);
	util_strlcpy(u->lang, store_col_text(st, col + 4), sizeof u->lang);
	accounts_secret_open(store_col_text(st, col + 5), u->totp_secret, sizeof u->totp_secret);
	u->totp_enabled = (int)store_col_int(st, col + 6);
	u->totp_required = (int)store_col_int(st, col + 7);
	u->totp_last_step = store_col_int(st, col + 8);
	u->disabled = (int)store_col_int(st, col + 9);
	u->has_password = store_col_text(st, col + 10)[0] != '\0';
	util_strlcpy(u->created, store_col_text(st, col + 11), sizeof u->created);
	util_strlcpy(u->instruments, store_col_text(st, col + 12), sizeof u->instruments);
	u->signatory = store_col_int(st, col + 13) > 0;
}

static int user_query(struct store *s, const char *sql, const char *text, int64_t id,
		      struct account *u, char *pwhash, size_t pwlen)
{
	return accounts_user_query(s, sql, text, id, u, pwhash, pwlen);
}

int accounts_user_query(struct store *s, const char *sql, const char *text, int64_t id,
			 struct account *u, char *pwhash, size_t pwlen)
{
	int found = -1;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		goto out;
	if (text)
		store_bind_text(st, 1, text);
	else
		store_bind_int(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		accounts_user_from_row(st, 0, u);
		if (pwhash)
			util_strlcpy(pwhash, store_col_text(st, 10), pwlen);
		found = 1;
	} else if (rc == STORE_DONE) {
		found = 0;
	}
out:
	store_finalize(st);
	return found;
}

int account_by_email(struct store *s, const char *email, struct account *u)
{
	char mail[256];
	if (util_strlcpy(mail, email, sizeof mail) < 0)
		return 0;
	util_ascii_lower(mail);
	return user_query(s, "SELECT " USER_COLS " FROM users WHERE email = ?", mail, 0,
			  u, NULL, 0);
}

int account_by_id(struct store *s, int64_t id, struct account *u)
{
	return user_query(s, "SELECT " USER_COLS " FROM users WHERE id = ?", NULL, id, u,
			  NULL, 0);
}

int account_oldest_enabled(struct store *s, const char *role, struct account *u)
{
	return user_query(s, "SELECT " USER_COLS " FROM users WHERE role = ? AND disabled = 0 "
			  "ORDER BY id LIMIT 1", role, 0, u, NULL, 0);
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void dummy_init(void)
{
	char pw[TOKEN_HEX_LEN];
	token_new(pw);
	if (account_password_hash(pw, dummy_hash, sizeof dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

int account_authenticate(struct store *s, const char *email, const char *pw,
			  struct account *u)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	char mail[256];
	if (strlen(pw) > 512 || util_strlcpy(mail, email, sizeof mail) < 0)
		return 0;
	util_ascii_lower(mail);
	int found = user_query(s, "SELECT " USER_COLS " FROM users WHERE email = ?", mail,
			       0, u, hash, sizeof hash);
	if (found < 0)
		return -1;
	if (found == 0 || !hash[0] || u->disabled) {
		/* Spend the same time as a real check so that response times
		 * do not reveal which addresses have accounts. */
		pthread_once(&dummy_once, dummy_init);
		if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
			return 0; /* a random password cannot match; keeps the result used */
		return 0;
	}
	if (crypto_pwhash_str_verify(hash, pw, strlen(pw)) != 0)
		return 0;
	/* A hash made with other costs (e.g. the cheap test-mode ones of a
	 * staging box, or an older profile) is redone now that the password
	 * is at hand.  Test mode never rehashes: it would only weaken. */
	unsigned long long ops;
	size_t mem;
	pw_limits(&ops, &mem);
	if (!account_test_mode() && crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0 &&
	    account_set_password(s, u->id, pw) < 0)
		fprintf(stderr, "revmech: could not upgrade the password hash of %s\n", u->email);
	return 1;
}

int account_set_password(struct store *s, int64_t id, const char *pw)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = -1;
	struct store_stmt *st = NULL;
	if (account_password_hash(pw, hash, sizeof hash) < 0)
		goto out;
	st = store_prepare_cached(s, "UPDATE users SET pwhash = ? WHERE id = ?");
	if (!st)
		goto out;
	store_bind_text(st, 1, hash);
	store_bind_int(st, 2, id);
	if (store_step(st) == STORE_DONE)
		rc = 0;
out:
	store_finalize(st);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* Whether the comma list list names code as one whole item. */
static int list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, code, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

int account_acts_for_instrument(const struct account *u, const char *instrument)
{
	return !u->instruments[0] || list_has(u->instruments, instrument);
}

int account_instruments_check(struct store *s, const char *state, const char *list,
			      char *canon, size_t canonlen, char *err, size_t errlen)
{
	struct store_stmt *st = NULL;
	char want[256];
	size_t used = 0, matched = 0, items = 0;
	int rc = -1;

	if (!list)
		list = "";
	if (canonlen == 0)
		return -1;
	canon[0] = '\0';
	if (util_strlcpy(want, list, sizeof want) < 0) {
		snprintf(err, errlen, "instrument list too long");
		goto out;
	}
	/* Every item must be a known instrument code, once. */
	for (char *p = want; *p;) {
		char *e = strchr(p, ',');
		if (e)
			*e = '\0';
		if (!*p) {
			snprintf(err, errlen, "empty item in instrument list '%s'", list);
			goto out;
		}
		if (store_count(s, "SELECT COUNT(*) FROM instruments WHERE code = ?", p) != 1) {
			snprintf(err, errlen, "unknown instrument '%s' (untoc, tip, som, firearms)", p);
			goto out;
		}
		items++;
		if (!e)
			break;
		*e = ',';
		p = e + 1;
	}
	st = store_prepare_cached(s,
		"SELECT i.code FROM instruments i JOIN party_instruments p "
		"ON p.instrument = i.code AND p.party = ? AND p.status = 'party' ORDER BY i.ord");
	if (!st) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	store_bind_text(st, 1, state);
	int step;
	while ((step = store_step(st)) == STORE_ROW) {
		const char *code = store_col_text(st, 0);
		if (!list_has(list, code))
			continue;
		size_t n = strlen(code);
		if (used + n + 2 > canonlen) {
			snprintf(err, errlen, "instrument list too long");
			goto out;
		}
		if (used)
			canon[used++] = ',';
		memcpy(canon + used, code, n + 1);
		used += n;
		matched++;
	}
	if (step != STORE_DONE) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		goto out;
	}
	if (matched != items) {
		snprintf(err, errlen, "%s is not party to every instrument of '%s' (or one is "
			 "named twice)", state, list);
		goto out;
	}
	rc = 0;
out:
	store_finalize(st);
	return rc;
}

int account_set_instruments(struct store *s, int64_t id, const char *list, char *err,
			    size_t errlen)
{
	struct account u;
	char canon[sizeof u.instruments] = "";
	int found = account_by_id(s, id, &u);

	if (found <= 0) {
		if (found < 0)
			snprintf(err, errlen, "%s", store_errmsg(s));
		else
			snprintf(err, errlen, "no account %lld", (long long)id);
		return -1;
	}
	if (u.role != ROLE_EXPERT) {
		snprintf(err, errlen, "only an expert's instruments can be narrowed (%s is %s)",
			 u.email, u.role_name);
		return -1;
	}
	if (account_instruments_check(s, u.state, list, canon, sizeof canon, err, errlen) < 0)
		return -1;
	if (accounts_exec_text_int(s, "UPDATE users SET instruments = ? WHERE id = ?", canon,
				   id) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	return 0;
}

int accounts_exec_text_int(struct store *s, const char *sql, const char *t, int64_t i)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, t);
	store_bind_int(st, 2, i);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

int account_set_lang(struct store *s, int64_t id, const char *lang)
{
	return accounts_exec_text_int(s, "UPDATE users SET lang = ? WHERE id = ?", lang, id);
}

int account_set_totp(struct store *s, int64_t id, const char *secret, int enabled,
		      int64_t last_step)
{
	int rc = -1;
	char sealed[256] = "";
	if (secret[0] && secret_seal(secret, sealed, sizeof sealed) < 0)
		return -1;
	struct store_stmt *st = store_prepare_cached(s,
		"UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = ? WHERE id = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, sealed);
	store_bind_int(st, 2, enabled);
	store_bind_int(st, 3, last_step);
	store_bind_int(st, 4, id);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

int account_claim_totp_step(struct store *s, int64_t id, int64_t step)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, step);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, step);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s) == 1 ? 1 : 0;
	store_finalize(st);
	return rc;
}

int account_set_totp_required(struct store *s, int64_t id, int required)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"UPDATE users SET totp_required = ? WHERE id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, required);
	store_bind_int(st, 2, id);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s) > 0 ? 0 : -1;
	store_finalize(st);
	return rc;
}

int account_set_disabled(struct store *s, const char *email, int disabled)
{
	static const char *const off[] = {
		"DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email = ?)",
		"UPDATE api_tokens SET revoked = ? WHERE revoked IS NULL AND user_id IN "
		"(SELECT id FROM users WHERE email = ?)",
		"UPDATE invitations SET expires = ? WHERE email = ? AND used IS NULL AND expires > ?",
	};
	char mail[256], now[32];
	int rc = -1, found = 0;
	struct store_stmt *st = NULL;
	if (util_strlcpy(mail, email, sizeof mail) < 0)
		return 0;
	util_ascii_lower(mail);
	util_now_iso(now, sizeof now);
	if (store_begin(s) < 0)
		return -1;
	st = store_prepare(s, "UPDATE users SET disabled = ? WHERE email = ?");
	if (!st)
		goto out;
	store_bind_int(st, 1, disabled ? 1 : 0);
	store_bind_text(st, 2, mail);
	if (store_step(st) != STORE_DONE)
		goto out;
	found = store_changes(s) > 0;
	for (size_t i = 0; disabled && i < sizeof off / sizeof off[0]; i++) {
		store_finalize(st);
		st = store_prepare(s, off[i]);
		if (!st)
			goto out;
		if (i == 0) {
			store_bind_text(st, 1, mail);
		} else {
			store_bind_text(st, 1, now);
			store_bind_text(st, 2, mail);
			if (i == 2)
				store_bind_text(st, 3, now);
		}
		if (store_step(st) != STORE_DONE)
			goto out;
		if (i == 2 && store_changes(s) > 0)
			found = 1;
	}
	if (store_commit(s) < 0)
		goto out;
	rc = found;
out:
	store_finalize(st);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

int accounts_exec_text(struct store *s, const char *sql, const char *t)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s, sql);
	if (!st)
		return -1;
	store_bind_text(st, 1, t);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

int account_list(struct store *s, enum account_order order, struct account **out, size_t *n)
{
	int rc = -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	struct store_stmt *st = store_prepare_cached(s, order == ACCOUNT_BY_ID
		? "SELECT " USER_COLS " FROM users ORDER BY id"
		: "SELECT " USER_COLS " FROM users ORDER BY email");
	if (!st)
		return -1;
	int r;
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		accounts_user_from_row(st, 0, &(*out)[*n]);
		/* A listing never carries secrets. */
		sodium_memzero((*out)[*n].totp_secret, sizeof (*out)[*n].totp_secret);
		(*n)++;
	}
	if (r == STORE_DONE)
		rc = 0;
	store_finalize(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

long long account_count(struct store *s)
{
	return store_count(s, "SELECT COUNT(*) FROM users", NULL);
}
