/* summary.h - the summary of each country review's phase (issue 10; annex
 * paras 38-39, 50; spec R110, R111, R145, R147, C32, C37).
 *
 * One summary per reviewed State and phase (C37), written in a drafting
 * language and translated into the other five.  Every saved text is a new
 * version, never an overwrite; each language carries a translation status
 * (R145); agreement is recorded per party (the reviewed State and each
 * reviewing State, para 39) on one version of the drafting text, so a
 * later change of that text reopens it.  A standalone module: it takes
 * plain identifiers (alpha-3 codes, phase 1..4, language codes); whoever
 * calls it has already asked access/ whether the actor may.  Every
 * function that writes runs in its own transaction: on any error nothing
 * is written. */
#ifndef RM_OUTPUT_SUMMARY_H
#define RM_OUTPUT_SUMMARY_H

#include <stddef.h>

struct store;

/* Errors (err always gets a one-line reason). */
enum {
	SUMMARY_OK = 0,
	SUMMARY_ERR = -1,       /* store error */
	SUMMARY_INVALID = -2,   /* bad argument (language, party, status step) */
	SUMMARY_NOT_FOUND = -3, /* no such summary, language version or version */
	SUMMARY_CONFLICT = -4,  /* the caller's base version is not the current one */
	SUMMARY_TOO_LONG = -5,  /* the drafting text has more than 1,500 words */
	SUMMARY_EXISTS = -6,    /* summary_create: there is one already */
	SUMMARY_LIST_NOT_FINAL = -7, /* summary_agree: the phase's list of observations is
				      * not final (agreed by every party) yet */
	SUMMARY_OFFICIAL = -8,  /* the version is an official document (issued):
				 * it is not changed nor withdrawn (para 39) */
	SUMMARY_REAGREE = -9,   /* summary_agree: this drafting version was agreed
				 * on an earlier list; a new version is needed */
};

/* Translation status of a language version (R145); the drafting language's
 * own version is SUMMARY_ORIGINAL. */
enum summary_status {
	SUMMARY_NONE = -1, /* not requested */
	SUMMARY_ORIGINAL = 0,
	SUMMARY_REQUESTED,
	SUMMARY_IN_TRANSLATION,
	SUMMARY_REVISED,
	SUMMARY_FINAL,
};
/* "original" "requested" "in_translation" "revised" "final" ("none"). */
const char *summary_status_name(int status);
/* The status named s, or -2 when s names none (SUMMARY_NONE is not parsed). */
int summary_status_parse(const char *s);

#define SUMMARY_MAX_PARTIES 9  /* the reviewed State and up to 8 reviewers */
#define SUMMARY_MAX_BYTES (256 * 1024)

struct summary_party {
	char state[4];
	int is_reviewed;       /* 1 for the reviewed State */
	int agreed;            /* agreed to the current drafting version */
	char agreed_at[24];    /* when (of that agreement), "" if not */
	char agreed_by[64];
};

/* A language version's part in a corrigendum (docs/summaries.md): none;
 * pending (the issued version stays the official one, served to the
 * public, while the correction is drafted, agreed and made final); or
 * corrected (the correction replaced it). */
enum { SUMMARY_CORR_NONE = 0, SUMMARY_CORR_PENDING = 1, SUMMARY_CORR_CORRECTED = 2 };
/* "none" "corrigendum" "corrected". */
const char *summary_corr_name(int corr);

struct summary_lang {
	char lang[3];
	int status;            /* enum summary_status; SUMMARY_NONE if never requested */
	int version;           /* latest text version, 0 when none yet */
	int based_on;          /* translation: drafting version it translates */
	int stale;             /* translation of an older drafting version */
	long words;            /* of the latest text */
	char updated_at[24];
	char updated_by[64];
	int official;          /* the latest version is an official document: a
				* translation final of the agreed drafting version;
				* the drafting text once all five are */
	int pub_version;       /* the official version served to anyone: the latest
				* when official, else the issued one a corrigendum
				* keeps (0: none) */
	int pub_based_on;      /* the drafting version pub_version translates */
	int corr;              /* SUMMARY_CORR_* */
};

struct summary_info {
	char reviewed[4];
	int phase;
	char drafting[3];
	int version;           /* current drafting version, 0 when no text yet */
	long words;            /* its word count */
	struct summary_party parties[SUMMARY_MAX_PARTIES];
	size_t nparties;
	int agreed;            /* every party agreed to the current version, on the
				* current final list (or the summary is issued) */
	char agreed_at[24];    /* the last of those agreements, "" if not agreed */
	int issued;            /* a translation is final of the current version: the
				* summary is an official document, locked */
	int stale;             /* agreements to the current version given on an
				* earlier list, or on a list reopened since (R111) */
	struct summary_lang langs[6];  /* ar zh en fr ru es */
	int corrigendum;       /* number of the open corrigendum, 0 none */
	int corrigenda;        /* how many were ever opened */
	int issued_version;    /* the drafting version issued before the latest
				* corrigendum (0 none) */
	char corr_reason[256]; /* why the latest corrigendum was opened */
};

/* Creates the summary of reviewed's phase, drafted in drafting, to be
 * agreed by reviewed and the n reviewers (alpha-3 codes, n <= 8, none
 * equal to reviewed).  Returns SUMMARY_OK, SUMMARY_EXISTS, SUMMARY_INVALID
 * or SUMMARY_ERR. */
int summary_create(struct store *s, const char *reviewed, int phase, const char *drafting,
		   const char *const *reviewers, size_t n, const char *by, char *err,
		   size_t errlen);

/* Loads the summary into out.  Returns 1 found, 0 none, -1 store error. */
int summary_load(struct store *s, const char *reviewed, int phase, struct summary_info *out);

/* Saves text (len bytes of UTF-8) as a new version of the lang version.
 * base is the version the writer started from (0: none yet); when it is
 * not the current one the save is refused with SUMMARY_CONFLICT, so that
 * two writers never silently overwrite each other.  In the drafting
 * language the text is counted (words_count) and refused over 1,500 words
 * with SUMMARY_TOO_LONG and err naming the count; a new drafting version
 * reopens agreement, and final translations go back to revised (their
 * source changed).  In another language the version must have been
 * requested (summary_request); a first text moves it from requested to
 * in_translation.  Once issued (summary_info.issued: a translation final
 * of the agreed version, an official document, docs/summaries.md) the
 * drafting text and every final translation are locked: SUMMARY_OFFICIAL,
 * nothing written, so that no edit withdraws an official document (F18,
 * para 39).  *version gets the new version number (may be NULL). */
int summary_put_text(struct store *s, const char *reviewed, int phase, const char *lang,
		     const char *text, size_t len, int base, const char *by, int *version,
		     char *err, size_t errlen);

/* Requests the translation of the summary into lang (R145): it must not
 * be the drafting language and there must be a drafting text.  A version
 * already requested is left as it is (SUMMARY_OK). */
int summary_request(struct store *s, const char *reviewed, int phase, const char *lang,
		    const char *by, char *err, size_t errlen);

/* Moves the translation into lang to status to (one step forward:
 * requested -> in_translation -> revised -> final, or final -> revised).
 * final needs a text, the summary agreed, and the translation made from the
 * agreed drafting version.  final -> revised of a translation of the
 * issued version is SUMMARY_OFFICIAL: an official document stays. */
int summary_set_status(struct store *s, const char *reviewed, int phase, const char *lang,
		       int to, const char *by, char *err, size_t errlen);

/* Records that party (one of the summary's parties) agrees to version of
 * the drafting text; version must be the current one (SUMMARY_CONFLICT
 * otherwise: agreement is to a text one has read).  The summary is of the
 * phase's list of observations (para 38), so it is agreed only once that
 * list is final, every party having agreed to its current version (R111,
 * findings/list.h list_status_get): otherwise SUMMARY_LIST_NOT_FINAL and
 * nothing is written.  An agreement counts only while the list stays
 * final at the version it was given on (summary_load); when the list was
 * reopened since some parties agreed to this version, SUMMARY_REAGREE: the
 * drafters save a new version, which every party agrees to again.  Agreeing twice to the
 * same version is SUMMARY_OK and records nothing new. */
int summary_agree(struct store *s, const char *reviewed, int phase, const char *party,
		  int version, const char *by, char *err, size_t errlen);

/* The archive hashes an agreed summary rests on (R110, R111): into out
 * (max strings of SUMMARY_REF_LEN bytes, for sign.h's archive list) one
 * "head:SIZE:ROOT" naming the signed tree head right after the last
 * agreement to the agreed drafting version was archived (its size and
 * root, lower-case hex), then one "leaf:ID:HASH" per party's archived
 * agreement to that version (record id and leaf hash), so that a holder
 * can check each against the archive with an inclusion proof
 * (GET /api/v1/archive/records/ID/proof?size=SIZE).  Returns how many
 * were written: 0 when the summary is not agreed or its agreements
 * predate their archiving, -1 on a store error. */
#define SUMMARY_REF_LEN 160
int summary_archive_refs(struct store *s, const char *reviewed, int phase,
			 char (*out)[SUMMARY_REF_LEN], size_t max);

/* Opens a corrigendum of the issued summary of reviewed's phase (para 39,
 * docs/summaries.md): what is official in each language now is recorded
 * and stays the public version; the drafting text may then be saved again
 * (a new version), which reopens agreement as any change does and becomes
 * official only once every party agreed to it and its translations are
 * final, language by language.  reason (one line, required) says why.
 * SUMMARY_INVALID when the summary is not issued or a corrigendum is open
 * already; nothing written then. */
#define SUMMARY_MAX_REASON 255
int summary_corrigendum_open(struct store *s, const char *reviewed, int phase,
			     const char *reason, const char *by, char *err, size_t errlen);

/* The parties' agreements to drafting version of the summary (the
 * reviewed State first): fills out (max), returns how many, -1 on error. */
int summary_agreements_of(struct store *s, const char *reviewed, int phase, int version,
			  struct summary_party *out, size_t max);

/* As summary_archive_refs, for the agreements to drafting version
 * (summary_archive_refs: the agreed current version). */
int summary_archive_refs_of(struct store *s, const char *reviewed, int phase, int version,
			    char (*out)[SUMMARY_REF_LEN], size_t max);

/* Replaces the reviewing States (after a redraw).  Reopens nothing by
 * itself: a new party simply has not agreed yet. */
int summary_set_reviewers(struct store *s, const char *reviewed, int phase,
			  const char *const *reviewers, size_t n, const char *by, char *err,
			  size_t errlen);

/* One stored text. */
struct summary_text {
	char lang[3];
	int version;
	int based_on;
	long words;
	char at[24];
	char by[64];
	char *body;            /* NUL-terminated; the caller frees it (summary_text_free) */
	size_t len;
	int blueprint;         /* the blueprint version it followed (0: none) */
};
/* Reads version (0: the latest) of the lang text into out.  Returns 1
 * found, 0 none, -1 store error.  The caller frees with
 * summary_text_free(). */
int summary_text_get(struct store *s, const char *reviewed, int phase, const char *lang,
		     int version, struct summary_text *out);
void summary_text_free(struct summary_text *t);

/* Index of lang among ar zh en fr ru es, or -1. */
int summary_lang_index(const char *lang);

#endif
