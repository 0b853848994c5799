/* summary_int.h - shared by summary.c and summary_read.c only. */
#ifndef REVMECH_SUMMARY_INT_H
#define REVMECH_SUMMARY_INT_H

struct store;

/* The six languages in summary_lang_index() order. */
extern const char *const summary_lang_codes[6];

/* The summary's id and drafting language: 1 found, 0 none, -1 error. */
int summary_find(struct store *s, const char *reviewed, int phase, long long *id,
		 char drafting[3]);

/* The list of observations the summary of reviewed's phase rests on:
 * *final whether it is final now, *mark the archive sequence of the last
 * agreement that made its current version final (-1 if none).  A summary
 * agreement archived after *mark was given on this final list (R111).
 * Returns 1 a list, 0 none, -1 error. */
int summary_list_mark(struct store *s, const char *reviewed, int phase, int *final,
		      long long *mark);

/* summary.c's helpers for summary_corr.c and summary_agree.c: an event with no status change;
 * begin (the transaction and the summary), finish (commit on SUMMARY_OK,
 * else roll back) and fail (err set, rc returned) as summary.c uses them. */
int summary_int_event(struct store *s, long long id, const char *lang, const char *what,
		      int version, const char *now, const char *by);
int summary_int_begin(struct store *s, const char *reviewed, int phase, long long *id,
		      char drafting[3], char *err, size_t errlen);
int summary_int_finish(struct store *s, int rc, char *err, size_t errlen);
/* For summary_agree.c: whether the summary is agreed now (1, 0, -1), and
 * the latest text version of lang in summary id (0 none, -1 error). */
int summary_int_agreed_now(struct store *s, const char *reviewed, int phase);
int summary_int_version(struct store *s, long long id, const char *lang);
int summary_int_fail(int rc, char *err, size_t errlen, const char *msg, struct store *s);

/* After a translation became final (summary_set_status, in its
 * transaction): closes the open corrigendum of summary id once its
 * correction is official in every language issued before it.  0 or -1. */
int summary_corrigendum_close(struct store *s, long long id, const char *reviewed, int phase,
			      const char *dl, const char *now, const char *by);

#endif
