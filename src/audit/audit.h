/* audit.h - the append-only audit log (spec R97, R103, R237; issue 4).
 *
 * Logins, failures, every change, every refusal and every read of
 * confidential material are recorded with who (e-mail or "-"), when (UTC),
 * what (action and object) and from where (client address).  The table's
 * triggers refuse UPDATE and DELETE. */
#ifndef RM_AUDIT_AUDIT_H
#define RM_AUDIT_AUDIT_H

#include <stddef.h>
#include <stdio.h>

struct store;

/* Appends one entry.  actor NULL or "" is recorded as "-".  Returns 0, or
 * -1 on a store error (the caller decides whether to refuse the request). */
int audit_log(struct store *s, const char *actor, const char *ip, const char *action,
	      const char *object, const char *detail);

/* The entry of a request: as audit_log(), with fields cut at 128 bytes
 * (they hold what clients sent), and actor NULL for an anonymous request,
 * whose entries are capped per address (20 per 10 minutes; the surplus is
 * counted in one "audit.suppressed" entry) so that nobody can fill the
 * append-only log.  Returns 0 (also when an entry was suppressed) or -1. */
int audit_record(struct store *s, const char *actor, const char *ip, const char *action,
		 const char *object, const char *detail);

/* The entry of an anonymous read of material that is public (an item the
 * access module lets anyone read, e.g. a dialogue thread the reviewed
 * State disclosed publicly, para 41): no longer confidential, so audited
 * in aggregate (t-fix item 1, R97): the first such read of (action,
 * object) in a UTC day is recorded as actor "-" with detail "public, anonymous
 * readers: the first read of <day>; later ones that day not recorded";
 * the later ones that day write nothing, so that a crawler cannot grow the
 * append-only log without bound.  A per-process memo (keyed by database,
 * day, action and object) spares the lookup.  Reads by signed-in users
 * keep their own entries (audit_log).  Returns 0 (also when nothing was
 * written) or -1 on a store error. */
int audit_public_read(struct store *s, const char *ip, const char *action, const char *object);

/* One entry, as read back (every string malloc'd). */
struct audit_entry {
	char *at, *actor, *ip, *action, *object, *detail;
};
/* What audit_search() keeps; NULL or "" fields do not filter.  since and
 * until are ISO 8601 prefixes (until excluded). */
struct audit_filter {
	const char *actor;          /* exact e-mail, or "-" for anonymous */
	const char *action_prefix;  /* e.g. "login." */
	const char *since, *until;
};
/* The entries that pass f, newest first, from offset, at most limit, into
 * a new array *out of *n entries (release with audit_entries_free()), and
 * how many pass f in all into *total.  Returns 0 or -1. */
int audit_search(struct store *s, const struct audit_filter *f, long offset, int limit,
		 struct audit_entry **out, size_t *n, long long *total);
void audit_entries_free(struct audit_entry *e, size_t n);
/* Entries after since (ISO 8601), or -1 on a store error. */
long long audit_count_since(struct store *s, const char *since);

/* Writes entries at or after since (ISO 8601 prefix, NULL = all) by user
 * (e-mail, NULL = all) to f as tab-separated lines, oldest first.  Returns
 * the number of entries, or -1. */
long audit_print(struct store *s, const char *since, const char *user, FILE *f);

#endif
