// text_standin_test.cpp: the TEMPORARY stand-in for core/util/text.hpp's ellipsize() (delete with
// src/ui/widgets/text_standin.hpp): cuts only at grapheme boundaries and fits the width.
#include <doctest/doctest.h>

#include <string>

#include "ui/widgets/text_standin.hpp"

namespace t = crm::ui::text_standin;

namespace {
// 10 units per cluster, so widths count clusters.
float clusters_x10(std::string_view s, void*) { return 10.0f * static_cast<float>(t::grapheme_boundaries(s).size() - 1); }
}  // namespace

TEST_CASE("stand-in grapheme boundaries keep clusters whole") {
    CHECK(t::grapheme_boundaries("") == std::vector<size_t>{0});
    CHECK(t::grapheme_boundaries("ab") == std::vector<size_t>{0, 1, 2});
    CHECK(t::grapheme_boundaries("e\xCC\x81x") == std::vector<size_t>{0, 3, 4});                  // e + U+0301, x
    const std::string flags = "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";  // DE FR
    CHECK(t::grapheme_boundaries(flags) == std::vector<size_t>{0, 8, 16});
    const std::string zwj = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB!";                       // woman ZWJ laptop, !
    CHECK(t::grapheme_boundaries(zwj) == std::vector<size_t>{0, 11, 12});
}

TEST_CASE("stand-in ellipsize: whole when it fits, else a cluster-boundary prefix and an ellipsis") {
    CHECK(clusters_x10("abc", nullptr) == 30.0f);
    auto e = t::ellipsize("abc", 30.0f, 10.0f, clusters_x10, nullptr);
    CHECK(e.text == "abc");
    CHECK_FALSE(e.cut);
    e = t::ellipsize("abcdef", 40.0f, 10.0f, clusters_x10, nullptr);
    CHECK(e.text == "abc\xE2\x80\xA6");
    CHECK(e.cut);
    e = t::ellipsize("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 25.0f, 10.0f, clusters_x10, nullptr);   // never between e and its accent
    CHECK(e.text == "e\xCC\x81\xE2\x80\xA6");
    e = t::ellipsize("ab cd", 40.0f, 10.0f, clusters_x10, nullptr);   // "ab " fits: the space is dropped
    CHECK(e.text == "ab\xE2\x80\xA6");
    e = t::ellipsize("abcdef", 5.0f, 10.0f, clusters_x10, nullptr);   // nothing fits: the ellipsis alone
    CHECK(e.text == "\xE2\x80\xA6");
}
