/* accounts_int.h - helpers shared by the files of src/accounts/ (account,
 * session, apitoken, throttle, invitation); not for use outside it. */
#ifndef RM_ACCOUNTS_ACCOUNTS_INT_H
#define RM_ACCOUNTS_ACCOUNTS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "accounts/account.h"

struct store;
struct store_stmt;

/* The columns of users that accounts_user_from_row() reads, in order. */
#define USER_COLS "id, email, role, COALESCE(state, ''), lang, totp_secret, " \
		  "totp_enabled, totp_required, totp_last_step, disabled, pwhash, created, instruments, " \
		  "(SELECT COUNT(*) FROM party_instruments pi WHERE pi.party = users.state AND " \
		  "pi.instrument = 'untoc' AND pi.status = 'signatory')"
/* The same with the alias u. (joins). */
#define USER_COLS_U "u.id, u.email, u.role, COALESCE(u.state, ''), u.lang, " \
		    "u.totp_secret, u.totp_enabled, u.totp_required, u.totp_last_step, " \
		    "u.disabled, u.pwhash, u.created, u.instruments, " \
		    "(SELECT COUNT(*) FROM party_instruments pi WHERE pi.party = u.state AND " \
		    "pi.instrument = 'untoc' AND pi.status = 'signatory')"
#define ACCOUNT_COLS 14

/* Fills u from the ACCOUNT_COLS columns of st that start at col. */
void accounts_user_from_row(struct store_stmt *st, int col, struct account *u);
/* Runs sql (one text or, when text is NULL, one integer parameter) and
 * reads the first row into u (the password hash into pwhash when not
 * NULL).  Returns
 * 1 found, 0 not found, -1 on a store error. */
int accounts_user_query(struct store *s, const char *sql, const char *text, int64_t id,
			struct account *u, char *pwhash, size_t pwlen);
/* Opens a sealed TOTP secret into out ("" when it cannot be opened). */
void accounts_secret_open(const char *stored, char *out, size_t outlen);
/* Runs sql with one text parameter, or one text and one integer; 0 or -1. */
int accounts_exec_text(struct store *s, const char *sql, const char *t);
int accounts_exec_text_int(struct store *s, const char *sql, const char *t, int64_t i);

#endif
