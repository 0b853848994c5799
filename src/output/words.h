/* words.h - the word count of a summary (annex para 38, spec R110, C32):
 * "un résumé ... n'excédant pas 1 500 mots", counted on the drafting
 * language with ICU word segmentation (docs/summaries.md has the rule). */
#ifndef RM_OUTPUT_WORDS_H
#define RM_OUTPUT_WORDS_H

#include <stddef.h>

/* The limit of para 38: a summary of more words is refused. */
#define WORDS_SUMMARY_MAX 1500

/* Counts the words of the UTF-8 text (len bytes; it need not be
 * NUL-terminated) written in lang, one of the six working languages
 * (ar zh en fr ru es): the segments of ICU's word break iterator for that
 * language's locale whose rule status is a word (a number, letters, kana or
 * ideographs), never space or punctuation; Chinese is segmented with ICU's
 * dictionary.  Returns the count (>= 0), or -1 with a one-line reason in
 * err (not one of the six languages, text not valid UTF-8, ICU error).
 * Allocates nothing the caller frees; thread-safe. */
long words_count(const char *lang, const char *text, size_t len, char *err, size_t errlen);

#endif
