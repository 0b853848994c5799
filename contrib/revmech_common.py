"""revmech_common.py - what the files of contrib/revmech_draw.py (the second
implementation of `revmech draw`, issue 12) share: the constants of
docs/draw.md and the random stream ("How the method samples": ChaCha20-IETF
keyed by the seed, nonce "lots" || domain || sub).  Standard library only."""
import struct

GROUPS = ["AFRICAN", "ASIA_PACIFIC", "EASTERN_EUROPEAN", "GRULAC", "WEOG"]
INSTR = ["untoc", "tip", "som", "firearms"]
ROLES = ["same_region", "other_region", "additional"]
DOMAIN_COHORTS, DOMAIN_REVIEWERS, DOMAIN_REDRAW, DOMAIN_EXACT = 1, 2, 3, 4
NMASK = 16


# --- the generator: ChaCha20-IETF keystream (RFC 8439) --------------------

def _rotl(v, c):
    return ((v << c) & 0xffffffff) | (v >> (32 - c))


def _chacha_block(key_words, counter, nonce_words):
    st = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + key_words + [counter] + nonce_words
    x = st[:]

    def qr(a, b, c, d):
        x[a] = (x[a] + x[b]) & 0xffffffff
        x[d] = _rotl(x[d] ^ x[a], 16)
        x[c] = (x[c] + x[d]) & 0xffffffff
        x[b] = _rotl(x[b] ^ x[c], 12)
        x[a] = (x[a] + x[b]) & 0xffffffff
        x[d] = _rotl(x[d] ^ x[a], 8)
        x[c] = (x[c] + x[d]) & 0xffffffff
        x[b] = _rotl(x[b] ^ x[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return [(x[i] + st[i]) & 0xffffffff for i in range(16)]


class Rng:
    """Words of the keystream keyed by the seed, nonce "lots" || domain ||
    sub (little-endian), read in order from block 0."""

    def __init__(self, key, domain, sub):
        self.key = list(struct.unpack("<8I", key))
        self.nonce = list(struct.unpack("<3I", b"lots" + struct.pack("<II", domain, sub)))
        self.block = 0
        self.words = []
        self.pos = 0

    def u32(self):
        if self.pos == len(self.words):
            self.words = _chacha_block(self.key, self.block, self.nonce)
            self.block += 1
            self.pos = 0
        w = self.words[self.pos]
        self.pos += 1
        return w

    def below(self, n):
        threshold = (2 ** 32 - n) % n
        while True:
            x = self.u32()
            if x >= threshold:
                return x % n

    def shuffle(self, v):
        for i in range(len(v), 1, -1):
            j = self.below(i)
            v[i - 1], v[j] = v[j], v[i - 1]


