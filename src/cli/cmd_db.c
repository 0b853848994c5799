/* cmd_db.c - `revmech db copy`: a whole database from one backend to the
 * other (SQLite file <-> PostgreSQL), checked table by table (issue 11). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/buf.h"

static const char db_help[] =
	"usage: revmech db copy --from PATH|URL --to PATH|URL\n\n"
	"Copies a whole database, e.g. an SQLite file to PostgreSQL or back.  The\n"
	"source must be at this program's schema version (revmech migrate); the\n"
	"target must be new: a file that does not exist, or an empty PostgreSQL\n"
	"database.  Everything is written in one transaction, then every table\n"
	"is compared (row count and checksum) between source and target.\n"
	"Stop the servers writing to the source first.\n";

/* Identifiers come from the source's catalogue: refuse anything that would
 * need quoting rather than trust it. */
static int plain_name(const char *n)
{
	if (!*n || strlen(n) > 63)
		return 0;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

/* "SELECT a, b FROM t" or "INSERT INTO t (a, b) VALUES (?, ?)". */
static void build_sql(struct buf *b, int insert, const char *table, char **cols, size_t n)
{
	buf_reset(b);
	buf_printf(b, insert ? "INSERT INTO %s (" : "SELECT ", table);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", cols[i]);
	if (insert) {
		buf_puts(b, ") VALUES (");
		for (size_t i = 0; i < n; i++)
			buf_puts(b, i ? ", ?" : "?");
		buf_puts(b, ")");
	} else {
		buf_printf(b, " FROM %s", table);
	}
}

/* Row count and an order-independent checksum (the sum of a hash of each
 * row's values as text, NULL told apart from ''): the two backends sort
 * text differently, so no ORDER BY. */
static int table_sum(struct store *s, const char *sql, size_t ncols, int64_t *rows,
		     uint64_t *sum)
{
	struct store_stmt *st = store_prepare(s, sql);
	int rc;
	*rows = 0;
	*sum = 0;
	if (!st)
		return -1;
	while ((rc = store_step(st)) == STORE_ROW) {
		crypto_generichash_state h;
		unsigned char out[8];
		crypto_generichash_init(&h, NULL, 0, sizeof out);
		for (size_t c = 0; c < ncols; c++) {
			const char *v = store_col_is_null(st, (int)c) ? NULL : store_col_text(st, (int)c);
			unsigned char tag = v ? 1 : 0;
			uint64_t len = v ? strlen(v) : 0;
			crypto_generichash_update(&h, &tag, 1);
			crypto_generichash_update(&h, (const unsigned char *)&len, sizeof len);
			if (v)
				crypto_generichash_update(&h, (const unsigned char *)v, len);
		}
		crypto_generichash_final(&h, out, sizeof out);
		uint64_t x;
		memcpy(&x, out, sizeof x);
		*sum += x;
		++*rows;
	}
	store_finalize(st);
	return rc == STORE_DONE ? 0 : -1;
}

static int copy_table(struct store *from, struct store *to, const char *table, char **cols,
		      size_t ncols, int64_t *copied, char *err, size_t errlen)
{
	struct buf sel = { 0 }, ins = { 0 };
	int rc = -1, step;
	struct store_stmt *src = NULL, *dst = NULL;
	build_sql(&sel, 0, table, cols, ncols);
	build_sql(&ins, 1, table, cols, ncols);
	*copied = 0;
	src = store_prepare(from, sel.p);
	if (!src) {
		snprintf(err, errlen, "%s: read: %s", table, store_errmsg(from));
		goto out;
	}
	dst = store_prepare(to, ins.p);
	if (!dst) {
		snprintf(err, errlen, "%s: write: %s", table, store_errmsg(to));
		goto out;
	}
	while ((step = store_step(src)) == STORE_ROW) {
		for (size_t c = 0; c < ncols; c++)
			store_bind_text(dst, (int)c + 1, store_col_is_null(src, (int)c)
							     ? NULL : store_col_text(src, (int)c));
		if (store_step(dst) != STORE_DONE) {
			snprintf(err, errlen, "%s: row %lld: %s", table, (long long)*copied + 1,
				 store_errmsg(to));
			goto out;
		}
		store_reset(dst);
		++*copied;
	}
	if (step != STORE_DONE) {
		snprintf(err, errlen, "%s: read: %s", table, store_errmsg(from));
		goto out;
	}
	if (store_sync_ids(to, table) < 0) {
		snprintf(err, errlen, "%s: ids: %s", table, store_errmsg(to));
		goto out;
	}
	rc = 0;
out:
	store_finalize(src);
	store_finalize(dst);
	buf_free(&sel);
	buf_free(&ins);
	return rc;
}

/* Compares every table of the source with the target. */
static int verify(struct store *from, struct store *to, char **tables, size_t nt, char *err,
		  size_t errlen)
{
	struct buf sel = { 0 };
	int rc = -1;
	for (size_t t = 0; t < nt; t++) {
		char **cols = NULL;
		size_t nc = 0;
		int64_t ra, rb;
		uint64_t sa, sb;
		if (store_columns(from, tables[t], &cols, &nc) < 0) {
			snprintf(err, errlen, "%s: %s", tables[t], store_errmsg(from));
			goto out;
		}
		build_sql(&sel, 0, tables[t], cols, nc);
		int ok = table_sum(from, sel.p, nc, &ra, &sa) == 0 &&
			 table_sum(to, sel.p, nc, &rb, &sb) == 0;
		store_names_free(cols, nc);
		if (!ok) {
			snprintf(err, errlen, "%s: cannot read back: %s", tables[t], store_errmsg(to));
			goto out;
		}
		if (ra != rb || sa != sb) {
			snprintf(err, errlen, "%s: target differs from source (%lld rows vs %lld, "
				 "checksum %016llx vs %016llx)", tables[t], (long long)rb,
				 (long long)ra, (unsigned long long)sb, (unsigned long long)sa);
			goto out;
		}
		printf("  %-22s %8lld rows  checksum %016llx  ok\n", tables[t], (long long)ra,
		       (unsigned long long)sa);
	}
	rc = 0;
out:
	buf_free(&sel);
	return rc;
}

/* Empties table of the new target when a migration seeded it.  0 or -1
 * with err set.  table is a plain name (plain_name()). */
static int clear_seeded(struct store *to, const char *table, char *err, size_t errlen)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	long long n = store_count(to, sql, NULL);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", table, store_errmsg(to));
		return -1;
	}
	if (n == 0)
		return 0;
	snprintf(sql, sizeof sql, "DELETE FROM %s", table);
	if (store_exec(to, sql) < 0) {
		snprintf(err, errlen, "%s: %s", table, store_errmsg(to));
		return -1;
	}
	return 0;
}

static int db_copy(const char *from_db, const char *to_db)
{
	char err[700];
	char **tables = NULL;
	size_t nt = 0;
	int rc = CLI_DATA, created = 0;
	struct store *from = NULL, *to = NULL;

	if (strcmp(from_db, to_db) == 0)
		return cli_usage_error("db", "--from and --to name the same database");
	from = store_open(from_db, STORE_READONLY, err, sizeof err);
	if (!from) {
		cli_data_error("db", "--from %s", err);
		goto out;
	}
	if (store_schema_version(from) != store_latest_version()) {
		cli_data_error("db", "--from is at schema version %d, this program at %d: run "
			       "revmech migrate on it first", store_schema_version(from),
			       store_latest_version());
		goto out;
	}
	to = store_open(to_db, STORE_CREATE | STORE_MUST_BE_NEW, err, sizeof err);
	if (!to) {
		cli_data_error("db", "--to %s (the target must be new and empty)", err);
		goto out;
	}
	created = !store_is_url(to_db);
	if (store_migrate(to) < 0) {
		cli_data_error("db", "--to: %s", store_errmsg(to));
		goto out;
	}
	if (store_tables(from, &tables, &nt) < 0) {
		cli_data_error("db", "--from: %s", store_errmsg(from));
		goto out;
	}
	if (store_begin(to) < 0) {
		cli_data_error("db", "--to: %s", store_errmsg(to));
		goto out;
	}
	for (size_t t = 0; t < nt; t++) {
		char **cols = NULL;
		size_t nc = 0;
		int64_t n = 0;
		int bad = !plain_name(tables[t]);
		if (!bad && store_columns(from, tables[t], &cols, &nc) < 0) {
			snprintf(err, sizeof err, "%s: %s", tables[t], store_errmsg(from));
			bad = 2;
		}
		for (size_t c = 0; !bad && c < nc; c++)
			bad = !plain_name(cols[c]);
		if (bad == 1)
			snprintf(err, sizeof err, "table %s: a name this command does not copy "
				 "(lower-case letters, digits and _ only)", tables[t]);
		/* The target is new: the only rows it can hold are those its
		 * migrations seed (lots_parameters' version 1), which the
		 * source holds too.  They make way for the source's. */
		if (!bad && clear_seeded(to, tables[t], err, sizeof err) < 0)
			bad = 3;
		if (bad || copy_table(from, to, tables[t], cols, nc, &n, err, sizeof err) < 0) {
			store_names_free(cols, nc);
			store_rollback(to);
			cli_data_error("db", "%s; nothing was copied", err);
			goto out;
		}
		store_names_free(cols, nc);
	}
	if (store_commit(to) < 0) {
		cli_data_error("db", "--to: commit: %s", store_errmsg(to));
		goto out;
	}
	printf("revmech: copied %zu tables; comparing source and target:\n", nt);
	if (verify(from, to, tables, nt, err, sizeof err) < 0) {
		cli_data_error("db", "check failed: %s", err);
		goto out;
	}
	printf("revmech: the copy matches the source\n");
	rc = CLI_OK;
	created = 0;
out:
	store_names_free(tables, nt);
	store_close(from);
	store_close(to);
	if (created) {
		/* Ours, and incomplete: do not leave it to be mistaken for a copy. */
		char side[4200];
		unlink(to_db);
		snprintf(side, sizeof side, "%s-wal", to_db);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", to_db);
		unlink(side);
	}
	return rc;
}

int cli_db(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *from = NULL, *to = NULL;
	int c;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(db_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "copy") != 0)
		return cli_usage_error("db", "unknown action '%s' (copy)", argv[1]);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'h': fputs(db_help, stdout); return CLI_OK;
		default: return cli_bad_option("db copy", argv + 1, optind, optopt);
		}
	}
	if (optind < argc - 1)
		return cli_usage_error("db", "unexpected argument '%s'", argv[optind + 1]);
	if (!from || !to)
		return cli_usage_error("db", "copy needs --from and --to");
	return db_copy(from, to);
}
