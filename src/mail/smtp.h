/* smtp.h - delivery of one message: through SMTP with libcurl (STARTTLS,
 * AUTH), or, without an SMTP server configured, appended to a mail file
 * (a mailbox for development, created 0600).  docs/mail.md. */
#ifndef RM_MAIL_SMTP_H
#define RM_MAIL_SMTP_H

#include <stddef.h>

struct outbox_msg;

enum smtp_tls { SMTP_TLS_STARTTLS = 0, SMTP_TLS_NONE, SMTP_TLS_IMPLICIT };

struct smtp_config {
	const char *url;          /* smtp://host:port; NULL or "": the mail file */
	const char *user;         /* AUTH user, or NULL */
	char password[256];       /* from a file or REVMECH_SMTP_PASSWORD, never argv */
	const char *from;         /* envelope and header sender */
	const char *mail_file;    /* where messages go without SMTP */
	enum smtp_tls tls;
	long timeout;             /* seconds per delivery */
};

/* Result of a delivery. */
enum smtp_result { SMTP_SENT = 0, SMTP_TEMPORARY = 1, SMTP_PERMANENT = 2 };

/* Delivers m (From cfg->from, a Message-ID stable per outbox row, so that a
 * copy sent again after a crash at the moment of acceptance can be told).
 * On failure writes a one-line reason (no secret) into err. */
enum smtp_result smtp_deliver(const struct smtp_config *cfg, const struct outbox_msg *m,
			      char *err, size_t errlen);
/* Reads the password from path (first line; the file must not be readable
 * by group or others) into cfg->password.  Returns 0, or -1 with err. */
int smtp_password_file(struct smtp_config *cfg, const char *path, char *err, size_t errlen);

#endif
