/* cmd_init.c - `revmech init` and `revmech migrate`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "core/refdata.h"
#include "questionnaire/qstore.h"
#include "dialogue/observation.h"
#include "response/seal.h"
#include "store/store.h"

static const char init_help[] =
	"usage: revmech init --db PATH|URL [--data DIR] [--force] [--demo] [--key-file PATH]\n\n"
	"Creates the database at PATH with the schema and the reference data of\n"
	"data/ (instruments, table 1, workplan, languages, regional groups, parties).\n\n"
	"  --db PATH    SQLite database file to create, or a postgresql:// URL of an\n"
	"               existing, empty PostgreSQL database (password in PGPASSFILE)\n"
	"  --data DIR   reference data directory (default: $REVMECH_DATA, ./data,\n"
	"               or the installed copy)\n"
	"  --force      replace an existing database (built aside, then renamed)\n"
	"  --demo       also create a demo: a drawn review programme, six accounts,\n"
	"               one per role (secretariat, focal point, expert, observer,\n"
	"               stakeholder) and a second expert, of the reviewed State,\n"
	"               whose passwords are printed once, and a review in progress:\n"
	"               phase 1 open, its questionnaire partly answered in draft;\n"
	"               a technical-assistance provider, a channel request and a\n"
	"               blueprint, all marked as demo data\n"
	"  --key-file PATH  with --demo: the key file serve will use, beside which the\n"
	"               archive key file seals the demo's answers (default: PATH.key;\n"
	"               required with PostgreSQL)\n";

static void unlink_sidecars(const char *db)
{
	static const char *const ext[] = { "-wal", "-shm" };
	char side[4200];
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(side, sizeof side, "%s%s", db, ext[i]);
		unlink(side);
	}
}

/* Schema, reference data and the optional demo into a new database. */
static int init_fill(struct store *s, const char *s_db, const char *key_file,
		     const char *datadir, int demo, char *err, size_t errlen)
{
	if (store_migrate(s) < 0) {
		snprintf(err, errlen, "%s", store_errmsg(s));
		return -1;
	}
	if (refdata_load(s, datadir, err, errlen) < 0)
		return -1;
	char qerr[600];
	if (qstore_load_dir(s, datadir, NULL, qerr, sizeof qerr) < 0) {
		snprintf(err, errlen, "questionnaires: %s", qerr);
		return -1;
	}
	if (demo) {
		char why[600];
		/* The demo's answers are sealed like any (R93, R97). */
		int k = cli_seal_key_open(s_db, key_file, err, errlen);
		if (k != 0) {
			if (k > 0)
				snprintf(err, errlen, "--demo on PostgreSQL needs --key-file PATH "
					 "(the key file serve will use): its answers are sealed");
			return -1;
		}
		if (demo_create(s, stdout, why, sizeof why) < 0) {
			snprintf(err, errlen, "demo: %s", why);
			return -1;
		}
	}
	return 0;
}

/* PostgreSQL: the database exists already (created by its administrator)
 * and must be empty; there is no file to build aside. */
static int init_pg(const char *db, const char *key_file, const char *datadir, int force,
		   int demo)
{
	char err[600];
	if (force)
		return cli_usage_error("init", "--force is for SQLite files; on PostgreSQL "
				       "drop and create the database, then init it");
	struct store *s = store_open(db, STORE_CREATE | STORE_MUST_BE_NEW, err, sizeof err);
	if (!s)
		return cli_data_error("init", "%s", err);
	int rc = init_fill(s, db, key_file, datadir, demo, err, sizeof err);
	store_close(s);
	if (rc < 0)
		return cli_data_error("init", "%s (the database is partly filled: drop and "
				      "create it again before retrying)", err);
	printf("revmech: initialised the PostgreSQL database (schema version %d, reference "
	       "data from %s)\n", store_latest_version(), datadir);
	return CLI_OK;
}

int cli_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "data", required_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "demo", no_argument, NULL, 'x' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *db = NULL, *datadir = NULL, *key_file = NULL;
	int force = 0, demo = 0, c, rc = CLI_DATA;
	char err[600], tmp[4096];
	struct store *s = NULL;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': datadir = optarg; break;
		case 'f': force = 1; break;
		case 'x': demo = 1; break;
		case 'k': key_file = optarg; break;
		case 'h': fputs(init_help, stdout); return CLI_OK;
		default: return cli_bad_option("init", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("init", "missing --db PATH");
	if (!datadir)
		datadir = cli_default_datadir();
	if (store_is_url(db))
		return init_pg(db, key_file, datadir, force, demo);
	if (access(db, F_OK) == 0 && !force)
		return cli_data_error("init", "%s already exists (use --force to replace it)", db);

	/* Build aside and rename, so that a failure leaves any old file intact. */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.new-%ld", db, (long)getpid()) >= sizeof tmp)
		return cli_usage_error("init", "--db path too long");
	s = store_open(tmp, STORE_CREATE | STORE_MUST_BE_NEW, err, sizeof err);
	if (!s) {
		rc = cli_data_error("init", "%s", err);
		goto out;
	}
	if (init_fill(s, db, key_file, datadir, demo, err, sizeof err) < 0) {
		rc = cli_data_error("init", "%s", err);
		goto out;
	}
	store_close(s);
	s = NULL;
	/* A stale WAL of the replaced database must not be replayed into ours. */
	unlink_sidecars(db);
	if (rename(tmp, db) < 0) {
		rc = cli_data_error("init", "cannot move %s to %s: %s", tmp, db, strerror(errno));
		goto out;
	}
	printf("revmech: created %s (schema version %d, reference data from %s)\n", db,
	       store_latest_version(), datadir);
	rc = CLI_OK;
out:
	if (s)
		store_close(s);
	if (rc != CLI_OK) {
		unlink(tmp);
		unlink_sidecars(tmp);
	}
	return rc;
}

static const char migrate_help[] =
	"usage: revmech migrate --db PATH [--data DIR] [--key-file PATH]\n\n"
	"Upgrades the schema of an existing database in place; each migration runs\n"
	"in its own transaction.  Answers and documents stored in plain text (before\n"
	"migration 52) are then sealed, in one transaction, under the archive key\n"
	"file beside the key file (created when missing, as serve does).\n\n"
	"  --db PATH    database file to upgrade\n"
	"  --key-file PATH  the key file serve uses (default: PATH.key; required with\n"
	"               PostgreSQL to seal, else serve seals at its start)\n"
	"  --data DIR   also reload the State names in Arabic, Chinese, Russian and\n"
	"               Spanish from DIR/state-names.csv (done by default, from the\n"
	"               default data directory, when the database has none yet:\n"
	"               made before migration 5)\n";

/* 1 if the database has parties but no names beyond English and French
 * (made before migration 5). */
static int names_missing(struct store *s)
{
	struct store_stmt *st = store_prepare(s,
		"SELECT 1 FROM parties WHERE NOT EXISTS "
		"(SELECT 1 FROM party_names WHERE lang = 'ar') LIMIT 1");
	int r = st && store_step(st) == STORE_ROW;
	store_finalize(st);
	return r;
}

int cli_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "data", required_argument, NULL, 'D' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *db = NULL, *datadir = NULL, *key_file = NULL;
	int c, rc = CLI_DATA;
	char err[600];

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': datadir = optarg; break;
		case 'k': key_file = optarg; break;
		case 'h': fputs(migrate_help, stdout); return CLI_OK;
		default: return cli_bad_option("migrate", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("migrate", "missing --db PATH");
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("migrate", "%s", err);
	int before = store_schema_version(s);
	if (store_migrate(s) < 0) {
		rc = cli_data_error("migrate", "%s", store_errmsg(s));
		goto out;
	}
	int after = store_schema_version(s);
	if (before != after)
		printf("revmech: %s upgraded from schema %d to %d\n", db, before, after);
	/* Migration 52: the answers and documents written in plain text
	 * before it are sealed, all in one transaction (R93, R97). */
	int k = cli_seal_key_open(db, key_file, err, sizeof err);
	if (k < 0) {
		rc = cli_data_error("migrate", "the responses were not sealed: %s", err);
		goto out;
	}
	if (k > 0) {
		fprintf(stderr, "revmech migrate: warning: no --key-file: the answers and documents "
			"are sealed when serve starts with its key file\n");
	} else {
		long n = respseal_seal_all(s, err, sizeof err);
		if (n < 0) {
			rc = cli_data_error("migrate", "%s", err);
			goto out;
		}
		if (n > 0)
			printf("revmech: %ld answers and documents sealed\n", n);
		/* Migration 0053: the threads and the observations' metadata
		 * written before it, under the archive's tree, once. */
		long nr = dialogue_rows_archive_all(s, err, sizeof err);
		if (nr < 0) {
			rc = cli_data_error("migrate", "archive: %s", err);
			goto out;
		}
		if (nr > 0)
			printf("revmech: %ld threads and observations archived\n", nr);
	}
	/* Migration 5 made the table of names; the data file fills it. */
	if (datadir || names_missing(s)) {
		if (!datadir)
			datadir = cli_default_datadir();
		if (refdata_refresh_names(s, datadir, err, sizeof err) < 0) {
			rc = cli_data_error("migrate", "State names not loaded: %s "
					    "(the schema is up to date; run revmech migrate "
					    "--db %s --data DIR)", err, db);
			goto out;
		}
		printf("revmech: State names loaded from %s/state-names.csv\n", datadir);
	}
	/* Migration 9 made the table of questionnaire versions; new versions
	 * shipped in the data directory are added, stored ones never change. */
	int nq = 0;
	const char *qdir = datadir ? datadir : cli_default_datadir();
	if (qstore_load_dir(s, qdir, &nq, err, sizeof err) < 0) {
		rc = cli_data_error("migrate", "questionnaires not loaded: %s", err);
		goto out;
	}
	if (nq)
		printf("revmech: %d questionnaire versions loaded from %s/questionnaires\n", nq, qdir);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}
