/* remind_cmd.c - the frame of the `remind` subcommands (remind_cmd.h). */
#include "cli/remind_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "i18n/i18n.h"
#include "response/response.h"
#include "store/store.h"
#include "util/util.h"

/* Normalises the moment given: an ISO time (into now) or a real date.
 * Returns 0, or -1 when it is not one. */
static int moment(const struct remind_cmd *r, const char *given, char *out, size_t n)
{
	if (r->by_day) {
		char day[11];
		if (strlen(given) != 10 || response_add_months(given, 0, day) < 0 ||
		    strcmp(day, given))
			return -1;
		snprintf(out, n, "%s", day);
		return 0;
	}
	time_t t;
	if (util_time_parse(given, &t) < 0)
		return -1;
	util_time_iso(t, out, n);
	return 0;
}

int remind_cmd_main(const struct remind_cmd *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "po", required_argument, NULL, 'p' },
		{ "now", required_argument, NULL, 'n' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *po = "po", *given = NULL;
	const char *opt_name = r->by_day ? "--today" : "--now";
	char err[512], when[32], actor[64], detail[96];
	int c, rc;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(r->usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "remind"))
		return cli_usage_error(r->cmd, "unknown subcommand '%s' (remind)", argv[1]);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': po = optarg; break;
		case 'n':
		case 't':
			if ((c == 't') != (r->by_day != 0))
				return cli_usage_error(r->cmd, "%s is not an option of %s remind "
						       "(%s)", c == 't' ? "--today" : "--now",
						       r->cmd, opt_name);
			given = optarg;
			break;
		case 'h': fputs(r->usage, stdout); return CLI_OK;
		default: return cli_bad_option(r->cmd, argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error(r->cmd, "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error(r->cmd, "--db PATH is required");
	if (given && moment(r, given, when, sizeof when) < 0)
		return cli_usage_error(r->cmd, r->by_day ? "--today '%s' is not a date YYYY-MM-DD"
					       : "--now '%s' is not an ISO time", given);
	if (!given && !r->by_day)
		util_now_iso(when, sizeof when);
	if (i18n_load(po, err, sizeof err) < 0)
		return cli_data_error(r->cmd, "--po %s: %s", po, err);
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s) {
		i18n_free();
		return cli_data_error(r->cmd, "%s", err);
	}
	if (store_migrate(s) < 0) {
		rc = cli_data_error(r->cmd, "%s", store_errmsg(s));
		goto out;
	}
	const char *at = given || !r->by_day ? when : NULL;
	if (r->run(s, at, detail, sizeof detail, err, sizeof err) < 0) {
		rc = cli_data_error(r->cmd, "%s", err);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	audit_log(s, actor, "-", r->action, at ? at : "-", detail);
	rc = CLI_OK;
out:
	store_close(s);
	i18n_free();
	return rc;
}
