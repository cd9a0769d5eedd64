#!/usr/bin/env python3
"""gen_unicode_tables.py: writes the code point property table of src/core/util/text.cpp.

Usage: gen_unicode_tables.py <unicode-data-dir> <output.inc>

Reads the Unicode Character Database as Debian's unicode-data package installs it
(auxiliary/GraphemeBreakProperty.txt, emoji/emoji-data.txt, extracted/DerivedGeneralCategory.txt,
extracted/DerivedBidiClass.txt, DerivedCoreProperties.txt) and writes one sorted run table:
each entry is (first code point << 11) | properties, valid up to the next entry's first code point.
Properties (keep equal to text.cpp):
  bits 0-3  Grapheme_Cluster_Break (see GCB below; 14 = Hangul syllable, LV or LVT computed)
  bit  4    Extended_Pictographic
  bits 5-6  Indic_Conjunct_Break (0 None, 1 Linker, 2 Consonant, 3 Extend); only when the data
            has it (Unicode 15.1 and later), otherwise 0 everywhere
  bit  7    always drawn by the browser (marks, joiners, selectors, RTL, jamo, bidi controls...)
  bits 8-9  strong direction (0 none, 1 L, 2 R or AL)
Also a page index for the Basic Multilingual Plane: for each 256-code-point page, the index of
the run holding the page's first code point. Uses the standard library only.
"""
import re
import sys

MAX = 0x110000
GCB = {"Other": 0, "CR": 1, "LF": 2, "Control": 3, "Extend": 4, "ZWJ": 5, "Regional_Indicator": 6,
       "Prepend": 7, "SpacingMark": 8, "L": 9, "V": 10, "T": 11, "LV": 12, "LVT": 13}
HANGUL_SYLLABLE = 14
INCB = {"Linker": 1, "Consonant": 2, "Extend": 3}
LINE = re.compile(r"^([0-9A-Fa-f]+)(?:\.\.([0-9A-Fa-f]+))?\s*;\s*([^#;]+?)\s*(?:;\s*([^#]+?)\s*)?(?:#.*)?$")
MISSING = re.compile(r"^#\s*@missing:\s*([0-9A-Fa-f]+)\.\.([0-9A-Fa-f]+)\s*;\s*(\w+)")


def records(path):
    """(first, last, value, second value or None) for each data line."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line)
            if m:
                first = int(m.group(1), 16)
                last = int(m.group(2), 16) if m.group(2) else first
                yield first, last, m.group(3), m.group(4)


def version_of(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"-(\d+\.\d+\.\d+)\.txt", f.readline())
    return m.group(1) if m else "unknown"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, out = sys.argv[1], sys.argv[2]
    gcb = bytearray(MAX)
    for first, last, value, _ in records(f"{root}/auxiliary/GraphemeBreakProperty.txt"):
        gcb[first:last + 1] = bytes([GCB[value]]) * (last - first + 1)
    # Hangul syllables alternate LV / LVT every 28 code points: one run, computed at lookup.
    for cp in range(0xAC00, 0xD7A4):
        assert gcb[cp] in (GCB["LV"], GCB["LVT"])
        gcb[cp] = HANGUL_SYLLABLE

    pict = bytearray(MAX)
    emoji_presentation = bytearray(MAX)
    for first, last, value, _ in records(f"{root}/emoji/emoji-data.txt"):
        if value == "Extended_Pictographic":
            pict[first:last + 1] = b"\1" * (last - first + 1)
        elif value == "Emoji_Presentation":
            emoji_presentation[first:last + 1] = b"\1" * (last - first + 1)

    incb = bytearray(MAX)
    ignorable = bytearray(MAX)
    has_incb = False
    for first, last, value, second in records(f"{root}/DerivedCoreProperties.txt"):
        if value == "InCB" and second in INCB:
            incb[first:last + 1] = bytes([INCB[second]]) * (last - first + 1)
            has_incb = True
        elif value == "Default_Ignorable_Code_Point":
            ignorable[first:last + 1] = b"\1" * (last - first + 1)

    marks = bytearray(MAX)
    assigned = bytearray(MAX)
    for first, last, value, _ in records(f"{root}/extracted/DerivedGeneralCategory.txt"):
        if value != "Cn":
            assigned[first:last + 1] = b"\1" * (last - first + 1)
        if value in ("Mn", "Me", "Mc"):
            marks[first:last + 1] = b"\1" * (last - first + 1)

    # Bidi: L everywhere, then the @missing defaults of right-to-left blocks, then the data lines.
    bidi_path = f"{root}/extracted/DerivedBidiClass.txt"
    strong = bytearray([1]) * MAX
    with open(bidi_path, encoding="utf-8") as f:
        for line in f:
            m = MISSING.match(line)
            if m:
                first, last = int(m.group(1), 16), int(m.group(2), 16)
                value = {"Left_To_Right": 1, "Right_To_Left": 2, "Arabic_Letter": 2}.get(m.group(3), 0)
                strong[first:last + 1] = bytes([value]) * (last - first + 1)
    for cp in range(MAX):   # unassigned default ignorables are BN, noncharacters too
        if ignorable[cp] and not assigned[cp]:
            strong[cp] = 0
    for cp in list(range(0xFDD0, 0xFDF0)) + [p + q for p in range(0, MAX, 0x10000) for q in (0xFFFE, 0xFFFF)]:
        strong[cp] = 0
    for first, last, value, _ in records(bidi_path):
        v = 1 if value == "L" else 2 if value in ("R", "AL") else 0
        strong[first:last + 1] = bytes([v]) * (last - first + 1)

    browser = bytearray(MAX)
    explicit = [(0x00AD, 0x00AD), (0x061C, 0x061C), (0x200B, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069),
                (0xFE00, 0xFE0F), (0x1F3FB, 0x1F3FF), (0x1F1E6, 0x1F1FF), (0xE0001, 0xE0001),
                (0xE0020, 0xE007F), (0xE0100, 0xE01EF)]
    for first, last in explicit:
        browser[first:last + 1] = b"\1" * (last - first + 1)
    browser_gcb = {GCB[k] for k in ("Extend", "ZWJ", "Regional_Indicator", "Prepend", "SpacingMark",
                                    "L", "V", "T")}
    for cp in range(0x80, MAX):
        if marks[cp] or strong[cp] == 2 or gcb[cp] in browser_gcb or emoji_presentation[cp]:
            browser[cp] = 1

    props = [gcb[cp] | pict[cp] << 4 | incb[cp] << 5 | browser[cp] << 7 | strong[cp] << 8 for cp in range(MAX)]
    runs = []
    for cp in range(MAX):
        if cp == 0 or props[cp] != props[cp - 1]:
            runs.append((cp, props[cp]))
    pages = []
    r = 0
    for page in range(257):
        start = page << 8
        while r + 1 < len(runs) and runs[r + 1][0] <= start:
            r += 1
        pages.append(r)

    version = version_of(f"{root}/auxiliary/GraphemeBreakProperty.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write(f"// Generated by scripts/gen_unicode_tables.py from the Unicode Character Database {version}.\n")
        f.write("// Do not edit: the build writes it again when the script or the data change.\n")
        f.write(f'#define CRM_UNICODE_VERSION "{version}"\n')
        f.write(f"#define CRM_UNICODE_HAS_INCB {1 if has_incb else 0}\n")
        f.write(f"constexpr uint32_t kRuns[{len(runs)}] = {{\n")
        for i in range(0, len(runs), 8):
            f.write("    " + ", ".join(f"0x{cp << 11 | p:08X}" for cp, p in runs[i:i + 8]) + ",\n")
        f.write("};\n")
        f.write(f"// Index in kRuns of the run holding code point page << 8, for the 256 BMP pages and 0x10000.\n")
        f.write(f"constexpr uint16_t kBmpPages[257] = {{\n")
        for i in range(0, 257, 16):
            f.write("    " + ", ".join(str(p) for p in pages[i:i + 16]) + ",\n")
        f.write("};\n")


if __name__ == "__main__":
    main()
