/* invite_csv.h - bulk invitations from a CSV file (issue 8, item 2; R27):
 * the Secretariat receives nominations by Note Verbale in batches.  The
 * whole file or nothing: one transaction, no invitation when any line is
 * bad.  Used by the users page and `revmech user invite-csv`. */
#ifndef RM_ACCOUNTS_INVITE_CSV_H
#define RM_ACCOUNTS_INVITE_CSV_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct buf;

#define INVITE_CSV_MAX_LINES 2000   /* invitations in one file */
#define INVITE_CSV_MAX_ERRORS 50    /* reported; the count says how many more */

/* Reads data (RFC 4180, UTF-8; a header line names the columns: email and
 * role required, state, instruments, name, organisation, language
 * optional, in any order) and, in one transaction, creates one
 * invitation per line (INVITE_DAYS days, single-use), each with its
 * e-mail in the line's language (default_lang when the cell is empty)
 * carrying the link base_url + "/invite/" + token.  Refused lines: a bad
 * value, an e-mail twice in the file, an e-mail with an account or an
 * open invitation.  Each problem is appended to errors as one line
 * "line N, column X: reason" (X the column's name, N the file's line).
 * Returns the number of invitations created (> 0), 0 when the file was
 * refused (errors says why; nothing created; an empty file is refused
 * too), or -1 on a store error (nothing created). */
long invite_csv_import(struct store *s, const char *data, size_t len, const char *default_lang,
		       const char *base_url, int64_t invited_by, struct buf *errors);

#endif
