/* cmd_uncac.c - `revmech response uncac`: the UNCAC status a review's phase
 * uses for Convention arts. 8 and 9 (issue 9; R41, C27): shown, or set by
 * a decision of the Secretariat (response/uncac.h), audited. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "response/response.h"
#include "response/uncac.h"
#include "store/store.h"
#include "util/util.h"

static const char help[] =
	"usage: revmech response uncac --db PATH STATE PHASE\n"
	"       revmech response uncac --db PATH STATE PHASE --set yes|no --reference REF\n"
	"                              --reason TEXT --by WHO [--key-file PATH]\n\n"
	"Without --set: the UNCAC status of STATE's review (ISO 3166 alpha-3) in PHASE\n"
	"(1-4) at the start of the phase, the one in force and the decisions (JSON).\n"
	"With --set: records the Secretariat's decision REF that the phase uses yes\n"
	"(party to UNCAC: Convention articles 8 and 9 are not examined) or no (not\n"
	"party: they are), for TEXT, entered by WHO; audited.  Refused before the\n"
	"phase starts and once its responses are submitted.  No answer is deleted:\n"
	"a section hidden keeps its answers (table 1, note a; C27).  --key-file: the\n"
	"key file serve uses (default PATH.key; required with PostgreSQL), beside\n"
	"which the archive key file opens the sealed answers.\n";

int cli_response_uncac(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "set", required_argument, NULL, 's' },
		{ "reference", required_argument, NULL, 'r' },
		{ "reason", required_argument, NULL, 'R' },
		{ "by", required_argument, NULL, 'b' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *cmd = "response uncac";
	const char *db = NULL, *set = NULL, *ref = NULL, *reason = NULL, *by = NULL;
	const char *key_file = NULL;
	char err[600], actor[64], who[400];
	long phase = 0;
	int c, rc = CLI_DATA;
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': set = optarg; break;
		case 'r': ref = optarg; break;
		case 'R': reason = optarg; break;
		case 'b': by = optarg; break;
		case 'k': key_file = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_bad_option(cmd, argv, optind, optopt);
		}
	}
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if (argc - optind != 2)
		return cli_usage_error(cmd, "give STATE (alpha-3) and PHASE (1-4)");
	const char *state = argv[optind];
	if (strlen(state) != 3 || strspn(state, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
		return cli_usage_error(cmd, "'%s' is not an ISO 3166 alpha-3 code", state);
	if (util_parse_long(argv[optind + 1], 1, 4, &phase) < 0)
		return cli_usage_error(cmd, "the phase is 1 to 4, not '%s'", argv[optind + 1]);
	if (set && strcmp(set, "yes") && strcmp(set, "no"))
		return cli_usage_error(cmd, "--set is yes (party to UNCAC) or no (not party)");
	if (set && (!ref || !reason || !by || !*by))
		return cli_usage_error(cmd, "--set needs --reference REF, --reason TEXT and --by WHO");
	if (!set && (ref || reason || by))
		return cli_usage_error(cmd, "--reference, --reason and --by go with --set");
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error(cmd, "%s", err);
	if (store_migrate(s) < 0) {
		rc = cli_data_error(cmd, "%s", store_errmsg(s));
		goto out;
	}
	/* The completion is counted from the answers, which are sealed
	 * (response/seal.h): the key beside the key file serve uses. */
	int k = set ? cli_seal_key_open(db, key_file, err, sizeof err) : 0;
	if (k != 0) {
		rc = k > 0 ? cli_usage_error(cmd, "--key-file PATH is required with a PostgreSQL --db "
					     "(the key file serve uses: the answers are sealed)")
			   : cli_data_error(cmd, "%s", err);
		goto out;
	}
	struct response_review rv;
	int r = response_review_load(s, state, (int)phase, &rv);
	if (r <= 0) {
		rc = cli_data_error(cmd, r < 0 ? "%s" : "no review of %s in the current draw",
				    r < 0 ? store_errmsg(s) : state);
		goto out;
	}
	if (set) {
		cli_actor(actor, sizeof actor);
		snprintf(who, sizeof who, "%s (%s)", by, actor);
		int64_t id = response_uncac_override(s, &rv, !strcmp(set, "yes"), ref, reason, who,
						     "local", err, sizeof err);
		if (id < 0) {
			rc = cli_data_error(cmd, "%s", err);
			goto out;
		}
		printf("decision %lld recorded: %s phase %ld uses UNCAC status %s\n", (long long)id,
		       state, phase, !strcmp(set, "yes") ? "party" : "not party");
		rc = CLI_OK;
		goto out;
	}
	json_t *j = response_uncac_json(s, &rv);
	if (!j) {
		rc = cli_data_error(cmd, "%s", store_errmsg(s));
		goto out;
	}
	char *t = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(j);
	printf("%s\n", t ? t : "null");
	free(t);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}
