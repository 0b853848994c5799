/* cmd_dialogue.c - `revmech dialogue remind`: queues the reminders of the
 * written observations due (issue 10; para 35, R86; dialogue/observation.h):
 * for every review whose phase stands at responses_submitted, each
 * reviewing State that has made no observation yet is reminded 30 and 7
 * days before the deadline (six months after the receipt of the
 * responses) and once when it has passed (the Secretariat too), each once,
 * in the recipient's language.  Meant to run daily (cron, systemd timer);
 * the sender of `serve` delivers them. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "dialogue/observation.h"
#include "i18n/i18n.h"
#include "response/response.h"
#include "response/submit.h"
#include "review/country.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/util.h"
#include "util/xmalloc.h"

static const char dialogue_usage[] =
	"usage: revmech dialogue remind --db PATH [--po DIR] [--today YYYY-MM-DD]\n\n"
	"remind  queues, once each, the reminders to reviewing States that have made\n"
	"        no written observation on the submitted responses of the State they\n"
	"        review: 30 and 7 days before the deadline (six months after receipt,\n"
	"        para 35) and when it has passed; in the recipient's language from the\n"
	"        catalogues of --po (default po).\n";

int cli_dialogue(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "po", required_argument, NULL, 'p' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *po = "po", *today = NULL;
	char err[512], actor[64], detail[32], day[11];
	int c, rc, sent = 0;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(dialogue_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "remind"))
		return cli_usage_error("dialogue", "unknown subcommand '%s' (remind)", argv[1]);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': po = optarg; break;
		case 't': today = optarg; break;
		case 'h': fputs(dialogue_usage, stdout); return CLI_OK;
		default: return cli_bad_option("dialogue", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("dialogue", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("dialogue", "--db PATH is required");
	if (today && (strlen(today) != 10 || response_add_months(today, 0, day) < 0 ||
		      strcmp(day, today)))
		return cli_usage_error("dialogue", "--today '%s' is not a date YYYY-MM-DD", today);
	if (i18n_load(po, err, sizeof err) < 0)
		return cli_data_error("dialogue", "--po %s: %s", po, err);
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s) {
		i18n_free();
		return cli_data_error("dialogue", "%s", err);
	}
	if (store_migrate(s) < 0) {
		rc = cli_data_error("dialogue", "%s", store_errmsg(s));
		goto out;
	}
	sent = observation_remind_all(s, today, err, sizeof err);
	if (sent < 0) {
		rc = cli_data_error("dialogue", "%s", err);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	snprintf(detail, sizeof detail, "%d queued", sent);
	audit_log(s, actor, "-", "observation.remind", today ? today : "-", detail);
	printf("%d reminder%s queued\n", sent, sent == 1 ? "" : "s");
	rc = CLI_OK;
out:
	store_close(s);
	i18n_free();
	return rc;
}
