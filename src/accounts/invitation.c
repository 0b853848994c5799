/* invitation.c - see invitation.h. */
#include "accounts/invitation.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "accounts/account.h"
#include "accounts/profile.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"
#include <stdlib.h>

enum invitation_error invitation_create(struct store *s, const char *email, const char *role,
					const char *state, int totp_required, int64_t invited_by,
					char token[TOKEN_HEX_LEN], char *email_out)
{
	struct invitation_spec spec = { .email = email, .role = role, .state = state,
					.totp_required = totp_required };
	return invitation_create_spec(s, &spec, 0, invited_by, token, email_out);
}

enum invitation_error invitation_create_spec(struct store *s, const struct invitation_spec *spec,
					     int refuse_pending, int64_t invited_by,
					     char token[TOKEN_HEX_LEN], char *email_out)
{
	const char *email = spec->email, *role = spec->role, *state = spec->state;
	int totp_required = spec->totp_required;
	struct account_profile p;
	enum profile_field bad;
	enum account_role r = account_role_parse(role);
	char mail[256], code[4] = "", hash[TOKEN_HEX_LEN], now[32], exp[32];
	struct account existing;
	enum invitation_error e = INVITE_STORE;
	struct store_stmt *st = NULL;
	token[0] = '\0';
	if (!email || util_strlcpy(mail, email, sizeof mail) < 0 || !strchr(mail, '@') ||
	    strpbrk(mail, " <>\"\t\r\n"))
		return INVITE_BAD_EMAIL;
	util_ascii_lower(mail);
	if (email_out)
		util_strlcpy(email_out, mail, sizeof mail);
	if (r == ROLE_NONE)
		return INVITE_BAD_ROLE;
	if (account_role_has_state(r)) {
		if (!state || strlen(state) != 3)
			return INVITE_NEED_STATE;
		for (int i = 0; i < 3; i++)
			code[i] = (char)(state[i] >= 'a' && state[i] <= 'z' ? state[i] - 32 : state[i]);
		long long known = store_count(s, "SELECT COUNT(*) FROM parties WHERE code = ?", code);
		if (known < 0)
			return INVITE_STORE;
		if (known != 1)
			return INVITE_UNKNOWN_STATE;
	}
	if (profile_from_texts(&p, spec->name, NULL, spec->organisation, NULL, &bad) != PROFILE_OK)
		return bad == PROFILE_NAME ? INVITE_BAD_NAME : INVITE_BAD_ORGANISATION;
	if (spec->lang && *spec->lang && !i18n_find(spec->lang))
		return INVITE_BAD_LANG;
	char instr[48] = "", why[256];
	if (spec->instruments && *spec->instruments &&
	    (r != ROLE_EXPERT || account_instruments_check(s, code, spec->instruments, instr,
							   sizeof instr, why, sizeof why) < 0))
		return INVITE_BAD_INSTRUMENTS;
	int found = account_by_email(s, mail, &existing);
	if (found == 1)
		return INVITE_EXISTS;
	if (found < 0)
		return INVITE_STORE;
	if (refuse_pending) {
		util_now_iso(now, sizeof now);
		st = store_prepare_cached(s, "SELECT COUNT(*) FROM invitations WHERE email = ? AND "
					     "used IS NULL AND revoked IS NULL AND expires > ?");
		if (!st)
			return INVITE_STORE;
		store_bind_text(st, 1, mail);
		store_bind_text(st, 2, now);
		int rr = store_step(st);
		long long open = rr == STORE_ROW ? store_col_int(st, 0) : -1;
		store_finalize(st);
		st = NULL;
		if (open < 0)
			return INVITE_STORE;
		if (open > 0)
			return INVITE_PENDING;
	}
	token_new(token);
	token_hash(token, hash);
	time_t t = time(NULL);
	util_time_iso(t, now, sizeof now);
	util_time_iso(t + INVITE_DAYS * 86400L, exp, sizeof exp);
	st = store_prepare_cached(s,
		"INSERT INTO invitations (token_hash, email, role, state, totp_required, invited_by, "
		"created, expires, name, organisation, lang, instruments) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, hash);
	store_bind_text(st, 2, mail);
	store_bind_text(st, 3, role);
	store_bind_text(st, 4, account_role_has_state(r) ? code : NULL);
	store_bind_int(st, 5, totp_required ? 1 : 0);
	store_bind_int(st, 6, invited_by);
	store_bind_text(st, 7, now);
	store_bind_text(st, 8, exp);
	store_bind_text(st, 9, p.name);
	store_bind_text(st, 10, p.organisation);
	store_bind_text(st, 11, spec->lang && *spec->lang ? i18n_find(spec->lang)->code : "");
	store_bind_text(st, 12, instr);
	if (store_step(st) == STORE_DONE)
		e = INVITE_OK;
out:
	store_finalize(st);
	if (e != INVITE_OK)
		token[0] = '\0';
	return e;
}

int invitation_find(struct store *s, const char *token, struct invitation *inv)
{
	char hash[TOKEN_HEX_LEN], now[32];
	int found = -1;
	if (strlen(token) != TOKEN_HEX_LEN - 1)
		return 0;
	token_hash(token, hash);
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, email, role, COALESCE(state, ''), totp_required, name, organisation, lang, "
		"instruments FROM invitations WHERE token_hash = ? AND used IS NULL AND revoked IS NULL "
		"AND expires > ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, hash);
	store_bind_text(st, 2, now);
	int rc = store_step(st);
	if (rc == STORE_ROW) {
		inv->id = store_col_int(st, 0);
		util_strlcpy(inv->email, store_col_text(st, 1), sizeof inv->email);
		util_strlcpy(inv->role, store_col_text(st, 2), sizeof inv->role);
		util_strlcpy(inv->state, store_col_text(st, 3), sizeof inv->state);
		inv->totp_required = (int)store_col_int(st, 4);
		util_strlcpy_utf8(inv->name, store_col_text(st, 5), sizeof inv->name);
		util_strlcpy_utf8(inv->organisation, store_col_text(st, 6), sizeof inv->organisation);
		util_strlcpy(inv->lang, store_col_text(st, 7), sizeof inv->lang);
		util_strlcpy(inv->instruments, store_col_text(st, 8), sizeof inv->instruments);
		found = 1;
	} else if (rc == STORE_DONE) {
		found = 0;
	}
	store_finalize(st);
	return found;
}

int64_t invitation_accept(struct store *s, const struct invitation *inv, const char *password,
			  const char *lang, char *err, size_t errlen)
{
	struct store_stmt *st = NULL;
	char now[32];
	if (store_begin(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	int64_t id = account_create(s, inv->email, inv->role, inv->state[0] ? inv->state : NULL,
				    password, err, errlen);
	int ok = id > 0;
	if (ok) {
		util_now_iso(now, sizeof now);
		st = store_prepare_cached(s, "UPDATE invitations SET used = ? WHERE id = ? AND used IS NULL");
		ok = st != NULL;
		if (ok) {
			store_bind_text(st, 1, now);
			store_bind_int(st, 2, inv->id);
			ok = store_step(st) == STORE_DONE && store_changes(s) == 1;
		}
		store_finalize(st);
		if (!ok)
			snprintf(err, errlen, "the invitation was used meanwhile");
		if (ok && inv->totp_required)
			ok = account_set_totp_required(s, id, 1) == 0;
		if (ok)
			ok = account_set_lang(s, id, inv->lang[0] ? inv->lang : lang) == 0;
		if (ok && (inv->name[0] || inv->organisation[0])) {
			struct account_profile p;
			memset(&p, 0, sizeof p);
			util_strlcpy(p.name, inv->name, sizeof p.name);
			util_strlcpy(p.organisation, inv->organisation, sizeof p.organisation);
			ok = profile_save(s, id, &p) == 0;
		}
		if (ok && inv->instruments[0])
			ok = account_set_instruments(s, id, inv->instruments, err, errlen) == 0;
	}
	if (!ok || store_commit(s) < 0) {
		store_rollback(s);
		return -1;
	}
	return id;
}

long long invitation_count_open(struct store *s)
{
	char now[32];
	util_now_iso(now, sizeof now);
	return store_count(s, "SELECT COUNT(*) FROM invitations WHERE used IS NULL AND expires > ?",
			   now);
}

int invitation_list_open(struct store *s, struct invitation **out, size_t *n)
{
	char now[32];
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT id, email, role, COALESCE(state, ''), totp_required, expires, name, "
		"organisation, lang FROM invitations "
		"WHERE used IS NULL AND revoked IS NULL AND expires > ? ORDER BY email, id");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	while ((r = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		struct invitation *inv = &(*out)[(*n)++];
		memset(inv, 0, sizeof *inv);
		inv->id = store_col_int(st, 0);
		util_strlcpy(inv->email, store_col_text(st, 1), sizeof inv->email);
		util_strlcpy(inv->role, store_col_text(st, 2), sizeof inv->role);
		util_strlcpy(inv->state, store_col_text(st, 3), sizeof inv->state);
		inv->totp_required = (int)store_col_int(st, 4);
		util_strlcpy(inv->expires, store_col_text(st, 5), sizeof inv->expires);
		util_strlcpy_utf8(inv->name, store_col_text(st, 6), sizeof inv->name);
		util_strlcpy_utf8(inv->organisation, store_col_text(st, 7), sizeof inv->organisation);
		util_strlcpy(inv->lang, store_col_text(st, 8), sizeof inv->lang);
	}
	store_finalize(st);
	if (r != STORE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int invitation_revoke(struct store *s, int64_t id, char *email_out, size_t emaillen)
{
	char now[32];
	int rc = -1;
	struct store_stmt *st;
	util_now_iso(now, sizeof now);
	st = store_prepare_cached(s, "SELECT email FROM invitations WHERE id = ? AND used IS NULL "
				     "AND revoked IS NULL");
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW)
		util_strlcpy(email_out, store_col_text(st, 0), emaillen);
	store_finalize(st);
	if (r != STORE_ROW)
		return r == STORE_DONE ? 0 : -1;
	st = store_prepare_cached(s, "UPDATE invitations SET revoked = ? WHERE id = ? AND used IS NULL "
				     "AND revoked IS NULL");
	if (!st)
		return -1;
	store_bind_text(st, 1, now);
	store_bind_int(st, 2, id);
	if (store_step(st) == STORE_DONE)
		rc = store_changes(s) == 1 ? 1 : 0;
	store_finalize(st);
	return rc;
}

enum invitation_error invitation_resend(struct store *s, int64_t id, int64_t invited_by,
					char token[TOKEN_HEX_LEN], struct invitation *inv)
{
	char mail[256];
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT email, role, COALESCE(state, ''), totp_required, name, organisation, lang, "
		"instruments FROM invitations WHERE id = ? AND used IS NULL AND revoked IS NULL");
	token[0] = '\0';
	if (!st)
		return INVITE_STORE;
	store_bind_int(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW) {
		memset(inv, 0, sizeof *inv);
		util_strlcpy(inv->email, store_col_text(st, 0), sizeof inv->email);
		util_strlcpy(inv->role, store_col_text(st, 1), sizeof inv->role);
		util_strlcpy(inv->state, store_col_text(st, 2), sizeof inv->state);
		inv->totp_required = (int)store_col_int(st, 3);
		util_strlcpy_utf8(inv->name, store_col_text(st, 4), sizeof inv->name);
		util_strlcpy_utf8(inv->organisation, store_col_text(st, 5), sizeof inv->organisation);
		util_strlcpy(inv->lang, store_col_text(st, 6), sizeof inv->lang);
		util_strlcpy(inv->instruments, store_col_text(st, 7), sizeof inv->instruments);
	}
	store_finalize(st);
	if (r != STORE_ROW)
		return r == STORE_DONE ? INVITE_NOT_FOUND : INVITE_STORE;
	if (invitation_revoke(s, id, mail, sizeof mail) != 1)
		return INVITE_STORE;
	struct invitation_spec spec = { .email = inv->email, .role = inv->role,
					.state = inv->state, .name = inv->name,
					.organisation = inv->organisation, .lang = inv->lang,
					.instruments = inv->instruments, .totp_required = inv->totp_required };
	return invitation_create_spec(s, &spec, 0, invited_by, token, NULL);
}
