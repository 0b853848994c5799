/* msg.c - see msg.h. */
#include "util/msg.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/util.h"

static _Thread_local struct msg_rec last;
/* The clauses msg_append() added to last, in order (last.next ...). */
static _Thread_local struct msg_rec parts[MSG_MAX_PARTS];
static _Thread_local int nparts;

/* One printf conversion of a msgid or translation, parsed. */
struct spec {
	int pos;        /* n of %n$..., 0 when not numbered */
	int prec;       /* -1 when none */
	int len;        /* 0 none, 1 h, 2 hh, 3 l, 4 ll, 5 z */
	char conv;      /* s c d i u, or '%' */
	size_t span;    /* bytes from the '%' */
};

/* Parses the conversion at p (which is '%'); returns 0, or -1 for one
 * msg.h does not support. */
static int spec_parse(const char *p, struct spec *sp)
{
	const char *q = p + 1;
	memset(sp, 0, sizeof *sp);
	sp->prec = -1;
	if (*q >= '1' && *q <= '9') {
		const char *d = q;
		int n = 0;
		while (*d >= '0' && *d <= '9')
			n = n * 10 + (*d++ - '0');
		if (*d == '$') {
			sp->pos = n;
			q = d + 1;
		}
	}
	while (*q && strchr("-+ #0", *q))
		q++;
	while (*q >= '0' && *q <= '9')
		q++;
	if (*q == '.') {
		q++;
		sp->prec = 0;
		while (*q >= '0' && *q <= '9')
			sp->prec = sp->prec * 10 + (*q++ - '0');
	}
	if (q[0] == 'h' && q[1] == 'h') {
		sp->len = 2;
		q += 2;
	} else if (*q == 'h') {
		sp->len = 1;
		q++;
	} else if (q[0] == 'l' && q[1] == 'l') {
		sp->len = 4;
		q += 2;
	} else if (*q == 'l') {
		sp->len = 3;
		q++;
	} else if (*q == 'z') {
		sp->len = 5;
		q++;
	}
	if (!*q || !strchr("scdiu%", *q))
		return -1;
	sp->conv = *q;
	sp->span = (size_t)(q - p) + 1;
	return 0;
}

/* Records the arguments of msgid from ap into rec, in order; -1 if msgid
 * holds a conversion msg.h does not support (the record is then
 * dropped). */
static int record_args(struct msg_rec *rec, const char *msgid, va_list ap)
{
	rec->nargs = 0;
	for (const char *p = strchr(msgid, '%'); p; p = strchr(p, '%')) {
		struct spec sp;
		if (spec_parse(p, &sp) < 0 || sp.pos)
			return -1;
		p += sp.span;
		if (sp.conv == '%')
			continue;
		if (rec->nargs == MSG_MAX_ARGS)
			return -1;
		struct msg_arg *a = &rec->args[rec->nargs++];
		a->is_num = 0;
		a->num = 0;
		if (sp.conv == 's') {
			const char *s = va_arg(ap, const char *);
			size_t n = strlen(s ? s : "(null)");
			if (sp.prec >= 0 && (size_t)sp.prec < n)
				n = (size_t)sp.prec;
			/* Cut, the translation would lose part of it: the record
			 * is dropped and the page shows the whole English. */
			if (n >= sizeof a->text)
				return -1;
			memcpy(a->text, s ? s : "(null)", n);
			a->text[n] = '\0';
			continue;
		}
		if (sp.conv == 'c') {
			a->text[0] = (char)va_arg(ap, int);
			a->text[1] = '\0';
			continue;
		}
		int uns = sp.conv == 'u';
		if (sp.len == 4)
			a->num = uns ? (long long)va_arg(ap, unsigned long long) : va_arg(ap, long long);
		else if (sp.len == 3)
			a->num = uns ? (long long)va_arg(ap, unsigned long) : va_arg(ap, long);
		else if (sp.len == 5)
			a->num = (long long)va_arg(ap, size_t);
		else
			a->num = uns ? (long long)va_arg(ap, unsigned) : va_arg(ap, int);
		a->is_num = 1;
		snprintf(a->text, sizeof a->text, "%lld", a->num);
	}
	return 0;
}

void msg_vset(char *err, size_t errlen, const char *msgid, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (err && errlen)
		vsnprintf(err, errlen, msgid, ap);
#pragma GCC diagnostic pop
	last.msgid = record_args(&last, msgid, aq) == 0 ? msgid : NULL;
	last.next = NULL;
	nparts = 0;
	va_end(aq);
	util_strlcpy(last.text, err && errlen ? err : "", sizeof last.text);
}

void msg_set(char *err, size_t errlen, const char *msgid, ...)
{
	va_list ap;
	va_start(ap, msgid);
	msg_vset(err, errlen, msgid, ap);
	va_end(ap);
}

void msg_append(char *err, size_t errlen, const char *msgid, ...)
{
	if (!err || !errlen)
		return;
	/* Only a clause of the record err still shows is kept: anything
	 * else written since would make the translation say another thing. */
	int keep = msg_find(err) != NULL && nparts < MSG_MAX_PARTS;
	size_t len = strlen(err);
	va_list ap;
	va_start(ap, msgid);
	if (len + 1 < errlen) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		vsnprintf(err + len, errlen - len, msgid, ap);
#pragma GCC diagnostic pop
	}
	va_end(ap);
	if (keep) {
		struct msg_rec *p = &parts[nparts];
		va_start(ap, msgid);
		keep = record_args(p, msgid, ap) == 0;
		va_end(ap);
		if (keep) {
			p->msgid = msgid;
			p->text[0] = '\0';
			p->next = NULL;
			(nparts ? &parts[nparts - 1] : &last)->next = p;
			nparts++;
		}
	}
	if (!keep) {
		last.msgid = NULL;
		last.next = NULL;
		nparts = 0;
	}
	util_strlcpy(last.text, err, sizeof last.text);
}

void msg_const(char *err, size_t errlen, const char *msgid)
{
	if (err && errlen)
		util_strlcpy(err, msgid, errlen);
	last.msgid = msgid;
	last.nargs = 0;
	last.next = NULL;
	nparts = 0;
	util_strlcpy(last.text, err && errlen ? err : "", sizeof last.text);
}

void msg_internal(char *err, size_t errlen, const char *detail)
{
	msg_set(err, errlen, "%s", detail ? detail : "");
	last.msgid = MSG_INTERNAL;
}

const struct msg_rec *msg_find(const char *err)
{
	if (!err || !last.msgid || strcmp(err, last.text) != 0)
		return NULL;
	return &last;
}

void msg_format(struct buf *b, const char *tmpl, const struct msg_rec *m,
		void (*put_num)(struct buf *b, const void *ctx, long long n), const void *ctx)
{
	int next = 0;
	const char *p = tmpl;
	for (const char *q = strchr(p, '%'); q; q = strchr(p, '%')) {
		buf_append(b, p, (size_t)(q - p));
		struct spec sp;
		if (spec_parse(q, &sp) < 0) {
			buf_putc(b, '%');
			p = q + 1;
			continue;
		}
		p = q + sp.span;
		if (sp.conv == '%') {
			buf_putc(b, '%');
			continue;
		}
		int i = sp.pos ? sp.pos - 1 : next++;
		if (i < 0 || i >= m->nargs)
			continue;
		if (m->args[i].is_num && put_num)
			put_num(b, ctx, m->args[i].num);
		else
			buf_puts(b, m->args[i].text);
	}
	buf_puts(b, p);
}
