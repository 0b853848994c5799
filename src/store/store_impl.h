/* store_impl.h - what the backends of store.h share (private to src/store/).
 *
 * store.c dispatches every function of store.h through the backend's
 * table of operations; each backend's connection and statement structs
 * begin with struct store / struct store_stmt below. */
#ifndef RM_STORE_IMPL_H
#define RM_STORE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* One migration, generated at build time from src/store/migrations/:
 * sql from NNNN_name.sql (both backends), then the backend's own part
 * from NNNN_name.sqlite.sql or NNNN_name.pg.sql ("" when absent). */
struct migration {
	int version;
	const char *name;
	const char *sql;
	const char *sql_sqlite;
	const char *sql_pg;
};
extern const struct migration store_migrations[];
extern const size_t store_nmigrations;

struct store_ops {
	void (*close)(struct store *s);
	int (*migrate_to)(struct store *s, int max_version);
	int (*schema_version)(struct store *s);
	int (*begin)(struct store *s);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);
	struct store_stmt *(*prepare)(struct store *s, const char *sql);
	struct store_stmt *(*prepare_cached)(struct store *s, const char *sql);
	int (*end_work)(struct store *s);
	int64_t (*data_version)(struct store *s);
	int64_t (*data_version_seen)(struct store *s);
	int (*exec)(struct store *s, const char *sql);
	int64_t (*last_id)(struct store *s);
	int (*changes)(struct store *s);
	int (*bind_text)(struct store_stmt *st, int idx, const char *v);
	int (*bind_int)(struct store_stmt *st, int idx, int64_t v);
	int (*bind_blob)(struct store_stmt *st, int idx, const void *v, size_t n);
	int (*bind_null)(struct store_stmt *st, int idx);
	int (*step)(struct store_stmt *st);
	int (*reset)(struct store_stmt *st);
	void (*finalize)(struct store_stmt *st);
	const char *(*col_text)(struct store_stmt *st, int col);
	int (*col_is_null)(struct store_stmt *st, int col);
	int64_t (*col_int)(struct store_stmt *st, int col);
	const void *(*col_blob)(struct store_stmt *st, int col, size_t *n);
};

struct store {
	const struct store_ops *ops;
	int backend; /* STORE_BACKEND_* */
	char err[512];
	char *name;  /* the db given to store_open() (store.c owns it) */
};

struct store_stmt {
	struct store *s;
};

/* The per-connection statement cache of both backends: this many slots,
 * matched by the FNV-1a hash of the SQL, then by content. */
#define STORE_CACHE_SLOTS 48
uint64_t store_sql_hash(const char *sql);

struct store *store_sqlite_open(const char *path, int flags, char *err, size_t errlen);
int store_sqlite_config_server(void);
/* Backup, check and in-use test of the SQLite backend (store.h's
 * store_backup, store_check, store_in_use); PostgreSQL has none. */
int store_sqlite_backup(struct store *s, const char *path, char *err, size_t errlen);
int store_sqlite_check(struct store *s, char *err, size_t errlen);
int store_sqlite_in_use(const char *path, char *err, size_t errlen);
void store_sqlite_checkpoint_defer(struct store *s, int on);
int store_sqlite_checkpoint(struct store *s);
void store_sqlite_checkpoint_pass(struct store *from, struct store *to);
struct store *store_pg_open(const char *url, int flags, char *err, size_t errlen);

#endif
