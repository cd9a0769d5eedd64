// palette_test.cpp: every theme's text reaches WCAG 4.5:1 (focus rings and borders 3:1); contrast maths.
#include <doctest/doctest.h>

#include "core/app/palette.hpp"

using namespace crm::core;

TEST_CASE("contrast ratio follows WCAG 2.x") {
    CHECK(contrast_ratio({0, 0, 0}, {255, 255, 255}) == doctest::Approx(21.0));
    CHECK(contrast_ratio({255, 255, 255}, {255, 255, 255}) == doctest::Approx(1.0));
    CHECK(contrast_ratio({0x77, 0x77, 0x77}, {255, 255, 255}) == doctest::Approx(4.48).epsilon(0.01));
    CHECK(contrast_ratio({10, 20, 30}, {200, 100, 50}) == doctest::Approx(contrast_ratio({200, 100, 50}, {10, 20, 30})));
}

TEST_CASE("every theme's text and focus indicators meet the minimum contrast") {
    REQUIRE(all_palettes().size() == 3);
    for (const Palette* p : all_palettes()) {
        const auto pairs = contrast_pairs(*p);
        CHECK(pairs.size() >= 20);
        for (const ContrastPair& c : pairs) {
            INFO(p->name << ": " << c.foreground << " on " << c.background);
            CHECK(contrast_ratio(c.fg, c.bg) >= c.minimum);
        }
    }
    // High contrast really is higher: body text at least 15:1 on its window.
    const Palette& hc = palette(ThemeId::HighContrast);
    CHECK(contrast_ratio(hc.text, hc.window_bg) >= 15.0);
}

TEST_CASE("a pair below the minimum is caught") {
    // The check above can fail: ImGui's stock light theme disabled text (153,153,153) on (240,240,240).
    CHECK(contrast_ratio({153, 153, 153}, {240, 240, 240}) < 4.5);
}

TEST_CASE("theme choice and UI scale round-trip through their persisted text") {
    for (ThemeChoice c : {ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark, ThemeChoice::HighContrast})
        CHECK(parse_theme_choice(theme_choice_key(c)) == c);
    CHECK(parse_theme_choice("nonsense") == ThemeChoice::System);
    CHECK(resolve_theme(ThemeChoice::System, true) == ThemeId::Dark);
    CHECK(resolve_theme(ThemeChoice::System, false) == ThemeId::Light);
    CHECK(resolve_theme(ThemeChoice::HighContrast, false) == ThemeId::HighContrast);
    CHECK(parse_ui_scale("150") == 150);
    CHECK(parse_ui_scale("20") == 75);
    CHECK(parse_ui_scale("900") == 200);
    CHECK(parse_ui_scale("") == 100);
    CHECK(parse_ui_scale("12x") == 100);
}
