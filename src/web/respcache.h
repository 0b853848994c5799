/* respcache.h - the rendered questionnaire of a review's phase, kept per
 * process (issue 9 benchmark; internal to src/web).  The questionnaire
 * JSON (respctx_questionnaire_json) is about 50 KB and depends only on
 * immutable definitions (id, version: content never changed, R69-R70) and
 * on a few fields of the review; rendering it took two thirds of a GET.
 * The cache is keyed by every input of the rendering, so an entry is never
 * stale: a new version, status, deadline or working language is a new key.
 * Each entry carries a strong entity tag (BLAKE2b of the text) for
 * If-None-Match.  The answers of the responses JSON are kept the same way,
 * each saved version once (parsing and printing them was most of the
 * responses GET).  Thread-safe; bounded (4-way sets, the oldest of a full
 * set replaced). */
#ifndef RM_WEB_RESPCACHE_H
#define RM_WEB_RESPCACHE_H

#include "util/buf.h"
#include "web/respctx.h"

/* "\"q-" 32 hex digits "\"" and the NUL. */
#define RESPCACHE_ETAG_LEN 40

/* Appends the questionnaire JSON of c (with its final newline, as
 * web_resp_json writes it) to body and writes its entity tag to etag.
 * Renders and keeps it on a miss.  The caller owns body as before. */
void respcache_questionnaire(const struct respctx *c, struct buf *body,
			     char etag[RESPCACHE_ETAG_LEN]);
/* 1 when the If-None-Match header value inm (may be NULL) names etag
 * (a list of tags, or "*"), else 0. */
int respcache_etag_matches(const char *inm, const char *etag);
/* One answer as the responses JSON lists it, {"question", "instrument",
 * "version", "lang", "saved_at", "saved_by", "value", "references"}:
 * appends its compact JSON text to out and returns a new reference to the
 * parsed stored document (for completion; treat it as read only: it is
 * shared between threads), or NULL when the stored text does not parse
 * (nothing appended then).  Kept per process under a BLAKE2b of every
 * field it is made of (content-addressed: a saved version never changes,
 * and any other row is another key). */
json_t *respcache_answer(const struct response_review *rv, const char *instrument,
			 const struct response_answer *a, struct buf *out);
/* Forgets every entry (tests). */
void respcache_clear(void);

#endif
