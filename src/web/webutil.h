/* webutil.h - small helpers of the HTTP layer: URL and form decoding, and
 * HTML output that escapes by default.  No global state. */
#ifndef RM_WEB_WEBUTIL_H
#define RM_WEB_WEBUTIL_H

#include <stddef.h>

#include "util/buf.h"

/* Decodes %XX and '+' in place; returns -1 on a bad escape or a NUL byte. */
int web_url_decode(char *s);

/* Parsed application/x-www-form-urlencoded body or query string. */
struct web_form {
	size_t n;
	char *keys[64];   /* at most 64 fields: more are ignored */
	char *vals[64];
	char *storage;    /* one allocation holding all the strings */
};
/* Parses data (len bytes, need not be NUL-terminated) into f.  Returns 0, or
 * -1 on a malformed escape.  The caller releases f with web_form_free(). */
int web_form_parse(struct web_form *f, const char *data, size_t len);
/* Value of the first field named key, or NULL; owned by f. */
const char *web_form_get(const struct web_form *f, const char *key);
void web_form_free(struct web_form *f);

/* Writes fmt to b, where every %s argument is HTML-escaped (templates escape
 * by default).  Other conversions: %r raw trusted string (only literals and
 * already-built HTML), %d int, %l long long, %u url-component-encoded
 * string, %% a percent sign. */
void web_html(struct buf *b, const char *fmt, ...);
/* Appends s percent-encoded for a URL component. */
void web_put_url(struct buf *b, const char *s);

/* The path as it may be written to any log (request log, audit log):
 * credentials in it replaced by "[redacted]" -- the segment after
 * /invite/ or /reset/, and any segment of 16 or more hex digits (every
 * token of the platform is 64) -- cut to fit outlen. */
void web_path_redact(const char *path, char *out, size_t outlen);
/* Appends s to b for a line-based log read on a terminal: printable ASCII
 * and valid UTF-8 stay, everything else (controls, DEL, C1 controls,
 * invalid bytes, space, backslash) becomes \xNN, so that a client cannot
 * forge lines or drive the reader's terminal. */
void web_put_log_safe(struct buf *b, const char *s);

#endif
