/* cmd_serve.c - `revmech serve`: the web platform (issue 4). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/util.h"
#include "i18n/i18n.h"
#include "accounts/account.h"
#include "archive/archive.h"
#include "dialogue/observation.h"
#include "response/seal.h"
#include "web/web.h"
#include "mail/sender.h"
#include "cli/reminders.h"

static const char usage_text[] =
	"usage: revmech serve --db PATH|URL [--listen ADDR:PORT] [options]\n\n"
	"Runs the web platform until SIGTERM or SIGINT.\n\n"
	"  --db PATH|URL        database (created by revmech init): an SQLite file or\n"
	"                       a postgresql:// URL (password in PGPASSFILE)\n"
	"  --key-file PATH      key that seals TOTP secrets (default PATH.key for an\n"
	"                       SQLite file; required with a URL: the same file on\n"
	"                       every server of one database)\n"
	"  --listen ADDR:PORT   numeric address and port (default 127.0.0.1:8080;\n"
	"                       IPv6 as [::1]:8080)\n"
	"  --threads N          worker threads (default 2 x CPUs)\n"
	"  --po DIR             directory of the .po catalogues (default ./po or the\n"
	"                       installed one)\n"
	"  --static DIR         directory of style.css (default ./static or installed)\n"
	"  --session-idle SECS  logout after this long without a request (1800)\n"
	"  --session-max SECS   logout this long after login (43200)\n"
	"  --trust-proxy        take the client address and scheme from\n"
	"                       X-Forwarded-For/-Proto when the peer is loopback\n"
	"                       (a TLS reverse proxy on this machine)\n"
	"  --secure-cookies     always mark cookies Secure and send HSTS\n"
	"  --max-per-ip N       connections per client address (32; 0 = no limit;\n"
	"                       raise it behind a reverse proxy on this machine)\n"
	"  --request-deadline SECS  time to receive a request's headers and body (20)\n"
	"  --quiet              no request log on stderr\n"
	"  --reminders-interval SECS  run the reminders of the country reviews (focal\n"
	"                       points, experts, responses and written observations\n"
	"                       due or overdue) at start and then this often (3600;\n"
	"                       0 = never: run `revmech response remind` and `revmech\n"
	"                       dialogue remind` from cron instead); each is sent once\n"
	"  --base-url URL       public address of the platform, for the links in\n"
	"                       e-mail (default http://ADDR:PORT of --listen)\n\n"
	"Mail (docs/mail.md): a thread delivers the outbox.\n" CLI_MAIL_HELP "\n"
	"REVMECH_TEST_MODE=1 in the environment selects cheap password hashing for\n"
	"the test suites; the server then refuses non-loopback addresses,\n"
	"--trust-proxy and --secure-cookies.\n";

static int parse_listen(const char *s, struct web_config *cfg)
{
	char host[64];
	const char *colon;
	long port;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof host)
			return -1;
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = '\0';
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof host || colon == s)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (util_parse_long(colon + 1, 1, 65535, &port) < 0)
		return -1;
	util_strlcpy(cfg->listen_host, host, sizeof cfg->listen_host);
	cfg->port = (unsigned short)port;
	return 0;
}

static const char *default_dir(const char *local, const char *probe, const char *installed)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", local, probe);
	return access(path, R_OK) == 0 ? local : installed;
}

int cli_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "po", required_argument, NULL, 'p' },
		{ "static", required_argument, NULL, 's' },
		{ "session-idle", required_argument, NULL, 'i' },
		{ "session-max", required_argument, NULL, 'm' },
		{ "trust-proxy", no_argument, NULL, 'x' },
		{ "secure-cookies", no_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "max-per-ip", required_argument, NULL, 'P' },
		{ "request-deadline", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "base-url", required_argument, NULL, 'B' },
		{ "reminders-interval", required_argument, NULL, 'R' },
		CLI_MAIL_OPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct web_config cfg;
	const char *key_file = NULL;
	char key_path[1024];
	struct mail_sender_config mail;
	static char base_url[256];
	char err[512];
	long v, remind_every = REMINDERS_INTERVAL;
	int c, rc = CLI_DATA;
	web_config_default(&cfg);
	mail_sender_config_default(&mail);
	cfg.po_dir = getenv("REVMECH_PO");
	if (!cfg.po_dir || !*cfg.po_dir)
		cfg.po_dir = default_dir("po", "en.po", RM_DATADIR "/po");
	cfg.static_dir = default_dir("static", "style.css", RM_DATADIR "/static");
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int mo = cli_mail_opt("serve", c, optarg, &mail);
		if (mo == 1)
			continue;
		if (mo != 0)
			return mo;
		switch (c) {
		case 'd': cfg.db_path = optarg; break;
		case 'k': key_file = optarg; break;
		case 'l':
			if (parse_listen(optarg, &cfg) < 0)
				return cli_usage_error("serve", "--listen '%s' is not ADDR:PORT", optarg);
			break;
		case 't':
			if (util_parse_long(optarg, 1, 256, &v) < 0)
				return cli_usage_error("serve", "--threads '%s' is not 1 to 256", optarg);
			cfg.threads = (unsigned)v;
			break;
		case 'p': cfg.po_dir = optarg; break;
		case 's': cfg.static_dir = optarg; break;
		case 'i':
			if (util_parse_long(optarg, 10, 7L * 86400, &cfg.session_idle) < 0)
				return cli_usage_error("serve", "--session-idle '%s' is not 10 to 604800 seconds", optarg);
			break;
		case 'm':
			if (util_parse_long(optarg, 10, 30L * 86400, &cfg.session_absolute) < 0)
				return cli_usage_error("serve", "--session-max '%s' is not 10 to 2592000 seconds", optarg);
			break;
		case 'x': cfg.trust_proxy = 1; break;
		case 'c': cfg.secure_cookies = 1; break;
		case 'q': cfg.quiet = 1; break;
		case 'B':
			if ((strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8)) ||
			    strpbrk(optarg, " \t\r\n\"'<>\\?#") || strlen(optarg) >= sizeof base_url)
				return cli_usage_error("serve", "--base-url '%s' is not an http:// or "
						       "https:// address", optarg);
			util_strlcpy(base_url, optarg, sizeof base_url);
			break;
		case 'P':
			if (util_parse_long(optarg, 0, 65535, &v) < 0)
				return cli_usage_error("serve", "--max-per-ip '%s' is not 0 to 65535", optarg);
			cfg.max_per_ip = (unsigned)v;
			break;
		case 'D':
			if (util_parse_long(optarg, 1, 3600, &v) < 0)
				return cli_usage_error("serve", "--request-deadline '%s' is not 1 to 3600 seconds", optarg);
			cfg.request_deadline = (unsigned)v;
			break;
		case 'R':
			if (util_parse_long(optarg, 0, 7L * 86400, &remind_every) < 0)
				return cli_usage_error("serve", "--reminders-interval '%s' is not 0 to "
						       "604800 seconds", optarg);
			break;
		case 'h': fputs(usage_text, stdout); return CLI_OK;
		default: return cli_bad_option("serve", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!cfg.db_path)
		return cli_usage_error("serve", "--db PATH is required");
	if (!key_file && store_is_url(cfg.db_path))
		return cli_usage_error("serve", "--key-file PATH is required with a PostgreSQL "
				       "--db (the same key file on every server)");
	if (!key_file) {
		if ((size_t)snprintf(key_path, sizeof key_path, "%s.key", cfg.db_path) >=
		    sizeof key_path)
			return cli_usage_error("serve", "--db path too long for its key file");
		key_file = key_path;
	}
	if ((c = cli_mail_finish("serve", cfg.db_path, &mail)) != 0)
		return c;
	if (!base_url[0])
		snprintf(base_url, sizeof base_url, strchr(cfg.listen_host, ':') ? "http://[%s]:%u"
			 : "http://%s:%u", cfg.listen_host, (unsigned)cfg.port);
	for (size_t n = strlen(base_url); n > 0 && base_url[n - 1] == '/'; n--)
		base_url[n - 1] = '\0';
	cfg.base_url = base_url;

	/* Bring the schema up to date once, before the workers open their
	 * own connections. */
	(void)store_config_server(); /* before the first connection */
	struct store *s = store_open(cfg.db_path, 0, err, sizeof err);
	if (!s)
		return cli_data_error("serve", "%s (create it with revmech init)", err);
	if (store_migrate(s) < 0) {
		cli_data_error("serve", "migration failed: %s", store_errmsg(s));
		store_close(s);
		return CLI_DATA;
	}
	/* s stays open, idle, until the server stops: its lock on the WAL
	 * index is how `revmech restore` sees that the database is in use. */
	if (account_key_load(key_file, err, sizeof err) < 0) {
		rc = cli_data_error("serve", "%s", err);
		goto out;
	}
	/* The archive's sealing and signing keys, beside the TOTP key. */
	char akey[1100];
	snprintf(err, sizeof err, "key file path too long");
	if (archive_key_path(key_file, akey, sizeof akey) < 0 ||
	    archive_key_load(akey, 1, err, sizeof err) < 0) {
		rc = cli_data_error("serve", "archive key: %s", err);
		goto out;
	}
	/* The answers and documents of the responses, sealed under a key
	 * derived from the archive's (response/seal.h); any left in plain
	 * text by a database from before migration 52 are sealed now, in one
	 * transaction, before a request is served (R93, R97). */
	if (respseal_load_key(akey, err, sizeof err) < 0) {
		rc = cli_data_error("serve", "responses key: %s", err);
		goto out;
	}
	long nsealed = respseal_seal_all(s, err, sizeof err);
	if (nsealed < 0) {
		rc = cli_data_error("serve", "%s", err);
		goto out;
	}
	if (nsealed > 0)
		fprintf(stderr, "revmech serve: %ld answers and documents sealed\n", nsealed);
	/* Migration 0053: the threads' envelopes and the observations'
	 * metadata written before it go under the archive's tree, once. */
	long nrows = dialogue_rows_archive_all(s, err, sizeof err);
	if (nrows < 0) {
		rc = cli_data_error("serve", "archive: %s", err);
		goto out;
	}
	if (nrows > 0)
		fprintf(stderr, "revmech serve: %ld threads and observations archived\n", nrows);
	/* summ (issue 10): the key that signs agreed summaries, <db>.sign as
	 * `revmech summary render` uses it (PostgreSQL: beside the key file). */
	char skey[1100];
	if ((size_t)snprintf(skey, sizeof skey, "%s.sign",
			     store_is_url(cfg.db_path) ? key_file : cfg.db_path) >= sizeof skey ||
	    web_summary_key_load(skey, err, sizeof err) < 0) {
		rc = cli_data_error("serve", "summary signing key: %s", err);
		goto out;
	}

	int li = i18n_load(cfg.po_dir, err, sizeof err);
	if (li < 0) {
		rc = cli_data_error("serve", "%s", err);
		goto out;
	}
	if (li > 0)
		fprintf(stderr, "revmech serve: warning: %s (interface left in English)\n", err);
	if (static_load(cfg.static_dir) == 0)
		fprintf(stderr, "revmech serve: warning: no style.css in %s\n", cfg.static_dir);
	if (mail_sender_start(&mail, err, sizeof err) < 0) {
		rc = cli_data_error("serve", "%s", err);
		goto out;
	}
	if (remind_every > 0 && reminders_start(cfg.db_path, remind_every, err, sizeof err) < 0) {
		mail_sender_stop();
		rc = cli_data_error("serve", "%s", err);
		goto out;
	}
	if (mail.smtp.url)
		fprintf(stderr, "revmech serve: mail delivered through %s\n", mail.smtp.url);
	else
		fprintf(stderr, "revmech serve: no SMTP server configured (--smtp-url): mail is "
			"written to %s\n", mail.smtp.mail_file);
	if (web_serve(&cfg, err, sizeof err) < 0)
		rc = cli_data_error("serve", "%s", err);
	else
		rc = CLI_OK;
	reminders_stop();
	mail_sender_stop();
out:
	i18n_free();
	static_free();
	web_summary_key_free();
	store_close(s);
	return rc;
}
