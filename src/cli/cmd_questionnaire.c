/* cmd_questionnaire.c - `revmech questionnaire validate|list|adopt` (issue
 * 9; R40, R41, R69-R70). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "questionnaire/qdef.h"
#include "questionnaire/qstore.h"
#include "store/store.h"
#include "util/util.h"

static const char help[] =
	"usage: revmech questionnaire validate [--data DIR] [FILE.json...]\n"
	"       revmech questionnaire list --db PATH\n"
	"       revmech questionnaire adopt --db PATH --decision REF --date YYYY-MM-DD\n"
	"                                   --by WHO ID[:VERSION]...\n\n"
	"Validates questionnaire definitions (docs/questionnaires.md) against table 1\n"
	"of DIR/table1.csv.  Without FILE, validates every DIR/questionnaires/*.json.\n"
	"Prints per file its sections, questions and text coverage per language;\n"
	"each error as FILE: JSON-PATH: reason.  Exit status 2 if any file is invalid.\n\n"
	"list   the versions stored in the database with their status and, adopted,\n"
	"       the decision (R69-R70).\n"
	"adopt  records that the decision REF of date YYYY-MM-DD adopted each named\n"
	"       version (VERSION may be left out when only one is stored): only an\n"
	"       adopted version can be used in a review (R70).  Audited with WHO.\n"
	"       A version adopted already is reported and left as it is.  Each version\n"
	"       is recorded in its own transaction: an error names the ID that failed\n"
	"       (exit status 2) and leaves the others as recorded.\n";

static void report(const char *file, const struct qdef *d)
{
	printf("%s: ok: %s %s %s, %zu sections, %zu questions; texts:", file, d->id, d->version,
	       qdef_status_name(d->status), d->nsections, d->nquestions);
	for (int i = 0; i < QDEF_NLANG; i++)
		printf(" %s %zu/%zu", qdef_langs[i], d->lang_texts[i], d->ntexts);
	putchar('\n');
}

static int questionnaire_list_cmd(struct store *s)
{
	struct qstore_version *v = NULL;
	size_t n = 0;
	if (qstore_list(s, &v, &n) < 0)
		return cli_data_error("questionnaire list", "%s", store_errmsg(s));
	printf("id\tversion\tinstrument\tcluster\tstatus\tdecision\tdate\tentered_by\n");
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[i].id, v[i].version, v[i].instrument,
		       v[i].cluster, v[i].status, *v[i].decision ? v[i].decision : "-",
		       *v[i].adopted_on ? v[i].adopted_on : "-",
		       *v[i].entered_by ? v[i].entered_by : "-");
	free(v);
	return CLI_OK;
}

/* questionnaire list|adopt: on a database. */
static int questionnaire_db_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "decision", required_argument, NULL, 'D' },
		{ "date", required_argument, NULL, 'T' },
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *db = NULL, *decision = NULL, *date = NULL, *by = NULL;
	int adopt = !strcmp(argv[1], "adopt"), c, rc = CLI_DATA;
	const char *cmd = adopt ? "questionnaire adopt" : "questionnaire list";
	char err[600], actor[64], who[400];
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': decision = optarg; break;
		case 'T': date = optarg; break;
		case 'b': by = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_bad_option(cmd, argv, optind, optopt);
		}
	}
	if (!db)
		return cli_usage_error(cmd, "--db PATH is required");
	if (!adopt && optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (adopt) {
		if (!decision || !date)
			return cli_usage_error(cmd, "--decision REF and --date YYYY-MM-DD are required "
					       "(the decision that adopted the questionnaire)");
		if (!by || !*by)
			return cli_usage_error(cmd, "--by WHO is required (who enters it, for the "
					       "record)");
		if (optind >= argc)
			return cli_usage_error(cmd, "name at least one questionnaire ID[:VERSION] "
					       "(revmech questionnaire list)");
	}
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error(cmd, "%s", err);
	if (store_migrate(s) < 0) {
		rc = cli_data_error(cmd, "%s", store_errmsg(s));
		goto out;
	}
	if (!adopt) {
		rc = questionnaire_list_cmd(s);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	snprintf(who, sizeof who, "%s (%s)", by, actor);
	rc = CLI_OK;
	for (int i = optind; i < argc; i++) {
		char id[64];
		const char *colon = strchr(argv[i], ':');
		util_strlcpy(id, argv[i], colon && (size_t)(colon - argv[i]) < sizeof id
			     ? (size_t)(colon - argv[i]) + 1 : sizeof id);
		int r = qstore_adopt(s, id, colon ? colon + 1 : NULL, decision, date, who, err,
				     sizeof err);
		if (r < 0)
			rc = cli_data_error(cmd, "%s: %s", argv[i], err);
		else if (r == 1)
			printf("%s\n", err);
		else
			printf("adopted %s by %s of %s\n", argv[i], decision, date);
	}
out:
	store_close(s);
	return rc;
}

int cli_questionnaire(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *cmd = "questionnaire validate", *datadir = NULL;
	struct qdef_table1 t;
	struct qdef_errors errs = { 0 };
	char **files = NULL, err[600];
	size_t nfiles = 0;
	int owned = 0, bad = 0, c;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (!strcmp(argv[1], "list") || !strcmp(argv[1], "adopt"))
		return questionnaire_db_cmd(argc, argv);
	if (strcmp(argv[1], "validate"))
		return cli_usage_error("questionnaire", "unknown subcommand '%s' (validate, list, "
				       "adopt)", argv[1]);
	argc--, argv++;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'D': datadir = optarg; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default: return cli_bad_option(cmd, argv, optind, optopt);
		}
	}
	if (!datadir)
		datadir = cli_default_datadir();
	if (qdef_table1_load(datadir, &t, err, sizeof err) < 0)
		return cli_data_error(cmd, "%s", err);
	if (optind < argc) {
		files = argv + optind;
		nfiles = (size_t)(argc - optind);
	} else {
		if (qdef_list_dir(datadir, &files, &nfiles) < 0)
			return cli_data_error(cmd, "cannot read %s/questionnaires", datadir);
		owned = 1;
		if (nfiles == 0) {
			free(files);
			return cli_data_error(cmd, "no definition in %s/questionnaires", datadir);
		}
	}
	for (size_t i = 0; i < nfiles; i++) {
		struct qdef *d = NULL;
		if (qdef_load(files[i], &t, &d, &errs) == 0)
			report(files[i], d);
		else
			bad++;
		qdef_free(d);
	}
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.msg[i]);
	if (bad)
		fprintf(stderr, "revmech %s: %d of %zu files invalid (%zu errors)\n", cmd, bad,
			nfiles, errs.n);
	qdef_errors_free(&errs);
	if (owned)
		qdef_list_free(files, nfiles);
	return bad ? CLI_DATA : CLI_OK;
}
