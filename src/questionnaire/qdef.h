/* qdef.h - questionnaire definitions: load, validate, select (issue 9).
 *
 * A definition is one JSON file per instrument and cluster under
 * data/questionnaires/ (schema: docs/questionnaires.md).  qdef_load()
 * validates it against table 1 of the appendix (R39-R42, C27), the
 * mutatis mutandis rule (R40) and the lifecycle of R69-R70, and reports every
 * error as "FILE: JSON-PATH: reason".  A loaded definition says which of its
 * sections apply to a State (articles 8 and 9 of the Convention only for a
 * State not party to UNCAC, R41) and whether a review may use it (R70). */
#ifndef RM_QUESTIONNAIRE_QDEF_H
#define RM_QUESTIONNAIRE_QDEF_H

#include <stddef.h>

#define QDEF_NLANG 6
/* The six official languages, in the order of the counts below. */
extern const char *const qdef_langs[QDEF_NLANG];

enum qdef_type {
	QDEF_YES_NO_PARTLY,
	QDEF_FREE_TEXT,
	QDEF_LEGISLATION_REFS,
	QDEF_ATTACHMENTS,
	QDEF_TA_NEEDS,
};
enum qdef_status { QDEF_DRAFT, QDEF_HARMONISED, QDEF_ADOPTED };

/* Table 1 of the appendix as read from data/table1.csv. */
#define QDEF_MAX_CELLS 32
#define QDEF_MAX_ARTS 32
struct qdef_cell {
	char instrument[16], cluster[4];
	char articles[QDEF_MAX_ARTS][8];
	int uncac_only[QDEF_MAX_ARTS]; /* footnote a of table 1 ("8*") */
	size_t narticles;
};
struct qdef_table1 {
	struct qdef_cell cells[QDEF_MAX_CELLS];
	size_t ncells;
};

struct qdef_question {
	const char *id;          /* points into the JSON document */
	enum qdef_type type;
	long max_length;         /* free_text only, else 0 */
	const char *show_if;     /* id of the question it depends on, or NULL */
};
struct qdef_section {
	const char *id, *article;
	int uncac_only;          /* shown only to States not party to UNCAC */
	size_t first_question, nquestions;
};
struct qdef {
	void *json;              /* the jansson document the strings live in */
	const char *id, *instrument, *cluster, *version;
	enum qdef_status status;
	struct qdef_section *sections;
	size_t nsections;
	struct qdef_question *questions;
	size_t nquestions;
	size_t ntexts;                  /* translatable texts in the file */
	size_t lang_texts[QDEF_NLANG];  /* of which present per language */
};

/* Error list; each message is "FILE: PATH: reason".  Free with
 * qdef_errors_free(). */
struct qdef_errors {
	char **msg;
	size_t n, cap;
};
void qdef_errors_free(struct qdef_errors *e);

/* Reads DATADIR/table1.csv into *t.  Returns 0, or -1 with err set. */
int qdef_table1_load(const char *datadir, struct qdef_table1 *t, char *err, size_t errlen);

/* Parses and validates the definition text (len bytes) named file (its base
 * name must be ID.json).  Returns 0 with *out set (free with qdef_free), or
 * -1 with the reasons appended to errs and *out NULL. */
int qdef_parse(const char *file, const char *text, size_t len, const struct qdef_table1 *t,
	       struct qdef **out, struct qdef_errors *errs);
/* The same for a file on disk. */
int qdef_load(const char *path, const struct qdef_table1 *t, struct qdef **out,
	      struct qdef_errors *errs);
void qdef_free(struct qdef *d);

/* Lists the paths of the .json files of DATADIR/questionnaires, sorted.
 * Returns 0 with *out (the caller frees each path and the array), or -1
 * with errno set if the directory cannot be read (ENOENT: there is none). */
int qdef_list_dir(const char *datadir, char ***out, size_t *n);
void qdef_list_free(char **paths, size_t n);

/* Fills out[] (room for max) with the sections that apply to a State party
 * (uncac_party 1) or not (0) to UNCAC, in order; returns how many.  The
 * pointers live as long as d. */
size_t qdef_applicable(const struct qdef *d, int uncac_party, const struct qdef_section **out,
		       size_t max);

/* 1 if a review may use this version: only an adopted one (R70). */
int qdef_usable_in_review(const struct qdef *d);

const char *qdef_type_name(enum qdef_type t);
const char *qdef_status_name(enum qdef_status s);

#endif
