/* cmd_response.c - `revmech response remind`: queues the reminders of the
 * self-assessment responses due as of now -- 30 and 7 days before the
 * deadline of para 34 and once when it has passed (overdue, the
 * Secretariat told too) -- each once, in the recipient's language
 * (issue 9; R91, C12; response/submit.h), together with those of the
 * people (focal points, experts: review/people.h), as the periodic job of
 * `serve` does (cli/reminders.h).  For a deployment that runs `serve
 * --reminders-interval 0` and a cron job or systemd timer instead. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "cli/reminders.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/util.h"

static const char response_usage[] =
	"usage: revmech response remind --db PATH [--po DIR] [--now YYYY-MM-DDTHH:MM:SSZ]\n\n"
	"remind  queues, once each, the reminders due as of --now (default: now): to\n"
	"        the reviewed State's focal point (its Permanent Representative until\n"
	"        one is named) 30 and 7 days before the deadline of its responses, and\n"
	"        once when it has passed (the Secretariat told too); and those of\n"
	"        `revmech people remind`.  Messages are in each recipient's language\n"
	"        from the catalogues of --po (default po).  `serve` runs the same\n"
	"        every hour (--reminders-interval).\n";

int cli_response(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "po", required_argument, NULL, 'p' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *po = "po", *now_s = NULL;
	char err[512], now[32], actor[64], detail[64];
	int c, rc;
	time_t t;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(response_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "remind"))
		return cli_usage_error("response", "unknown subcommand '%s' (remind)", argv[1]);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': po = optarg; break;
		case 'n': now_s = optarg; break;
		case 'h': fputs(response_usage, stdout); return CLI_OK;
		default: return cli_bad_option("response", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("response", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("response", "--db PATH is required");
	if (now_s && util_time_parse(now_s, &t) < 0)
		return cli_usage_error("response", "--now '%s' is not an ISO time", now_s);
	if (now_s)
		util_time_iso(t, now, sizeof now);
	else
		util_now_iso(now, sizeof now);
	if (i18n_load(po, err, sizeof err) < 0)
		return cli_data_error("response", "--po %s: %s", po, err);
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s) {
		i18n_free();
		return cli_data_error("response", "%s", err);
	}
	if (store_migrate(s) < 0) {
		rc = cli_data_error("response", "%s", store_errmsg(s));
		goto out;
	}
	int people = 0, responses = 0;
	if (reminders_run(s, now, &people, &responses, err, sizeof err) < 0) {
		rc = cli_data_error("response", "%s", err);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	snprintf(detail, sizeof detail, "%d responses, %d people queued", responses, people);
	audit_log(s, actor, "-", "response.remind", now, detail);
	printf("%d response reminder%s queued, %d people reminder%s queued\n", responses,
	       responses == 1 ? "" : "s", people, people == 1 ? "" : "s");
	rc = CLI_OK;
out:
	store_close(s);
	i18n_free();
	return rc;
}
