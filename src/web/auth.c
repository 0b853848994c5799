/* auth.c - see auth.h. */
#include "web/auth.h"

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
#include "util/util.h"

/* Throttling thresholds over a 15-minute window (docs/web.md). */
#define THROTTLE_WINDOW 900
#define ACCOUNT_SLOW 3
#define ACCOUNT_BLOCK 5
#define ACCOUNT_STEP 2 /* back-off grows by this many seconds a failure */
#define IP_SLOW 10
#define IP_BLOCK 30
#define IP_STEP 2

static const char *const role_names[] = {
	[ROLE_NONE] = "",
	[ROLE_SECRETARIAT] = "secretariat",
	[ROLE_FOCAL_POINT] = "focal_point",
	[ROLE_EXPERT] = "expert",
	[ROLE_OBSERVER] = "observer",
	[ROLE_STAKEHOLDER] = "stakeholder",
};

enum web_role web_role_parse(const char *name)
{
	if (!name)
		return ROLE_NONE;
	for (size_t i = 1; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(name, role_names[i]) == 0)
			return (enum web_role)i;
	return ROLE_NONE;
}

int web_role_has_state(enum web_role r)
{
	return r == ROLE_FOCAL_POINT || r == ROLE_EXPERT || r == ROLE_OBSERVER;
}

int web_test_mode(void)
{
	const char *v = getenv("REVMECH_TEST_MODE");
	return v && strcmp(v, "1") == 0;
}

static void pw_limits(unsigned long long *ops, size_t *mem)
{
	if (web_test_mode()) {
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

int web_password_policy(const char *pw, const char *email, char *err, size_t errlen)
{
	long n = web_utf8_len(pw);
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

int web_password_hash(const char *pw, char *out, size_t outlen)
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

int64_t web_user_create(struct store *s, const char *email, const char *role,
			const char *state_code, const char *password, char *err,
			size_t errlen)
{
	int64_t id = -1;
	struct store_stmt *st = NULL;
	char hash[crypto_pwhash_STRBYTES] = "";
	char mail[256], now[32];
	enum web_role r = web_role_parse(role);

	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		goto out;
	}
	if (!email || util_strlcpy(mail, email, sizeof mail) < 0 || !strchr(mail, '@') ||
	    mail[0] == '@' || strpbrk(mail, " \t\r\n<>\"") || strlen(mail) < 3) {
		snprintf(err, errlen, "invalid e-mail address");
		goto out;
	}
	web_ascii_lower(mail);
	if (r == ROLE_NONE) {
		snprintf(err, errlen, "unknown role '%s' (secretariat, focal_point, expert, observer, stakeholder)",
			 role ? role : "");
		goto out;
	}
	if (web_role_has_state(r) && (!state_code || !*state_code)) {
		snprintf(err, errlen, "role %s needs a State (--state CODE)", role);
		goto out;
	}
	if (!web_role_has_state(r) && state_code && *state_code) {
		snprintf(err, errlen, "role %s does not act for a State", role);
		goto out;
	}
	if (password) {
		if (web_password_policy(password, mail, err, errlen) < 0)
			goto out;
		if (web_password_hash(password, hash, sizeof hash) < 0) {
			snprintf(err, errlen, "password hashing failed (out of memory?)");
			goto out;
		}
	}
	if (web_role_has_state(r)) {
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
	store_bind_text(st, 3, web_role_has_state(r) ? state_code : NULL);
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

int web_secret_key_load(const char *key_path, char *err, size_t errlen)
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
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, hex, n) != (ssize_t)n || fsync(fd) < 0) {
			snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
			if (fd >= 0)
				unlink(path);
			goto out;
		}
		close(fd);
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
static void secret_open(const char *stored, char *out, size_t outlen)
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

#define USER_COLS "id, email, role, COALESCE(state, ''), lang, totp_secret, " \
		  "totp_enabled, totp_required, totp_last_step, disabled, pwhash"

static void user_from_row(struct store_stmt *st, struct web_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = store_col_int(st, 0);
	util_strlcpy(u->email, store_col_text(st, 1), sizeof u->email);
	util_strlcpy(u->role_name, store_col_text(st, 2), sizeof u->role_name);
	u->role = web_role_parse(u->role_name);
	util_strlcpy(u->state, store_col_text(st, 3), sizeof u->state);
	util_strlcpy(u->lang, store_col_text(st, 4), sizeof u->lang);
	secret_open(store_col_text(st, 5), u->totp_secret, sizeof u->totp_secret);
	u->totp_enabled = (int)store_col_int(st, 6);
	u->totp_required = (int)store_col_int(st, 7);
	u->totp_last_step = store_col_int(st, 8);
	u->disabled = (int)store_col_int(st, 9);
	u->has_password = store_col_text(st, 10)[0] != '\0';
}

/* Columns 11 and 12 of the look-ups that join the user's State. */
static void state_names_from_row(struct store_stmt *st, int col, struct web_user *u)
{
	util_strlcpy(u->state_name, store_col_text(st, col), sizeof u->state_name);
	util_strlcpy(u->state_name_fr, store_col_text(st, col + 1), sizeof u->state_name_fr);
}

static int user_query_ex(struct store *s, const char *sql, const char *text, int64_t id,
			 struct web_user *u, char *pwhash, size_t pwlen, int with_names);

static int user_query(struct store *s, const char *sql, const char *text, int64_t id,
		      struct web_user *u, char *pwhash, size_t pwlen)
{
	return user_query_ex(s, sql, text, id, u, pwhash, pwlen, 0);
}

static int user_query_ex(struct store *s, const char *sql, const char *text, int64_t id,
			 struct web_user *u, char *pwhash, size_t pwlen, int with_names)
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
		user_from_row(st, u);
		if (with_names)
			state_names_from_row(st, 11, u);
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

int web_user_by_email(struct store *s, const char *email, struct web_user *u)
{
	char mail[256];
	if (util_strlcpy(mail, email, sizeof mail) < 0)
		return 0;
	web_ascii_lower(mail);
	return user_query(s, "SELECT " USER_COLS " FROM users WHERE email = ?", mail, 0,
			  u, NULL, 0);
}

int web_user_by_id(struct store *s, int64_t id, struct web_user *u)
{
	return user_query(s, "SELECT " USER_COLS " FROM users WHERE id = ?", NULL, id, u,
			  NULL, 0);
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void dummy_init(void)
{
	char pw[WEB_HEX_LEN];
	web_token_new(pw);
	if (web_password_hash(pw, dummy_hash, sizeof dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

int web_user_authenticate(struct store *s, const char *email, const char *pw,
			  struct web_user *u)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	char mail[256];
	if (strlen(pw) > 512 || util_strlcpy(mail, email, sizeof mail) < 0)
		return 0;
	web_ascii_lower(mail);
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
	if (!web_test_mode() && crypto_pwhash_str_needs_rehash(hash, ops, mem) != 0 &&
	    web_user_set_password(s, u->id, pw) < 0)
		fprintf(stderr, "revmech: could not upgrade the password hash of %s\n", u->email);
	return 1;
}

int web_user_set_password(struct store *s, int64_t id, const char *pw)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = -1;
	struct store_stmt *st = NULL;
	if (web_password_hash(pw, hash, sizeof hash) < 0)
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

static int exec_text_int(struct store *s, const char *sql, const char *t, int64_t i)
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

int web_user_set_lang(struct store *s, int64_t id, const char *lang)
{
	return exec_text_int(s, "UPDATE users SET lang = ? WHERE id = ?", lang, id);
}

int web_user_set_totp(struct store *s, int64_t id, const char *secret, int enabled,
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

int web_user_claim_totp_step(struct store *s, int64_t id, int64_t step)
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

int web_user_set_totp_required(struct store *s, int64_t id, int required)
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

int web_session_create(struct store *s, int64_t user_id, int mfa_pending,
		       const char *ip, long absolute, char token[WEB_HEX_LEN],
		       struct web_session *out)
{
	int rc = -1;
	char now[32], exp[32];
	time_t t = time(NULL);
	memset(out, 0, sizeof *out);
	web_token_new(token);
	web_token_hash(token, out->token_hash);
	web_token_new(out->csrf);
	out->mfa_pending = mfa_pending;
	out->user_id = user_id;
	web_time_iso(t, now, sizeof now);
	web_time_iso(t + absolute, exp, sizeof exp);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO sessions (token_hash, user_id, csrf, mfa_pending, created, "
		"last_seen, expires, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, out->token_hash);
	store_bind_int(st, 2, user_id);
	store_bind_text(st, 3, out->csrf);
	store_bind_int(st, 4, mfa_pending);
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, now);
	store_bind_text(st, 7, exp);
	store_bind_text(st, 8, ip);
	if (store_step(st) == STORE_DONE)
		rc = 0;
out:
	store_finalize(st);
	return rc;
}

int web_session_lookup(struct store *s, const char *token, long idle,
		       struct web_session *ses, struct web_user *u)
{
	int found = -1, expired = 0, touch = 0;
	char hash[WEB_HEX_LEN], now[32];
	time_t t = time(NULL), last = 0;
	if (strlen(token) != WEB_HEX_LEN - 1)
		return 0;
	web_token_hash(token, hash);
	web_time_iso(t, now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT s.csrf, s.mfa_pending, s.last_seen, s.expires, "
		"u.id, u.email, u.role, COALESCE(u.state, ''), u.lang, u.totp_secret, "
		"u.totp_enabled, u.totp_required, u.totp_last_step, u.disabled, u.pwhash, "
		"COALESCE(p.name, COALESCE(u.state, '')), COALESCE(p.name_fr, '') "
		"FROM sessions s JOIN users u ON u.id = s.user_id "
		"LEFT JOIN parties p ON p.code = u.state WHERE s.token_hash = ?");
	if (!st)
		goto out;
	store_bind_text(st, 1, hash);
	int rc = store_step(st);
	if (rc == STORE_DONE) {
		found = 0;
		goto out;
	}
	if (rc != STORE_ROW)
		goto out;
	memset(ses, 0, sizeof *ses);
	util_strlcpy(ses->token_hash, hash, sizeof ses->token_hash);
	util_strlcpy(ses->csrf, store_col_text(st, 0), sizeof ses->csrf);
	ses->mfa_pending = (int)store_col_int(st, 1);
	if (web_time_parse(store_col_text(st, 2), &last) < 0 ||
	    strcmp(store_col_text(st, 3), now) <= 0 || t - last > idle)
		expired = 1;
	touch = t - last >= 60;
	/* Reuse the column reader: shift the user columns into place. */
	memset(u, 0, sizeof *u);
	u->id = store_col_int(st, 4);
	util_strlcpy(u->email, store_col_text(st, 5), sizeof u->email);
	util_strlcpy(u->role_name, store_col_text(st, 6), sizeof u->role_name);
	u->role = web_role_parse(u->role_name);
	util_strlcpy(u->state, store_col_text(st, 7), sizeof u->state);
	util_strlcpy(u->lang, store_col_text(st, 8), sizeof u->lang);
	secret_open(store_col_text(st, 9), u->totp_secret, sizeof u->totp_secret);
	u->totp_enabled = (int)store_col_int(st, 10);
	u->totp_required = (int)store_col_int(st, 11);
	u->totp_last_step = store_col_int(st, 12);
	u->disabled = (int)store_col_int(st, 13);
	u->has_password = store_col_text(st, 14)[0] != '\0';
	state_names_from_row(st, 15, u);
	ses->user_id = u->id;
	store_finalize(st);
	st = NULL;
	if (expired || u->disabled) {
		web_session_delete(s, hash);
		found = 0;
		goto out;
	}
	if (touch) {
		/* Refreshing at most once a minute keeps page views read-only
		 * for the database most of the time (no write lock). */
		st = store_prepare_cached(s, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
		if (st) {
			store_bind_text(st, 1, now);
			store_bind_text(st, 2, hash);
			(void)store_step(st);
		}
	}
	found = 1;
out:
	store_finalize(st);
	return found;
}

static int exec_text(struct store *s, const char *sql, const char *t)
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

int web_session_clear_mfa(struct store *s, const char *token_hash)
{
	return exec_text(s, "UPDATE sessions SET mfa_pending = 0 WHERE token_hash = ?",
			 token_hash);
}

int web_session_delete(struct store *s, const char *token_hash)
{
	return exec_text(s, "DELETE FROM sessions WHERE token_hash = ?", token_hash);
}

int web_session_delete_user(struct store *s, int64_t user_id)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s, "DELETE FROM sessions WHERE user_id = ?");
	if (!st)
		return -1;
	store_bind_int(st, 1, user_id);
	if (store_step(st) == STORE_DONE)
		rc = 0;
	store_finalize(st);
	return rc;
}

int64_t web_apitoken_create(struct store *s, int64_t user_id, const char *name,
			    char token[WEB_HEX_LEN])
{
	int64_t id = -1;
	char hash[WEB_HEX_LEN], now[32];
	web_token_new(token);
	web_token_hash(token, hash);
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO api_tokens (user_id, name, token_hash, created) VALUES (?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_int(st, 1, user_id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, hash);
	store_bind_text(st, 4, now);
	if (store_step(st) == STORE_DONE)
		id = store_last_id(s);
out:
	store_finalize(st);
	return id;
}

int web_apitoken_lookup(struct store *s, const char *token, struct web_user *u)
{
	char hash[WEB_HEX_LEN];
	if (strlen(token) != WEB_HEX_LEN - 1)
		return 0;
	web_token_hash(token, hash);
	int found = user_query_ex(s, "SELECT u.id, u.email, u.role, COALESCE(u.state, ''), u.lang, "
				  "u.totp_secret, u.totp_enabled, u.totp_required, u.totp_last_step, "
				  "u.disabled, u.pwhash, COALESCE(p.name, COALESCE(u.state, '')), "
				  "COALESCE(p.name_fr, '') FROM api_tokens t "
				  "JOIN users u ON u.id = t.user_id "
				  "LEFT JOIN parties p ON p.code = u.state "
				  "WHERE t.token_hash = ? AND t.revoked IS NULL",
				  hash, 0, u, NULL, 0, 1);
	if (found == 1 && u->disabled)
		found = 0;
	if (found == 1) {
		/* At most once a minute, so that API reads rarely write: an UPDATE
		 * takes the database's write lock even when it changes nothing,
		 * so a read decides first whether one is due. */
		char now[32], ago[32];
		util_now_iso(now, sizeof now);
		web_time_iso(time(NULL) - 60, ago, sizeof ago);
		struct store_stmt *due = store_prepare_cached(s, "SELECT 1 FROM api_tokens "
			"WHERE token_hash = ? AND (last_used IS NULL OR last_used < ?)");
		int stale = 0;
		if (due) {
			store_bind_text(due, 1, hash);
			store_bind_text(due, 2, ago);
			stale = store_step(due) == STORE_ROW;
			store_finalize(due);
		}
		struct store_stmt *st = stale ? store_prepare_cached(s, "UPDATE api_tokens "
			"SET last_used = ? WHERE token_hash = ? AND (last_used IS NULL OR last_used < ?)")
					      : NULL;
		if (st) {
			store_bind_text(st, 1, now);
			store_bind_text(st, 2, hash);
			store_bind_text(st, 3, ago);
			(void)store_step(st);
			store_finalize(st);
		}
	}
	return found;
}

int web_apitoken_revoke(struct store *s, int64_t user_id, int64_t id)
{
	int rc = -1;
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"UPDATE api_tokens SET revoked = ? WHERE id = ? AND user_id = ? AND revoked IS NULL");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, id);
	store_bind_int(st, 3, user_id);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s) > 0 ? 1 : 0;
	store_finalize(st);
	return rc;
}

int web_apitoken_revoke_user(struct store *s, int64_t user_id)
{
	char now[32];
	util_now_iso(now, sizeof now);
	return exec_text_int(s, "UPDATE api_tokens SET revoked = ? WHERE user_id = ? "
			     "AND revoked IS NULL", now, user_id);
}

int web_user_set_disabled(struct store *s, const char *email, int disabled)
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
	web_ascii_lower(mail);
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

/* Back-off after a few failures: the next attempt is refused until
 * `wait` seconds after the last one (no sleeping in the worker). */
static int throttle_wait(long n, const char *last, long slow, long block, long step)
{
	time_t t;
	if (n >= block)
		return THROTTLE_WINDOW;
	if (n < slow || web_time_parse(last, &t) < 0)
		return 0;
	long wait = (long)(t + (n - slow + 1) * step - time(NULL));
	return wait > 0 ? (int)wait : 0;
}

static int count_since(struct store *s, const char *sql, const char *a, const char *b,
		       const char *since, long *n, char *last, size_t lastlen)
{
	int rc = -1;
	struct store_stmt *st = store_prepare(s, sql);
	if (!st)
		goto out;
	store_bind_text(st, 1, a);
	store_bind_text(st, 2, b ? b : since);
	if (b)
		store_bind_text(st, 3, since);
	if (store_step(st) != STORE_ROW)
		goto out;
	*n = (long)store_col_int(st, 0);
	util_strlcpy(last, store_col_text(st, 1), lastlen);
	rc = 0;
out:
	store_finalize(st);
	return rc;
}

int web_throttle_check(struct store *s, const char *kind, const char *email,
		       const char *ip, int64_t *attempt)
{
	char since[32], now[32], mail[256], last_a[32], last_i[32];
	long acct = 0, addr = 0;
	int rc = -1, wait, wait_i;
	struct store_stmt *st = NULL;
	*attempt = 0;
	web_time_iso(time(NULL) - THROTTLE_WINDOW, since, sizeof since);
	util_now_iso(now, sizeof now);
	util_strlcpy(mail, email, sizeof mail);
	web_ascii_lower(mail);
	/* BEGIN IMMEDIATE: count and record under the write lock. */
	if (store_begin(s) < 0)
		return -1;
	if (count_since(s, "SELECT COUNT(*), COALESCE(MAX(at), '') FROM login_failures "
			"WHERE email = ? AND kind = ? AND at > ?", mail, kind, since, &acct,
			last_a, sizeof last_a) < 0 ||
	    count_since(s, "SELECT COUNT(*), COALESCE(MAX(at), '') FROM login_failures "
			"WHERE ip = ? AND at > ?", ip, NULL, since, &addr, last_i, sizeof last_i) < 0)
		goto out;
	wait = throttle_wait(acct, last_a, ACCOUNT_SLOW, ACCOUNT_BLOCK, ACCOUNT_STEP);
	wait_i = throttle_wait(addr, last_i, IP_SLOW, IP_BLOCK, IP_STEP);
	if (wait_i > wait)
		wait = wait_i;
	if (wait == 0) {
		st = store_prepare(s, "INSERT INTO login_failures (email, ip, at, kind) "
				      "VALUES (?, ?, ?, ?)");
		if (!st)
			goto out;
		store_bind_text(st, 1, mail);
		store_bind_text(st, 2, ip);
		store_bind_text(st, 3, now);
		store_bind_text(st, 4, kind);
		if (store_step(st) != STORE_DONE)
			goto out;
		*attempt = store_last_id(s);
	}
	if (store_commit(s) < 0)
		goto out;
	rc = wait;
out:
	store_finalize(st);
	if (rc < 0) {
		store_rollback(s);
		*attempt = 0;
	}
	return rc;
}

void web_throttle_pass(struct store *s, int64_t attempt)
{
	struct store_stmt *st = store_prepare(s, "DELETE FROM login_failures WHERE id = ?");
	if (!st)
		return;
	store_bind_int(st, 1, attempt);
	(void)store_step(st);
	store_finalize(st);
}

void web_throttle_clear(struct store *s, const char *email)
{
	char mail[256];
	util_strlcpy(mail, email, sizeof mail);
	web_ascii_lower(mail);
	(void)exec_text(s, "DELETE FROM login_failures WHERE email = ?", mail);
}

int web_session_fail(struct store *s, const char *token_hash)
{
	int n = -1;
	if (exec_text(s, "UPDATE sessions SET failures = failures + 1 WHERE token_hash = ?",
		      token_hash) < 0)
		return -1;
	struct store_stmt *st = store_prepare(s, "SELECT failures FROM sessions WHERE token_hash = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, token_hash);
	if (store_step(st) == STORE_ROW)
		n = (int)store_col_int(st, 0);
	store_finalize(st);
	return n;
}
