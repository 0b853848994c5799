/* cmd_mail.c - `revmech mail list|retry|test` and the mail options of
 * `serve` (issue 8, item 1; docs/mail.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mail/outbox.h"
#include "mail/sender.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

static const char usage_text[] =
	"usage: revmech mail list --db PATH [--limit N]\n"
	"       revmech mail retry --db PATH [--id N]\n"
	"       revmech mail test --db PATH --to ADDR [mail options]\n\n"
	"list   the outbox, newest first\n"
	"retry  makes failed messages (or message N) due again now\n"
	"test   queues a test message to ADDR and delivers what is due now\n\n"
	"Mail options (also of revmech serve):\n" CLI_MAIL_HELP;

static char pwfile[512];

int cli_mail_opt(const char *cmd, int code, const char *arg, struct mail_sender_config *m)
{
	long v;
	switch (code) {
	case 1001: m->smtp.url = arg; return 1;
	case 1002: m->smtp.user = arg; return 1;
	case 1003: util_strlcpy(pwfile, arg, sizeof pwfile); return 1;
	case 1004:
		if (!strcmp(arg, "starttls"))
			m->smtp.tls = SMTP_TLS_STARTTLS;
		else if (!strcmp(arg, "implicit"))
			m->smtp.tls = SMTP_TLS_IMPLICIT;
		else if (!strcmp(arg, "none"))
			m->smtp.tls = SMTP_TLS_NONE;
		else
			return cli_usage_error(cmd, "--smtp-tls '%s' is not starttls, implicit or none", arg);
		return 1;
	case 1005:
		if (!strchr(arg, '@') || strpbrk(arg, " <>\r\n\t\""))
			return cli_usage_error(cmd, "--mail-from '%s' is not an e-mail address", arg);
		m->smtp.from = arg;
		return 1;
	case 1006: m->smtp.mail_file = arg; return 1;
	case 1007:
		if (util_parse_long(arg, 1, 3600, &m->retry_base) < 0)
			return cli_usage_error(cmd, "--mail-retry '%s' is not 1 to 3600 seconds", arg);
		return 1;
	case 1008:
		if (util_parse_long(arg, 1, 86400, &v) < 0)
			return cli_usage_error(cmd, "--mail-lease '%s' is not 1 to 86400 seconds", arg);
		m->lease = v;
		return 1;
	default: return 0;
	}
}

int cli_mail_finish(const char *cmd, const char *db, struct mail_sender_config *m)
{
	static char deffile[512];
	char err[512];
	const char *env = getenv("REVMECH_SMTP_PASSWORD");
	m->db_path = db;
	if (pwfile[0]) {
		if (smtp_password_file(&m->smtp, pwfile, err, sizeof err) < 0)
			return cli_data_error(cmd, "%s", err);
	} else if (env) {
		util_strlcpy(m->smtp.password, env, sizeof m->smtp.password);
	}
	if (m->smtp.user && !m->smtp.password[0])
		return cli_usage_error(cmd, "--smtp-user needs a password: --smtp-password-file "
				       "FILE or REVMECH_SMTP_PASSWORD");
	if (!m->smtp.mail_file) {
		const char *slash = strrchr(db, '/');
		int dl = slash ? (int)(slash - db) : 1;
		snprintf(deffile, sizeof deffile, "%.*s/mail.log", dl, slash ? db : ".");
		m->smtp.mail_file = deffile;
	}
	return 0;
}

int cli_mail(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "id", required_argument, NULL, 'i' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		CLI_MAIL_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct mail_sender_config mc;
	const char *db = NULL, *to = NULL, *sub;
	long limit = 50, id = 0;
	char err[512];
	int c, rc = CLI_DATA;
	struct store *s = NULL;
	mail_sender_config_default(&mc);
	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "list") && strcmp(sub, "retry") && strcmp(sub, "test"))
		return cli_usage_error("mail", "unknown subcommand '%s' (list, retry or test)", sub);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int m = cli_mail_opt("mail", c, optarg, &mc);
		if (m == 1)
			continue;
		if (m != 0)
			return m;
		switch (c) {
		case 'd': db = optarg; break;
		case 'n':
			if (util_parse_long(optarg, 1, 100000, &limit) < 0)
				return cli_usage_error("mail", "--limit '%s' is not 1 to 100000", optarg);
			break;
		case 'i':
			if (util_parse_long(optarg, 1, 0x7fffffffL, &id) < 0)
				return cli_usage_error("mail", "--id '%s' is not a message number", optarg);
			break;
		case 't': to = optarg; break;
		case 'h': fputs(usage_text, stdout); return CLI_OK;
		default: return cli_bad_option("mail", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("mail", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("mail", "--db PATH is required");
	if (!strcmp(sub, "test") && !to)
		return cli_usage_error("mail", "test needs --to ADDR");
	if ((c = cli_mail_finish("mail", db, &mc)) != 0)
		return c;
	s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("mail", "%s", err);
	if (store_migrate(s) < 0) {
		cli_data_error("mail", "migration failed: %s", store_errmsg(s));
		goto out;
	}
	if (!strcmp(sub, "list")) {
		struct buf b = { 0 };
		if (outbox_list(s, (int)limit, &b) < 0) {
			buf_free(&b);
			cli_data_error("mail", "%s", store_errmsg(s));
			goto out;
		}
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		rc = CLI_OK;
	} else if (!strcmp(sub, "retry")) {
		int n = outbox_retry(s, id);
		if (n < 0) {
			cli_data_error("mail", "%s", store_errmsg(s));
			goto out;
		}
		if (id && n == 0) {
			cli_data_error("mail", "no failed or queued message %ld", id);
			goto out;
		}
		printf("%d message(s) due now\n", n);
		rc = CLI_OK;
	} else {
		int64_t qid;
		if (store_begin(s) < 0 ||
		    (qid = outbox_queue(s, to, "en", "revmech test message",
					"This is a test message of revmech mail.\n")) < 0 ||
		    store_commit(s) < 0) {
			store_rollback(s);
			cli_data_error("mail", "cannot queue a message to '%s'", to);
			goto out;
		}
		int n = mail_sender_run_once(&mc, s);
		if (n < 0) {
			cli_data_error("mail", "%s", store_errmsg(s));
			goto out;
		}
		printf("message %lld queued; %d delivered %s %s\n", (long long)qid, n,
		       mc.smtp.url ? "through" : "to", mc.smtp.url ? mc.smtp.url : mc.smtp.mail_file);
		rc = CLI_OK;
	}
out:
	store_close(s);
	return rc;
}
