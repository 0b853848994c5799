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

NBLOCKS = 8                       # blocks computed together
_LANES = sum(1 << (64 * b) for b in range(NBLOCKS))


def _chacha_blocks(key_words, counter, nonce_words):
    """NBLOCKS consecutive 64-byte blocks of ChaCha20 (RFC 8439, 20 rounds)
    from block counter, as 16 * NBLOCKS words in stream order.  For speed
    only, the blocks are computed together: word w of block b sits in
    bits 64b .. 64b+31 of one integer, and every addition and rotation is
    masked back to those bits, so the lanes never mix."""
    M = 0xffffffff * _LANES
    st = ([c * _LANES for c in (0x61707865, 0x3320646e, 0x79622d32, 0x6b206574)] +
          [k * _LANES for k in key_words] +
          [sum((counter + b) << (64 * b) for b in range(NBLOCKS))] +
          [n * _LANES for n in nonce_words])
    (x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14,
     x15) = st
    for _ in range(10):
        x0 = (x0 + x4) & M
        t = x12 ^ x0; x12 = ((t << 16) | (t >> 16)) & M
        x8 = (x8 + x12) & M
        t = x4 ^ x8; x4 = ((t << 12) | (t >> 20)) & M
        x0 = (x0 + x4) & M
        t = x12 ^ x0; x12 = ((t << 8) | (t >> 24)) & M
        x8 = (x8 + x12) & M
        t = x4 ^ x8; x4 = ((t << 7) | (t >> 25)) & M
        x1 = (x1 + x5) & M
        t = x13 ^ x1; x13 = ((t << 16) | (t >> 16)) & M
        x9 = (x9 + x13) & M
        t = x5 ^ x9; x5 = ((t << 12) | (t >> 20)) & M
        x1 = (x1 + x5) & M
        t = x13 ^ x1; x13 = ((t << 8) | (t >> 24)) & M
        x9 = (x9 + x13) & M
        t = x5 ^ x9; x5 = ((t << 7) | (t >> 25)) & M
        x2 = (x2 + x6) & M
        t = x14 ^ x2; x14 = ((t << 16) | (t >> 16)) & M
        x10 = (x10 + x14) & M
        t = x6 ^ x10; x6 = ((t << 12) | (t >> 20)) & M
        x2 = (x2 + x6) & M
        t = x14 ^ x2; x14 = ((t << 8) | (t >> 24)) & M
        x10 = (x10 + x14) & M
        t = x6 ^ x10; x6 = ((t << 7) | (t >> 25)) & M
        x3 = (x3 + x7) & M
        t = x15 ^ x3; x15 = ((t << 16) | (t >> 16)) & M
        x11 = (x11 + x15) & M
        t = x7 ^ x11; x7 = ((t << 12) | (t >> 20)) & M
        x3 = (x3 + x7) & M
        t = x15 ^ x3; x15 = ((t << 8) | (t >> 24)) & M
        x11 = (x11 + x15) & M
        t = x7 ^ x11; x7 = ((t << 7) | (t >> 25)) & M
        x0 = (x0 + x5) & M
        t = x15 ^ x0; x15 = ((t << 16) | (t >> 16)) & M
        x10 = (x10 + x15) & M
        t = x5 ^ x10; x5 = ((t << 12) | (t >> 20)) & M
        x0 = (x0 + x5) & M
        t = x15 ^ x0; x15 = ((t << 8) | (t >> 24)) & M
        x10 = (x10 + x15) & M
        t = x5 ^ x10; x5 = ((t << 7) | (t >> 25)) & M
        x1 = (x1 + x6) & M
        t = x12 ^ x1; x12 = ((t << 16) | (t >> 16)) & M
        x11 = (x11 + x12) & M
        t = x6 ^ x11; x6 = ((t << 12) | (t >> 20)) & M
        x1 = (x1 + x6) & M
        t = x12 ^ x1; x12 = ((t << 8) | (t >> 24)) & M
        x11 = (x11 + x12) & M
        t = x6 ^ x11; x6 = ((t << 7) | (t >> 25)) & M
        x2 = (x2 + x7) & M
        t = x13 ^ x2; x13 = ((t << 16) | (t >> 16)) & M
        x8 = (x8 + x13) & M
        t = x7 ^ x8; x7 = ((t << 12) | (t >> 20)) & M
        x2 = (x2 + x7) & M
        t = x13 ^ x2; x13 = ((t << 8) | (t >> 24)) & M
        x8 = (x8 + x13) & M
        t = x7 ^ x8; x7 = ((t << 7) | (t >> 25)) & M
        x3 = (x3 + x4) & M
        t = x14 ^ x3; x14 = ((t << 16) | (t >> 16)) & M
        x9 = (x9 + x14) & M
        t = x4 ^ x9; x4 = ((t << 12) | (t >> 20)) & M
        x3 = (x3 + x4) & M
        t = x14 ^ x3; x14 = ((t << 8) | (t >> 24)) & M
        x9 = (x9 + x14) & M
        t = x4 ^ x9; x4 = ((t << 7) | (t >> 25)) & M
    out = [(a + b) & M for a, b in zip((x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12,
                                         x13, x14, x15), st)]
    return [(w >> (64 * b)) & 0xffffffff for b in range(NBLOCKS) for w in out]


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
            self.words = _chacha_blocks(self.key, self.block, self.nonce)
            self.block += NBLOCKS
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


