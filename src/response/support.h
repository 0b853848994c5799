/* support.h - the reviewed State's requests for the Secretariat's support
 * on its draft responses (issue 10, probe s8 F23; appendix B18 "Draft
 * responses": the Secretariat sees them "on request (support)"; para 34).
 *
 * A request is asked with a reason and ended with a reason; both are rows
 * of response_support_requests (migration 0051), never changed, so who
 * asked, who ended and why stay on record.  While a request is in force
 * the Secretariat reads the phase's drafts: access/ decides it from
 * access_object.support_open (ACCESS_RESPONSE_READ, ACCESS_ATTACHMENT_READ),
 * which the caller fills from response_support_open().  Who may ask or end
 * is access/'s too (web/: ACCESS_RESPONSE_EDIT, the people who write the
 * drafts); this module refuses what no one may do. */
#ifndef RM_RESPONSE_SUPPORT_H
#define RM_RESPONSE_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct store;

#define RESPONSE_SUPPORT_REASON_MAX 1000

/* 1 when a request of reviewed's phase is in force, 0 not, -1 store error. */
int response_support_open(struct store *s, const char *reviewed, int phase);

/* Records kind ("ask" or "end") for reviewed's phase with reason (UTF-8,
 * 1..RESPONSE_SUPPORT_REASON_MAX bytes), by account by_id (e-mail by).
 * Returns 0; -2 bad input (no reason, too long, not UTF-8, unknown kind);
 * -4 an "ask" while one is in force or an "end" while none is; -1 store
 * error.  err is set (msg_set, util/msg.h) for every result but 0; nothing
 * is written then. */
int response_support_change(struct store *s, const char *reviewed, int phase, const char *kind,
			    const char *reason, int64_t by_id, const char *by, char *err,
			    size_t errlen);

/* Every request and end of reviewed's phase, oldest first, as a new JSON
 * array of {"id", "kind", "reason", "by", "at"} (the caller decrefs), or
 * NULL on a store error. */
json_t *response_support_history(struct store *s, const char *reviewed, int phase);

#endif
