// fuzz_text.cpp: libFuzzer target for the text helpers on arbitrary bytes: grapheme boundaries start
// at 0, increase, end at the size and never fall on a continuation byte; next/prev boundaries,
// fit_prefix and ellipsize agree with them; decoding never reads past the input (ASan).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/util/text.hpp"

namespace text = crm::core::text;

namespace {
float width_of(std::string_view s, void*) { return static_cast<float>(s.size()); }
bool in_latin(char32_t cp, void*) { return cp < 0x250; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view s(reinterpret_cast<const char*>(data), size);
    const std::vector<size_t> b = text::grapheme_boundaries(s);
    if (b.empty() || b.front() != 0 || b.back() != s.size()) __builtin_trap();
    for (size_t k = 1; k < b.size(); ++k) {
        if (b[k] <= b[k - 1]) __builtin_trap();
        if (b[k] < s.size() && (data[b[k]] & 0xC0) == 0x80) __builtin_trap();
    }
    for (size_t k = 0; k + 1 < b.size(); ++k) {
        if (text::next_grapheme_boundary(s, b[k]) != b[k + 1]) __builtin_trap();
        if (text::prev_grapheme_boundary(s, b[k + 1]) != b[k]) __builtin_trap();
    }
    for (size_t i = 0; i < s.size();) {
        char32_t cp;
        const size_t n = text::decode_utf8(s, i, cp);
        if (n < 1 || n > 4 || i + n > s.size() || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) __builtin_trap();
        i += n;
    }
    (void)text::needs_browser_text(s, in_latin, nullptr);
    (void)text::first_strong_direction(s);
    const float room = static_cast<float>(size / 2);
    const size_t fit = text::fit_prefix(s, room, width_of, nullptr);
    if (static_cast<float>(fit) > room) __builtin_trap();
    bool on_boundary = false;
    for (size_t x : b) on_boundary = on_boundary || x == fit;
    if (!on_boundary) __builtin_trap();
    const text::Ellipsized e = text::ellipsize(s, room, 3.0f, width_of, nullptr);
    if (e.cut != (size > 0 && static_cast<float>(size) > room)) __builtin_trap();
    if (e.cut && (e.text.size() < 3 || e.text.compare(e.text.size() - 3, 3, "\xE2\x80\xA6") != 0)) __builtin_trap();
    return 0;
}
