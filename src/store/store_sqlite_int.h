/* store_sqlite_int.h - what the SQLite backend's two files share
 * (store_sqlite.c the connections, store_sqlite_file.c the file). */
#ifndef REVMECH_STORE_SQLITE_INT_H
#define REVMECH_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store_impl.h"

/* The connection's SQLite handle, owned by the connection (s must be a
 * SQLite store). */
sqlite3 *store_sqlite_handle(struct store *s);

/* Creates path, mode 0600, failing if it exists.  0, or -1 with err set. */
int store_sqlite_create_private(const char *path, char *err, size_t errlen);

/* Takes group and others' rights away from path and its side files. */
void store_sqlite_make_private(const char *path);

#endif
