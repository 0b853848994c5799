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

#endif
