/* profile.c - see profile.h. */
#include "accounts/profile.h"

#include <string.h>

#include "store/store.h"
#include "util/util.h"

static long bound(enum profile_field f)
{
	switch (f) {
	case PROFILE_NAME: return PROFILE_NAME_MAX;
	case PROFILE_TITLE: return PROFILE_TITLE_MAX;
	case PROFILE_ORGANISATION: return PROFILE_ORG_MAX;
	case PROFILE_PHONE: return PROFILE_PHONE_MAX;
	}
	return 0;
}

enum profile_error profile_check_field(enum profile_field field, const char *text)
{
	const char *t = text ? text : "";
	long n = util_utf8_len(t);
	if (n < 0)
		return PROFILE_BAD_UTF8;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		/* C0 controls and DEL; C1 controls are U+0080-U+009F (C2 80-9F). */
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return PROFILE_CONTROL;
	}
	if (n > bound(field))
		return PROFILE_TOO_LONG;
	if (field == PROFILE_PHONE && t[strspn(t, "0123456789 +-()./")] != '\0')
		return PROFILE_BAD_PHONE;
	return PROFILE_OK;
}

/* Copies text without leading and trailing spaces into out. */
static void trimmed(char *out, size_t outlen, const char *text)
{
	const char *t = text ? text : "";
	size_t n;
	while (*t == ' ')
		t++;
	n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		n--;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

enum profile_error profile_from_texts(struct account_profile *p, const char *name,
				      const char *title, const char *organisation,
				      const char *phone, enum profile_field *bad)
{
	const char *in[4] = { name, title, organisation, phone };
	char *out[4] = { p->name, p->title, p->organisation, p->phone };
	size_t len[4] = { sizeof p->name, sizeof p->title, sizeof p->organisation,
			  sizeof p->phone };
	memset(p, 0, sizeof *p);
	for (int i = 0; i < 4; i++) {
		enum profile_error e = profile_check_field((enum profile_field)i, in[i]);
		if (e != PROFILE_OK) {
			*bad = (enum profile_field)i;
			return e;
		}
		/* Within the bound, the text fits its buffer (4 bytes a code point). */
		trimmed(out[i], len[i], in[i]);
	}
	return PROFILE_OK;
}

int profile_load(struct store *s, int64_t id, struct account_profile *p)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s, "SELECT name, title, organisation, phone "
						     "FROM users WHERE id = ?");
	memset(p, 0, sizeof *p);
	if (!st)
		return -1;
	store_bind_int(st, 1, id);
	int r = store_step(st);
	if (r == STORE_ROW) {
		util_strlcpy_utf8(p->name, store_col_text(st, 0), sizeof p->name);
		util_strlcpy_utf8(p->title, store_col_text(st, 1), sizeof p->title);
		util_strlcpy_utf8(p->organisation, store_col_text(st, 2), sizeof p->organisation);
		util_strlcpy_utf8(p->phone, store_col_text(st, 3), sizeof p->phone);
		rc = 1;
	} else if (r == STORE_DONE) {
		rc = 0;
	}
	store_finalize(st);
	return rc;
}

int profile_save(struct store *s, int64_t id, const struct account_profile *p)
{
	int rc = -1;
	struct store_stmt *st = store_prepare_cached(s, "UPDATE users SET name = ?, title = ?, "
						     "organisation = ?, phone = ? WHERE id = ?");
	if (!st)
		return -1;
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, p->title);
	store_bind_text(st, 3, p->organisation);
	store_bind_text(st, 4, p->phone);
	store_bind_int(st, 5, id);
	if (store_step(st) == STORE_DONE && store_changes(s) == 1)
		rc = 0;
	store_finalize(st);
	return rc;
}
