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

#endif
