/* audit.c - see audit.h. */
#include "web/audit.h"

#include "store/store.h"
#include "util/util.h"

int audit_log(struct store *s, const char *actor, const char *ip, const char *action,
	      const char *object, const char *detail)
{
	int rc = -1;
	char now[32];
	util_now_iso(now, sizeof now);
	struct store_stmt *st = store_prepare_cached(s,
		"INSERT INTO audit_log (at, actor, ip, action, object, detail) "
		"VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	store_bind_text(st, 1, now);
	store_bind_text(st, 2, actor && *actor ? actor : "-");
	store_bind_text(st, 3, ip ? ip : "");
	store_bind_text(st, 4, action);
	store_bind_text(st, 5, object ? object : "");
	store_bind_text(st, 6, detail ? detail : "");
	if (store_step(st) == STORE_DONE)
		rc = 0;
out:
	store_finalize(st);
	return rc;
}

/* Fields hold what clients sent (e-mail typed at login, paths): control
 * bytes would break the line format or drive the reader's terminal, so
 * they, DEL and the backslash (to stay unambiguous) are written \xNN. */
static void put_field(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

long audit_print(struct store *s, const char *since, const char *user, FILE *f)
{
	long n = -1;
	struct store_stmt *st = store_prepare_cached(s,
		"SELECT at, actor, ip, action, object, detail FROM audit_log "
		"WHERE (CAST(? AS TEXT) IS NULL OR at >= ?) "
		"AND (CAST(? AS TEXT) IS NULL OR actor = ?) ORDER BY id");
	if (!st)
		goto out;
	store_bind_text(st, 1, since);
	store_bind_text(st, 2, since);
	store_bind_text(st, 3, user);
	store_bind_text(st, 4, user);
	n = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		for (int c = 0; c < 6; c++) {
			if (c)
				fputc('\t', f);
			put_field(f, store_col_text(st, c));
		}
		fputc('\n', f);
		n++;
	}
	if (rc != STORE_DONE)
		n = -1;
out:
	store_finalize(st);
	return n;
}
