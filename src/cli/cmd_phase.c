/* cmd_phase.c - `revmech phase status|open|move`: the review phases of each
 * cohort and the state of each country review in them (issue 9; R37, R90).
 * Every change is audited with the operator (cli:USER) and --by. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "review/phase.h"
#include "store/store.h"
#include "util/util.h"

static const char phase_usage[] =
	"usage: revmech phase status --db PATH\n"
	"       revmech phase open --db PATH --cohort N --phase K --by WHO\n"
	"                          [--decision REF --decision-date YYYY-MM-DD]\n"
	"       revmech phase move --db PATH --state STATE --reviewed CODE --phase K --by WHO\n"
	"                          [--note TEXT]\n\n"
	"status  each cohort's phases: years, reviews planned at the start, completed, %.\n"
	"open    opens phase K (1-4) of cohort N (1-3). Phase K > 1 opens only when 70 %% of\n"
	"        the reviews planned at the start of phase K-1 are completed (para 10), or\n"
	"        with the reference and date of the Conference decision that decides so.\n"
	"move    moves one country review to STATE, the next step of: not_started,\n"
	"        questionnaire_in_progress, responses_submitted, observations_submitted,\n"
	"        dialogue, draft_list, list_agreed, summary_agreed; or to suspended and\n"
	"        back to where it stopped.\n";

static int phase_status_cmd(struct store *s)
{
	char err[256];
	printf("cohort\tphase\tyears\tstarted\tplanned\tcompleted\tpercent\tgate\n");
	for (int c = 1; c <= 3; c++) {
		for (int p = 1; p <= PHASE_COUNT; p++) {
			int first, last;
			struct phase_status ps;
			if (phase_years(s, c, p, &first, &last, err, sizeof err) < 0)
				return cli_data_error("phase", "%s", err);
			if (phase_status_get(s, c, p, &ps) < 0)
				return cli_data_error("phase", "%s", store_errmsg(s));
			if (!ps.started) {
				printf("%d\t%d\t%d-%d\tno\t-\t-\t-\t-\n", c, p, first, last);
				continue;
			}
			printf("%d\t%d\t%d-%d\tyes\t%ld\t%ld\t%d.%d\t%s%s%s\n", c, p, first, last,
			       ps.planned, ps.completed, ps.permille / 10, ps.permille % 10,
			       phase_gate_open(ps.planned, ps.completed) ? "open" : "closed",
			       ps.decision ? ", opened by " : "", ps.decision ? ps.decision_ref : "");
		}
	}
	return CLI_OK;
}

int cli_phase(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "cohort", required_argument, NULL, 'c' },
		{ "phase", required_argument, NULL, 'p' },
		{ "by", required_argument, NULL, 'b' },
		{ "decision", required_argument, NULL, 'D' },
		{ "decision-date", required_argument, NULL, 'T' },
		{ "state", required_argument, NULL, 's' },
		{ "reviewed", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *by = NULL, *decision = NULL, *ddate = NULL, *state = NULL;
	const char *reviewed = NULL, *note = NULL, *cohort_s = NULL, *phase_s = NULL;
	char err[512], actor[64], obj[64];
	long cohort = 0, phase = 0;
	int c, rc = CLI_DATA;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(phase_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "status") && strcmp(sub, "open") && strcmp(sub, "move"))
		return cli_usage_error("phase", "unknown subcommand '%s' (status, open, move)", sub);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': cohort_s = optarg; break;
		case 'p': phase_s = optarg; break;
		case 'b': by = optarg; break;
		case 'D': decision = optarg; break;
		case 'T': ddate = optarg; break;
		case 's': state = optarg; break;
		case 'r': reviewed = optarg; break;
		case 'n': note = optarg; break;
		case 'h': fputs(phase_usage, stdout); return CLI_OK;
		default: return cli_bad_option("phase", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("phase", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("phase", "--db PATH is required");
	if (strcmp(sub, "status")) {
		if (!phase_s || util_parse_long(phase_s, 1, PHASE_COUNT, &phase) < 0)
			return cli_usage_error("phase", "--phase K is required, K from 1 to 4");
		if (!by || !*by)
			return cli_usage_error("phase", "--by WHO is required (who decides, for the record)");
	}
	if (!strcmp(sub, "open")) {
		if (!cohort_s || util_parse_long(cohort_s, 1, 3, &cohort) < 0)
			return cli_usage_error("phase", "--cohort N is required, N from 1 to 3");
		if (!decision != !ddate)
			return cli_usage_error("phase", "--decision and --decision-date go together");
	}
	int to = -1;
	if (!strcmp(sub, "move")) {
		if (!reviewed || strlen(reviewed) != 3)
			return cli_usage_error("phase", "--reviewed CODE is required (ISO 3166 alpha-3)");
		if (!state || (to = phase_state_parse(state)) < 0)
			return cli_usage_error("phase", "--state '%s' is not a state (see --help)",
					       state ? state : "");
	}
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("phase", "%s", err);
	if (store_migrate(s) < 0) {
		rc = cli_data_error("phase", "%s", store_errmsg(s));
		goto out;
	}
	if (!strcmp(sub, "status")) {
		rc = phase_status_cmd(s);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	if (!strcmp(sub, "open")) {
		if (phase_open(s, (int)cohort, (int)phase, by, decision, ddate, err, sizeof err) < 0) {
			rc = cli_data_error("phase", "%s", err);
			goto out;
		}
		snprintf(obj, sizeof obj, "cohort %ld phase %ld", cohort, phase);
		audit_log(s, actor, "local", "phase.open", obj, decision ? decision : by);
		printf("opened phase %ld of cohort %ld%s%s\n", phase, cohort,
		       decision ? " by Conference decision " : "", decision ? decision : "");
	} else {
		if (phase_review_move(s, reviewed, (int)phase, (enum phase_state)to, by, note, err,
				      sizeof err) < 0) {
			rc = cli_data_error("phase", "%s", err);
			goto out;
		}
		snprintf(obj, sizeof obj, "%s phase %ld", reviewed, phase);
		audit_log(s, actor, "local", "phase.move", obj, state);
		printf("%s, phase %ld: %s\n", reviewed, phase, state);
	}
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}
