/* cmd_backup.c - `revmech backup` and `revmech restore` (issue 8 item 7).
 *
 * A backup is two files: OUT, a consistent copy of the database made by
 * the store while the server may be writing (a plain copy of a WAL
 * database misses what is still in its -wal), and OUT.key, the key file
 * that seals the TOTP secrets (without it, accounts with TOTP cannot log
 * in), and OUT.archive.key, the key that seals and signs the archive of the
 * dialogue (without it, archived messages can be read and verified by no
 * one), and OUT.sign, the Ed25519 key that signs agreed summaries
 * (output/sign.h; without it, summaries agreed after a restore would be
 * signed by another key than the one the Secretariat published).  All are written beside their final names and renamed into place,
 * the keys first, so that OUT exists only when it and its keys are whole. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "archive/archive.h"
#include "cli/cli.h"
#include "store/store.h"
#include "util/util.h"

#define PATH_MAX_RM 4096

static const char backup_help[] =
	"usage: revmech backup --db PATH [--force] OUT\n\n"
	"Writes a consistent copy of the database at PATH to OUT (mode 0600), and its\n"
	"key file PATH.key, which seals the TOTP secrets, to OUT.key. It may run\n"
	"while 'revmech serve' is writing: the copy is the database as of one\n"
	"moment (a plain cp of the file misses what is still in PATH-wal). Both\n"
	"files are written aside and renamed, so a failed backup leaves no half\n"
	"file. The copy is checked (it opens, schema version, integrity check).\n"
	"Keep OUT.key as safe as the passwords it protects: OUT without it\n"
	"gives no login codes. PATH.archive.key, the key of the archive of the\n"
	"dialogue, goes to OUT.archive.key the same way, and PATH.sign, the key\n"
	"that signs agreed summaries, to OUT.sign.\n\n"
	"  --db PATH   database to copy (SQLite; for PostgreSQL use pg_dump)\n"
	"  --force     replace OUT (and OUT.key) if they exist\n";

static const char restore_help[] =
	"usage: revmech restore --db PATH [--force] BACKUP\n\n"
	"Replaces the database at PATH by the backup BACKUP (made by 'revmech\n"
	"backup'), PATH.key by BACKUP.key, PATH.archive.key by\n"
	"BACKUP.archive.key and PATH.sign by BACKUP.sign. Refuses a backup that does not open,\n"
	"fails the integrity check or has a schema newer than this program (an\n"
	"older one is upgraded by 'revmech migrate' or 'revmech serve'); refuses\n"
	"to replace a database that a running process (revmech serve) has open,\n"
	"and an existing one without --force. Written aside and renamed.\n\n"
	"  --db PATH   database to create or replace\n"
	"  --force     replace an existing database (not one in use)\n";

/* "<path><suffix>" into out; -1 if too long. */
static int path_with(char *out, size_t len, const char *path, const char *suffix)
{
	return (size_t)snprintf(out, len, "%s%s", path, suffix) < len ? 0 : -1;
}

/* Makes a rename in the directory of path survive a crash. */
static void sync_dir_of(const char *path)
{
	char dir[PATH_MAX_RM];
	util_strlcpy(dir, path, sizeof dir);
	char *slash = strrchr(dir, '/');
	if (!slash)
		util_strlcpy(dir, ".", sizeof dir);
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Copies the key file src to the new file dst (mode 0600, synced).
 * Returns 1 copied, 0 when src does not exist, -1 with err set. */
static int copy_key(const char *src, const char *dst, char *err, size_t errlen)
{
	char *buf = NULL, why[300];
	size_t n = 0;
	int rc = -1, fd = -1;
	if (access(src, F_OK) != 0 && errno == ENOENT)
		return 0;
	if (util_read_file(src, 4096, &buf, &n, why, sizeof why) < 0) {
		snprintf(err, errlen, "key file %s", why);
		return -1;
	}
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, buf, n) != (ssize_t)n || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", dst, strerror(errno));
		if (fd >= 0)
			unlink(dst);
		goto out;
	}
	rc = 1;
out:
	if (fd >= 0)
		close(fd);
	sodium_memzero(buf, n);
	free(buf);
	return rc;
}

/* Opens a finished copy and checks it as restore will: it opens, has a
 * schema this program knows, and passes the integrity check.  Returns the
 * schema version (> 0), or -1 with err set. */
static int check_copy(const char *path, char *err, size_t errlen)
{
	char why[600];
	int v = -1;
	struct store *s = store_open(path, STORE_READONLY, why, sizeof why);
	if (!s) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	int sv = store_schema_version(s);
	if (sv <= 0) {
		snprintf(err, errlen, "%s: not a revmech database (no schema version)", path);
		goto out;
	}
	if (sv > store_latest_version()) {
		snprintf(err, errlen, "%s: schema version %d is newer than this program (%d)",
			 path, sv, store_latest_version());
		goto out;
	}
	if (store_check(s, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto out;
	}
	v = sv;
out:
	store_close(s);
	return v;
}

/* Options shared by both commands: --db, --force, --help, one operand. */
static int parse(const char *cmd, const char *help, int argc, char **argv, const char **db,
		 const char **operand, int *force, const char *operand_name)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *db = optarg; break;
		case 'f': *force = 1; break;
		case 'h': fputs(help, stdout); return -1;
		default: return cli_bad_option(cmd, argv, optind, optopt);
		}
	}
	if (!*db)
		return cli_usage_error(cmd, "missing --db PATH");
	if (optind >= argc)
		return cli_usage_error(cmd, "missing %s", operand_name);
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	*operand = argv[optind];
	if (strlen(*db) > PATH_MAX_RM - 64 || strlen(*operand) > PATH_MAX_RM - 64)
		return cli_usage_error(cmd, "path too long");
	return CLI_OK;
}

int cli_backup(int argc, char **argv)
{
	const char *db = NULL, *out = NULL;
	int force = 0, rc;
	char err[1200], tmp[PATH_MAX_RM], tmpkey[PATH_MAX_RM], key[PATH_MAX_RM],
		outkey[PATH_MAX_RM], sfx[64], akey[PATH_MAX_RM], outakey[PATH_MAX_RM],
		tmpakey[PATH_MAX_RM], skey[PATH_MAX_RM], outskey[PATH_MAX_RM],
		tmpskey[PATH_MAX_RM];
	struct store *s = NULL;

	rc = parse("backup", backup_help, argc, argv, &db, &out, &force, "OUT");
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	rc = CLI_DATA;
	if (!force && access(out, F_OK) == 0)
		return cli_data_error("backup", "%s already exists (use --force to replace it)", out);
	snprintf(sfx, sizeof sfx, ".tmp-%ld", (long)getpid());
	path_with(tmp, sizeof tmp, out, sfx);
	snprintf(sfx, sizeof sfx, ".key.tmp-%ld", (long)getpid());
	path_with(tmpkey, sizeof tmpkey, out, sfx);
	path_with(key, sizeof key, db, ".key");
	path_with(outkey, sizeof outkey, out, ".key");
	snprintf(sfx, sizeof sfx, ".archive.key.tmp-%ld", (long)getpid());
	path_with(tmpakey, sizeof tmpakey, out, sfx);
	snprintf(sfx, sizeof sfx, ".sign.tmp-%ld", (long)getpid());
	if (archive_key_path(key, akey, sizeof akey) < 0 ||
	    archive_key_path(outkey, outakey, sizeof outakey) < 0 ||
	    path_with(tmpskey, sizeof tmpskey, out, sfx) < 0 ||
	    path_with(skey, sizeof skey, db, ".sign") < 0 ||
	    path_with(outskey, sizeof outskey, out, ".sign") < 0)
		return cli_usage_error("backup", "path too long");
	unlink(tmp);
	unlink(tmpkey);
	unlink(tmpakey);
	unlink(tmpskey);

	s = store_open(db, 0, err, sizeof err);
	if (!s)
		return cli_data_error("backup", "%s", err);
	int r = store_backup(s, tmp, err, sizeof err);
	if (r == STORE_UNSUPPORTED) {
		rc = cli_data_error("backup", "%s", err);
		goto out;
	}
	if (r < 0) {
		rc = cli_data_error("backup", "%s", err);
		goto out;
	}
	store_close(s);
	s = NULL;
	int version = check_copy(tmp, err, sizeof err);
	if (version < 0) {
		rc = cli_data_error("backup", "the copy failed its check: %s", err);
		goto out;
	}
	int have_key = copy_key(key, tmpkey, err, sizeof err);
	if (have_key < 0) {
		rc = cli_data_error("backup", "%s", err);
		goto out;
	}
	int have_akey = copy_key(akey, tmpakey, err, sizeof err);
	if (have_akey < 0) {
		rc = cli_data_error("backup", "%s", err);
		goto out;
	}
	int have_skey = copy_key(skey, tmpskey, err, sizeof err);
	if (have_skey < 0) {
		rc = cli_data_error("backup", "%s", err);
		goto out;
	}
	/* The keys first: once OUT exists, its keys are beside it. */
	if (have_key ? rename(tmpkey, outkey) < 0 : (unlink(outkey) < 0 && errno != ENOENT)) {
		rc = cli_data_error("backup", "%s: %s", outkey, strerror(errno));
		goto out;
	}
	if (have_akey ? rename(tmpakey, outakey) < 0 : (unlink(outakey) < 0 && errno != ENOENT)) {
		rc = cli_data_error("backup", "%s: %s", outakey, strerror(errno));
		goto out;
	}
	if (have_skey ? rename(tmpskey, outskey) < 0 : (unlink(outskey) < 0 && errno != ENOENT)) {
		rc = cli_data_error("backup", "%s: %s", outskey, strerror(errno));
		goto out;
	}
	if (rename(tmp, out) < 0) {
		rc = cli_data_error("backup", "cannot move %s to %s: %s", tmp, out, strerror(errno));
		if (have_key)
			unlink(outkey);
		if (have_akey)
			unlink(outakey);
		if (have_skey)
			unlink(outskey);
		goto out;
	}
	sync_dir_of(out);
	struct stat sb;
	printf("revmech: backup of %s written to %s (schema version %d, %lld bytes)%s%s\n", db,
	       out, version, stat(out, &sb) == 0 ? (long long)sb.st_size : -1LL,
	       have_key ? " and its key to " : "; no key file beside the database (no TOTP "
						 "secret is sealed yet)",
	       have_key ? outkey : "");
	if (have_akey)
		printf("revmech: the archive key %s written to %s\n", akey, outakey);
	if (have_skey)
		printf("revmech: the summary signing key %s written to %s\n", skey, outskey);
	rc = CLI_OK;
out:
	store_close(s);
	if (rc != CLI_OK) {
		unlink(tmp);
		unlink(tmpkey);
		unlink(tmpakey);
		unlink(tmpskey);
	}
	return rc;
}

int cli_restore(int argc, char **argv)
{
	const char *db = NULL, *backup = NULL;
	int force = 0, rc;
	char err[1200], tmp[PATH_MAX_RM], tmpkey[PATH_MAX_RM], key[PATH_MAX_RM],
		bkey[PATH_MAX_RM], side[PATH_MAX_RM], sfx[64], akey[PATH_MAX_RM],
		bakey[PATH_MAX_RM], tmpakey[PATH_MAX_RM], skey[PATH_MAX_RM], bskey[PATH_MAX_RM],
		tmpskey[PATH_MAX_RM];
	struct store *b = NULL;

	rc = parse("restore", restore_help, argc, argv, &db, &backup, &force, "BACKUP");
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	rc = CLI_DATA;
	if (access(backup, F_OK) != 0)
		return cli_data_error("restore", "%s: %s", backup, strerror(errno));
	int version = check_copy(backup, err, sizeof err);
	if (version < 0)
		return cli_data_error("restore", "%s", err);
	if (access(db, F_OK) == 0) {
		int used = store_in_use(db, err, sizeof err);
		if (used < 0 && used != STORE_UNSUPPORTED)
			return cli_data_error("restore", "%s", err);
		if (used == 1)
			return cli_data_error("restore", "%s is in use by another process (stop "
					      "revmech serve first)", db);
		if (!force)
			return cli_data_error("restore", "%s already exists (use --force to "
					      "replace it)", db);
	}
	snprintf(sfx, sizeof sfx, ".restore-%ld", (long)getpid());
	path_with(tmp, sizeof tmp, db, sfx);
	snprintf(sfx, sizeof sfx, ".key.restore-%ld", (long)getpid());
	path_with(tmpkey, sizeof tmpkey, db, sfx);
	path_with(key, sizeof key, db, ".key");
	path_with(bkey, sizeof bkey, backup, ".key");
	snprintf(sfx, sizeof sfx, ".archive.key.restore-%ld", (long)getpid());
	path_with(tmpakey, sizeof tmpakey, db, sfx);
	snprintf(sfx, sizeof sfx, ".sign.restore-%ld", (long)getpid());
	if (archive_key_path(key, akey, sizeof akey) < 0 ||
	    archive_key_path(bkey, bakey, sizeof bakey) < 0 ||
	    path_with(tmpskey, sizeof tmpskey, db, sfx) < 0 ||
	    path_with(skey, sizeof skey, db, ".sign") < 0 ||
	    path_with(bskey, sizeof bskey, backup, ".sign") < 0)
		return cli_usage_error("restore", "path too long");
	unlink(tmp);
	unlink(tmpkey);
	unlink(tmpakey);
	unlink(tmpskey);

	/* Copied through the store, not byte for byte: a fresh file of ours
	 * (mode 0600), whatever the backup's mode or owner. */
	b = store_open(backup, STORE_READONLY, err, sizeof err);
	if (!b) {
		rc = cli_data_error("restore", "%s", err);
		goto out;
	}
	if (store_backup(b, tmp, err, sizeof err) < 0) {
		rc = cli_data_error("restore", "%s", err);
		goto out;
	}
	store_close(b);
	b = NULL;
	int have_key = copy_key(bkey, tmpkey, err, sizeof err);
	if (have_key < 0) {
		rc = cli_data_error("restore", "%s", err);
		goto out;
	}
	int have_akey = copy_key(bakey, tmpakey, err, sizeof err);
	if (have_akey < 0) {
		rc = cli_data_error("restore", "%s", err);
		goto out;
	}
	int have_skey = copy_key(bskey, tmpskey, err, sizeof err);
	if (have_skey < 0) {
		rc = cli_data_error("restore", "%s", err);
		goto out;
	}
	/* A stale WAL of the replaced database must not be replayed into the
	 * restored one. */
	static const char *const ext[] = { "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (path_with(side, sizeof side, db, ext[i]) == 0)
			unlink(side);
	if (rename(tmp, db) < 0) {
		rc = cli_data_error("restore", "cannot move %s to %s: %s", tmp, db, strerror(errno));
		goto out;
	}
	if (have_key && rename(tmpkey, key) < 0) {
		rc = cli_data_error("restore", "%s restored but its key is not: cannot move %s to "
				    "%s: %s", db, tmpkey, key, strerror(errno));
		goto out;
	}
	if (have_akey && rename(tmpakey, akey) < 0) {
		rc = cli_data_error("restore", "%s restored but its archive key is not: cannot move "
				    "%s to %s: %s", db, tmpakey, akey, strerror(errno));
		goto out;
	}
	if (have_skey && rename(tmpskey, skey) < 0) {
		rc = cli_data_error("restore", "%s restored but its summary signing key is not: "
				    "cannot move %s to %s: %s", db, tmpskey, skey, strerror(errno));
		goto out;
	}
	sync_dir_of(db);
	printf("revmech: %s restored from %s (schema version %d)\n", db, backup, version);
	if (have_akey)
		printf("revmech: archive key %s restored from %s\n", akey, bakey);
	if (have_skey)
		printf("revmech: summary signing key %s restored from %s\n", skey, bskey);
	if (have_key)
		printf("revmech: key file %s restored from %s\n", key, bkey);
	else
		fprintf(stderr, "revmech restore: warning: no key file %s; TOTP secrets sealed in "
			"the backup cannot be read (reset those accounts' TOTP)\n", bkey);
	if (version < store_latest_version())
		printf("revmech: schema %d is older than this program's %d: 'revmech migrate "
		       "--db %s' (or serve) upgrades it\n", version, store_latest_version(), db);
	rc = CLI_OK;
out:
	store_close(b);
	if (rc != CLI_OK) {
		unlink(tmp);
		unlink(tmpkey);
		unlink(tmpakey);
		unlink(tmpskey);
	}
	return rc;
}
