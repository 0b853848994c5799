/* cmd_roster.c - `revmech roster export|import` and `revmech clusters`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/refdata.h"
#include "core/roster.h"
#include "store/store.h"
#include "util/buf.h"

static const char roster_help[] =
	"usage: revmech roster export --db PATH\n"
	"       revmech roster import --db PATH FILE.csv\n\n"
	"export prints every party as CSV with the header\n"
	"  code,name,group,untoc,tip,som,firearms,uncac,opt_out\n"
	"(followed by volunteer_reviewed,extra_reviews when any party uses them).\n"
	"import reads the same format and updates the parties atomically: every row\n"
	"or none.  Errors name the line and column.\n";

/* Parses "--db PATH" (and --help) for a subcommand; returns -1 to exit with
 * *rc, else the index of the first operand. */
static int parse_db(const char *cmd, int argc, char **argv, const char *help,
		    const char **db, int *rc)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db = optarg; break;
		case 'h': fputs(help, stdout); *rc = CLI_OK; return -1;
		default: *rc = cli_bad_option(cmd, argv, optind, optopt); return -1;
		}
	}
	if (!*db) {
		*rc = cli_usage_error(cmd, "missing --db PATH");
		return -1;
	}
	return optind;
}

static int roster_export(int argc, char **argv)
{
	const char *db = NULL;
	int rc = CLI_DATA, first;
	char err[600];
	struct roster r = { 0 };
	struct buf out = { 0 };
	struct store *s = NULL;

	if ((first = parse_db("roster export", argc, argv, roster_help, &db, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error("roster export", "unexpected argument '%s'", argv[first]);
	s = store_open(db, STORE_READONLY, err, sizeof err);
	if (!s)
		return cli_data_error("roster export", "%s", err);
	if (roster_load_db(s, &r, err, sizeof err) < 0) {
		rc = cli_data_error("roster export", "%s", err);
		goto out;
	}
	roster_write_csv(&r, &out);
	if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		rc = cli_data_error("roster export", "write error");
		goto out;
	}
	rc = CLI_OK;
out:
	buf_free(&out);
	roster_free(&r);
	store_close(s);
	return rc;
}

static int roster_import(int argc, char **argv)
{
	const char *db = NULL;
	int rc = CLI_DATA, first;
	char err[600];
	struct roster r = { 0 };
	struct store *s = NULL;

	if ((first = parse_db("roster import", argc, argv, roster_help, &db, &rc)) < 0)
		return rc;
	if (first >= argc)
		return cli_usage_error("roster import", "missing FILE.csv");
	if (first + 1 < argc)
		return cli_usage_error("roster import", "unexpected argument '%s'",
				       argv[first + 1]);
	/* Validate the whole file before touching the database. */
	if (roster_read_file(argv[first], &r, err, sizeof err) < 0)
		return cli_data_error("roster import", "%s", err);
	s = store_open(db, 0, err, sizeof err);
	if (!s) {
		rc = cli_data_error("roster import", "%s", err);
		goto out;
	}
	if (roster_save_db(s, &r, err, sizeof err) < 0) {
		rc = cli_data_error("roster import", "%s: %s", argv[first], err);
		goto out;
	}
	printf("revmech: imported %zu parties from %s\n", r.n, argv[first]);
	rc = CLI_OK;
out:
	roster_free(&r);
	store_close(s);
	return rc;
}

int cli_roster(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("roster", "missing subcommand (export or import)");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(roster_help, stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "export"))
		return roster_export(argc - 1, argv + 1);
	if (!strcmp(argv[1], "import"))
		return roster_import(argc - 1, argv + 1);
	return cli_usage_error("roster", "unknown subcommand '%s' (export or import)", argv[1]);
}

static const char clusters_help[] =
	"usage: revmech clusters --db PATH\n\n"
	"Prints table 1 of the appendix of the Procedures and rules (grouping of\n"
	"articles into thematic clusters) as CSV: instrument,cluster,articles.\n"
	"Clusters: C1 criminalization and jurisdiction; C2 prevention, technical\n"
	"assistance, protection and other measures; C3 law enforcement and judicial\n"
	"system; C4 international cooperation, mutual legal assistance and\n"
	"confiscation.  Articles are space-separated; '*' marks articles 8 and 9 of\n"
	"the Convention, reviewed only for States parties not party to UNCAC\n"
	"(footnote a).  The Firearms Protocol has no article in C3.\n";

int cli_clusters(int argc, char **argv)
{
	const char *db = NULL;
	int rc = CLI_DATA, first;
	char err[600];
	struct buf out = { 0 };
	struct store *s = NULL;

	if ((first = parse_db("clusters", argc, argv, clusters_help, &db, &rc)) < 0)
		return rc;
	if (first < argc)
		return cli_usage_error("clusters", "unexpected argument '%s'", argv[first]);
	s = store_open(db, STORE_READONLY, err, sizeof err);
	if (!s)
		return cli_data_error("clusters", "%s", err);
	if (refdata_write_table1(s, &out, err, sizeof err) < 0) {
		rc = cli_data_error("clusters", "%s", err);
		goto out;
	}
	fwrite(buf_str(&out), 1, out.len, stdout);
	rc = fflush(stdout) == 0 ? CLI_OK : CLI_DATA;
out:
	buf_free(&out);
	store_close(s);
	return rc;
}
