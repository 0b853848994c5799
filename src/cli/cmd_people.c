/* cmd_people.c - `revmech people remind`: queues the reminders due to
 * States that have not named their focal point or experts by the deadlines
 * of the cohort's launch (issue 9; paras 18, 27; review/people.h), each
 * once, in the recipient's language.  Meant to run daily (cron, systemd
 * timer); the sender of `serve` delivers them. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "i18n/i18n.h"
#include "review/people.h"
#include "store/store.h"
#include "util/util.h"

static const char people_usage[] =
	"usage: revmech people remind --db PATH [--po DIR] [--now YYYY-MM-DDTHH:MM:SSZ]\n\n"
	"remind  queues, once each, the reminders to States without a focal point\n"
	"        (due two weeks after their cohort's launch) or without experts (four\n"
	"        weeks), from three days before each deadline; the messages are in\n"
	"        the recipient's language from the catalogues of --po (default po).\n";

int cli_people(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "po", required_argument, NULL, 'p' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *po = "po", *now_s = NULL;
	char err[512], now[32], actor[64], detail[32];
	int c, rc;
	time_t t;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(people_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "remind"))
		return cli_usage_error("people", "unknown subcommand '%s' (remind)", argv[1]);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': po = optarg; break;
		case 'n': now_s = optarg; break;
		case 'h': fputs(people_usage, stdout); return CLI_OK;
		default: return cli_bad_option("people", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("people", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("people", "--db PATH is required");
	if (now_s && util_time_parse(now_s, &t) < 0)
		return cli_usage_error("people", "--now '%s' is not an ISO time", now_s);
	if (now_s)
		util_time_iso(t, now, sizeof now);
	else
		util_now_iso(now, sizeof now);
	if (i18n_load(po, err, sizeof err) < 0)
		return cli_data_error("people", "--po %s: %s", po, err);
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s) {
		i18n_free();
		return cli_data_error("people", "%s", err);
	}
	if (store_migrate(s) < 0) {
		rc = cli_data_error("people", "%s", store_errmsg(s));
		goto out;
	}
	int n = people_remind(s, now, err, sizeof err);
	if (n < 0) {
		rc = cli_data_error("people", "%s", err);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	snprintf(detail, sizeof detail, "%d queued", n);
	audit_log(s, actor, "-", "people.remind", now, detail);
	printf("%d reminder%s queued\n", n, n == 1 ? "" : "s");
	rc = CLI_OK;
out:
	store_close(s);
	i18n_free();
	return rc;
}
