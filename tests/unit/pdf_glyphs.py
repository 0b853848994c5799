#!/usr/bin/env python3
"""Whether the Arabic of a PDF was shaped, for tests/unit/test_output.c
(summary PDF, R-ids of the summary's six languages; issue 10 test gaps).

  pdf_glyphs.py FILE.pdf [SCALE]
      prints one line per font with a ToUnicode map: "BASEFONT N", N the
      number of Arabic letters (U+0621-U+064A) that more than one glyph of
      the font stands for, among the glyphs drawn at text matrix scale
      SCALE (e.g. the body's size only, not the headings': 14.667 for 11 pt
      at pango's 96 dpi) or, without SCALE, among all of the font's glyphs.

Shaped Arabic draws a letter in its initial, medial, final or isolated
form, each a glyph of its own that the ToUnicode map sends back to the same
letter: a shaped text of a few words has several such letters.  Unshaped
Arabic (each letter in its one default, isolated form) has none, yet
pdftotext still gives its letters back in order: this is what tells the
two apart.  Reads the PDF with zlib alone (no poppler binding).
"""
import collections
import re
import sys
import zlib


def objects(data):
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}


def stream(obj):
    m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", obj, re.S)
    if not m:
        return b""
    return zlib.decompress(m.group(1)) if b"FlateDecode" in obj else m.group(1)


def cmap_pairs(text):
    """(glyph code, UTF-16BE hex) pairs of a ToUnicode CMap."""
    pairs = []
    for blk in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        pairs += re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk)
    for blk in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk):
            for i in range(int(hi, 16) - int(lo, 16) + 1):
                pairs.append(("%x" % (int(lo, 16) + i), "%04x" % (int(dst, 16) + i)))
    return pairs


TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\((?:\\.|[^\\)])*\)|/[^\s/<>\[\]()]+|"
                   rb"[-+]?[0-9.]+|[A-Za-z'\"*]+|\[|\]")


def drawn(objs, scale):
    """{font object number: glyph codes drawn at text matrix scale}."""
    out = collections.defaultdict(set)
    for obj in objs.values():
        if b"/Type /Page" not in obj or b"/Contents" not in obj:
            continue
        res = objs.get(int(re.search(rb"/Resources (\d+) 0 R", obj).group(1)), obj)
        fonts = {k.decode("latin-1"): int(v) for k, v in re.findall(rb"/(f-[\w-]+) (\d+) 0 R", res)}
        content = stream(objs[int(re.search(rb"/Contents (\d+) 0 R", obj).group(1))])
        stack, font, cur = [], None, 0.0
        for m in TOKEN.finditer(content):
            t = m.group(0)
            if t == b"Tm" and len(stack) >= 6:
                cur = abs(float(stack[-6]))
            elif t == b"Tf" and len(stack) >= 2:
                font = fonts.get(stack[-2][1:].decode("latin-1"))
            elif t in (b"TJ", b"Tj"):
                if font is not None and abs(cur - scale) < 0.01:
                    for h in stack:
                        if h.startswith(b"<"):
                            hx = re.sub(rb"\s", b"", h[1:-1]).decode()
                            out[font].update("%x" % int(hx[i:i + 4], 16)
                                             for i in range(0, len(hx), 4))
                stack = []
                continue
            elif re.match(rb"[A-Za-z'\"*]+$", t):
                stack = []
                continue
            stack.append(t)
    return out


def main(path, scale=None):
    with open(path, "rb") as f:
        objs = objects(f.read())
    used = drawn(objs, scale) if scale is not None else None
    for num, obj in objs.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", obj)
        name = re.search(rb"/BaseFont\s*/([^\s/<>\[\]]+)", obj)
        if not ref or not name or int(ref.group(1)) not in objs:
            continue
        glyphs = collections.defaultdict(set)
        for code, uni in cmap_pairs(stream(objs[int(ref.group(1))]).decode("latin-1")):
            if used is None or "%x" % int(code, 16) in used[num]:
                glyphs[uni.lower()].add(code)
        letters = sum(1 for uni, codes in glyphs.items() if len(uni) == 4 and
                      0x0621 <= int(uni, 16) <= 0x064A and len(codes) > 1)
        print(name.group(1).decode("latin-1"), letters)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: pdf_glyphs.py FILE.pdf [SCALE]")
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) == 3 else None)
