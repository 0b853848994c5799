/* store_pg_int.h - the PostgreSQL backend's connection and statement, for
 * store_pg.c and store_pg_migrate.c only. */
#ifndef REVMECH_STORE_PG_INT_H
#define REVMECH_STORE_PG_INT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "store/store_impl.h"

#define OID_BOOL 16
#define OID_BYTEA 17
/* Any constant will do: it names "the write lock" of store_begin(). */
#define PG_WRITE_LOCK "7216523"
#define PG_RETRIES 5

struct pg_stmt {
	struct store_stmt base;
	struct pg_stmt *prev, *next; /* the connection's live statements */
	char name[24];               /* server-side name; "" = the unnamed one */
	char *sql;                   /* renumbered */
	int nparams;
	char **vals;
	int *lens, *fmts;
	PGresult *res;               /* the rows of the current execution */
	int row, ntuples;
	int running;                 /* executed, rows left to step through */
	unsigned char *blob;         /* decoded bytea of store_col_blob */
	int cached, in_use;
	int prepared;                /* named: exists on the current session */
};

struct pg_slot {
	uint64_t hash;
	char *sql; /* as the caller wrote it */
	struct pg_stmt *stmt;
};

struct pg_store {
	struct store base;
	PGconn *conn;
	struct pg_slot cache[STORE_CACHE_SLOTS];
	size_t ncache;
	struct pg_stmt *live;
	struct pg_stmt *unnamed; /* the statement whose SQL the unnamed one holds */
	unsigned next_name;
	int changes;             /* rows changed by the latest write */
	int64_t total_changes;   /* by this connection, ever */
	int64_t seen;            /* data version as of the latest statement */
	int seen_stale;          /* a statement ran since seen was computed */
	int readonly;            /* STORE_READONLY: set again after a reconnect */
	int recovering;
};

/* Records what failed with the server's message in s->base.err. */
void store_pg_set_err(struct pg_store *s, const char *what, const PGresult *res);
/* Runs sql without parameters: 0, STORE_BUSY or -1 (err set); *changed,
 * when not NULL, gets the rows a write changed. */
int store_pg_run(struct pg_store *s, const char *sql, int64_t *changed);
/* The first column of the first row of sql as an integer, or -1. */
int64_t store_pg_query_int(struct pg_store *s, const char *sql);

/* The store_ops of migrations (store_pg_migrate.c). */
int store_pg_schema_version(struct store *base);
int store_pg_migrate_to(struct store *base, int max_version);

#endif
