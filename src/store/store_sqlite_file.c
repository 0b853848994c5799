/* store_sqlite_file.c - the SQLite database as a file: created private,
 * kept private, copied by the backup API into one rollback-journal file,
 * checked for integrity, and tested for other processes' connections
 * (store.h's store_backup, store_check, store_in_use).  Split from
 * store_sqlite.c, which keeps the connections. */
#include "store/store_impl.h"
#include "store/store_sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The database is created here, mode 0600, rather than by SQLite (which
 * uses 0644 less the umask): SQLite gives the -wal, -shm and journal files
 * the database's own mode, so they are private too.  Returns 0 or -1. */
int store_sqlite_create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Takes group and others' rights away from an existing database and its
 * side files (made by an older build, or copied in), before SQLite opens
 * them: the side files it creates later copy the database's mode. */
void store_sqlite_make_private(const char *path)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char f[4200];
	struct stat sb;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		if ((size_t)snprintf(f, sizeof f, "%s%s", path, ext[i]) >= sizeof f)
			return;
		if (stat(f, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 077))
			(void)chmod(f, sb.st_mode & 0700);
	}
}

/* ---- Backup ---- */

static void unlink_with_journal(const char *path)
{
	char j[4200];
	unlink(path);
	if ((size_t)snprintf(j, sizeof j, "%s-journal", path) < sizeof j)
		unlink(j);
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* The backup API copies page 1 as it is, so the copy says "WAL" like its
 * source; switching it to a rollback journal makes it one file that opens
 * anywhere, also read-only, and needs no -wal beside it. */
static int backup_to_rollback_mode(const char *path, char *err, size_t errlen)
{
	sqlite3 *d = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(d, "PRAGMA journal_mode = DELETE", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "delete") != 0) {
		snprintf(err, errlen, "%s: cannot leave WAL mode: %s", path,
			 d ? sqlite3_errmsg(d) : "cannot open");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(d);
	return rc;
}

int store_sqlite_backup(struct store *s, const char *path, char *err, size_t errlen)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	int rc = STORE_ERR, made = 0;
	if (store_sqlite_create_private(path, err, errlen) < 0)
		return STORE_ERR;
	made = 1;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, dst ? sqlite3_errmsg(dst) : "cannot open");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", store_sqlite_handle(s), "main");
	if (!b) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step: one read transaction on the source, hence one
	 * consistent moment; writers go on meanwhile (WAL).  Busy only while a
	 * checkpoint or recovery holds the source: wait and retry, ~10 s. */
	int r;
	for (int tries = 0;; tries++) {
		r = sqlite3_backup_step(b, -1);
		if (r == SQLITE_DONE || tries >= 200 ||
		    ((r & 0xff) != SQLITE_BUSY && (r & 0xff) != SQLITE_LOCKED))
			break;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	int fin = sqlite3_backup_finish(b);
	b = NULL;
	if (r != SQLITE_DONE || fin != SQLITE_OK) {
		snprintf(err, errlen, "backup: %s", sqlite3_errstr(r != SQLITE_DONE ? r : fin));
		goto out;
	}
	sqlite3_close(dst);
	dst = NULL;
	if (backup_to_rollback_mode(path, err, errlen) < 0)
		goto out;
	if (sync_file(path) < 0) {
		snprintf(err, errlen, "%s: cannot sync: %s", path, strerror(errno));
		goto out;
	}
	rc = STORE_OK;
out:
	if (dst)
		sqlite3_close(dst);
	if (rc != STORE_OK && made)
		unlink_with_journal(path);
	return rc;
}

int store_sqlite_check(struct store *s, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = STORE_ERR;
	if (sqlite3_prepare_v2(store_sqlite_handle(s), "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "integrity check: %s", sqlite3_errmsg(store_sqlite_handle(s)));
		return STORE_ERR;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "integrity check: %s", sqlite3_errmsg(store_sqlite_handle(s)));
		goto out;
	}
	const char *first = (const char *)sqlite3_column_text(st, 0);
	if (!first || strcmp(first, "ok") != 0) {
		snprintf(err, errlen, "integrity check failed: %s", first ? first : "?");
		goto out;
	}
	rc = STORE_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

/* In WAL mode every connection holds a shared lock on the "DMS" byte of the
 * -shm file for as long as it is open (offset 120 + 8, see SQLite's
 * walformat.html): a write lock on it would conflict, which F_GETLK reports
 * for locks of other processes. */
#define SHM_DMS_OFFSET 128

int store_sqlite_in_use(const char *path, char *err, size_t errlen)
{
	char shm[4200];
	if ((size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm) {
		snprintf(err, errlen, "%s: path too long", path);
		return STORE_ERR;
	}
	int fd = open(shm, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* no WAL index: no connection */
		snprintf(err, errlen, "%s: %s", shm, strerror(errno));
		return STORE_ERR;
	}
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SHM_DMS_OFFSET;
	fl.l_len = 1;
	int rc = fcntl(fd, F_GETLK, &fl);
	int e = errno;
	close(fd);
	if (rc < 0) {
		snprintf(err, errlen, "%s: %s", shm, strerror(e));
		return STORE_ERR;
	}
	return fl.l_type != F_UNLCK;
}
