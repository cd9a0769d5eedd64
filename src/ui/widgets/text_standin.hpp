// text_standin.hpp: TEMPORARY stand-in for core/util/text.hpp's ellipsize() and grapheme_boundaries()
// (same signatures), used by data_text.cpp only while core/util/text.hpp does not exist yet. DELETE
// this file once core/util/text.hpp is in the tree (data_text.cpp then includes it instead).
// Grapheme clusters here are approximate: a code point followed by combining marks, variation
// selectors, skin-tone modifiers, tag characters or a zero-width joiner sequence, CR LF, and
// regional-indicator pairs (flags).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crm::ui::text_standin {

using MeasureFn = float (*)(std::string_view prefix, void* user);
struct Ellipsized {
    std::string text;
    bool cut = false;
};

namespace detail {

inline size_t decode(std::string_view s, size_t i, char32_t& cp) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    for (size_t k = 1; k < n; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) n = 1;
    }
    if (n == 1) cp = c < 0x80 ? c : 0xFFFD;
    else if (n == 2) cp = ((c & 0x1Fu) << 6) | (b(i + 1) & 0x3Fu);
    else if (n == 3) cp = ((c & 0x0Fu) << 12) | ((b(i + 1) & 0x3Fu) << 6) | (b(i + 2) & 0x3Fu);
    else cp = ((c & 0x07u) << 18) | ((b(i + 1) & 0x3Fu) << 12) | ((b(i + 2) & 0x3Fu) << 6) | (b(i + 3) & 0x3Fu);
    return n;
}

inline bool extends(char32_t cp) {   // joins the cluster before it
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) || (cp >= 0x0591 && cp <= 0x05BD) ||
           (cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) || (cp >= 0x0900 && cp <= 0x0903) ||
           (cp >= 0x093A && cp <= 0x094F) || (cp >= 0x0E31 && cp <= 0x0E3A && cp != 0x0E32 && cp != 0x0E33) ||
           (cp >= 0x0E47 && cp <= 0x0E4E) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           cp == 0x200C || cp == 0x200D || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) ||
           (cp >= 0xE0100 && cp <= 0xE01EF);
}

}  // namespace detail

// Byte offsets where a cluster starts, and s.size() (0 included).
inline std::vector<size_t> grapheme_boundaries(std::string_view s) {
    std::vector<size_t> out{0};
    char32_t prev = 0;
    int regional = 0;   // regional indicators in a row
    for (size_t i = 0; i < s.size();) {
        char32_t cp = 0;
        const size_t n = detail::decode(s, i, cp);
        const bool ri = cp >= 0x1F1E6 && cp <= 0x1F1FF;
        const bool joined = i > 0 && (detail::extends(cp) || prev == 0x200D || (prev == '\r' && cp == '\n') ||
                                      (ri && regional % 2 == 1));
        if (i > 0 && !joined) out.push_back(i);
        regional = ri ? regional + 1 : 0;
        prev = cp;
        i += n;
    }
    if (!s.empty()) out.push_back(s.size());
    return out;
}

// The whole text if it fits max_width, else its longest prefix ending at a cluster boundary that
// fits with the ellipsis, + "…" (trailing spaces dropped).
inline Ellipsized ellipsize(std::string_view s, float max_width, float ellipsis_width, MeasureFn measure, void* user) {
    if (measure(s, user) <= max_width) return {std::string(s), false};
    const std::vector<size_t> b = grapheme_boundaries(s);
    size_t lo = 0, hi = b.size() - 1;   // b[lo] fits (0 always "fits"), b[hi] does not
    while (hi - lo > 1) {
        const size_t mid = (lo + hi) / 2;
        if (measure(s.substr(0, b[mid]), user) + ellipsis_width <= max_width) lo = mid;
        else hi = mid;
    }
    std::string_view head = s.substr(0, b[lo]);
    while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
    return {std::string(head) + "\xE2\x80\xA6", true};
}

}  // namespace crm::ui::text_standin
