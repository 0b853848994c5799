#include "util/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xmalloc.h"

int util_read_file(const char *path, size_t maxlen, char **out, size_t *len,
		   char *err, size_t errlen)
{
	int rc = -1;
	char *data = NULL;
	size_t used = 0, cap = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		if (cap - used < 4096) {
			cap = cap ? cap * 2 : 8192;
			data = xrealloc(data, cap + 1);
		}
		size_t n = fread(data + used, 1, cap - used, f);
		used += n;
		if (used > maxlen) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, maxlen);
			goto out;
		}
		if (n == 0) {
			if (ferror(f)) {
				snprintf(err, errlen, "%s: read error", path);
				goto out;
			}
			break;
		}
	}
	if (!data)
		data = xmalloc(1);
	data[used] = '\0';
	*out = data;
	*len = used;
	data = NULL;
	rc = 0;
out:
	free(data);
	if (f)
		fclose(f);
	return rc;
}

int util_parse_long(const char *s, long min, long max, long *out)
{
	if (!s || !*s)
		return -1;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void util_now_iso(char *out, size_t outlen)
{
	util_time_iso(time(NULL), out, outlen);
}

void util_time_iso(time_t t, char *out, size_t outlen)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int util_time_parse(const char *iso, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -1;
	*out = timegm(&tm);
	return 0;
}

int util_date_valid(const char *d)
{
	char iso[32], back[32];
	time_t t;
	if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	snprintf(iso, sizeof iso, "%sT00:00:00Z", d);
	if (util_time_parse(iso, &t) < 0)
		return 0;
	/* strptime takes 02-30 and timegm moves it to 03-02: a round trip
	 * refuses what does not exist. */
	util_time_iso(t, back, sizeof back);
	return strncmp(back, d, 10) == 0;
}

void util_ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

long util_utf8_len(const char *s)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int extra;
		/* The second byte's range per lead byte (RFC 3629 section 4):
		 * no overlong forms, no surrogates, nothing past U+10FFFF. */
		unsigned char lo = 0x80, hi = 0xBF;
		if (*p < 0x80)
			extra = 0;
		else if (*p >= 0xC2 && *p <= 0xDF)
			extra = 1;
		else if (*p >= 0xE0 && *p <= 0xEF)
			extra = 2;
		else if (*p >= 0xF0 && *p <= 0xF4)
			extra = 3;
		else
			return -1;
		if (*p == 0xE0)
			lo = 0xA0;
		else if (*p == 0xED)
			hi = 0x9F;
		else if (*p == 0xF0)
			lo = 0x90;
		else if (*p == 0xF4)
			hi = 0x8F;
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xC0) != 0x80)
				return -1;
			if (i == 0 && (*p < lo || *p > hi))
				return -1;
		}
		n++;
	}
	return n;
}

int util_strlcpy(char *dst, const char *src, size_t dstlen)
{
	size_t n = strlen(src);
	if (dstlen == 0)
		return -1;
	if (n >= dstlen) {
		memcpy(dst, src, dstlen - 1);
		dst[dstlen - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

int util_strlcpy_utf8(char *dst, const char *src, size_t dstlen)
{
	if (util_strlcpy(dst, src, dstlen) == 0)
		return 0;
	if (dstlen == 0)
		return -1;
	/* src[n] is the first byte left out: back off to a character start. */
	size_t n = dstlen - 1;
	while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
		n--;
	dst[n] = '\0';
	return -1;
}
