/* store.c - store.h's front: picks the backend at store_open() and passes
 * every call to it. */
#include "store/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

int store_is_url(const char *db)
{
	return db && (strncmp(db, "postgresql://", 13) == 0 ||
		      strncmp(db, "postgres://", 11) == 0);
}

struct store *store_open(const char *db, int flags, char *err, size_t errlen)
{
	if (!db || !*db) {
		snprintf(err, errlen, "no database given");
		return NULL;
	}
	struct store *s = store_is_url(db) ? store_pg_open(db, flags, err, errlen)
					   : store_sqlite_open(db, flags, err, errlen);
	if (s)
		s->name = xstrdup(db);
	return s;
}

const char *store_name(struct store *s) { return s->name; }

int store_config_server(void) { return store_sqlite_config_server(); }

int store_backend(struct store *s) { return s->backend; }

uint64_t store_sql_hash(const char *p)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	return h;
}

int store_latest_version(void)
{
	return store_nmigrations ? store_migrations[store_nmigrations - 1].version : 0;
}

void store_close(struct store *s)
{
	if (s) {
		free(s->name);
		s->name = NULL;
		s->ops->close(s);
	}
}

int store_migrate(struct store *s) { return s->ops->migrate_to(s, store_latest_version()); }
int store_migrate_to(struct store *s, int v) { return s->ops->migrate_to(s, v); }
int store_schema_version(struct store *s) { return s->ops->schema_version(s); }
int store_begin(struct store *s) { return s->ops->begin(s); }
int store_commit(struct store *s) { return s->ops->commit(s); }
int store_rollback(struct store *s) { return s->ops->rollback(s); }
struct store_stmt *store_prepare(struct store *s, const char *sql)
{
	return s->ops->prepare(s, sql);
}
struct store_stmt *store_prepare_cached(struct store *s, const char *sql)
{
	return s->ops->prepare_cached(s, sql);
}
int store_end_work(struct store *s) { return s->ops->end_work(s); }
int64_t store_data_version(struct store *s) { return s->ops->data_version(s); }
int64_t store_data_version_seen(struct store *s) { return s->ops->data_version_seen(s); }
int store_exec(struct store *s, const char *sql) { return s->ops->exec(s, sql); }
int64_t store_last_id(struct store *s) { return s->ops->last_id(s); }
int store_changes(struct store *s) { return s->ops->changes(s); }
const char *store_errmsg(struct store *s) { return s->err; }

int store_bind_text(struct store_stmt *st, int idx, const char *v)
{
	return st->s->ops->bind_text(st, idx, v);
}
int store_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	return st->s->ops->bind_int(st, idx, v);
}
int store_bind_blob(struct store_stmt *st, int idx, const void *v, size_t n)
{
	return st->s->ops->bind_blob(st, idx, v, n);
}
int store_bind_null(struct store_stmt *st, int idx) { return st->s->ops->bind_null(st, idx); }
int store_step(struct store_stmt *st) { return st->s->ops->step(st); }
int store_reset(struct store_stmt *st) { return st->s->ops->reset(st); }
void store_finalize(struct store_stmt *st)
{
	if (st)
		st->s->ops->finalize(st);
}
const char *store_col_text(struct store_stmt *st, int col)
{
	return st->s->ops->col_text(st, col);
}
int store_col_is_null(struct store_stmt *st, int col)
{
	return st->s->ops->col_is_null(st, col);
}
int64_t store_col_int(struct store_stmt *st, int col) { return st->s->ops->col_int(st, col); }
const void *store_col_blob(struct store_stmt *st, int col, size_t *n)
{
	return st->s->ops->col_blob(st, col, n);
}

/* ---- catalogue (revmech db copy) ---- */

static int list_names(struct store *s, const char *sql, const char *arg, char ***out,
		      size_t *n)
{
	struct store_stmt *st = store_prepare(s, sql);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	if (arg)
		store_bind_text(st, 1, arg);
	while ((rc = store_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[(*n)++] = xstrdup(store_col_text(st, 0));
	}
	store_finalize(st);
	if (rc != STORE_DONE) {
		store_names_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void store_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int store_tables(struct store *s, char ***out, size_t *n)
{
	/* Creation order: a table only references tables made before it. */
	static const char *const q[] = {
		"SELECT name FROM sqlite_master WHERE type = 'table' "
		"AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY rowid",
		"SELECT c.relname FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace "
		"WHERE ns.nspname = current_schema() AND c.relkind = 'r' "
		"AND c.relname <> 'schema_migrations' ORDER BY c.oid",
	};
	return list_names(s, q[s->backend == STORE_BACKEND_PG], NULL, out, n);
}

int store_columns(struct store *s, const char *table, char ***out, size_t *n)
{
	static const char *const q[] = {
		"SELECT name FROM pragma_table_info(?) ORDER BY cid",
		"SELECT column_name FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND table_name = ? "
		"ORDER BY ordinal_position",
	};
	return list_names(s, q[s->backend == STORE_BACKEND_PG], table, out, n);
}

int store_sync_ids(struct store *s, const char *table)
{
	if (s->backend != STORE_BACKEND_PG)
		return 0; /* SQLite's rowid follows the largest id by itself */
	char **cols;
	size_t n;
	if (list_names(s, "SELECT column_name FROM information_schema.columns "
			  "WHERE table_schema = current_schema() AND table_name = ? "
			  "AND is_identity = 'YES'", table, &cols, &n) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char sql[512];
		/* Names come from the catalogue; quoted all the same. */
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence(CAST(? AS TEXT), CAST(? AS TEXT)), "
			 "COALESCE(MAX(\"%s\"), 1), MAX(\"%s\") IS NOT NULL) FROM \"%s\"",
			 cols[i], cols[i], table);
		struct store_stmt *st = store_prepare(s, sql);
		if (!st) {
			rc = -1;
			break;
		}
		char quoted[300];
		snprintf(quoted, sizeof quoted, "\"%s\"", table);
		store_bind_text(st, 1, quoted);
		store_bind_text(st, 2, cols[i]);
		rc = store_step(st) == STORE_ROW ? 0 : -1;
		store_finalize(st);
	}
	store_names_free(cols, n);
	return rc;
}

/* Backup exists for the file backend only: PostgreSQL has pg_dump. */
int store_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	if (s->backend == STORE_BACKEND_SQLITE)
		return store_sqlite_backup(s, path, err, errlen);
	snprintf(err, errlen, "a PostgreSQL database is backed up with pg_dump (docs/deploy.md)");
	return STORE_UNSUPPORTED;
}

int store_check(struct store *s, char *err, size_t errlen)
{
	if (s->backend == STORE_BACKEND_SQLITE)
		return store_sqlite_check(s, err, errlen);
	snprintf(err, errlen, "PostgreSQL checks itself (amcheck, pg_dump)");
	return STORE_UNSUPPORTED;
}

void store_checkpoint_defer(struct store *s, int on)
{
	if (s->backend == STORE_BACKEND_SQLITE)
		store_sqlite_checkpoint_defer(s, on);
}

int store_checkpoint(struct store *s)
{
	return s->backend == STORE_BACKEND_SQLITE ? store_sqlite_checkpoint(s) : 0;
}

void store_checkpoint_pass(struct store *from, struct store *to)
{
	if (from->backend == STORE_BACKEND_SQLITE && to->backend == STORE_BACKEND_SQLITE)
		store_sqlite_checkpoint_pass(from, to);
}

int store_in_use(const char *path, char *err, size_t errlen)
{
	if (!store_is_url(path))
		return store_sqlite_in_use(path, err, errlen);
	snprintf(err, errlen, "cannot tell whether a PostgreSQL database is in use");
	return STORE_UNSUPPORTED;
}
