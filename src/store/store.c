/* store.c - store.h's front: picks the backend at store_open() and passes
 * every call to it. */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

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
	return store_is_url(db) ? store_pg_open(db, flags, err, errlen)
				: store_sqlite_open(db, flags, err, errlen);
}

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
	if (s)
		s->ops->close(s);
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
