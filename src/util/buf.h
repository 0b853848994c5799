/* buf.h - growable byte buffer, always NUL-terminated.
 *
 * A zero-initialised struct buf is an empty buffer.  The owner releases it
 * with buf_free(); buf_detach() hands the storage to the caller, who frees it
 * with free(). */
#ifndef RM_UTIL_BUF_H
#define RM_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Appends s with the five HTML-significant characters escaped. */
void buf_put_html(struct buf *b, const char *s);
/* Appends one CSV field, quoted when it holds a comma, quote or newline. */
void buf_put_csv(struct buf *b, const char *s);
void buf_reset(struct buf *b);
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
/* Returns the content, "" for an empty buffer; owned by b. */
const char *buf_str(const struct buf *b);

#endif
