// case_fold.cpp: simple Unicode case folding by ranges (tables as data). Pure: no I/O, never throws.
#include "core/util/case_fold.hpp"

#include <cstdint>

namespace crm::core {

namespace {

// A range of upper-case code points and how each maps to its lower case.
enum class Fold : uint8_t { Offset, EvenOdd, OddEven };
struct FoldRange {
    char32_t first, last;
    Fold kind;
    int32_t offset;   // Offset: lower = c + offset; EvenOdd: upper is even, lower = c + 1; OddEven: upper odd
};

constexpr FoldRange kFoldRanges[] = {
    {0x0041, 0x005A, Fold::Offset, 32},      // A-Z
    {0x00C0, 0x00D6, Fold::Offset, 32},      // À-Ö
    {0x00D8, 0x00DE, Fold::Offset, 32},      // Ø-Þ
    {0x0100, 0x012F, Fold::EvenOdd, 0},      // Ā-į
    {0x0132, 0x0137, Fold::EvenOdd, 0},      // Ĳ-ķ
    {0x0139, 0x0148, Fold::OddEven, 0},      // Ĺ-ň
    {0x014A, 0x0177, Fold::EvenOdd, 0},      // Ŋ-ŷ
    {0x0178, 0x0178, Fold::Offset, -121},    // Ÿ -> ÿ
    {0x0179, 0x017E, Fold::OddEven, 0},      // Ź-ž
    {0x017F, 0x017F, Fold::Offset, -268},    // ſ -> s
    {0x0181, 0x0181, Fold::Offset, 210},     // Ɓ -> ɓ
    {0x0186, 0x0186, Fold::Offset, 206},     // Ɔ -> ɔ
    {0x0189, 0x018A, Fold::Offset, 205},     // Ɖ Ɗ
    {0x018E, 0x018E, Fold::Offset, 79},      // Ǝ -> ǝ
    {0x018F, 0x018F, Fold::Offset, 202},     // Ə -> ə
    {0x0190, 0x0190, Fold::Offset, 203},     // Ɛ -> ɛ
    {0x01A0, 0x01A5, Fold::EvenOdd, 0},      // Ơ-ƥ
    {0x01AF, 0x01B0, Fold::OddEven, 0},      // Ư ư
    {0x01C4, 0x01C4, Fold::Offset, 2},       // Ǆ -> ǆ
    {0x01C5, 0x01C5, Fold::Offset, 1},
    {0x01C7, 0x01C7, Fold::Offset, 2},       // Ǉ -> ǉ
    {0x01C8, 0x01C8, Fold::Offset, 1},
    {0x01CA, 0x01CA, Fold::Offset, 2},       // Ǌ -> ǌ
    {0x01CB, 0x01DC, Fold::OddEven, 0},      // ǋ-ǜ
    {0x01DE, 0x01EF, Fold::EvenOdd, 0},      // Ǟ-ǯ
    {0x01F1, 0x01F1, Fold::Offset, 2},       // Ǳ -> ǳ
    {0x01F2, 0x01F2, Fold::Offset, 1},
    {0x01F4, 0x01F5, Fold::EvenOdd, 0},      // Ǵ ǵ
    {0x01F8, 0x021F, Fold::EvenOdd, 0},      // Ǹ-ȟ (Romanian Ș Ț included)
    {0x0222, 0x0233, Fold::EvenOdd, 0},      // Ȣ-ȳ
    {0x0386, 0x0386, Fold::Offset, 38},      // Ά -> ά
    {0x0388, 0x038A, Fold::Offset, 37},      // Έ-Ί
    {0x038C, 0x038C, Fold::Offset, 64},      // Ό -> ό
    {0x038E, 0x038F, Fold::Offset, 63},      // Ύ Ώ
    {0x0391, 0x03A1, Fold::Offset, 32},      // Α-Ρ
    {0x03A3, 0x03AB, Fold::Offset, 32},      // Σ-Ϋ
    {0x03C2, 0x03C2, Fold::Offset, 1},       // final ς -> σ
    {0x03D8, 0x03EF, Fold::EvenOdd, 0},      // archaic Greek and Coptic pairs
    {0x0400, 0x040F, Fold::Offset, 80},      // Ѐ-Џ
    {0x0410, 0x042F, Fold::Offset, 32},      // А-Я
    {0x0460, 0x0481, Fold::EvenOdd, 0},      // Ѡ-ҁ
    {0x048A, 0x04BF, Fold::EvenOdd, 0},      // Ҋ-ҿ
    {0x04C0, 0x04C0, Fold::Offset, 15},      // Ӏ -> ӏ
    {0x04C1, 0x04CE, Fold::OddEven, 0},      // Ӂ-ӎ
    {0x04D0, 0x052F, Fold::EvenOdd, 0},      // Ӑ-ԯ
    {0x0531, 0x0556, Fold::Offset, 48},      // Armenian
    {0x1E00, 0x1E95, Fold::EvenOdd, 0},      // Latin Extended Additional
    {0x1EA0, 0x1EFF, Fold::EvenOdd, 0},      // Vietnamese
    {0x1F08, 0x1F0F, Fold::Offset, -8},      // Greek Extended (polytonic), main blocks
    {0x1F18, 0x1F1D, Fold::Offset, -8},
    {0x1F28, 0x1F2F, Fold::Offset, -8},
    {0x1F38, 0x1F3F, Fold::Offset, -8},
    {0x1F48, 0x1F4D, Fold::Offset, -8},
    {0x1F68, 0x1F6F, Fold::Offset, -8},
    {0xFF21, 0xFF3A, Fold::Offset, 32},      // fullwidth Ａ-Ｚ
};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Decodes one code point at s[i]; returns its length in bytes, 0 if the sequence is invalid.
size_t decode(std::string_view s, size_t i, char32_t& c) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b = byte(i);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    if (n == 1) {
        c = b;
        return 1;
    }
    c = b & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        c = (c << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kMin[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

char32_t case_fold_code_point(char32_t c) {
    if (c < 0x41) return c;
    for (const FoldRange& r : kFoldRanges) {
        if (c < r.first) return c;   // ranges are sorted
        if (c > r.last) continue;
        switch (r.kind) {
            case Fold::Offset: return static_cast<char32_t>(static_cast<int32_t>(c) + r.offset);
            case Fold::EvenOdd: return (c % 2 == 0) ? c + 1 : c;
            case Fold::OddEven: return (c % 2 == 1) ? c + 1 : c;
        }
    }
    return c;
}

std::string case_fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        unsigned char b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {   // fast path: ASCII
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            ++i;
            continue;
        }
        char32_t c = 0;
        size_t n = decode(s, i, c);
        if (n == 0) {
            out += static_cast<char>(b);
            ++i;
            continue;
        }
        i += n;
        if (c == 0x00DF || c == 0x1E9E) {   // ß, ẞ -> ss (full folding, as Python's casefold)
            out += "ss";
        } else if (c == 0x0130) {           // İ -> i (dropping the combining dot)
            out += 'i';
        } else {
            append_utf8(out, case_fold_code_point(c));
        }
    }
    return out;
}

}  // namespace crm::core
