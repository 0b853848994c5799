/* profile.h - what an account says about its person besides the e-mail
 * (issue 8, item 2): name, title, organisation and phone (users columns
 * of migration 0006).  The owner edits them on the account page; the
 * Secretariat sees them on the users page.  Structures are filled by
 * value. */
#ifndef RM_ACCOUNTS_PROFILE_H
#define RM_ACCOUNTS_PROFILE_H

#include <stdint.h>

struct store;

/* Bounds in characters (code points). */
#define PROFILE_NAME_MAX 128
#define PROFILE_TITLE_MAX 64
#define PROFILE_ORG_MAX 128
#define PROFILE_PHONE_MAX 32

struct account_profile {
	char name[4 * PROFILE_NAME_MAX + 1];
	char title[4 * PROFILE_TITLE_MAX + 1];
	char organisation[4 * PROFILE_ORG_MAX + 1];
	char phone[4 * PROFILE_PHONE_MAX + 1];
};

/* Which field a check refused, and why. */
enum profile_field { PROFILE_NAME, PROFILE_TITLE, PROFILE_ORGANISATION, PROFILE_PHONE };
enum profile_error {
	PROFILE_OK = 0,
	PROFILE_BAD_UTF8,   /* not valid UTF-8 */
	PROFILE_CONTROL,    /* a control character (line breaks included) */
	PROFILE_TOO_LONG,   /* more characters than the field's bound */
	PROFILE_BAD_PHONE,  /* a phone number is digits, spaces and + - ( ) . / only */
};

/* Checks one field's text against the rules of field (a NULL text is
 * empty).  Returns PROFILE_OK or the reason.  Pure. */
enum profile_error profile_check_field(enum profile_field field, const char *text);
/* Fills p from four texts (NULL = ""), leading and trailing spaces cut,
 * after checking each: returns PROFILE_OK, or the reason with the field
 * refused in *bad (p then partly filled). */
enum profile_error profile_from_texts(struct account_profile *p, const char *name,
				      const char *title, const char *organisation,
				      const char *phone, enum profile_field *bad);
/* Reads / writes the profile of account id.  load returns 1 found, 0 no
 * such account, -1 on a store error; save returns 0 or -1. */
int profile_load(struct store *s, int64_t id, struct account_profile *p);
int profile_save(struct store *s, int64_t id, const struct account_profile *p);

#endif
