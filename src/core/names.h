/* names.h - lists of States in the page language: the names of the parties
 * (refdata_state_name) sorted by that language's collation (ICU), not by
 * code (issue 8, item 3; R11).
 *
 * Languages are the six of the Mechanism: ar zh en fr ru es.  Chinese sorts
 * by pinyin (ICU's default for zh).  Any other lang, NULL included, is
 * English.
 *
 * Threads: every function may be called from any number of threads at
 * once.  The first call for a language opens its ICU collator (once per
 * process, under pthread_once) and keeps it for the life of the process;
 * each call then works on its own clone (ucol_clone, documented by ICU as
 * thread-safe; cloning shares the collation data and costs one small
 * allocation), so no lock is held while comparing.  Nothing to free. */
#ifndef RM_CORE_NAMES_H
#define RM_CORE_NAMES_H

#include <stddef.h>

struct store;

/* 0..5 for ar zh en fr ru es (the order of languages.csv), -1 otherwise. */
int names_lang_index(const char *lang);

/* Compares UTF-8 strings a and b by lang's collation: < 0, 0 or > 0 as
 * strcmp.  If ICU fails (out of memory), compares with strcmp. */
int names_compare(const char *lang, const char *a, const char *b);

/* Sorts the n items of size bytes at base by the UTF-8 string key(item)
 * in lang's collation; ties keep their order (stable).  key must not
 * return NULL.  Returns 0, or -1 if ICU fails (base is then unchanged).
 * Uses one sort key per item (ucol_getSortKey), so n log n comparisons
 * are byte comparisons. */
int names_sort(const char *lang, void *base, size_t n, size_t size,
	       const char *(*key)(const void *item));

/* Sorts n UTF-8 strings (the pointers, in place) by lang's collation. */
int names_sort_strings(const char *lang, const char **v, size_t n);

/* One party and its name in a language. */
struct names_entry {
	char code[4];   /* ISO 3166-1 alpha-3 */
	char name[256]; /* refdata_state_name() in the language */
	int fallback;   /* 1: English shown, no name in the language */
};

/* Sorts n State codes (the pointers, in place) by their names in lang, as
 * refdata_state_name gives them; a code that is not a party sorts last, by
 * code.  Returns 0, or -1 on a store or ICU error (v is then unchanged). */
int names_sort_codes(struct store *s, const char *lang, const char **v, size_t n);

/* Every party with its name in lang, sorted by lang's collation, in a new
 * array *out of *n entries that the caller frees with free().  Returns 0,
 * or -1 on a store or ICU error (*out is then NULL). */
int names_list_parties(struct store *s, const char *lang, struct names_entry **out,
		       size_t *n);

#endif
