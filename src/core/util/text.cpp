// text.cpp: UTF-8 decoding, UAX #29 extended grapheme clusters and the text checks built on them.
// One generated run table (unicode_tables.inc, see scripts/gen_unicode_tables.py) gives every code
// point's Grapheme_Cluster_Break, Extended_Pictographic, Indic_Conjunct_Break, "browser only" and
// strong direction; a 256-entry page index makes Basic Multilingual Plane look-ups short.
#include "core/util/text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "core/util/format.hpp"

namespace crm::core::text {

namespace {

#include "unicode_tables.inc"

// Property bits of a kRuns entry (keep equal to scripts/gen_unicode_tables.py).
enum Gcb : uint8_t {
    kOther, kCR, kLF, kControl, kExtend, kZWJ, kRI, kPrepend, kSpacingMark, kL, kV, kT, kLV, kLVT,
    kHangulSyllable,   // AC00-D7A3: LV or LVT, computed
};
enum InCB : uint8_t { kInCBNone, kInCBLinker, kInCBConsonant, kInCBExtend };
constexpr uint32_t kGcbMask = 0xF;
constexpr uint32_t kPictBit = 1u << 4;
constexpr unsigned kInCBShift = 5;
constexpr uint32_t kBrowserBit = 1u << 7;
constexpr unsigned kStrongShift = 8;   // 0 none, 1 L, 2 R/AL
constexpr unsigned kPropBits = 11;
constexpr char32_t kReplacement = 0xFFFD;

uint32_t props_of(char32_t cp) {
    size_t lo, hi;
    if (cp < 0x10000) {
        lo = kBmpPages[cp >> 8];
        hi = size_t{kBmpPages[(cp >> 8) + 1]} + 1;
    } else {
        lo = kBmpPages[256];
        hi = std::size(kRuns);
        cp = std::min<char32_t>(cp, 0x10FFFF);
    }
    if (hi - lo == 1) return kRuns[lo] & ((1u << kPropBits) - 1);
    const uint32_t key = (static_cast<uint32_t>(cp) << kPropBits) | ((1u << kPropBits) - 1);
    const uint32_t* run = std::upper_bound(kRuns + lo, kRuns + hi, key) - 1;
    return *run & ((1u << kPropBits) - 1);
}

Gcb gcb_of(char32_t cp, uint32_t props) {
    auto g = static_cast<Gcb>(props & kGcbMask);
    if (g == kHangulSyllable) g = (cp - 0xAC00) % 28 == 0 ? kLV : kLVT;
    return g;
}

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// decode_utf8 on p[0, left), left >= 1; inlined into the loops below.
inline size_t decode(const unsigned char* p, size_t left, char32_t& cp) {
    const unsigned char b0 = p[0];
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    cp = kReplacement;
    // Decode, then refuse overlong forms, surrogates and values above U+10FFFF by value.
    if (b0 < 0xE0) {
        if (b0 < 0xC2 || left < 2 || !is_continuation(p[1])) return 1;   // continuation, C0/C1 (overlong)
        cp = (char32_t{b0} & 0x1F) << 6 | (p[1] & 0x3F);
        return 2;
    }
    if (b0 < 0xF0) {
        if (left < 3 || !is_continuation(p[1]) || !is_continuation(p[2])) return 1;
        const char32_t c = (char32_t{b0} & 0x0F) << 12 | char32_t{p[1] & 0x3Fu} << 6 | (p[2] & 0x3F);
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)) return 1;
        cp = c;
        return 3;
    }
    if (b0 > 0xF4 || left < 4 || !is_continuation(p[1]) || !is_continuation(p[2]) || !is_continuation(p[3])) return 1;
    const char32_t c = (char32_t{b0} & 0x07) << 18 | char32_t{p[1] & 0x3Fu} << 12 | char32_t{p[2] & 0x3Fu} << 6 |
                       (p[3] & 0x3F);
    if (c < 0x10000 || c > 0x10FFFF) return 1;
    cp = c;
    return 4;
}

char32_t decode_at(std::string_view s, size_t& i) {   // decodes at i (< s.size()) and moves i past it
    char32_t cp;
    i += decode(reinterpret_cast<const unsigned char*>(s.data()) + i, s.size() - i, cp);
    return cp;
}

struct Unit {             // one decoded code point and what segmentation needs of it
    size_t len = 0;
    Gcb gcb = kOther;
    bool pict = false;
    InCB incb = kInCBNone;
    bool stray = false;   // an invalid continuation byte: never starts a cluster
};

Unit read_unit(std::string_view s, size_t i) {
    Unit u;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
        u.len = 1;
        u.gcb = b == '\r' ? kCR : b == '\n' ? kLF : (b < 0x20 || b == 0x7F) ? kControl : kOther;
        return u;
    }
    char32_t cp;
    u.len = decode(reinterpret_cast<const unsigned char*>(s.data()) + i, s.size() - i, cp);
    if (u.len == 1 && is_continuation(b)) {
        u.stray = true;
        return u;
    }
    const uint32_t p = props_of(cp);
    u.gcb = gcb_of(cp, p);
    u.pict = (p & kPictBit) != 0;
    u.incb = static_cast<InCB>((p >> kInCBShift) & 3);
    return u;
}

// Walks the boundaries of s from the start. The state describes the code points before the
// current one (rules GB11, GB12/13 and GB9c look further back than one code point).
class Segmenter {
public:
    explicit Segmenter(std::string_view s) : s_(s) {
        if (!s_.empty()) cur_ = read_unit(s_, 0);
    }
    // The next boundary after the current one (s.size() at the end). Precondition: not at the end.
    size_t advance() {
        for (;;) {
            consume();
            if (pos_ >= s_.size()) return s_.size();
            cur_ = read_unit(s_, pos_);
            if (breaks_before(cur_)) return pos_;
        }
    }

private:
    enum class Emoji : uint8_t { None, Pict, PictZwj };          // ExtPict Extend* [ZWJ]
    enum class Conjunct : uint8_t { None, Consonant, Linked };   // Consonant [Extend Linker]* [with a Linker]

    bool breaks_before(const Unit& c) const {
        if (c.stray) return false;
        if (prev_ == kCR && c.gcb == kLF) return false;                                  // GB3
        if (prev_ == kCR || prev_ == kLF || prev_ == kControl) return true;              // GB4
        if (c.gcb == kCR || c.gcb == kLF || c.gcb == kControl) return true;              // GB5
        if (prev_ == kL && (c.gcb == kL || c.gcb == kV || c.gcb == kLV || c.gcb == kLVT)) return false;  // GB6
        if ((prev_ == kLV || prev_ == kV) && (c.gcb == kV || c.gcb == kT)) return false;  // GB7
        if ((prev_ == kLVT || prev_ == kT) && c.gcb == kT) return false;                  // GB8
        if (c.gcb == kExtend || c.gcb == kZWJ || c.gcb == kSpacingMark) return false;     // GB9, GB9a
        if (prev_ == kPrepend) return false;                                             // GB9b
        if (conjunct_ == Conjunct::Linked && c.incb == kInCBConsonant) return false;      // GB9c
        if (emoji_ == Emoji::PictZwj && c.pict) return false;                             // GB11
        if (prev_ == kRI && c.gcb == kRI && ri_count_ % 2 == 1) return false;            // GB12, GB13
        return true;                                                                     // GB999
    }

    void consume() {
        const Unit& c = cur_;
        pos_ += c.len;
        if (c.stray) {   // an invalid byte ends every sequence
            prev_ = kOther;
            emoji_ = Emoji::None;
            conjunct_ = Conjunct::None;
            ri_count_ = 0;
            return;
        }
        prev_ = c.gcb;
        ri_count_ = c.gcb == kRI ? ri_count_ + 1 : 0;
        if (c.pict) emoji_ = Emoji::Pict;
        else if (emoji_ == Emoji::Pict && c.gcb == kExtend) emoji_ = Emoji::Pict;
        else if (emoji_ == Emoji::Pict && c.gcb == kZWJ) emoji_ = Emoji::PictZwj;
        else emoji_ = Emoji::None;
        if (c.incb == kInCBConsonant) conjunct_ = Conjunct::Consonant;
        else if (conjunct_ != Conjunct::None && c.incb == kInCBLinker) conjunct_ = Conjunct::Linked;
        else if (conjunct_ == Conjunct::None || c.incb != kInCBExtend) conjunct_ = Conjunct::None;
    }

    std::string_view s_;
    size_t pos_ = 0;
    Unit cur_;
    Gcb prev_ = kOther;
    Emoji emoji_ = Emoji::None;
    Conjunct conjunct_ = Conjunct::None;
    size_t ri_count_ = 0;   // regional indicators just before the current code point
};

bool is_white_space(char32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

bool only_white_space(std::string_view cluster) {
    for (size_t i = 0; i < cluster.size();) {
        if (!is_white_space(decode_at(cluster, i))) return false;
    }
    return !cluster.empty();
}

// The largest index j <= last with measure(s[0, b[j])) + extra <= max_width, 0 when none (b[0] is
// the empty prefix, never measured).
size_t largest_fitting(std::string_view s, const std::vector<size_t>& b, size_t last, float max_width,
                       float extra, MeasureFn measure, void* user) {
    size_t lo = 0, hi = last;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo + 1) / 2;
        if (measure(s.substr(0, b[mid]), user) + extra <= max_width) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";   // U+2026

}  // namespace

size_t decode_utf8(std::string_view s, size_t i, char32_t& cp) {
    if (i >= s.size()) {
        cp = kReplacement;
        return 1;
    }
    return decode(reinterpret_cast<const unsigned char*>(s.data()) + i, s.size() - i, cp);
}

std::vector<size_t> grapheme_boundaries(std::string_view s) {
    std::vector<size_t> out;
    out.reserve(s.size() + 1);
    out.push_back(0);
    Segmenter seg(s);
    while (out.back() < s.size()) out.push_back(seg.advance());
    return out;
}

size_t next_grapheme_boundary(std::string_view s, size_t pos) {
    if (pos >= s.size()) return s.size();
    Segmenter seg(s);
    size_t b = 0;
    while (b <= pos) b = seg.advance();   // ends at s.size() at the latest, which is > pos
    return b;
}

size_t prev_grapheme_boundary(std::string_view s, size_t pos) {
    pos = std::min(pos, s.size());
    Segmenter seg(s);
    size_t last = 0;
    while (last < pos) {
        const size_t b = seg.advance();
        if (b >= pos) break;
        last = b;
    }
    return last;
}

bool needs_browser_text(std::string_view s, GlyphPredicate in_atlas, void* user) {
    const size_t n = s.size();
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {   // ASCII fast path, 8 bytes at a time
        uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        if (word & 0x8080808080808080ull) break;
    }
    while (i < n) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const char32_t cp = decode_at(s, i);
        if (props_of(cp) & kBrowserBit) return true;
        if (in_atlas != nullptr && !in_atlas(cp, user)) return true;
    }
    return false;
}

Direction first_strong_direction(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') return Direction::Ltr;
            ++i;
            continue;
        }
        switch ((props_of(decode_at(s, i)) >> kStrongShift) & 3) {
            case 1: return Direction::Ltr;
            case 2: return Direction::Rtl;
            default: break;
        }
    }
    return Direction::Neutral;
}

size_t fit_prefix(std::string_view s, float max_width, MeasureFn measure, void* user) {
    const std::vector<size_t> b = grapheme_boundaries(s);
    return b[largest_fitting(s, b, b.size() - 1, max_width, 0.0f, measure, user)];
}

Ellipsized ellipsize(std::string_view s, float max_width, float ellipsis_width, MeasureFn measure, void* user) {
    if (s.empty() || measure(s, user) <= max_width) return {std::string(s), false};
    const std::vector<size_t> b = grapheme_boundaries(s);
    // The whole string does not fit, so at least its last cluster goes.
    size_t j = largest_fitting(s, b, b.size() - 2, max_width, ellipsis_width, measure, user);
    while (j > 0 && only_white_space(s.substr(b[j - 1], b[j] - b[j - 1]))) --j;
    Ellipsized out;
    out.text.reserve(b[j] + kEllipsis.size());
    out.text.append(s.substr(0, b[j])).append(kEllipsis);
    out.cut = true;
    return out;
}

const char* unicode_version() { return CRM_UNICODE_VERSION; }

bool has_indic_conjunct_break() { return CRM_UNICODE_HAS_INCB != 0; }

}  // namespace crm::core::text

namespace crm::core {

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    const size_t b = s.find_first_not_of(kSpace);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string plural(int64_t n, std::string_view one, std::string_view many) {
    std::string out = format_count(n) + " ";
    if (n == 1) return out.append(one);
    if (many.empty()) return out.append(one).append("s");
    return out.append(many);
}

}  // namespace crm::core
