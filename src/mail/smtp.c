/* smtp.c - see smtp.h. */
#include "mail/smtp.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mail/outbox.h"
#include "util/buf.h"
#include "util/util.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put_base64(struct buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_putc(b, b64[(v >> 18) & 63]);
		buf_putc(b, b64[(v >> 12) & 63]);
		buf_putc(b, i + 1 < n ? b64[(v >> 6) & 63] : '=');
		buf_putc(b, i + 2 < n ? b64[v & 63] : '=');
	}
}

/* The message as RFC 5322 text with CRLF line ends; the subject in RFC
 * 2047 base64 (it is in any of the six languages), the body base64 so that
 * no line length or leading dot matters. */
static void compose(struct buf *b, const struct smtp_config *cfg, const struct outbox_msg *m)
{
	char date[64], host[128] = "revmech";
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	const char *at = strchr(cfg->from, '@');
	if (at && at[1])
		util_strlcpy(host, at + 1, sizeof host);
	buf_printf(b, "Date: %s\r\nFrom: %s\r\nTo: %s\r\n", date, cfg->from, m->recipient);
	char stamp[32];
	size_t k = 0;
	for (const char *q = m->created; *q && k + 1 < sizeof stamp; q++)
		if (*q >= '0' && *q <= '9')
			stamp[k++] = *q;
	stamp[k] = '\0';
	buf_printf(b, "Message-ID: <outbox-%lld.%s@%s>\r\n", (long long)m->id, stamp, host);
	buf_puts(b, "Subject: =?UTF-8?B?");
	put_base64(b, (const unsigned char *)m->subject, strlen(m->subject));
	buf_puts(b, "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n");
	buf_printf(b, "Content-Language: %s\r\nAuto-Submitted: auto-generated\r\n\r\n", m->lang);
	size_t n = strlen(m->body);
	for (size_t i = 0; i < n; i += 57) {
		put_base64(b, (const unsigned char *)m->body + i, n - i < 57 ? n - i : 57);
		buf_puts(b, "\r\n");
	}
}

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *out, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;
	if (n > r->left)
		n = r->left;
	memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

static enum smtp_result to_file(const struct smtp_config *cfg, const struct outbox_msg *m,
				char *err, size_t errlen)
{
	int fd = open(cfg->mail_file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	struct buf b = { 0 };
	enum smtp_result r = SMTP_TEMPORARY;
	if (fd < 0) {
		snprintf(err, errlen, "cannot open mail file %s", cfg->mail_file);
		return r;
	}
	/* The text itself, readable: this file stands in for the recipients'
	 * mailboxes during development. */
	buf_printf(&b, "From revmech %s\nTo: %s\nLanguage: %s\nSubject: %s\nOutbox-Id: %lld\n\n%s\n\n",
		   m->created, m->recipient, m->lang, m->subject, (long long)m->id, m->body);
	size_t len = b.len;
	if (write(fd, buf_str(&b), len) == (ssize_t)len && fsync(fd) == 0)
		r = SMTP_SENT;
	else
		snprintf(err, errlen, "cannot write mail file %s", cfg->mail_file);
	close(fd);
	buf_free(&b);
	return r;
}

enum smtp_result smtp_deliver(const struct smtp_config *cfg, const struct outbox_msg *m,
			      char *err, size_t errlen)
{
	struct buf msg = { 0 };
	struct curl_slist *rcpt = NULL;
	enum smtp_result r = SMTP_TEMPORARY;
	char from[300];
	long code = 0;
	CURL *c;
	err[0] = '\0';
	if (!cfg->url || !*cfg->url)
		return to_file(cfg, m, err, errlen);
	c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "libcurl could not start");
		return r;
	}
	compose(&msg, cfg, m);
	struct reader rd = { buf_str(&msg), msg.len };
	snprintf(from, sizeof from, "<%s>", cfg->from);
	rcpt = curl_slist_append(rcpt, m->recipient);
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_INFILESIZE, (long)msg.len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout > 0 ? cfg->timeout : 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (cfg->tls == SMTP_TLS_STARTTLS)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->user && *cfg->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password);
	}
	CURLcode cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK) {
		r = SMTP_SENT;
	} else {
		/* 5xx from the server is a refusal that will not change by
		 * waiting (unknown recipient, message refused); the rest
		 * (connection, timeout, 4xx) is tried again later. */
		r = code >= 500 && code < 600 && cc != CURLE_LOGIN_DENIED ? SMTP_PERMANENT
									 : SMTP_TEMPORARY;
		snprintf(err, errlen, "%s (SMTP %ld)", curl_easy_strerror(cc), code);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	buf_free(&msg);
	return r;
}

int smtp_password_file(struct smtp_config *cfg, const char *path, char *err, size_t errlen)
{
	struct stat sb;
	char line[256];
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read SMTP password file %s", path);
		return -1;
	}
	if (fstat(fileno(f), &sb) < 0 || (sb.st_mode & 077)) {
		fclose(f);
		snprintf(err, errlen, "SMTP password file %s is readable by group or others "
			 "(chmod 600 it)", path);
		return -1;
	}
	if (!fgets(line, sizeof line, f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	util_strlcpy(cfg->password, line, sizeof cfg->password);
	return 0;
}
