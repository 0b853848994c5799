/* invite_csv.c - see invite_csv.h. */
#include "accounts/invite_csv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "accounts/account.h"
#include "accounts/invitation.h"
#include "accounts/profile.h"
#include "i18n/i18n.h"
#include "mail/notice.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/util.h"
#include "util/xmalloc.h"

enum col { C_EMAIL, C_ROLE, C_STATE, C_INSTRUMENTS, C_NAME, C_ORG, C_LANG, NCOLS };
static const char *const col_names[NCOLS] = { "email", "role", "state", "instruments", "name",
					      "organisation", "language" };

struct ctx {
	struct buf *errors;
	size_t nerrors;
};

/* Appends "line N, column X: reason" (reason a format). */
static void fail(struct ctx *c, size_t line, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void fail(struct ctx *c, size_t line, const char *col, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	c->nerrors++;
	if (c->nerrors > INVITE_CSV_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (col)
		buf_printf(c->errors, "line %zu, column %s: %s\n", line, col, why);
	else
		buf_printf(c->errors, "line %zu: %s\n", line, why);
}

/* A cell as text for a message: cut, and nothing but printable ASCII
 * and valid UTF-8 (the message goes to a terminal or a page). */
static const char *shown(const char *v, char *out, size_t outlen)
{
	if (util_utf8_len(v) < 0) {
		util_strlcpy(out, "(not UTF-8)", outlen);
		return out;
	}
	util_strlcpy_utf8(out, v, outlen);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return out;
}

/* Maps the header's names to columns; 0 or -1 (errors added). */
static int read_header(struct ctx *c, struct csv_reader *r, int where[NCOLS])
{
	char tmp[64];
	for (int k = 0; k < NCOLS; k++)
		where[k] = -1;
	for (size_t i = 0; i < r->nfields; i++) {
		char name[32];
		int k;
		if (util_strlcpy(name, r->fields[i], sizeof name) < 0)
			name[0] = '\0';
		util_ascii_lower(name);
		for (k = 0; k < NCOLS && strcmp(name, col_names[k]) != 0; k++)
			;
		if (k == NCOLS) {
			fail(c, r->record_line, NULL, "column %zu: unknown column '%s' (email, role, state, "
			     "instruments, name, organisation, language)", i + 1,
			     shown(r->fields[i], tmp, sizeof tmp));
			continue;
		}
		if (where[k] >= 0) {
			fail(c, r->record_line, col_names[k], "named twice in the header");
			continue;
		}
		where[k] = (int)i;
	}
	for (int k = 0; k < 2; k++)
		if (where[k] < 0)
			fail(c, r->record_line, col_names[k], "missing from the header (email and role "
			     "are required)");
	return c->nerrors ? -1 : 0;
}

/* One e-mail seen in the file, for duplicates. */
struct seen {
	char email[256];
	size_t line;
};

/* Why invitation_create_spec() refused a line, for the column at fault. */
static void explain(struct ctx *c, size_t line, enum invitation_error e, const char *cells[NCOLS])
{
	char tmp[80];
	switch (e) {
	case INVITE_BAD_EMAIL: fail(c, line, "email", "not an e-mail address"); break;
	case INVITE_BAD_ROLE:
		fail(c, line, "role", "unknown role '%s' (secretariat, focal_point, expert, "
		     "observer, stakeholder)", shown(cells[C_ROLE], tmp, sizeof tmp));
		break;
	case INVITE_NEED_STATE: fail(c, line, "state", "focal points, experts and observers need "
				     "the ISO 3166 alpha-3 code of their State"); break;
	case INVITE_UNKNOWN_STATE:
		fail(c, line, "state", "no State party with code '%s'",
		     shown(cells[C_STATE], tmp, sizeof tmp));
		break;
	case INVITE_EXISTS: fail(c, line, "email", "an account with this e-mail exists"); break;
	case INVITE_PENDING: fail(c, line, "email", "an invitation for this e-mail is pending "
				  "(revoke or resend it on the users page)"); break;
	case INVITE_BAD_NAME: fail(c, line, "name", "not valid text of at most %d characters on "
				   "one line", PROFILE_NAME_MAX); break;
	case INVITE_BAD_ORGANISATION: fail(c, line, "organisation", "not valid text of at most %d "
					   "characters on one line", PROFILE_ORG_MAX); break;
	case INVITE_BAD_LANG:
		fail(c, line, "language", "'%s' is not one of ar, zh, en, fr, ru, es",
		     shown(cells[C_LANG], tmp, sizeof tmp));
		break;
	case INVITE_BAD_INSTRUMENTS: fail(c, line, "instruments", "only experts' instruments "
					  "can be named"); break;
	case INVITE_OK: case INVITE_STORE: case INVITE_NOT_FOUND: break;
	}
}

long invite_csv_import(struct store *s, const char *data, size_t len, const char *default_lang,
		       const char *base_url, int64_t invited_by, struct buf *errors)
{
	struct csv_reader r;
	struct ctx c = { .errors = errors, .nerrors = 0 };
	char err[512], token[TOKEN_HEX_LEN], mail[256];
	int where[NCOLS], got, store_failed = 0;
	long created = 0;
	struct seen *seen = NULL;
	size_t nseen = 0, cap = 0;
	struct buf link = { 0 };
	/* Valid UTF-8 without NUL bytes, checked on a terminated copy. */
	char *text = xmalloc(len + 1);
	memcpy(text, data, len);
	text[len] = '\0';
	int bad_text = memchr(data, '\0', len) != NULL || util_utf8_len(text) < 0;
	free(text);
	if (bad_text) {
		fail(&c, 1, NULL, "the file is not UTF-8 text (save it as CSV UTF-8)");
		return 0;
	}
	csv_open(&r, data, len);
	got = csv_next(&r, err, sizeof err);
	if (got <= 0) {
		if (got < 0)
			buf_printf(errors, "%s\n", err);
		else
			fail(&c, 1, NULL, "the file is empty (a header line, then one line per person)");
		csv_close(&r);
		return 0;
	}
	if (read_header(&c, &r, where) < 0) {
		csv_close(&r);
		return 0;
	}
	if (store_begin(s) < 0) {
		csv_close(&r);
		return -1;
	}
	while ((got = csv_next(&r, err, sizeof err)) == 1) {
		size_t line = r.record_line;
		const char *cells[NCOLS];
		char instr[48] = "", tmp[80];
		for (int k = 0; k < NCOLS; k++)
			cells[k] = where[k] >= 0 && (size_t)where[k] < r.nfields ? r.fields[where[k]] : "";
		if (++created > INVITE_CSV_MAX_LINES) {
			fail(&c, line, NULL, "more than %d invitations in one file: split it",
			     INVITE_CSV_MAX_LINES);
			break;
		}
		/* Duplicates inside the file, by the normalised address. */
		if (util_strlcpy(mail, cells[C_EMAIL], sizeof mail) < 0)
			mail[0] = '\0';
		util_ascii_lower(mail);
		if (!account_email_plausible(mail)) {
			fail(&c, line, "email", "'%s' is not an e-mail address",
			     shown(cells[C_EMAIL], tmp, sizeof tmp));
			continue;
		}
		size_t dup = 0;
		for (size_t i = 0; i < nseen && !dup; i++)
			if (strcmp(seen[i].email, mail) == 0)
				dup = seen[i].line;
		if (dup) {
			fail(&c, line, "email", "%s is already on line %zu", mail, dup);
			continue;
		}
		if (nseen == cap) {
			cap = cap ? 2 * cap : 64;
			seen = xreallocarray(seen, cap, sizeof *seen);
		}
		util_strlcpy(seen[nseen].email, mail, sizeof seen[nseen].email);
		seen[nseen++].line = line;
		/* The instruments' own reason, before the generic checks. */
		if (cells[C_INSTRUMENTS][0] && account_role_parse(cells[C_ROLE]) == ROLE_EXPERT &&
		    strlen(cells[C_STATE]) == 3) {
			char state[4];
			for (int i = 0; i < 3; i++)
				state[i] = (char)(cells[C_STATE][i] >= 'a' && cells[C_STATE][i] <= 'z'
							  ? cells[C_STATE][i] - 32 : cells[C_STATE][i]);
			state[3] = '\0';
			if (account_instruments_check(s, state, cells[C_INSTRUMENTS], instr, sizeof instr,
						      err, sizeof err) < 0) {
				fail(&c, line, "instruments", "%s", err);
				continue;
			}
		}
		const char *lang = cells[C_LANG][0] ? cells[C_LANG] : default_lang;
		struct invitation_spec spec = {
			.email = mail, .role = cells[C_ROLE], .state = cells[C_STATE],
			.name = cells[C_NAME], .organisation = cells[C_ORG], .lang = lang,
			.instruments = cells[C_INSTRUMENTS],
		};
		enum invitation_error e = invitation_create_spec(s, &spec, 1, invited_by, token, NULL);
		if (e == INVITE_STORE) {
			store_failed = 1;
			break;
		}
		if (e != INVITE_OK) {
			explain(&c, line, e, cells);
			continue;
		}
		/* The e-mail of a refused file is rolled back with it. */
		buf_reset(&link);
		buf_printf(&link, "%s/invite/%s", base_url, token);
		if (notice_invitation(s, mail, i18n_find(lang) ? i18n_find(lang)->code : "en",
				      cells[C_ROLE], buf_str(&link)) < 0) {
			store_failed = 1;
			break;
		}
	}
	if (got < 0)
		buf_printf(errors, "%s\n", err);
	else if (!store_failed && created == 0 && c.nerrors == 0)
		fail(&c, r.line, NULL, "no invitation in the file (a header line, then one line per person)");
	if (c.nerrors > INVITE_CSV_MAX_ERRORS)
		buf_printf(errors, "... and %zu more\n", c.nerrors - INVITE_CSV_MAX_ERRORS);
	sodium_memzero(token, sizeof token);
	buf_free(&link);
	free(seen);
	csv_close(&r);
	if (store_failed) {
		store_rollback(s);
		return -1;
	}
	if (got < 0 || c.nerrors > 0) {
		store_rollback(s);
		return 0;
	}
	if (store_commit(s) < 0) {
		store_rollback(s);
		return -1;
	}
	return created;
}
