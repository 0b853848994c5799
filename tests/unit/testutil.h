/* testutil.h - shared by the cmocka unit tests. */
#ifndef RM_TESTUTIL_H
#define RM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/store.h"

/* Source tree root, so tests find data/ wherever they run. */
#ifndef RM_SRCDIR
#define RM_SRCDIR "."
#endif

/* Makes a fresh temporary directory; returns a malloc'd path. */
static inline char *tu_tmpdir(void)
{
	char tmpl[] = "/tmp/revmech-test-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	char *r = malloc(sizeof tmpl);
	assert_non_null(r);
	memcpy(r, tmpl, sizeof tmpl);
	return r;
}

/* Removes a directory made by tu_tmpdir and everything in it. */
static inline void tu_rmdir(char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
	free(dir);
}

/* 1 when the suite runs against PostgreSQL: REVMECH_TEST_PG holds the URL
 * of a maintenance database of a throw-away server (scripts/pg-test-server.sh),
 * on which tu_db() creates a fresh database per call. */
static inline const char *tu_pg(void)
{
	const char *u = getenv("REVMECH_TEST_PG");
	return u && *u ? u : NULL;
}

/* Names a new, empty database for a test into out: the SQLite file
 * DIR/NAME.db, or under REVMECH_TEST_PG a newly created PostgreSQL
 * database (its URL).  Either is opened with store_open(). */
static inline void tu_db(char *out, size_t n, const char *dir, const char *name)
{
	const char *base = tu_pg();
	if (!base) {
		snprintf(out, n, "%s/%s.db", dir, name);
		return;
	}
	static unsigned seq;
	char err[600], q[128], db[64];
	snprintf(db, sizeof db, "rt_%ld_%u_%s", (long)getpid(), ++seq, name);
	struct store *s = store_open(base, 0, err, sizeof err);
	if (!s)
		fail_msg("REVMECH_TEST_PG: %s", err);
	snprintf(q, sizeof q, "CREATE DATABASE %s", db);
	if (store_exec(s, q) != 0)
		fail_msg("%s: %s", q, store_errmsg(s));
	store_close(s);
	const char *slash = strrchr(base, '/');
	int keep = slash ? (int)(slash - base) : (int)strlen(base);
	snprintf(out, n, "%.*s/%s", keep, base, db);
}

#endif
