/* msg.h - domain error messages the pages can show in their language
 * (issues 9 and 10; docs/ARCHITECTURE.md, "Domain errors in six languages").
 *
 * A domain module writes an error into its caller's `char *err, size_t
 * errlen` with msg_set(err, errlen, N_(msgid), args...): err gets
 * exactly what snprintf would write (the CLI, the JSON API and the logs keep
 * their English `message`), and the calling thread keeps the msgid and each
 * argument as text.  A page that shows err asks pages_derr() (web/pages.h),
 * which finds that record when err is still its text and formats the
 * msgid's translation with the same arguments.  msgids are marked N_() so
 * that po/extract.py collects them; its lint refuses an unmarked
 * snprintf(err, ...) in the domain modules and a translation whose
 * placeholders differ from its msgid's.
 *
 * Placeholders: %s %c %d %i %u %ld %lld %zu (with flags, width, precision
 * as printf; a precision cuts a string, as printf does).  A translation
 * uses the same placeholders, in order or numbered (%2$s) to reorder them.
 * A message made of several clauses (a refusal that lists why each
 * candidate failed) is written with msg_set() for its first clause and
 * msg_append() for each further one: every clause is its own msgid, which
 * a translator renders whole, its punctuation included; the page joins
 * the translations in the same order.
 * No state but the calling thread's last record; nothing to free. */
#ifndef RM_UTIL_MSG_H
#define RM_UTIL_MSG_H

#include <stdarg.h>
#include <stddef.h>

#include "util/buf.h"

/* Marks a msgid for po/extract.py (no-op). */
#ifndef N_
#define N_(s) s
#endif

#define MSG_MAX_ARGS 8
#define MSG_ARG_MAX 200  /* a longer string argument drops the record */
#define MSG_TEXT_MAX 1200
#define MSG_MAX_PARTS 8   /* clauses msg_append() may add to one record */

/* The msgid of a failure the domain cannot explain (a store error): its
 * detail, in English, is the one argument. */
#define MSG_INTERNAL N_("the service could not complete the request (%s)")

struct msg_arg {
	int is_num;           /* an integer: the page writes it in its digits */
	long long num;
	char text[MSG_ARG_MAX]; /* as the English text has it */
};

struct msg_rec {
	const char *msgid;    /* a literal marked N_(); NULL when none */
	int nargs;
	struct msg_arg args[MSG_MAX_ARGS];
	char text[MSG_TEXT_MAX]; /* the English text written into err */
	const struct msg_rec *next; /* the clause msg_append() added after
				     * this one, or NULL (its text is empty) */
};

/* Writes the English text of msgid with its arguments into err (as
 * snprintf) and records msgid and arguments for this thread. */
void msg_set(char *err, size_t errlen, const char *msgid, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with a va_list (for a module's own error helper). */
void msg_vset(char *err, size_t errlen, const char *msgid, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* Appends the English text of msgid with its arguments to err (as
 * snprintf at its end) and, if err was the text of this thread's last
 * record, adds msgid and arguments to that record as its next clause;
 * otherwise (or past MSG_MAX_PARTS clauses) the record is dropped and the
 * page shows the English. */
void msg_append(char *err, size_t errlen, const char *msgid, ...)
	__attribute__((format(printf, 3, 4)));
/* Writes msgid, a text without placeholders, into err as it is and
 * records it (for helpers that pass a message on). */
void msg_const(char *err, size_t errlen, const char *msgid);
/* Writes detail unchanged into err (a store's message, English) and
 * records it as the argument of MSG_INTERNAL. */
void msg_internal(char *err, size_t errlen, const char *detail);
/* This thread's last record if err is still its text, else NULL; owned by
 * the thread, valid until its next msg_set(). */
const struct msg_rec *msg_find(const char *err);
/* Appends tmpl (the translation of m->msgid) with m's arguments in place
 * of its placeholders; a numeric argument through put_num(b, ctx, n) when
 * given.  A placeholder without an argument is left out. */
void msg_format(struct buf *b, const char *tmpl, const struct msg_rec *m,
		void (*put_num)(struct buf *b, const void *ctx, long long n), const void *ctx);

#endif
