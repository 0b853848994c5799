/* webutil.h - small helpers shared by the web modules: random tokens and
 * their hashes, times, URL and form decoding, and HTML output that escapes
 * by default.  No global state. */
#ifndef RM_WEB_WEBUTIL_H
#define RM_WEB_WEBUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/buf.h"

/* Bytes of entropy in session, CSRF, invitation and API tokens. */
#define WEB_TOKEN_BYTES 32
/* Hex text of a token or of its hash: 64 characters and the NUL. */
#define WEB_HEX_LEN (2 * WEB_TOKEN_BYTES + 1)

/* Fills out (WEB_HEX_LEN bytes) with a fresh random token in hex. */
void web_token_new(char out[WEB_HEX_LEN]);
/* Hashes a token (BLAKE2b-256, libsodium generichash) into hex: the stored
 * form of session, invitation and API tokens, so a copy of the database
 * does not hand out live credentials. */
void web_token_hash(const char *token, char out[WEB_HEX_LEN]);
/* Constant-time comparison of two NUL-terminated strings. */
int web_str_equal_ct(const char *a, const char *b);

/* ISO 8601 UTC text of t into out (>= 21 bytes). */
void web_time_iso(time_t t, char *out, size_t outlen);
/* Parses "YYYY-MM-DDTHH:MM:SSZ"; returns -1 if malformed. */
int web_time_parse(const char *iso, time_t *out);

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

/* Lower-cases ASCII in place. */
void web_ascii_lower(char *s);
/* Number of UTF-8 code points in s, or -1 if s is not valid UTF-8. */
long web_utf8_len(const char *s);

/* Base32 (RFC 4648, no padding) of n bytes into out; out must hold
 * (n * 8 + 4) / 5 + 1 bytes. */
void web_base32(const unsigned char *in, size_t n, char *out);
/* Decodes base32 (case-insensitive, no padding); returns the byte count or
 * -1.  out holds at most outlen bytes. */
int web_base32_decode(const char *in, unsigned char *out, size_t outlen);

#endif
