/* output_testutil.h - what the summary suites share (test_output.c: words,
 * stored summaries, signatures, HTML and the CLI; test_pdf.c: the PDF
 * export): the store fixture, a summary's creation and text, and running
 * a command.  static inline, so a suite that does not use one is not
 * warned about it. */
#ifndef RM_OUTPUT_TESTUTIL_H
#define RM_OUTPUT_TESTUTIL_H

#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "archive/archive.h"
#include "core/refdata.h"
#include "output/summary.h"
#include "output/words.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define BIN RM_SRCDIR "/build/san/revmech"

static inline long count(const char *lang, const char *text)
{
	char err[200];
	long n = words_count(lang, text, strlen(text), err, sizeof err);
	if (n < 0)
		fail_msg("words_count(%s): %s", lang, err);
	return n;
}

/* n copies of word separated by sep. */
static inline char *repeat(const char *word, const char *sep, int n)
{
	struct buf b = { 0 };
	for (int i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, sep);
		buf_puts(&b, word);
	}
	return buf_detach(&b);
}

struct fx {
	char *dir;
	struct store *s;
	char db[600];          /* the database's path or URL (--db of a command) */
};

static inline int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char path[600], err[600];
	assert_non_null(f);
	f->dir = tu_tmpdir();
	tu_db(path, sizeof path, f->dir, "summary");
	snprintf(f->db, sizeof f->db, "%s", path);
	f->s = store_open(path, STORE_CREATE, err, sizeof err);
	if (!f->s)
		fail_msg("store_open: %s", err);
	assert_int_equal(store_migrate(f->s), 0);
	if (refdata_load(f->s, RM_SRCDIR "/data", err, sizeof err) != 0)
		fail_msg("refdata_load: %s", err);
	/* Agreements are archived (R94): the archive's keys, in the test dir. */
	snprintf(path, sizeof path, "%s/summary.archive.key", f->dir);
	if (archive_key_load(path, 1, err, sizeof err) != 0)
		fail_msg("archive_key_load: %s", err);
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	archive_key_unload();
	store_close(f->s);
	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static const char *const rv2[] = { "BRA", "DEU" };

/* Sets where reviewed's list of observations for phase stands: its
 * version and the version every party agreed to (final when equal and
 * > 0, findings/list.h).  The list's own suite (test_findings.c) drives
 * the real agreement; these suites need only its status (R111: a summary
 * is agreed only on a final list). */
static inline void list_mark(struct store *s, const char *reviewed, int phase, int version,
			     int agreed)
{
	struct store_stmt *st = store_prepare(s, "SELECT count(*) FROM obs_lists WHERE "
						 "reviewed = ? AND phase = ?");
	assert_non_null(st);
	store_bind_text(st, 1, reviewed);
	store_bind_int(st, 2, phase);
	assert_int_equal(store_step(st), STORE_ROW);
	long long have = store_col_int(st, 0);
	store_finalize(st);
	st = store_prepare(s, have ? "UPDATE obs_lists SET version = ?, agreed_version = ?, "
				     "agreed_at = ? WHERE reviewed = ? AND phase = ?"
				   : "INSERT INTO obs_lists (version, agreed_version, agreed_at, "
				     "reviewed, phase, created_at, created_by) VALUES "
				     "(?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', 'test')");
	assert_non_null(st);
	store_bind_int(st, 1, version);
	store_bind_int(st, 2, agreed);
	store_bind_text(st, 3, agreed ? "2026-01-02T00:00:00Z" : "");
	store_bind_text(st, 4, reviewed);
	store_bind_int(st, 5, phase);
	if (store_step(st) != STORE_DONE)
		fail_msg("list_mark: %s", store_errmsg(s));
	store_finalize(st);
}

/* A summary of reviewed's phase drafted in lang, on a final list. */
static inline void mk(struct store *s, const char *reviewed, int phase, const char *lang)
{
	char err[300];
	if (summary_create(s, reviewed, phase, lang, rv2, 2, "secretariat", err, sizeof err) != 0)
		fail_msg("summary_create: %s", err);
	list_mark(s, reviewed, phase, 1, 1);
}

static inline int put(struct store *s, const char *lang, const char *text, int base, char *err,
	       size_t errlen)
{
	return summary_put_text(s, "ARG", 1, lang, text, strlen(text), base, "drafter", NULL,
				err, errlen);
}

static inline void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Standard output of a shell command, as a NUL-terminated buffer. */
static inline char *run_out(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, n);
	int st = pclose(p);
	if (status)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

#endif
