/* file.c - creating a small private file so that a crash at any moment
 * leaves either no file or the whole one (issue 10, durability). */
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fsyncs the directory holding path, so that a new name in it survives
 * an OS crash.  Returns 0 or -1. */
static int dir_sync(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		util_strlcpy(dir, ".", sizeof dir);
	else if (slash == path)
		util_strlcpy(dir, "/", sizeof dir);
	else if ((size_t)(slash - path) < sizeof dir)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		return -1;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int util_file_create_private(const char *path, const void *data, size_t len, char *err,
			     size_t errlen)
{
	char tmp[4200];
	int fd = -1, rc = -1, linked = 0;
	struct stat sb;
	if (lstat(path, &sb) == 0)
		return 1;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= sizeof tmp) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	/* A file of that name is a crashed attempt of a process with our pid. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0 || write(fd, data, len) != (ssize_t)len ||
	    fsync(fd) < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		goto out;
	}
	/* link() never replaces: a file another process made meanwhile wins. */
	if (link(tmp, path) < 0) {
		if (errno == EEXIST) {
			rc = 1;
			goto out;
		}
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		goto out;
	}
	linked = 1;
	if (dir_sync(path) < 0) {
		snprintf(err, errlen, "%s: cannot sync its directory: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	if (rc < 0 && linked)
		unlink(path);
	return rc;
}
