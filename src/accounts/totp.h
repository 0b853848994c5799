/* totp.h - time-based one-time passwords (RFC 6238, RFC 4226).
 *
 * Decision (docs/web.md): HMAC-SHA-1, 6 digits, 30-second steps, the
 * RFC 6238 default that every authenticator app accepts (several ignore
 * the otpauth "algorithm=SHA256" parameter and would show wrong codes).
 * HOTP comes from liboath (OATH Toolkit, issue 8); the drift window and the
 * replay rule are ours (totp_verify).  SHA-1's collision weakness does not
 * affect HMAC-SHA-1. */
#ifndef RM_ACCOUNTS_TOTP_H
#define RM_ACCOUNTS_TOTP_H

#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES 20
#define TOTP_SECRET_B32 33  /* base32 text of 20 bytes and the NUL */

/* HOTP value (RFC 4226) with the given number of digits (6..8), through
 * liboath; UINT32_MAX (matches no code) if liboath fails. Thread-safe. */
uint32_t totp_hotp(const unsigned char *key, size_t keylen, uint64_t counter,
		   int digits);
/* Base32 (RFC 4648, no padding) of n bytes into out; out must hold
 * (n * 8 + 4) / 5 + 1 bytes. */
void totp_base32(const unsigned char *in, size_t n, char *out);
/* Decodes base32 (case-insensitive, no padding); returns the byte count or
 * -1.  out holds at most outlen bytes. */
int totp_base32_decode(const char *in, unsigned char *out, size_t outlen);
/* Writes a fresh random base32 secret into out. */
void totp_secret_new(char out[TOTP_SECRET_B32]);
/* Checks a 6-digit code against a base32 secret at time now, allowing one
 * step of clock drift either way and refusing steps <= last_step (replay).
 * Returns the matching step (> 0), or -1. */
int64_t totp_verify(const char *secret_b32, const char *code, int64_t now,
		    int64_t last_step);

#endif
