/* util.h - small helpers: files, numbers, time.  No global state. */
#ifndef RM_UTIL_UTIL_H
#define RM_UTIL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Reads a whole file of at most maxlen bytes.  On success *out is a
 * NUL-terminated buffer the caller frees; returns 0, or -1 with err set. */
int util_read_file(const char *path, size_t maxlen, char **out, size_t *len,
		   char *err, size_t errlen);

/* Creates path, mode 0600, holding exactly len bytes of data, or leaves
 * it as it was: written to a temporary file beside it, fsynced, linked in
 * under path (never replacing a file another process made meanwhile), the
 * directory fsynced; so a crash at any moment leaves no file or the whole
 * one, never a short one.  Returns 0 created, 1 path exists already (left
 * as it is), -1 error with err set.  Nothing to free. */
int util_file_create_private(const char *path, const void *data, size_t len, char *err,
			     size_t errlen);

/* Strict decimal parsing: the whole string must be a number in range.
 * Returns 0 on success, -1 otherwise (*out untouched). */
int util_parse_long(const char *s, long min, long max, long *out);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void util_now_iso(char *out, size_t outlen);

/* ISO 8601 UTC text of t into out (>= 21 bytes). */
void util_time_iso(time_t t, char *out, size_t outlen);
/* Parses "YYYY-MM-DDTHH:MM:SSZ"; returns -1 if malformed. */
int util_time_parse(const char *iso, time_t *out);
/* 1 if d (may be NULL) is a calendar date "YYYY-MM-DD" that exists
 * (2026-02-30 does not), else 0. */
int util_date_valid(const char *d);

/* Lower-cases ASCII in place (e-mail addresses are compared so). */
void util_ascii_lower(char *s);
/* Number of UTF-8 code points in s, or -1 if s is not valid UTF-8. */
long util_utf8_len(const char *s);

/* Bounded copy that always terminates; returns -1 if src was truncated. */
int util_strlcpy(char *dst, const char *src, size_t dstlen);
/* The same, but a cut never splits a UTF-8 sequence: dst stays valid
 * UTF-8 when src is. */
int util_strlcpy_utf8(char *dst, const char *src, size_t dstlen);

#endif
