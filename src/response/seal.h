/* seal.h - the answers and documents of the self-assessment responses
 * sealed at rest (annex para 21: "la pleine confidentialité de toutes les
 * données communiquées par les États parties"; spec R93, R97).
 *
 * responses.answer, every response_versions.answer and attachments.content
 * are stored sealed with crypto_secretbox (XSalsa20-Poly1305, a random
 * nonce per value), so that a copy of the database alone reveals no answer
 * and no document.  The key is not a new file: it is derived
 * (crypto_kdf, context "rmanswer", subkey 1) from the sealing key of the
 * archive key file (archive_key_path(), docs/archive.md), which `serve`
 * creates and `revmech backup` / `restore` carry already.  Deriving keeps
 * the two uses apart: a box of the archive never opens as an answer.
 *
 * Formats (docs/responses.md): an answer is the text "rs1:" followed by
 * the base64 (RFC 4648, with padding) of nonce || MAC || ciphertext; a
 * document is the 8 bytes "rmseal1\0" followed by the same bytes.  A value
 * without its marker is a plaintext row of a database written before
 * migration 0052: it reads as it is, and respseal_seal_all() seals it. */
#ifndef RM_RESPONSE_SEAL_H
#define RM_RESPONSE_SEAL_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Loads the responses' key from the archive key file at path (two lines
 * of 64 hex digits, mode 0600; see archive_key_load(), which creates it).
 * Returns 0, or -1 with err set (missing, readable by others, malformed). */
int respseal_load_key(const char *archive_key_file, char *err, size_t errlen);
/* Sets the key from a 32-byte master key (tests). */
void respseal_set_key(const uint8_t master[32]);
/* Forgets the key (tests). */
void respseal_unload_key(void);
/* 1 when a key is loaded. */
int respseal_key_loaded(void);

/* The sealed text of the answer text (NUL-terminated), new string the
 * caller frees; NULL when no key is loaded. */
char *respseal_seal_text(const char *text);
/* The answer as stored, opened: a new string the caller frees.  A text
 * without the marker (a row written before 0052) is returned as it is.
 * NULL when the seal does not open (wrong key, altered) or no key is
 * loaded for a sealed text. */
char *respseal_open_text(const char *stored);
/* 1 when stored carries the marker of a sealed answer. */
int respseal_text_sealed(const char *stored);

/* The sealed bytes of a document into *out (*outlen bytes, the caller
 * frees); 0, or -1 when no key is loaded. */
int respseal_seal_blob(const unsigned char *data, size_t len, unsigned char **out,
		       size_t *outlen);
/* A document as stored, opened into *out (*outlen bytes, caller frees);
 * unmarked bytes are copied as they are.  0, or -1 (seal does not open,
 * no key). */
int respseal_open_blob(const unsigned char *stored, size_t len, unsigned char **out,
		       size_t *outlen);
/* 1 when the stored bytes carry the marker of a sealed document. */
int respseal_blob_sealed(const unsigned char *stored, size_t len);

/* Seals every plaintext answer (responses, response_versions) and document
 * (attachments) of s in one transaction of its own, so that after it no
 * plaintext is left, or nothing was changed.  Run by `serve` after the
 * schema is migrated and the key loaded, and by `revmech db seal`.
 * Returns the number of values sealed (0 when none was plain), or -1 with
 * err set (no key, store error: rolled back). */
long respseal_seal_all(struct store *s, char *err, size_t errlen);

#endif
