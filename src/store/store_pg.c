/* store_pg.c - the PostgreSQL (libpq) backend of store.h.
 *
 * Mapping of SQLite's behaviour onto PostgreSQL, so that callers above
 * store.h cannot tell the two apart:
 *   - "?" parameters are renumbered to $1..$n; every value travels as text
 *     (blobs as binary) and the server infers its type from the context;
 *   - store_prepare_cached() keeps a named server-side prepared statement
 *     per connection; store_prepare() uses the unnamed one (validated at
 *     prepare time, so that bad SQL fails there as on SQLite);
 *   - store_begin() is BEGIN plus a transaction-wide advisory lock: like
 *     SQLite's BEGIN IMMEDIATE, explicit transactions never interleave, so
 *     the read-then-write code written for SQLite (login throttling, the
 *     drawing of lots) stays correct on READ COMMITTED;
 *   - lock waits end after 5 s (lock_timeout, SQLite's busy timeout) and
 *     give STORE_BUSY, as do serialization failures and deadlocks; a
 *     statement outside a transaction that fails so is retried, as SQLite
 *     retries a busy statement;
 *   - the data version is a hash of the server's snapshot (which
 *     transactions are visible: two equal snapshots see equal data) plus
 *     this connection's own row changes; no table or trigger is needed.
 */
#include "store/store_impl.h"
#include "store/store_pg_int.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xmalloc.h"

static const struct store_ops pg_ops;

static struct pg_store *PG(struct store *s) { return (struct pg_store *)s; }
static struct pg_stmt *ST(struct store_stmt *st) { return (struct pg_stmt *)st; }

static int pg_session_setup(struct pg_store *s);

/* A lost connection (server restart, failover, idle kill) is opened again
 * at once, so that the next statement works; the statement that met the
 * loss still fails (it may or may not have run), and an open transaction
 * is gone (store_commit() then fails). */
static void pg_recover(struct pg_store *s)
{
	if (s->recovering || PQstatus(s->conn) != CONNECTION_BAD)
		return;
	s->recovering = 1;
	PQreset(s->conn);
	if (PQstatus(s->conn) == CONNECTION_OK && pg_session_setup(s) == 0) {
		for (size_t i = 0; i < s->ncache; i++)
			s->cache[i].stmt->prepared = 0;
		s->unnamed = NULL;
	}
	s->recovering = 0;
}

void store_pg_set_err(struct pg_store *s, const char *what, const PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : "";
	if (!m || !*m)
		m = PQerrorMessage(s->conn);
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	snprintf(s->base.err, sizeof s->base.err, "%s: %.*s", what, (int)n, m);
	pg_recover(s);
}

/* SQLSTATE classes to store.h codes. */
static int map_state(const PGresult *res)
{
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!st)
		return STORE_ERR;
	if (strncmp(st, "23", 2) == 0)
		return STORE_CONSTRAINT;
	if (strcmp(st, "40001") == 0 || strcmp(st, "40P01") == 0 ||
	    strcmp(st, "55P03") == 0)
		return STORE_BUSY;
	return STORE_ERR;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* notices ("relation exists, skipping") are not errors */
}

/* A URL with a password would show it to anyone who can list processes
 * or read a unit file: refused, with where to put it instead. */
static int url_has_password(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return 0;
	p += 3;
	const char *end = p + strcspn(p, "/?#");
	const char *at = memchr(p, '@', (size_t)(end - p));
	if (at && memchr(p, ':', (size_t)(at - p)))
		return 1;
	const char *q = strchr(url, '?');
	return q && (strstr(q, "password=") != NULL);
}

/* The URL for messages: no query string, no password. */
static void url_for_msg(const char *url, char *out, size_t n)
{
	size_t len = strcspn(url, "?");
	const char *p = strstr(url, "://");
	const char *at = p ? memchr(p, '@', len - (size_t)(p - url)) : NULL;
	const char *colon = at ? memchr(p + 3, ':', (size_t)(at - p - 3)) : NULL;
	if (colon)
		snprintf(out, n, "%.*s:***%.*s", (int)(colon - url), url,
			 (int)(len - (size_t)(at - url)), at);
	else
		snprintf(out, n, "%.*s", (int)len, url);
}

/* INSERT, UPDATE, DELETE: what store_changes() counts (not SELECT). */
static int is_write(const PGresult *res)
{
	const char *tag = PQcmdStatus((PGresult *)res);
	return strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
	       strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0;
}

/* Runs sql (any number of statements, no parameters) and checks every
 * result.  Returns 0 or a negative store code (message in s->base.err). */
int store_pg_run(struct pg_store *s, const char *sql, int64_t *changed)
{
	int rc = 0;
	PGresult *res;
	s->seen_stale = 1;
	s->unnamed = NULL; /* a simple query destroys the unnamed statement */
	if (!PQsendQuery(s->conn, sql)) {
		store_pg_set_err(s, "exec", NULL);
		return STORE_ERR;
	}
	while ((res = PQgetResult(s->conn)) != NULL) {
		ExecStatusType t = PQresultStatus(res);
		if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK && t != PGRES_EMPTY_QUERY &&
		    rc == 0) {
			store_pg_set_err(s, "exec", res);
			rc = map_state(res);
		} else if (changed && is_write(res)) {
			const char *n = PQcmdTuples(res);
			if (*n)
				*changed += strtoll(n, NULL, 10);
		}
		PQclear(res);
	}
	return rc;
}

static int pg_exec(struct store *base, const char *sql)
{
	struct pg_store *s = PG(base);
	int64_t n = 0;
	int rc = store_pg_run(s, sql, &n);
	s->total_changes += n;
	return rc < 0 ? -1 : 0;
}

/* One integer from a parameterless query; -1 on error. */
int64_t store_pg_query_int(struct pg_store *s, const char *sql)
{
	int64_t v = -1;
	s->unnamed = NULL;
	PGresult *res = PQexec(s->conn, sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0))
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		store_pg_set_err(s, "query", res);
	PQclear(res);
	return v;
}

struct store *store_pg_open(const char *url, int flags, char *err, size_t errlen)
{
	char shown[256];
	struct pg_store *s = NULL;
	url_for_msg(url, shown, sizeof shown);
	if (url_has_password(url)) {
		snprintf(err, errlen, "%s: the URL holds a password; put it in PGPASSFILE "
			 "(~/.pgpass) or a service file (PGSERVICEFILE), never on the command line",
			 shown);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->base.ops = &pg_ops;
	s->base.backend = STORE_BACKEND_PG;
	s->seen_stale = 1;
	s->conn = PQconnectdb(url);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		const char *m = s->conn ? PQerrorMessage(s->conn) : "out of memory";
		snprintf(err, errlen, "%s: %.*s", shown, (int)strcspn(m, "\n"), m);
		goto fail;
	}
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	s->readonly = (flags & STORE_READONLY) != 0;
	if (pg_session_setup(s) < 0)
		goto fail_msg;
	if (flags & STORE_MUST_BE_NEW) {
		int64_t n = store_pg_query_int(s, "SELECT count(*) FROM information_schema.tables "
					    "WHERE table_schema = current_schema()");
		if (n < 0)
			goto fail_msg;
		if (n > 0) {
			snprintf(err, errlen, "%s: database already exists and is not empty "
				 "(%lld tables)", shown, (long long)n);
			goto fail;
		}
	}
	return &s->base;
fail_msg:
	snprintf(err, errlen, "%s: %s", shown, s->base.err);
fail:
	PQfinish(s->conn);
	free(s);
	return NULL;
}

/* lock_timeout: SQLite's busy timeout.  UTC: times are text, but
 * CURRENT_TIMESTAMP defaults must read the same on both. */
static int pg_session_setup(struct pg_store *s)
{
	if (store_pg_run(s, "SET lock_timeout = '5s'; SET TIME ZONE 'UTC'; "
		      "SET client_min_messages = warning", NULL) < 0)
		return -1;
	if (s->readonly && store_pg_run(s, "SET default_transaction_read_only = on", NULL) < 0)
		return -1;
	return 0;
}

static void stmt_clear_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->running = 0;
	st->row = st->ntuples = 0;
	if (st->blob) {
		PQfreemem(st->blob);
		st->blob = NULL;
	}
}

static void stmt_clear_bindings(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->lens[i] = 0;
		st->fmts[i] = 0;
	}
}

static void stmt_free(struct pg_store *s, struct pg_stmt *st)
{
	stmt_clear_result(st);
	stmt_clear_bindings(st);
	if (st->prev)
		st->prev->next = st->next;
	else
		s->live = st->next;
	if (st->next)
		st->next->prev = st->prev;
	if (s->unnamed == st)
		s->unnamed = NULL;
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st->sql);
	free(st);
}

static void pg_close(struct store *base)
{
	struct pg_store *s = PG(base);
	for (size_t i = 0; i < s->ncache; i++)
		free(s->cache[i].sql);
	while (s->live)
		stmt_free(s, s->live);
	PQfinish(s->conn);
	free(s);
}

/* "?" to "$n" outside string literals, quoted names and comments.
 * Returns the new SQL (caller frees) and the count in *n. */
static char *renumber(const char *sql, int *n)
{
	size_t len = strlen(sql), cap = len + 1 + len * 3; /* "?" -> "$999" */
	char *out = xmalloc(cap), *o = out;
	*n = 0;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p) {
				if (*p == q && p[1] == q) {
					*o++ = *p++;
					*o++ = *p++;
				} else if (*p == q) {
					*o++ = *p++;
					break;
				} else {
					*o++ = *p++;
				}
			}
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?') {
			++*n;
			o += snprintf(o, cap - (size_t)(o - out), "$%d", *n);
			p++;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static struct pg_stmt *stmt_new(struct pg_store *s, const char *sql)
{
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	st->base.s = &s->base;
	st->sql = renumber(sql, &st->nparams);
	size_t np = st->nparams ? (size_t)st->nparams : 1;
	st->vals = xcalloc(np, sizeof *st->vals);
	st->lens = xcalloc(np, sizeof *st->lens);
	st->fmts = xcalloc(np, sizeof *st->fmts);
	return st;
}

static void stmt_link(struct pg_store *s, struct pg_stmt *st)
{
	st->next = s->live;
	if (s->live)
		s->live->prev = st;
	s->live = st;
}

/* Prepares st on the server under st->name ("" = the unnamed statement). */
static int stmt_server_prepare(struct pg_store *s, struct pg_stmt *st)
{
	PGresult *res = PQprepare(s->conn, st->name, st->sql, 0, NULL);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	st->prepared = ok;
	if (!ok)
		store_pg_set_err(s, "prepare", res);
	PQclear(res);
	s->seen_stale = 1;
	return ok ? 0 : -1;
}

static struct store_stmt *pg_prepare(struct store *base, const char *sql)
{
	struct pg_store *s = PG(base);
	struct pg_stmt *st = stmt_new(s, sql);
	stmt_link(s, st);
	if (stmt_server_prepare(s, st) < 0) {
		stmt_free(s, st);
		return NULL;
	}
	s->unnamed = st;
	return &st->base;
}

static struct store_stmt *pg_prepare_cached(struct store *base, const char *sql)
{
	struct pg_store *s = PG(base);
	uint64_t h = store_sql_hash(sql);
	for (size_t i = 0; i < s->ncache; i++) {
		struct pg_slot *slot = &s->cache[i];
		if (slot->hash == h && strcmp(slot->sql, sql) == 0) {
			/* Nested use of the same SQL: a private statement. */
			if (slot->stmt->in_use)
				return pg_prepare(base, sql);
			slot->stmt->in_use = 1;
			return &slot->stmt->base;
		}
	}
	if (s->ncache >= STORE_CACHE_SLOTS)
		return pg_prepare(base, sql);
	struct pg_stmt *st = stmt_new(s, sql);
	snprintf(st->name, sizeof st->name, "rm%u", ++s->next_name);
	stmt_link(s, st);
	if (stmt_server_prepare(s, st) < 0) {
		stmt_free(s, st);
		return NULL;
	}
	st->cached = st->in_use = 1;
	struct pg_slot *slot = &s->cache[s->ncache++];
	slot->hash = h;
	slot->sql = xstrdup(sql);
	slot->stmt = st;
	return &st->base;
}

static int bind_check(struct pg_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams) {
		snprintf(st->base.s->err, sizeof st->base.s->err,
			 "bind: parameter %d out of range (1..%d)", idx, st->nparams);
		return 0;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = NULL;
	st->lens[idx - 1] = 0;
	st->fmts[idx - 1] = 0;
	return 1;
}

static int pg_bind_text(struct store_stmt *base, int idx, const char *v)
{
	struct pg_stmt *st = ST(base);
	if (!bind_check(st, idx))
		return STORE_ERR;
	if (v)
		st->vals[idx - 1] = xstrdup(v);
	return STORE_OK;
}

static int pg_bind_int(struct store_stmt *base, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return pg_bind_text(base, idx, buf);
}

static int pg_bind_blob(struct store_stmt *base, int idx, const void *v, size_t n)
{
	struct pg_stmt *st = ST(base);
	if (!bind_check(st, idx))
		return STORE_ERR;
	if (n > 0x7fffffff)
		return STORE_ERR;
	st->vals[idx - 1] = xmalloc(n ? n : 1);
	if (n)
		memcpy(st->vals[idx - 1], v, n);
	st->lens[idx - 1] = (int)n;
	st->fmts[idx - 1] = 1;
	return STORE_OK;
}

static int pg_bind_null(struct store_stmt *base, int idx)
{
	return bind_check(ST(base), idx) ? STORE_OK : STORE_ERR;
}

static PGresult *stmt_execute(struct pg_store *s, struct pg_stmt *st)
{
	const char *const *vals = (const char *const *)st->vals;
	/* After a reconnect the named statements are prepared again. */
	if (st->name[0] && !st->prepared)
		(void)stmt_server_prepare(s, st);
	if ((st->name[0] && st->prepared) || (!st->name[0] && s->unnamed == st))
		return PQexecPrepared(s->conn, st->name, st->nparams, vals, st->lens,
				      st->fmts, 0);
	/* The unnamed statement was reused since: parse again (into it). */
	s->unnamed = st;
	return PQexecParams(s->conn, st->sql, st->nparams, NULL, vals, st->lens, st->fmts, 0);
}

static int pg_step(struct store_stmt *base)
{
	struct pg_stmt *st = ST(base);
	struct pg_store *s = PG(base->s);
	if (st->running) {
		if (++st->row < st->ntuples)
			return STORE_ROW;
		stmt_clear_result(st);
		return STORE_DONE;
	}
	stmt_clear_result(st);
	/* Outside a transaction a failed statement changed nothing, so a
	 * serialization failure or deadlock can be retried whole. */
	int autocommit = PQtransactionStatus(s->conn) == PQTRANS_IDLE;
	PGresult *res = NULL;
	int rc = STORE_ERR;
	for (int attempt = 0;; attempt++) {
		res = stmt_execute(s, st);
		s->seen_stale = 1;
		ExecStatusType t = PQresultStatus(res);
		if (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK) {
			rc = STORE_OK;
			break;
		}
		rc = map_state(res);
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		int retry = autocommit && attempt < PG_RETRIES && code &&
			    (strcmp(code, "40001") == 0 || strcmp(code, "40P01") == 0);
		if (!retry) {
			store_pg_set_err(s, "step", res);
			PQclear(res);
			return rc;
		}
		PQclear(res);
		struct timespec ts = { 0, 5000000L * (attempt + 1) };
		nanosleep(&ts, NULL);
	}
	if (is_write(res)) {
		const char *n = PQcmdTuples(res);
		s->changes = *n ? (int)strtol(n, NULL, 10) : 0;
		s->total_changes += s->changes;
	}
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) {
		st->res = res;
		st->ntuples = PQntuples(res);
		st->row = 0;
		st->running = 1;
		return STORE_ROW;
	}
	PQclear(res);
	return STORE_DONE;
}

static int pg_reset(struct store_stmt *base)
{
	stmt_clear_result(ST(base));
	stmt_clear_bindings(ST(base));
	return STORE_OK;
}

static void pg_finalize(struct store_stmt *base)
{
	struct pg_stmt *st = ST(base);
	if (st->cached) {
		pg_reset(base);
		st->in_use = 0;
		return;
	}
	stmt_free(PG(base->s), st);
}

static int has_row(const struct pg_stmt *st, int col)
{
	return st->running && st->res && col >= 0 && col < PQnfields(st->res);
}

static const char *pg_col_text(struct store_stmt *base, int col)
{
	struct pg_stmt *st = ST(base);
	if (!has_row(st, col))
		return "";
	if (PQftype(st->res, col) == OID_BOOL && !PQgetisnull(st->res, st->row, col))
		return PQgetvalue(st->res, st->row, col)[0] == 't' ? "1" : "0";
	return PQgetvalue(st->res, st->row, col);
}

static int pg_col_is_null(struct store_stmt *base, int col)
{
	struct pg_stmt *st = ST(base);
	return !has_row(st, col) || PQgetisnull(st->res, st->row, col);
}

static int64_t pg_col_int(struct store_stmt *base, int col)
{
	struct pg_stmt *st = ST(base);
	if (pg_col_is_null(base, col))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == OID_BOOL)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const void *pg_col_blob(struct store_stmt *base, int col, size_t *n)
{
	struct pg_stmt *st = ST(base);
	*n = 0;
	if (pg_col_is_null(base, col))
		return NULL;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) != OID_BYTEA) {
		*n = (size_t)PQgetlength(st->res, st->row, col);
		return v;
	}
	if (st->blob)
		PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)v, n);
	return st->blob;
}

static int pg_begin(struct store *base)
{
	struct pg_store *s = PG(base);
	int rc = store_pg_run(s, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")", NULL);
	if (rc < 0 && PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
		char why[sizeof s->base.err];
		snprintf(why, sizeof why, "%s", s->base.err);
		(void)store_pg_run(s, "ROLLBACK", NULL);
		snprintf(s->base.err, sizeof s->base.err, "%s", why);
	}
	return rc;
}

static int pg_commit(struct store *base)
{
	struct pg_store *s = PG(base);
	s->seen_stale = 1;
	s->unnamed = NULL;
	if (PQtransactionStatus(s->conn) == PQTRANS_IDLE) {
		/* Lost with its connection (or never begun): not committed. */
		snprintf(s->base.err, sizeof s->base.err,
			 "commit: no transaction is active (the connection was lost?)");
		return STORE_ERR;
	}
	PGresult *res = PQexec(s->conn, "COMMIT");
	int rc = STORE_OK;
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		store_pg_set_err(s, "commit", res);
		rc = map_state(res);
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		/* COMMIT of a failed transaction answers ROLLBACK. */
		snprintf(s->base.err, sizeof s->base.err,
			 "commit: the transaction had failed and was rolled back");
		rc = STORE_ERR;
	}
	PQclear(res);
	return rc;
}

static int pg_rollback(struct store *base)
{
	struct pg_store *s = PG(base);
	if (PQtransactionStatus(s->conn) == PQTRANS_IDLE) {
		snprintf(s->base.err, sizeof s->base.err,
			 "rollback: no transaction is active");
		return STORE_ERR;
	}
	return store_pg_run(s, "ROLLBACK", NULL);
}

static int pg_end_work(struct store *base)
{
	struct pg_store *s = PG(base);
	int n = 0;
	for (struct pg_stmt *st = s->live; st; st = st->next) {
		if (st->running) {
			stmt_clear_result(st);
			n++;
		}
	}
	for (size_t i = 0; i < s->ncache; i++) {
		struct pg_stmt *c = s->cache[i].stmt;
		if (c->in_use) {
			pg_reset(&c->base);
			c->in_use = 0;
			n++;
		}
	}
	if (PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
		(void)store_pg_run(s, "ROLLBACK", NULL);
		n++;
	}
	return n;
}

static int64_t pg_data_version(struct store *base)
{
	struct pg_store *s = PG(base);
	s->unnamed = NULL;
	PGresult *res = PQexec(s->conn, "SELECT pg_current_snapshot()");
	int64_t v = -1;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		uint64_t h = store_sql_hash(PQgetvalue(res, 0, 0));
		h += (uint64_t)s->total_changes * 0x9E3779B97F4A7C15ULL;
		v = (int64_t)(h >> 1);
		s->seen = v;
		s->seen_stale = 0;
	} else {
		store_pg_set_err(s, "data version", res);
	}
	PQclear(res);
	return v;
}

/* One query when a statement ran since the last answer (see the header:
 * never older than the latest statement, which is what callers need). */
static int64_t pg_data_version_seen(struct store *base)
{
	struct pg_store *s = PG(base);
	if (!s->seen_stale)
		return s->seen;
	return pg_data_version(base);
}

static int64_t pg_last_id(struct store *base)
{
	struct pg_store *s = PG(base);
	s->unnamed = NULL;
	PGresult *res = PQexec(s->conn, "SELECT lastval()");
	int64_t v = 0;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static int pg_changes(struct store *s) { return PG(s)->changes; }

static const struct store_ops pg_ops = {
	.close = pg_close,
	.migrate_to = store_pg_migrate_to,
	.schema_version = store_pg_schema_version,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.prepare_cached = pg_prepare_cached,
	.end_work = pg_end_work,
	.data_version = pg_data_version,
	.data_version_seen = pg_data_version_seen,
	.exec = pg_exec,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.col_text = pg_col_text,
	.col_is_null = pg_col_is_null,
	.col_int = pg_col_int,
	.col_blob = pg_col_blob,
};
