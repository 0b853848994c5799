/* xmalloc.h - allocation wrappers that abort on failure.
 *
 * revmech treats allocation failure as fatal: every allocation goes through
 * these wrappers so that callers never test for NULL.  The caller owns (and
 * frees with free()) whatever these return. */
#ifndef RM_UTIL_XMALLOC_H
#define RM_UTIL_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Growth with overflow check: returns p resized to count*size bytes. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
