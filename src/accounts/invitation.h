/* invitation.h - invitations: the Secretariat invites a person to a role
 * (and a State), the person follows a single-use link within INVITE_DAYS
 * and chooses a password (issue 4; spec R23).  Only the token's hash is
 * stored.  Structures are filled by value. */
#ifndef RM_ACCOUNTS_INVITATION_H
#define RM_ACCOUNTS_INVITATION_H

#include <stddef.h>
#include <stdint.h>

#include "util/token.h"

struct store;

#define INVITE_DAYS 10

struct invitation {
	int64_t id;
	char email[256], role[16], state[4];
	int totp_required;
	char expires[32];     /* filled by invitation_list_open() */
	char name[4 * 128 + 1], organisation[4 * 128 + 1]; /* the person, "" when unknown */
	char lang[3];         /* of its e-mail, taken by the account; "" = the page's */
	char instruments[48]; /* an expert's (R20), canonical; "" = all its State's */
};

/* What an invitation is for.  name and organisation (NULL = "") follow
 * the profile's rules (accounts/profile.h); lang is one of the six codes
 * or NULL. */
struct invitation_spec {
	const char *email, *role, *state, *name, *organisation, *lang;
	const char *instruments;  /* experts only (account_instruments_check), NULL = all */
	int totp_required;
};

/* Why invitation_create() refused (0 = created). */
enum invitation_error {
	INVITE_OK = 0,
	INVITE_BAD_EMAIL,     /* not an e-mail address */
	INVITE_BAD_ROLE,      /* not one of the five roles */
	INVITE_NEED_STATE,    /* focal points, experts, observers act for a State */
	INVITE_UNKNOWN_STATE, /* no party with that code */
	INVITE_EXISTS,        /* an account with that e-mail exists */
	INVITE_STORE,         /* the store failed */
	INVITE_NOT_FOUND,     /* no such open invitation (resend) */
	INVITE_BAD_NAME,      /* the name breaks the profile's rules */
	INVITE_BAD_ORGANISATION, /* the organisation breaks them */
	INVITE_BAD_LANG,      /* not one of the six languages */
	INVITE_PENDING,       /* an open invitation for that e-mail exists */
	INVITE_BAD_INSTRUMENTS, /* not an expert, or not instruments of its State */
};

/* Creates an invitation valid INVITE_DAYS days and writes its plaintext
 * token into token (to be put in the link, shown once).  email is
 * lower-cased; state (any case) is ignored for roles without a State; the
 * normalised e-mail is copied to email_out (>= 256 bytes) when not NULL.
 * Returns INVITE_OK or the reason it refused (nothing stored then). */
enum invitation_error invitation_create(struct store *s, const char *email, const char *role,
					const char *state, int totp_required, int64_t invited_by,
					char token[TOKEN_HEX_LEN], char *email_out);
/* The same for a whole spec (bulk invitations, name and organisation):
 * also refuses INVITE_BAD_NAME, INVITE_BAD_ORGANISATION, INVITE_BAD_LANG,
 * INVITE_BAD_INSTRUMENTS and, when refuse_pending, INVITE_PENDING. */
enum invitation_error invitation_create_spec(struct store *s, const struct invitation_spec *spec,
					     int refuse_pending, int64_t invited_by,
					     char token[TOKEN_HEX_LEN], char *email_out);
/* Finds the open (unused, unexpired) invitation of a token.  Returns 1 and
 * fills inv, 0 when there is none, -1 on a store error. */
int invitation_find(struct store *s, const char *token, struct invitation *inv);
/* Accepts inv: in one transaction creates the account with password (which
 * must pass the policy; the caller has checked it to word its message),
 * marks the invitation used (once: a second acceptance fails), carries
 * the TOTP requirement, name, organisation and an expert's instruments,
 * and sets the interface
 * language (the invitation's, else lang).  Returns the new
 * account's id, or -1 with a reason in err (nothing changed). */
int64_t invitation_accept(struct store *s, const struct invitation *inv, const char *password,
			  const char *lang, char *err, size_t errlen);
/* The open (unused, unrevoked, unexpired) invitations by e-mail: *out is
 * malloc'd (caller frees), *n their count.  Returns 0, or -1. */
int invitation_list_open(struct store *s, struct invitation **out, size_t *n);
/* Revokes open invitation id: its link is dead at once.  Copies its e-mail
 * to email_out.  Returns 1 revoked, 0 no such open invitation, -1 error. */
int invitation_revoke(struct store *s, int64_t id, char *email_out, size_t emaillen);
/* Resends open invitation id: revokes it (its link dies) and creates a new
 * one with the same e-mail, role, State and TOTP requirement, whose token
 * goes to token; fills inv with them.  Run it in the caller's transaction
 * (with the e-mail).  Returns INVITE_OK or the reason. */
enum invitation_error invitation_resend(struct store *s, int64_t id, int64_t invited_by,
					char token[TOKEN_HEX_LEN], struct invitation *inv);
/* Number of open invitations, or -1 on a store error. */
long long invitation_count_open(struct store *s);

#endif
