/* token.h - random bearer tokens (sessions, CSRF, invitations, API tokens)
 * and the hashes they are stored under.  No global state. */
#ifndef RM_UTIL_TOKEN_H
#define RM_UTIL_TOKEN_H

/* Bytes of entropy in a token. */
#define TOKEN_BYTES 32
/* Hex text of a token or of its hash: 64 characters and the NUL. */
#define TOKEN_HEX_LEN (2 * TOKEN_BYTES + 1)

/* Fills out (TOKEN_HEX_LEN bytes) with a fresh random token in hex. */
void token_new(char out[TOKEN_HEX_LEN]);
/* Hashes a token (BLAKE2b-256, libsodium generichash) into hex: the stored
 * form of session, invitation and API tokens, so a copy of the database
 * does not hand out live credentials. */
void token_hash(const char *token, char out[TOKEN_HEX_LEN]);
/* Constant-time comparison of two NUL-terminated strings (1 equal). */
int token_equal(const char *a, const char *b);

#endif
