/* multipart.h - multipart/form-data bodies (RFC 7578) as a web_form: the
 * one way a browser uploads a file without JavaScript (the users page's
 * CSV of invitations).  Each part's content is the value of its name;
 * the bytes of a file are kept as they are.  No global state. */
#ifndef RM_WEB_MULTIPART_H
#define RM_WEB_MULTIPART_H

#include <stddef.h>

#include "web/webutil.h"

/* Parses data (len bytes) sent with Content-Type ctype into f.  Returns
 * 0, or -1 (f empty) when ctype has no boundary, the body is malformed,
 * or a text field (a part without filename) holds a NUL byte or is not
 * UTF-8.  A file part that holds a NUL byte (a PDF, an image) is left out
 * of f, whose values are C strings: read its bytes and length with
 * web_multipart_file().  The caller releases f with web_form_free(). */
int web_form_parse_multipart(struct web_form *f, const char *ctype, const char *data,
			     size_t len);

/* As web_form_parse_multipart(), for a route that takes a document
 * (ROUTE_UPLOAD): a file part (one whose Content-Disposition names a
 * filename) may hold any bytes and is left out of f; read it with
 * web_multipart_file().  Text fields are as above (no NUL byte). */
int web_form_parse_multipart_upload(struct web_form *f, const char *ctype, const char *data,
				    size_t len);
/* The file part named name of the body data (len bytes): *out points at
 * its bytes inside data, *outlen their count, filename (fnlen bytes) gets
 * the filename parameter ("" when none).  Returns 1 found, 0 no such part,
 * -1 malformed body. */
int web_multipart_file(const char *ctype, const char *data, size_t len, const char *name,
		       const char **out, size_t *outlen, char *filename, size_t fnlen);

#endif
