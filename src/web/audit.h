/* audit.h - the append-only audit log (spec R97, R103; issue 4).
 *
 * Logins, failures, every change, every refusal and every read of
 * confidential material are recorded with who (e-mail or "-"), when (UTC),
 * what (action and object) and from where (client address).  The table's
 * triggers refuse UPDATE and DELETE. */
#ifndef RM_WEB_AUDIT_H
#define RM_WEB_AUDIT_H

#include <stdio.h>

struct store;

/* Appends one entry.  actor NULL or "" is recorded as "-".  Returns 0, or
 * -1 on a store error (the caller decides whether to refuse the request). */
int audit_log(struct store *s, const char *actor, const char *ip, const char *action,
	      const char *object, const char *detail);

/* Writes entries at or after since (ISO 8601 prefix, NULL = all) by user
 * (e-mail, NULL = all) to f as tab-separated lines, oldest first.  Returns
 * the number of entries, or -1. */
long audit_print(struct store *s, const char *since, const char *user, FILE *f);

#endif
