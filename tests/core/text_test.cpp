// text_test.cpp: UTF-8 decoding, grapheme clusters (UAX #29, plus the Unicode conformance file),
// the "needs the browser's text engine" check, first strong direction, fit_prefix and ellipsize.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/util/text.hpp"

namespace text = crm::core::text;
using Bounds = std::vector<size_t>;

namespace {

Bounds B(std::string_view s) { return text::grapheme_boundaries(s); }

std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

char32_t decode_at(std::string_view s, size_t i, size_t& len) {
    char32_t cp = 0;
    len = text::decode_utf8(s, i, cp);
    return cp;
}

}  // namespace

TEST_CASE("decode_utf8: valid sequences of 1 to 4 bytes") {
    size_t len = 0;
    CHECK(decode_at("A", 0, len) == U'A');
    CHECK(len == 1);
    CHECK(decode_at("xé", 1, len) == U'é');
    CHECK(len == 2);
    CHECK(decode_at("€", 0, len) == U'€');
    CHECK(len == 3);
    CHECK(decode_at("𝓐", 0, len) == U'𝓐');
    CHECK(len == 4);
    CHECK(decode_at("\xF4\x8F\xBF\xBF", 0, len) == 0x10FFFF);
    CHECK(len == 4);
    CHECK(decode_at("\xEF\xBF\xBD", 0, len) == 0xFFFD);   // a real U+FFFD is 3 bytes
    CHECK(len == 3);
}

TEST_CASE("decode_utf8: invalid, overlong, surrogate and truncated input give U+FFFD for 1 byte") {
    const char* bad[] = {
        "\x80",               // lone continuation
        "\xBF",
        "\xC0\xAF",           // overlong '/'
        "\xC1\xBF",
        "\xE0\x80\xAF",       // overlong 3-byte
        "\xF0\x80\x80\xAF",   // overlong 4-byte
        "\xED\xA0\x80",       // surrogate D800
        "\xED\xBF\xBF",       // surrogate DFFF
        "\xF4\x90\x80\x80",   // above U+10FFFF
        "\xF5\x80\x80\x80", "\xFF", "\xFE",
        "\xE2\x28\xA1",       // second byte not a continuation
        "\xE2\x82\x28",       // third byte not a continuation
        "\xF0\x9F\x98\x41",   // fourth byte not a continuation
    };
    for (const char* s : bad) {
        CAPTURE(s);
        size_t len = 0;
        CHECK(decode_at(s, 0, len) == 0xFFFD);
        CHECK(len == 1);
    }
    // Truncated: the view ends inside the sequence while the buffer goes on; nothing past the view is read.
    const char euro[] = "\xE2\x82\xAC";
    size_t len = 0;
    CHECK(decode_at(std::string_view(euro, 2), 0, len) == 0xFFFD);
    CHECK(len == 1);
    const char emoji[] = "\xF0\x9F\x98\x80";
    CHECK(decode_at(std::string_view(emoji, 3), 0, len) == 0xFFFD);
    CHECK(len == 1);
    CHECK(decode_at(std::string_view(emoji, 4), 0, len) == 0x1F600);
    CHECK(decode_at("ab", 2, len) == 0xFFFD);   // past the end: nothing read
    CHECK(len == 1);
}

TEST_CASE("grapheme clusters: ASCII, CRLF, controls") {
    CHECK(B("") == Bounds{0});
    CHECK(B("a") == Bounds{0, 1});
    CHECK(B("Acme") == Bounds{0, 1, 2, 3, 4});
    CHECK(B("a\r\nb") == Bounds{0, 1, 3, 4});   // CR LF is one cluster
    CHECK(B("\n\r") == Bounds{0, 1, 2});        // LF CR is two
    CHECK(B("\r\r\n") == Bounds{0, 1, 3});
    CHECK(B("\t\x01z") == Bounds{0, 1, 2, 3});
}

TEST_CASE("grapheme clusters: combining marks (NFD, Zalgo), marks after controls") {
    CHECK(B("e\u0301") == Bounds{0, 3});
    CHECK(B("cafe\u0301s") == Bounds{0, 1, 2, 3, 6, 7});
    // Z + three stacked marks, a + one
    CHECK(B("Z\u0351\u0324\u036Ba\u0353") == Bounds{0, 7, 10});
    std::string zalgo = "x";
    for (int k = 0; k < 40; ++k) zalgo += "\u0336";
    zalgo += "y";
    CHECK(B(zalgo) == Bounds{0, 81, 82});
    CHECK(B("\n\u0301") == Bounds{0, 1, 3});      // GB4 before GB9: a mark after LF starts a cluster
    CHECK(B("\u0301\u0301a") == Bounds{0, 4, 5});  // leading marks form one cluster
}

TEST_CASE("grapheme clusters: emoji ZWJ sequences, modifiers, keycaps, flags") {
    const std::string family = "👨‍👩‍👧‍👦";   // 4 people (4 bytes) joined by 3 ZWJ (3 bytes)
    REQUIRE(family.size() == 25);
    CHECK(B(family) == Bounds{0, 25});
    CHECK(B("a" + family + "b") == Bounds{0, 1, 26, 27});
    CHECK(B(family + family) == Bounds{0, 25, 50});
    CHECK(B("🏳️‍🌈") == Bounds{0, 14});         // flag + VS16 + ZWJ + rainbow
    CHECK(B("a\u200D👩") == Bounds{0, 4, 8});    // ZWJ after a letter: GB11 does not apply
    CHECK(B("👍🏽") == Bounds{0, 8});
    CHECK(B("👍🏽👍") == Bounds{0, 8, 12});
    CHECK(B("1️⃣") == Bounds{0, 7});             // 1 + FE0F + U+20E3
    CHECK(B("1️⃣2") == Bounds{0, 7, 8});
    CHECK(B("🇯🇵🇫🇷") == Bounds{0, 8, 16});        // two flags
    CHECK(B("🇯🇵🇫") == Bounds{0, 8, 12});         // odd count: the last indicator alone
    CHECK(B("🇯🇵🇫🇷🇩") == Bounds{0, 8, 16, 20});
    CHECK(B("a🇯🇵b") == Bounds{0, 1, 9, 10});
}

TEST_CASE("grapheme clusters: Hangul jamo and precomposed syllables") {
    CHECK(B("\u1100\u1161\u11A8") == Bounds{0, 9});          // L V T: one syllable
    CHECK(B("\u1100\u1161\u11A8\u1100\u1161") == Bounds{0, 9, 15});
    CHECK(B("각가") == Bounds{0, 3, 6});                      // precomposed LVT, LV
    CHECK(B("가\u11A8") == Bounds{0, 6});                     // LV + T
    CHECK(B("각\u11A8") == Bounds{0, 6});                     // LVT + T
    CHECK(B("각\u1161") == Bounds{0, 3, 6});                  // LVT + V breaks
    CHECK(B("\u1100가") == Bounds{0, 6});                     // L + LV
    CHECK(B("한국어") == Bounds{0, 3, 6, 9});
}

TEST_CASE("grapheme clusters: Thai, Devanagari, Hebrew, Arabic") {
    CHECK(B("กำ") == Bounds{0, 6});      // SARA AM is a SpacingMark
    CHECK(B("ที่") == Bounds{0, 9});     // above vowel + tone mark
    CHECK(B("ที่นี่") == Bounds{0, 9, 18});
    // क्षि: क + virama | ष + vowel sign i; नमस्ते: न | म | स् | ते. Rule GB9c (Indic_Conjunct_Break,
    // Unicode 15.1 and later) joins a consonant, virama and consonant into one cluster.
    if (text::has_indic_conjunct_break()) {
        CHECK(B("क्षि") == Bounds{0, 12});
        CHECK(B("नमस्ते") == Bounds{0, 3, 6, 18});
    } else {
        CHECK(B("क्षि") == Bounds{0, 6, 12});
        CHECK(B("नमस्ते") == Bounds{0, 3, 6, 12, 18});
    }
    CHECK(B("שָׁלוֹם") == Bounds{0, 6, 8, 12, 14});   // one cluster per letter, with its points
    CHECK(B("مرحبا") == Bounds{0, 2, 4, 6, 8, 10});
    CHECK(B("بِسْمِ") == Bounds{0, 4, 8, 12});
    CHECK(B("\u0600\u0661") == Bounds{0, 4});        // Arabic number sign is Prepend (GB9b)
}

TEST_CASE("grapheme clusters: astral letters, invalid and truncated UTF-8") {
    CHECK(B("𝓐𐐷") == Bounds{0, 4, 8});
    CHECK(B("a\xFF" "b") == Bounds{0, 1, 2, 3});
    CHECK(B("\xC0\xAF") == Bounds{0, 2});                  // invalid lead, then a stray continuation
    CHECK(B("\x80\x80" "a") == Bounds{0, 2, 3});            // strays at the start: one cluster
    CHECK(B("\xED\xA0\x80" "x") == Bounds{0, 3, 4});        // surrogate: 3 invalid bytes, no break inside
    CHECK(B("ab\xE2\x82") == Bounds{0, 1, 2, 4});           // truncated at the end
    CHECK(B("a\xF0\x9F\x98") == Bounds{0, 1, 4});
    CHECK(B("e\xCC") == Bounds{0, 1, 2});
    CHECK(B("\xFF\u0301") == Bounds{0, 3});                 // a mark still joins an invalid byte
    const char euro[] = "a\xE2\x82\xAC";
    CHECK(B(std::string_view(euro, 3)) == Bounds{0, 1, 3});  // never reads past the view
}

TEST_CASE("next_grapheme_boundary and prev_grapheme_boundary agree with grapheme_boundaries") {
    const std::string s = "a\r\ne\u0301👨‍👩‍👧‍👦🇯🇵🇫ที่\u1100\u1161\u11A8\xFF\x80z";
    const Bounds b = B(s);
    REQUIRE(b.size() == 11);
    for (size_t pos = 0; pos < s.size(); ++pos) {
        CAPTURE(pos);
        size_t expected = 0;
        for (size_t x : b) {
            if (x > pos) {
                expected = x;
                break;
            }
        }
        CHECK(text::next_grapheme_boundary(s, pos) == expected);
    }
    for (size_t pos = 1; pos <= s.size(); ++pos) {
        CAPTURE(pos);
        size_t expected = 0;
        for (size_t x : b)
            if (x < pos) expected = x;
        CHECK(text::prev_grapheme_boundary(s, pos) == expected);
    }
    CHECK(text::next_grapheme_boundary(s, s.size()) == s.size());
    CHECK(text::prev_grapheme_boundary(s, 0) == 0);
    CHECK(text::next_grapheme_boundary("", 0) == 0);
}

// Every line of the Unicode conformance file (GraphemeBreakTest.txt of the same data version):
// "÷ 0020 × 0308 ÷ 0020 ÷" means boundaries before the first and the third code point and at the end.
TEST_CASE("grapheme clusters: the Unicode GraphemeBreakTest conformance file") {
    std::ifstream in(CRM_UNICODE_DATA_DIR "/auxiliary/GraphemeBreakTest.txt");
    REQUIRE(in.good());
    std::string line;
    int cases = 0;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::istringstream words(line);
        std::string word, s;
        Bounds expected;
        while (words >> word) {
            if (word == "\xC3\xB7") expected.push_back(s.size());        // ÷
            else if (word != "\xC3\x97") s += utf8(static_cast<char32_t>(std::stoul(word, nullptr, 16)));  // ×
        }
        CAPTURE(line);
        CHECK(B(s) == expected);
        ++cases;
    }
    CHECK(cases > 500);
    MESSAGE("Unicode " << std::string(text::unicode_version()) << ": " << cases << " conformance cases");
}

namespace {

int g_atlas_calls = 0;
bool accept_all(char32_t, void*) {
    ++g_atlas_calls;
    return true;
}
bool latin_extended(char32_t cp, void*) {   // an atlas of Latin-1 + Latin Extended-A/B (+ U+FFFD)
    ++g_atlas_calls;
    return cp < 0x250 || cp == 0xFFFD;
}
bool reject_all(char32_t, void*) {
    ++g_atlas_calls;
    return false;
}

}  // namespace

TEST_CASE("needs_browser_text: ASCII never asks the atlas") {
    g_atlas_calls = 0;
    CHECK_FALSE(text::needs_browser_text("", reject_all, nullptr));
    CHECK_FALSE(text::needs_browser_text("Acme Corp, 42 Main St. (HQ) #1", reject_all, nullptr));
    CHECK_FALSE(text::needs_browser_text("tab\tnew\nline\r\x01\x7F", reject_all, nullptr));
    CHECK(g_atlas_calls == 0);
    // ASCII around other text is not asked either: only é is.
    CHECK_FALSE(text::needs_browser_text("Acme Caf\xC3\xA9 and more ASCII text", latin_extended, nullptr));
    CHECK(g_atlas_calls == 1);
}

TEST_CASE("needs_browser_text: what the atlas lacks") {
    CHECK_FALSE(text::needs_browser_text("Łódź", latin_extended, nullptr));
    CHECK_FALSE(text::needs_browser_text("Müller Straße, Kraków", latin_extended, nullptr));
    CHECK(text::needs_browser_text("東京", latin_extended, nullptr));
    CHECK(text::needs_browser_text("Acme 東京 Ltd", latin_extended, nullptr));
    CHECK_FALSE(text::needs_browser_text("東京", accept_all, nullptr));   // CJK itself draws glyph by glyph
    CHECK(text::needs_browser_text("Ωμέγα", latin_extended, nullptr));
    CHECK_FALSE(text::needs_browser_text("Ωμέγα", accept_all, nullptr));
    CHECK(text::needs_browser_text("😀", latin_extended, nullptr));
    CHECK(text::needs_browser_text("\xFF", reject_all, nullptr));         // asked as U+FFFD
    CHECK_FALSE(text::needs_browser_text("a\xFF", latin_extended, nullptr));
    CHECK_FALSE(text::needs_browser_text("한국어", accept_all, nullptr));  // precomposed syllables
}

TEST_CASE("needs_browser_text: what glyph-by-glyph drawing gets wrong even with every glyph") {
    const char* always[] = {
        "e\u0301",             // combining mark
        "ที่",                  // Thai marks
        "กำ",                  // SARA AM (SpacingMark, not a mark category)
        "क्ष",                 // virama
        "a\u200Db", "a\u200Cb",  // ZWJ, ZWNJ
        "\u2764\uFE0F",        // variation selector 16
        "\u845B\U000E0100",    // ideographic variation selector
        "👍🏽",                  // emoji modifier
        "😀",                  // Emoji_Presentation: drawn in colour by the browser
        "🇯🇵",                  // regional indicators
        "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",   // tag sequence
        "\u202Eabc", "a\u200Eb", "a\u200F", "\u061C", "\u2066x\u2069",           // bidi controls
        "שלום", "مرحبا", "ܫܠܡܐ", "ދިވެހި", "ߒߞߏ",  // Hebrew, Arabic, Syriac, Thaana, NKo
        "\uFB2A", "\uFEFB",    // Hebrew and Arabic presentation forms
        "\u1100\u1161",        // Hangul conjoining jamo
        "a\u200Bb",            // zero width space
        "co\u00ADop",          // soft hyphen
    };
    for (const char* s : always) {
        CAPTURE(s);
        CHECK(text::needs_browser_text(s, accept_all, nullptr));
        CHECK(text::needs_browser_text(s, nullptr, nullptr));
    }
    const char* glyphs[] = {"\u2764", "©®™", "Łódź", "€ 1,234.50", "№ 5", "\u2190", "\xEF\xBF\xBD"};
    for (const char* s : glyphs) {
        CAPTURE(s);
        CHECK_FALSE(text::needs_browser_text(s, accept_all, nullptr));
    }
}

TEST_CASE("first_strong_direction: HTML dir=auto") {
    using D = text::Direction;
    CHECK(text::first_strong_direction("123 חברת") == D::Rtl);
    CHECK(text::first_strong_direction("Acme") == D::Ltr);
    CHECK(text::first_strong_direction("(!)") == D::Neutral);
    CHECK(text::first_strong_direction("مرحبا abc") == D::Rtl);
    CHECK(text::first_strong_direction("abc مرحبا") == D::Ltr);
    CHECK(text::first_strong_direction("") == D::Neutral);
    CHECK(text::first_strong_direction("42, 7%") == D::Neutral);
    CHECK(text::first_strong_direction("😀 👍🏽") == D::Neutral);
    CHECK(text::first_strong_direction("😀 Ωμέγα") == D::Ltr);
    CHECK(text::first_strong_direction("– 東京") == D::Ltr);
    CHECK(text::first_strong_direction("\u0301\u05D0") == D::Rtl);   // a leading mark is not strong
    CHECK(text::first_strong_direction("١٢٣") == D::Neutral);        // Arabic-Indic digits: AN
    CHECK(text::first_strong_direction("\uFEFB") == D::Rtl);
    CHECK(text::first_strong_direction("\xFF x") == D::Ltr);
}

namespace {

// A fake font: 10 px per code point, 20 px for emoji and regional indicators, 5 px for a combining
// mark, nothing for ZWJ and VS16. Widths grow with length, as fit_prefix assumes.
int g_measure_calls = 0;
float fake_width(std::string_view s, void*) {
    ++g_measure_calls;
    float w = 0;
    for (size_t i = 0; i < s.size();) {
        char32_t cp;
        i += text::decode_utf8(s, i, cp);
        if (cp == 0x200D || cp == 0xFE0F) continue;
        w += cp >= 0x1F000 ? 20.f : (cp >= 0x300 && cp <= 0x36F) ? 5.f : 10.f;
    }
    return w;
}

std::string fit(std::string_view s, float max_width) {
    return std::string(s.substr(0, text::fit_prefix(s, max_width, fake_width, nullptr)));
}

text::Ellipsized ell(std::string_view s, float max_width, float ellipsis_width = 10.f) {
    return text::ellipsize(s, max_width, ellipsis_width, fake_width, nullptr);
}

}  // namespace

TEST_CASE("fit_prefix: longest prefix that fits, whole clusters only") {
    CHECK(fit("abc", 30) == "abc");   // exact fit
    CHECK(fit("abc", 29.9f) == "ab");
    CHECK(fit("abc", 10) == "a");
    CHECK(fit("abc", 9) == "");       // nothing fits
    CHECK(fit("abc", -1) == "");
    CHECK(fit("", 100) == "");
    // e + U+0301 is 15 px: "e" alone (10 px) would fit in 12 px but cutting it off its mark is not allowed.
    CHECK(fit("e\u0301", 12) == "");
    CHECK(fit("e\u0301x", 24) == "e\u0301");
    const std::string family = "👨‍👩‍👧‍👦";   // 80 px; the first person alone is 20 px
    CHECK(fit(family, 25) == "");
    CHECK(fit(family, 79) == "");
    CHECK(fit(family, 80) == family);
    CHECK(fit("ab" + family, 99) == "ab");
    CHECK(fit("🇯🇵🇫🇷", 60) == "🇯🇵");   // one indicator more would be 60 px, but splits a flag
    CHECK(fit("🇯🇵🇫🇷", 80) == "🇯🇵🇫🇷");
    CHECK(fit("👍🏽!", 30) == "");
    CHECK(fit("👍🏽!", 40) == "👍🏽");
}

TEST_CASE("fit_prefix: a 300-character name costs a binary search of measurements") {
    std::string name;
    for (int k = 0; k < 100; ++k) name += "aé東";   // 300 code points, 10 px each
    g_measure_calls = 0;
    const size_t n = text::fit_prefix(name, 1234, fake_width, nullptr);
    CHECK(g_measure_calls <= 9);   // ceil(log2(301)) measurements, not one per cluster
    CHECK(n == 41 * 6);            // 41 x "aé東" (6 bytes): 123 code points, 1230 px
    CHECK(fake_width(std::string_view(name).substr(0, n), nullptr) == 1230);
}

TEST_CASE("ellipsize: whole string, cut at a cluster, trimmed, or a lone ellipsis") {
    auto e = ell("abc", 30);
    CHECK(e.text == "abc");
    CHECK_FALSE(e.cut);
    e = ell("abcd", 30);   // exact fit with the ellipsis: 20 + 10
    CHECK(e.text == "ab…");
    CHECK(e.cut);
    e = ell("abcd", 29);
    CHECK(e.text == "a…");
    e = ell("abc", 5);
    CHECK(e.text == "…");
    CHECK(e.cut);
    e = ell("abc", 15, 20);   // the ellipsis alone is wider than the room: still just the ellipsis
    CHECK(e.text == "…");
    e = ell("", -5);
    CHECK(e.text.empty());
    CHECK_FALSE(e.cut);
    CHECK(ell("ab   cd", 60).text == "ab…");             // trailing spaces trimmed
    CHECK(ell("ab\u3000\u00A0\tcd", 60).text == "ab…");  // ideographic space, NBSP, tab too
    CHECK(ell("ab \u0301cd", 50).text == "ab \u0301…");  // a space carrying a mark is not white space
    CHECK(ell("   abc", 35).text == "…");                // only white space left
    CHECK(ell("Hi 👨‍👩‍👧‍👦!", 100).text == "Hi…");          // never a part of the family
    CHECK(ell("🇯🇵🇫🇷", 70).text == "🇯🇵…");
    CHECK(ell("cafe\u0301s", 50).text == "caf…");        // not "cafe…" without its accent
    CHECK(ell("cafe\u0301s", 55).text == "cafe\u0301s");
    CHECK(ell("שָׁלוֹם עולם", 70).text == "שָׁלוֹ…");   // points are 10 px here (not U+0300-036F)
}

TEST_CASE("ellipsize: a 300-character name") {
    std::string name;
    for (int k = 0; k < 300; ++k) name += static_cast<char>('a' + k % 26);
    const auto e = ell(name, 1234);
    CHECK(e.cut);
    CHECK(e.text == name.substr(0, 122) + "…");   // 1220 + 10 <= 1234 < 1230 + 10
    std::string spaced;
    for (int k = 0; k < 60; ++k) spaced += "word ";
    CHECK(ell(spaced, 110).text == "word word…");   // "word word " fits in 100, its space goes
}
