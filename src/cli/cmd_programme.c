/* cmd_programme.c - `revmech programme events|note` (issue 8, item 4): the
 * drawing events as the public pages show them, and the record of the
 * meeting at which each took place and who ran it (R51, R60). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "review/programme.h"
#include "store/store.h"
#include "util/util.h"

static const char programme_help[] =
	"usage: revmech programme events --db PATH\n"
	"       revmech programme note   --db PATH --event ID --meeting TEXT --by TEXT\n"
	"       revmech programme start  --db PATH [--year YYYY]\n"
	"       revmech programme workplan --db PATH [--set FILE] [--offsets FILE] ...\n\n"
	"events lists every drawing event (id, date, kind, draw, whether its draw is\n"
	"the current programme, meeting, who ran it), newest first; note records the\n"
	"meeting at which event ID took place and who ran it, shown on /draws/ID;\n"
	"start prints or sets the calendar year of process year 1 (R45), from which\n"
	"the review pages give the calendar years of each phase.\n"
	"Exit status 2: no such event, or the database cannot be written.\n";

int cli_programme(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "event", required_argument, NULL, 'e' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "by", required_argument, NULL, 'b' },
		{ "year", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *db = NULL, *event = NULL, *meeting = NULL, *by = NULL, *year = NULL;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(programme_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "workplan"))
		return cli_programme_workplan(argc - 1, argv + 1);
	if (strcmp(sub, "events") != 0 && strcmp(sub, "note") != 0 && strcmp(sub, "start") != 0)
		return cli_usage_error("programme", "unknown subcommand '%s'", sub);
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': event = optarg; break;
		case 'm': meeting = optarg; break;
		case 'b': by = optarg; break;
		case 'y': year = optarg; break;
		case 'h': fputs(programme_help, stdout); return CLI_OK;
		default: return cli_bad_option("programme", argv + 1, optind, optopt);
		}
	}
	if (optind < argc - 1)
		return cli_usage_error("programme", "unexpected argument '%s'", argv[optind + 1]);
	if (!db)
		return cli_usage_error("programme", "--db is required");
	long id = 0, y = 0;
	if (year && (strcmp(sub, "start") != 0 || util_parse_long(year, 1900, 2999, &y) < 0))
		return cli_usage_error("programme", "--year needs a year from 1900 to 2999 (with start)");
	if (!strcmp(sub, "note")) {
		if (!event || util_parse_long(event, 1, 2000000000L, &id) < 0)
			return cli_usage_error("programme", "--event needs an event id (a number)");
		if (!meeting || !*meeting)
			return cli_usage_error("programme", "--meeting is required");
		if (!by || !*by)
			return cli_usage_error("programme", "--by is required");
	}
	char err[512];
	int rc = CLI_DATA;
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("programme", "%s", err);
	if (store_migrate(s) != 0) {
		cli_data_error("programme", "%s: %s", db, store_errmsg(s));
		goto out;
	}
	if (!strcmp(sub, "note")) {
		int r = programme_event_note(s, id, meeting, by, err, sizeof err);
		if (r != 0) {
			cli_data_error("programme", "%s", err);
			goto out;
		}
		printf("event %ld: meeting and who ran it recorded\n", id);
		rc = CLI_OK;
		goto out;
	}
	if (!strcmp(sub, "start")) {
		if (y && programme_set_start_year(s, (int)y, err, sizeof err) < 0) {
			cli_data_error("programme", "%s", err);
			goto out;
		}
		printf("process year 1 is %d\n", programme_start_year(s));
		rc = CLI_OK;
		goto out;
	}
	struct programme_event *ev = NULL;
	size_t n = 0;
	if (programme_events(s, &ev, &n) < 0) {
		cli_data_error("programme", "database: %s", store_errmsg(s));
		goto out;
	}
	printf("id\tdate\tkind\tdraw\tcurrent\tmeeting\trun_by\n");
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%lld\t%s\t%s\t%s\n", (long long)ev[i].id, ev[i].created_at,
		       ev[i].kind, (long long)ev[i].draw_id, ev[i].current ? "yes" : "no",
		       ev[i].meeting[0] ? ev[i].meeting : "-", ev[i].run_by[0] ? ev[i].run_by : "-");
	free(ev);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}
