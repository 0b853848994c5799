/* attachment.h - documents attached to answers (issue 9; annex para 26;
 * spec R74).
 *
 * The type is decided from the content, never from the name or the
 * client's Content-Type: PDF, DOCX or ODT (zip with the package's marker
 * entry), PNG, JPEG, plain UTF-8 text; anything else is refused, as is an
 * empty file or one over ATTACHMENT_MAX.  The SHA-256 of the bytes is
 * recorded.  A document is stored in the database under a random id (128
 * bits, hex), never a path a client could guess, and is served only after
 * the caller has asked access/ (ACCESS_ATTACHMENT_READ, as the response it
 * belongs to) and audited the read. */
#ifndef RM_RESPONSE_ATTACHMENT_H
#define RM_RESPONSE_ATTACHMENT_H

#include <stddef.h>

#include <jansson.h>

#include "response/response.h"

struct store;

#define ATTACHMENT_MAX (4 * 1024 * 1024)  /* bytes */
#define ATTACHMENT_ID_LEN 33              /* 32 hex digits and NUL */

/* The MIME type of data judged by its content, or NULL when it is not one
 * of the accepted types.  Static string. */
const char *attachment_sniff(const unsigned char *data, size_t len);

/* A stored document's description. */
struct attachment_meta {
	char id[ATTACHMENT_ID_LEN];
	char reviewed[4];
	int phase;
	char question[64], instrument[16];
	char filename[256], ctype[80];
	long size;
	char sha256[65];
	char uploaded_at[32], uploaded_by[256];
};

/* Stores data (len bytes) as a document of question (an attachments-type
 * question of the review's open questionnaires, applicable, before
 * submission) named filename (only its last path component is kept,
 * cleaned).  Fills *out.  Returns RESPONSE_OK, RESPONSE_BAD (type, size,
 * question; err says which), RESPONSE_CLOSED (submitted or not open) or
 * RESPONSE_ERROR. */
enum response_rc attachment_add(struct store *s, const struct response_review *rv,
				const struct response_qns *q, const char *question,
				const char *filename, const unsigned char *data, size_t len,
				const char *who, struct attachment_meta *out, char *err,
				size_t errlen);
/* The description of document id: 1 found, 0 none (also for an id that
 * is not 32 hex digits), -1 error. */
int attachment_get(struct store *s, const char *id, struct attachment_meta *out);
/* Its bytes, opened from their seal (response/seal.h), into a new buffer
 * *data (caller frees) of *len bytes.  Returns 1, 0 none, -1 error (also
 * a seal that does not open, or no key loaded). */
int attachment_content(struct store *s, const char *id, unsigned char **data, size_t *len);
/* The documents of the review (question NULL: all), as a JSON array of
 * descriptions (new reference), or NULL on error. */
json_t *attachment_list_json(struct store *s, const struct response_review *rv,
			     const char *question);
/* One description as JSON (new reference). */
json_t *attachment_json(const struct attachment_meta *m);

#endif
