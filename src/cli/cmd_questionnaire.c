/* cmd_questionnaire.c - `revmech questionnaire validate` (issue 9; R40,
 * R41, R69-R70). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "questionnaire/qdef.h"

static const char help[] =
	"usage: revmech questionnaire validate [--data DIR] [FILE.json...]\n\n"
	"Validates questionnaire definitions (docs/questionnaires.md) against table 1\n"
	"of DIR/table1.csv.  Without FILE, validates every DIR/questionnaires/*.json.\n"
	"Prints per file its sections, questions and text coverage per language;\n"
	"each error as FILE: JSON-PATH: reason.  Exit status 2 if any file is invalid.\n";

static void report(const char *file, const struct qdef *d)
{
	printf("%s: ok: %s %s %s, %zu sections, %zu questions; texts:", file, d->id, d->version,
	       qdef_status_name(d->status), d->nsections, d->nquestions);
	for (int i = 0; i < QDEF_NLANG; i++)
		printf(" %s %zu/%zu", qdef_langs[i], d->lang_texts[i], d->ntexts);
	putchar('\n');
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
	if (strcmp(argv[1], "validate"))
		return cli_usage_error("questionnaire", "unknown subcommand '%s'", argv[1]);
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
