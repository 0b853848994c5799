/* cmd_workplan.c - `revmech programme workplan` (issue 9; R33, R38,
 * appendix B2.1): lists the versions of the workplan of table 2 and the
 * cohort offsets, or records a new one with the Conference decision that
 * set it (review/workplan.h), as `revmech draw params` does for the
 * drawing's parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "review/workplan.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/util.h"

#define WORKPLAN_FILE_MAX (64u << 10)

static const char workplan_help[] =
	"usage: revmech programme workplan --db PATH\n"
	"       revmech programme workplan --db PATH [--set FILE] [--offsets FILE]\n"
	"                                  --decision REF --date YYYY-MM-DD [--by WHO]\n\n"
	"Without --set or --offsets, lists every version of the workplan (table 2) and of\n"
	"the cohort offsets (appendix B2.1), the one in force last.  --set FILE (the\n"
	"columns of data/workplan.csv) and --offsets FILE (those of data/cohorts.csv)\n"
	"record a new version, with the reference and date of the Conference decision\n"
	"that sets it (R33, R38); what is not given is kept from the version in force.\n"
	"A cohort's phase already open keeps the version it started under.  Audited.\n"
	"Exit status 1: usage; 2: a bad file or the database cannot be written.\n";

int cli_programme_workplan(int argc, char **argv)
{
	const char *cmd = "programme workplan";
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "set", required_argument, NULL, 'S' },
		{ "offsets", required_argument, NULL, 'o' },
		{ "decision", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *db = NULL, *set = NULL, *offsets = NULL, *decision = NULL, *date = NULL,
		   *by = NULL;
	char *text[2] = { 0 };
	char err[700];
	struct store *s = NULL;
	int c, rc = CLI_USAGE;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'S': set = optarg; break;
		case 'o': offsets = optarg; break;
		case 'c': decision = optarg; break;
		case 't': date = optarg; break;
		case 'b': by = optarg; break;
		case 'h': fputs(workplan_help, stdout); return CLI_OK;
		default:
			return cli_usage_error(cmd, "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error(cmd, "the workplan is kept in the store: --db PATH");
	int change = set || offsets;
	if (!change && (decision || date))
		return cli_usage_error(cmd, "a decision records a new version: give --set FILE "
				       "and/or --offsets FILE");
	if (change && (!decision || !*decision || !date))
		return cli_usage_error(cmd, "missing %s: a new version needs the Conference decision "
				       "that sets it (R33, R38)",
				       !decision || !*decision ? "--decision REF" : "--date YYYY-MM-DD");
	const char *files[2] = { set, offsets };
	for (int i = 0; i < 2; i++) {
		size_t len;
		if (files[i] && util_read_file(files[i], WORKPLAN_FILE_MAX, &text[i], &len, err,
					       sizeof err) < 0) {
			rc = cli_data_error(cmd, "%s", err);
			goto out;
		}
	}
	s = store_open(db, 0, err, sizeof err);
	if (!s) {
		rc = cli_data_error(cmd, "%s", err);
		goto out;
	}
	rc = CLI_DATA;
	if (store_migrate(s) != 0) {
		cli_data_error(cmd, "%s: %s", db, store_errmsg(s));
		goto out;
	}
	if (!change) {
		struct buf out = { 0 };
		if (workplan_list(s, &out) < 0)
			cli_data_error(cmd, "database: %s", store_errmsg(s));
		else {
			fputs(buf_str(&out), stdout);
			rc = CLI_OK;
		}
		buf_free(&out);
		goto out;
	}
	struct workplan w;
	if (workplan_get(s, 0, &w) != 0) {
		cli_data_error(cmd, "database: no workplan in force (reference data not loaded?)");
		goto out;
	}
	if (workplan_parse(&w, text[0], text[1], err, sizeof err) < 0) {
		cli_data_error(cmd, "%s", err);
		goto out;
	}
	util_strlcpy(w.decision, decision, sizeof w.decision);
	util_strlcpy(w.decided_on, date, sizeof w.decided_on);
	char actor[96], who[200];
	cli_actor(actor, sizeof actor);
	snprintf(who, sizeof who, "%s%s%s", actor, by ? " for " : "", by ? by : "");
	if (workplan_record(s, &w, who, "local", err, sizeof err) < 0) {
		cli_data_error(cmd, "%s", err);
		goto out;
	}
	printf("workplan version %d recorded (decision %s of %s)\n", w.version, w.decision,
	       w.decided_on);
	rc = CLI_OK;
out:
	if (s)
		store_close(s);
	free(text[0]);
	free(text[1]);
	return rc;
}
